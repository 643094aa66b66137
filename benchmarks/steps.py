"""Where text-mode time goes: CPU milliseconds per document for each step (issue #7).

    python benchmarks/steps.py [--docs 500] [--rounds 2] [--data ../shared/data/wcxb-dev]
                               [--skip STEP ...]

Input: the ``main_content`` of the wcxb-dev pages joined by blank lines and cut into documents
of 10,000 characters. The default pipeline minus ``html_extract`` (and the steps named by
``--skip``) runs on them in this process, once with each language backend (langdetect,
fastText), alternating for ``--rounds`` rounds; each hook call is timed with
``time.process_time_ns``. "core" is what is spent outside the
hooks (the learning pass, the spool, bookkeeping). The baseline, in the same run, is
``ftfy.fix_text`` alone over the same documents: the ratio pipeline / ftfy stays meaningful
when the machine is shared and the absolute figures move. The best round of each is shown.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import ftfy

from cleaner import Cleaner, Document
from cleaner.api import configure
from cleaner.pipeline import Step
from corpus import DATA, ROOT
from corpus.wcxb import DOC_CHARS, cut_join, load_pages

BACKENDS = ("langdetect", "fasttext")


def documents(data: Path, count: int) -> list[str]:
    return cut_join([page.main for page in load_pages(data, None)], DOC_CHARS, count)


def timed_steps() -> dict[str, int]:
    """Patch `Step.call` to add each hook's CPU nanoseconds to the returned dict, by step name."""
    spent: dict[str, int] = defaultdict(int)
    call = Step.call

    def timed(self: Step, hook: str, **kwargs):
        start = time.process_time_ns()
        try:
            return call(self, hook, **kwargs)
        finally:
            spent[self.name] += time.process_time_ns() - start

    Step.call = timed
    return spent


def run_pipeline(texts: list[str], backend: str, spent: dict[str, int], skip: list[str]) -> dict[str, float]:
    config = configure(ROOT / "config.toml")
    config = configure(config, pipeline=[n for n in config.pipeline if n not in ("html_extract", *skip)],
                       plugins={"language": {"backend": backend}})
    spent.clear()
    start = time.process_time_ns()
    with Cleaner(config) as cleaner:
        for _ in cleaner.stream(Document(id=str(i), source=f"site{i % 20}", text=t) for i, t in enumerate(texts)):
            pass
    total = time.process_time_ns() - start
    per_doc = {name: ns / len(texts) / 1e6 for name, ns in spent.items()}
    per_doc["core"] = (total - sum(spent.values())) / len(texts) / 1e6
    per_doc["total"] = total / len(texts) / 1e6
    return per_doc


def run_ftfy(texts: list[str]) -> float:
    start = time.process_time_ns()
    for t in texts:
        ftfy.fix_text(t)
    return (time.process_time_ns() - start) / len(texts) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--skip", nargs="+", default=[], metavar="STEP", help="leave these steps out too")
    args = ap.parse_args()
    texts = documents(args.data, args.docs)
    print(f"{len(texts)} documents of {DOC_CHARS:,} characters")
    spent = timed_steps()
    best: dict[str, dict[str, float]] = {}
    baseline = float("inf")
    for _ in range(args.rounds):
        baseline = min(baseline, run_ftfy(texts))
        for backend in BACKENDS:
            result = run_pipeline(texts, backend, spent, args.skip)
            if backend not in best or result["total"] < best[backend]["total"]:
                best[backend] = result
    names = [n for n in best[BACKENDS[0]] if n not in ("core", "total")]
    names.sort(key=lambda n: -best["fasttext"].get(n, 0.0))
    print(f"{'ms per document':<16}" + "".join(f"{b:>12}" for b in BACKENDS))
    for name in [*names, "core", "total"]:
        print(f"{name:<16}" + "".join(f"{best[b].get(name, 0.0):12.2f}" for b in BACKENDS))
    print(f"{'docs/s':<16}" + "".join(f"{1e3 / best[b]['total']:12.1f}" for b in BACKENDS))
    print(f"baseline ftfy.fix_text alone: {baseline:.2f} ms per document ({1e3 / baseline:.1f} docs/s)")
    print("ratio pipeline docs/s / ftfy.fix_text docs/s: "
          + ", ".join(f"{b} {baseline / best[b]['total']:.2f}" for b in BACKENDS))


if __name__ == "__main__":
    main()
