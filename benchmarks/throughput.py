"""Throughput of the whole pipeline on real HTML pages, beside trafilatura's `extract` alone.

    python benchmarks/throughput.py [--data ../shared/data/wcxb-dev] [--limit N] [--half held-out]
                                   [-j N] [--rounds N]

Both run in this process on the same pages, one after the other, so the ratio between them is
meaningful on a shared, noisy machine even when the absolute figures are not. CPU s is this
process's CPU time and its workers' (reaped when each run's pool closes), which other
processes on the machine do not inflate as they do wall time; with ``--rounds`` the pipeline
runs at -j 1 and -j N alternate, and each round's ratios are printed. What one run loads
(imports, models) the later runs of this process find loaded: for start-up costs, which a
fresh process pays, use vs_datatrove.py (a fresh process per run).
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import time
from pathlib import Path

import trafilatura

from cleaner import Cleaner, Document
from corpus import DATA
from corpus.wcxb import HALVES, half, sites


def load_pages(data: Path, limit: int | None, which: str = "all") -> list[tuple[str, str]]:
    """The first `limit` pages of half `which` (split.py's halves, or ``all``): name, HTML."""
    paths = sorted((data / "html").glob("*.html.gz"))
    if which != "all":
        of = sites(data)
        paths = [p for p in paths if half(of[p.name.removesuffix(".html.gz")]) == which]
    paths = paths[:limit]
    return [(p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) for p in paths]


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the workers of finished pools)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, fn, pages: list[tuple[str, str]]) -> tuple[float, float]:
    """Run `fn` over `pages`; its rate in docs/s and its CPU seconds."""
    megabytes = sum(len(html.encode()) for _, html in pages) / 1e6
    start, cpu = time.perf_counter(), cpu_seconds()
    count = fn(pages)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    rate = len(pages) / elapsed
    print(f"{label:<34} {len(pages):>5} pages {elapsed:7.1f} s {rate:7.1f} docs/s {megabytes / elapsed:6.2f} MB/s "
          f"CPU {cpu:6.1f} s  ({count} with text)")
    return rate, cpu


def trafilatura_alone(pages: list[tuple[str, str]]) -> int:
    return sum(1 for _, html in pages if trafilatura.extract(html))


def pipeline(jobs: int):
    def run(pages: list[tuple[str, str]]) -> int:
        with Cleaner(jobs=jobs) as cleaner:
            docs = (Document(id=name, source=name, html=html) for name, html in pages)
            return sum(1 for doc in cleaner.stream(docs) if doc.text)
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--half", choices=(*HALVES, "all"), default="all", help="pages of one half of split.py's split")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="also time the pipeline with this many workers")
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds of the pipeline at -j 1 and -j N")
    args = ap.parse_args()
    pages = load_pages(args.data, args.limit, args.half)
    print(f"{len(pages)} pages, {sum(len(h.encode()) for _, h in pages) / len(pages) / 1e3:.0f} KB average")
    base, _ = timed("trafilatura.extract alone (baseline)", trafilatura_alone, pages)
    for round_ in range(args.rounds):
        order = [1, args.jobs] if round_ % 2 == 0 or args.jobs == 1 else [args.jobs, 1]
        runs = {jobs: timed(f"cleaner pipeline -j {jobs}", pipeline(jobs), pages) for jobs in order}
        ours, cpu = runs[1]
        print(f"round {round_ + 1}, load average {os.getloadavg()[0]:.1f}: pipeline / trafilatura alone {ours / base:.2f}")
        if args.jobs > 1:
            par, par_cpu = runs[args.jobs]
            print(f"  -j {args.jobs} / -j 1: {par / ours:.2f} (wall), CPU time {par_cpu / cpu:.2f}")


if __name__ == "__main__":
    main()
