"""Throughput of the whole pipeline on real HTML pages, beside trafilatura's `extract` alone.

    python benchmarks/throughput.py [--data ../shared/data/wcxb-dev] [--limit N] [-j N]

Both run in this process on the same pages, one after the other, so the ratio between them is
meaningful on a shared, noisy machine even when the absolute figures are not.
"""
from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

import trafilatura

from cleaner import Cleaner, Document
from corpus import DATA


def load_pages(data: Path, limit: int | None) -> list[tuple[str, str]]:
    paths = sorted((data / "html").glob("*.html.gz"))[:limit]
    return [(p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) for p in paths]


def timed(label: str, fn, pages: list[tuple[str, str]]) -> float:
    megabytes = sum(len(html.encode()) for _, html in pages) / 1e6
    start = time.perf_counter()
    count = fn(pages)
    elapsed = time.perf_counter() - start
    rate = len(pages) / elapsed
    print(f"{label:<34} {len(pages):>5} pages {elapsed:7.1f} s {rate:7.1f} docs/s {megabytes / elapsed:6.2f} MB/s  ({count} with text)")
    return rate


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
    ap.add_argument("-j", "--jobs", type=int, default=2, help="also time the pipeline with this many workers")
    args = ap.parse_args()
    pages = load_pages(args.data, args.limit)
    print(f"{len(pages)} pages, {sum(len(h.encode()) for _, h in pages) / len(pages) / 1e3:.0f} KB average")
    base = timed("trafilatura.extract alone (baseline)", trafilatura_alone, pages)
    ours = timed("cleaner pipeline -j 1", pipeline(1), pages)
    print(f"ratio pipeline / trafilatura alone: {ours / base:.2f}")
    if args.jobs > 1:
        par = timed(f"cleaner pipeline -j {args.jobs}", pipeline(args.jobs), pages)
        print(f"ratio -j {args.jobs} / -j 1: {par / ours:.2f}")


if __name__ == "__main__":
    main()
