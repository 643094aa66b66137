"""Dedup throughput with the shared Redis index: 1, 2 and 4 concurrent writers against one
redis-server, beside the in-process index, in the same run.

    python benchmarks/redis_dedup.py [--data ../shared/data/wcxb-dev] [--repeat 3] [--redis URL]

The corpus is benchmarks/near_dup.py's (republished copies of the wcxb-dev articles, singles
and hard negatives), twice over (two seeds). Each writer is a process with its own `Cleaner`
running the dedup steps (``exact_dedup``, ``near_dedup``: fingerprints and checks) over every
N-th document, so the copies of a story are spread over the writers and their claims race;
they start together at a barrier. docs/s = all documents / wall time from the barrier to the
last writer's end; the best of `--repeat` rounds (the setups take turns), each against an
empty index. Without
``--redis``, a redis-server (``--save '' --appendonly no``) is started on a free port.
"""
from __future__ import annotations

import argparse
import multiprocessing
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from cleaner import Cleaner
from corpus import DATA
from corpus.wire import build_corpus, distinct, load_articles

STEPS = ["exact_dedup", "near_dedup"]


def corpus(data: Path) -> list[dict[str, str]]:
    articles = distinct(load_articles(data))
    return [{"id": f"{seed}:{item.id}", "text": item.text} for seed in (1, 2) for item in build_corpus(articles, seed)]


def config(url: str) -> dict:
    return {"pipeline": STEPS, "plugins": {step: {"index": url} for step in STEPS}}


def writer(url: str, records: list[dict[str, str]], barrier, results) -> None:
    with Cleaner(config(url)) as cleaner:
        barrier.wait()
        start = time.perf_counter()
        kept = sum(1 for _ in cleaner.clean(records))
        results.put((start, time.perf_counter(), kept))


def run(url: str, records: list[dict[str, str]], writers: int) -> tuple[float, int]:
    """(docs/s, documents kept) of `writers` processes sharing the index at `url` ("" = each
    its own in-process index)."""
    barrier, results = multiprocessing.Barrier(writers), multiprocessing.Queue()
    procs = [multiprocessing.Process(target=writer, args=(url, records[k::writers], barrier, results))
             for k in range(writers)]
    for p in procs:
        p.start()
    times = [results.get() for _ in procs]
    for p in procs:
        p.join()
    wall = max(t[1] for t in times) - min(t[0] for t in times)
    return len(records) / wall, sum(t[2] for t in times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--redis", help="a Redis server to use (its database is flushed), e.g. redis://127.0.0.1:6379/15")
    args = ap.parse_args()
    records = corpus(args.data)
    print(f"{len(records)} documents, {sum(len(r['text'].split()) for r in records) / len(records):.0f} words average")
    server, folder, url = None, None, args.redis
    if not url:
        folder = tempfile.mkdtemp()
        port = free_port()
        server = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                                   "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
                                  stdout=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        setups = [("in-process index, 1 writer (baseline)", "", 1), ("Redis index, 1 writer", url, 1),
                  ("Redis index, 2 writers", url, 2), ("Redis index, 4 writers", url, 4)]
        rows = {label: [0.0, 0, None] for label, _, _ in setups}  # best docs/s, kept, Redis bytes
        for _ in range(args.repeat):  # the setups take turns, so the machine's load hits them alike
            for label, target, writers in setups:
                client.flushdb()
                empty = client.info("memory")["used_memory"]
                rate, kept = run(target, records, writers)
                memory = client.info("memory")["used_memory"] - empty if target else None
                rows[label] = [max(rows[label][0], rate), kept, memory]
        base = rows[setups[0][0]][0]
        print(f"{'':<40} {'docs/s':>8} {'vs baseline':>12} {'kept':>6} {'Redis bytes/doc':>16}")
        for label, (rate, kept, memory) in rows.items():
            per_doc = f"{memory / len(records):.0f}" if memory is not None else "-"
            print(f"{label:<40} {rate:8.0f} {rate / base:12.2f} {kept:6d} {per_doc:>16}")
    finally:
        if server:
            server.terminate()
            server.wait()
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
