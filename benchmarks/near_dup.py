"""Near-duplicate benchmark: republished copies of real articles against hard negatives.

Builds a corpus, deterministically from a seed, out of the ``main_content`` of the wcxb-dev
articles: each "wire story" is republished several times (dateline or lead line added, ending
truncated, paragraphs dropped or reordered, words edited, quotes straightened, the site's
debris appended), other articles appear once, and "hard negatives" are different articles
that quote sentences of, or take the background paragraph from, another article of the
corpus. It then scores cleaner's near-duplicate plugin against datatrove's MinHash defaults
(pairwise precision, recall, F1 and ARI of the clusters) and times signatures + LSH against
plain datasketch loops, all in the same run.

    python benchmarks/near_dup.py            # the table for the default settings
    python benchmarks/near_dup.py --grid     # the settings sweep the defaults come from
    python benchmarks/near_dup.py --keep     # keep policies over shuffled input orders
    python benchmarks/near_dup.py --seeds 3 --half tuning --kept 0 0.05 0.1   # kept_threshold sweep

``--half`` builds the corpus from the articles of one half of split.py's split by site
(``tuning`` or ``held-out``).

Data: the WCXB development split (Murrough Foley, WCXB, 2026; CC-BY-4.0), not copied here.
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from cleaner import Document
from cleaner.dedup import keep, near
from cleaner.dedup.minhash import LSHIndex, Params, Signer
from cleaner_plugins import near_dedup
from corpus import DATA
from corpus.wcxb import HALVES, select
from corpus.wire import (Item, build_corpus, distinct, load_articles, negatives_merged, pair_scores, run_plugin, tokens,
                         windows)

# ---------------------------------------------------------------------------- methods


def sign_only(texts: list[str], settings: near_dedup.Settings) -> float:
    """CPU seconds to fingerprint `texts`."""
    t0 = time.process_time()
    for text in texts:
        near_dedup.cleaner_fingerprint(Document("x", "bench", text=text), settings)
    return time.process_time() - t0


def run_datatrove(texts: list[str]) -> list[str]:
    """datatrove's defaults: word 5-grams, 14 bands x 8 rows, every LSH collision is a
    duplicate, clusters are the connected components (union-find)."""
    p = Params("word", 5, 112, 14, 8)
    sign, index = Signer(p), LSHIndex(p)
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        sig = sign(text)
        for j in index.candidates(sig).tolist():
            parent[max(root(i), root(j))] = min(root(i), root(j))
        index.add(str(i), sig)
    return [str(root(i)) for i in range(len(texts))]


def run_datasketch(texts: list[str], s: near_dedup.Settings, batch: bool) -> float:
    """Plain datasketch with the same parameters: word n-grams, ``MinHash.update`` per shingle
    (or ``update_batch``), then ``MinHashLSH`` query + insert of a ``LeanMinHash``; CPU seconds."""
    lsh = MinHashLSH(num_perm=s.num_perm, params=(s.bands, s.rows))
    t0 = time.process_time()
    for i, text in enumerate(texts):
        w = tokens(text)
        grams = [" ".join(w[j : j + s.ngram]).encode() for j in range(max(1, len(w) - s.ngram + 1))]
        m = MinHash(num_perm=s.num_perm)
        if batch:
            m.update_batch(grams)
        else:
            for g in grams:
                m.update(g)
        lean = LeanMinHash(m)
        lsh.query(lean)
        lsh.insert(str(i), lean)
    return time.process_time() - t0


def best_rate(fn, count: int, repeat: int = 3) -> float:
    """Documents per CPU second, the best of `repeat` runs of `fn()` (which returns seconds)."""
    return count / min(fn() for _ in range(repeat))


def measure_memory(texts: list[str], settings: near_dedup.Settings) -> tuple[float, float]:
    """Peak traced memory (MiB) of signatures + LSH over `texts`, and saved index bytes/doc."""
    gc.collect()
    tracemalloc.start()
    _, _, dedup = run_plugin(texts, [f"doc-{i:07d}" for i in range(len(texts))], settings)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.npz"
        dedup.index.save(path)
        per_doc = path.stat().st_size / len(dedup.index)
    return peak, per_doc


def million(settings: near_dedup.Settings, n: int) -> dict[str, float]:
    """Query + add `n` random signatures (all distinct stories), save, load: the memory and
    file size a large index needs."""
    p = near.params(settings)
    rng = np.random.default_rng(0)
    index = LSHIndex(p)
    t0 = t_last = time.process_time()
    for block in range(0, n, 10_000):
        for i, sig in enumerate(rng.integers(0, 2**32, (min(10_000, n - block), p.num_perm), dtype=np.uint32), block):
            if i == n - n // 10:
                t_last = time.process_time()
            keys = index.band_keys(sig)
            index.best_match(sig, settings.threshold, keys)
            index.add(f"https://example.com/story/{i:08d}", sig, keys=keys)
    end = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.npz"
        t1 = time.perf_counter()
        index.save(path)
        saved = time.perf_counter() - t1
        size = path.stat().st_size
        del index
        gc.collect()
        t2 = time.perf_counter()
        LSHIndex.load(path, p)
        loaded = time.perf_counter() - t2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"docs": n, "add_per_s": n / (end - t0), "last_per_s": (n // 10) / (end - t_last), "save_s": saved,
            "load_s": loaded, "bytes_per_doc": size / n, "peak_rss_gib": peak / 2**20}


# ---------------------------------------------------------------------------- report


def accuracy_row(name: str, items: list[Item], pred: list[str]) -> str:
    s = pair_scores([it.label for it in items], pred)
    return (f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['ari']:.3f} "
            f"| {negatives_merged(items, pred)} |")


def background(texts: list[str], p: Params) -> float:
    """LSH candidates per query per million indexed documents, on distinct documents: what a
    large index costs in similarity checks."""
    sign, index, rate = Signer(p), LSHIndex(p), []
    for i, text in enumerate(texts):
        sig = sign(text)
        if i:
            rate.append(len(index.candidates(sig)) / i)
        index.add(str(i), sig)
    return 1e6 * statistics.mean(rate)


def grid(items: list[Item], unrelated: list[str]) -> None:
    """Accuracy and background candidates for shingle kinds and sizes, LSH bands x rows,
    indexing copies or not, and similarity thresholds."""
    texts, ids, truth = [it.text for it in items], [it.id for it in items], [it.label for it in items]
    print("| shingle | n | perms | bands x rows | candidates per query per 1M docs | copies indexed "
          "| threshold | P | R | F1 | ARI | negatives merged |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    configs = [("word", n, 128, b, r) for n in (2, 3, 4, 5) for b, r in ((64, 2), (42, 3), (32, 4))]
    configs += [("char", n, 128, b, r) for n in (5, 9) for b, r in ((64, 2), (42, 3))]
    configs += [("word", 3, 256, 128, 2), ("word", 3, 256, 85, 3), ("word", 3, 64, 32, 2), ("word", 5, 112, 14, 8)]
    for kind, n, perms, bands, rows in configs:
        noise = background(unrelated, Params(kind, n, perms, bands, rows))
        for copies in (True, False):
            for t in (0.15, 0.2, 0.25, 0.3, 0.4):
                s = near_dedup.Settings(shingle=kind, ngram=n, num_perm=perms, bands=bands, rows=rows,
                                        threshold=t, index_copies=copies)
                pred, _, _ = run_plugin(texts, ids, s)
                sc = pair_scores(truth, pred)
                print(f"| {kind} | {n} | {perms} | {bands} x {rows} | {noise:,.0f} | {copies} | {t} "
                      f"| {sc['precision']:.3f} | {sc['recall']:.3f} | {sc['f1']:.3f} | {sc['ari']:.3f} "
                      f"| {negatives_merged(items, pred)} |", flush=True)


def keep_policies(items: list[Item], orders: int = 4) -> None:
    """F1 and the kept set of each keep policy over several input orders (the input order
    itself, reversed, shuffled), deduplicated as `cleaner run` does: in input order for
    "first", best first for the order-free "longest"."""
    truth = {it.id: it.label for it in items}
    rng = random.Random(7)
    permutations = [list(items), items[::-1]] + [rng.sample(items, len(items)) for _ in range(orders - 2)]
    print(f"| keep | F1 over {orders} input orders | kept copies (min-max) | the same kept set in every order |")
    print("|---|---|---|---|")
    for policy in ("first", "longest"):
        f1s, kept_sets = [], []
        for order in permutations:
            if policy != "first":
                order = sorted(order, key=lambda it: keep.priority(Document(it.id, "bench", text=it.text), policy))
            pred = run_plugin([it.text for it in order], [it.id for it in order], near_dedup.Settings())[0]
            by_id = dict(zip((it.id for it in order), pred))
            f1s.append(pair_scores([truth[i] for i in sorted(by_id)], [by_id[i] for i in sorted(by_id)])["f1"])
            kept_sets.append(frozenset(pred))
        sizes = [len(k) for k in kept_sets]
        print(f"| {policy} | {min(f1s):.3f}-{max(f1s):.3f} | {min(sizes)}-{max(sizes)} "
              f"| {'yes' if len(set(kept_sets)) == 1 else 'no'} |")


def kept_sweep(articles: list, seeds: int, thresholds: list[float]) -> None:
    """Pairwise scores of the defaults with each `kept_threshold` on the corpora of seeds
    1..`seeds`, and their mean F1."""
    print("| kept_threshold | seed | documents | precision | recall | F1 | ARI | negatives merged |")
    print("|---|---|---|---|---|---|---|---|")
    corpora = [build_corpus(articles, seed) for seed in range(1, seeds + 1)]
    for t in thresholds:
        f1s = []
        for seed, items in enumerate(corpora, 1):
            pred = run_plugin([it.text for it in items], [it.id for it in items], near_dedup.Settings(kept_threshold=t))[0]
            sc = pair_scores([it.label for it in items], pred)
            f1s.append(sc["f1"])
            print(f"| {t:g} | {seed} | {len(items)} | {sc['precision']:.4f} | {sc['recall']:.4f} | {sc['f1']:.4f} "
                  f"| {sc['ari']:.4f} | {negatives_merged(items, pred)} |", flush=True)
        print(f"| {t:g} | mean | | | | {statistics.mean(f1s):.4f} | | |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--grid", action="store_true", help="sweep the settings instead")
    ap.add_argument("--keep", action="store_true", help="keep policies over several input orders instead")
    ap.add_argument("--seeds", type=int, default=0, help="only F1 of the defaults and datatrove's on seeds 1..N")
    ap.add_argument("--million", type=int, default=1_000_000, help="size of the large-index test (0: skip)")
    ap.add_argument("--half", choices=(*HALVES, "all"), default="all", help="the sites of one half of split.py's split")
    ap.add_argument("--kept", type=float, nargs="+", help="with --seeds: score these kept_threshold values instead")
    args = ap.parse_args(argv)

    articles = distinct(select(args.data, load_articles(args.data), args.half))
    if args.seeds and args.kept:
        print(f"{len(articles)} articles ({args.half} sites)")
        kept_sweep(articles, args.seeds, args.kept)
        return 0
    if args.seeds:
        print("| seed | documents | cleaner defaults P / R / F1 | negatives merged | datatrove defaults F1 |")
        print("|---|---|---|---|---|")
        for seed in range(1, args.seeds + 1):
            items = build_corpus(articles, seed)
            truth, texts = [it.label for it in items], [it.text for it in items]
            pred = run_plugin(texts, [it.id for it in items], near_dedup.Settings())[0]
            ours, theirs = pair_scores(truth, pred), pair_scores(truth, run_datatrove(texts))
            print(f"| {seed} | {len(items)} | {ours['precision']:.3f} / {ours['recall']:.3f} / {ours['f1']:.3f} "
                  f"| {negatives_merged(items, pred)} | {theirs['f1']:.3f} |", flush=True)
        return 0
    items = build_corpus(articles, args.seed)
    roles = Counter(it.role for it in items)
    print(f"corpus: {len(items)} documents from {len(articles)} articles (seed {args.seed}): "
          f"{roles['copy']} copies of {len({it.label for it in items if it.role == 'copy'})} stories, "
          f"{roles['single']} singles, {roles['negative']} hard negatives; "
          f"{statistics.mean(len(it.text.split()) for it in items):.0f} words on average\n")
    if args.grid:
        grid(items, windows(articles))
        return 0
    if args.keep:
        keep_policies(items)
        return 0

    settings = near_dedup.Settings()
    texts, ids = [it.text for it in items], [it.id for it in items]
    variants = [
        (f"**cleaner near_dedup, defaults** ({settings.shingle} {settings.ngram}-grams, {settings.num_perm} perms, "
         f"{settings.bands} x {settings.rows}, Jaccard >= {settings.threshold}, copies indexed)", settings),
        ("same, Jaccard >= 0.15", replace(settings, threshold=0.15)),
        ("same, Jaccard >= 0.3", replace(settings, threshold=0.3)),
        ("same, LSH only (no similarity check)", replace(settings, threshold=0.0)),
        ("same, copies not indexed", replace(settings, index_copies=False)),
        ("same, word 2-grams", replace(settings, ngram=2)),
        ("same, word 5-grams", replace(settings, ngram=5)),
        ("same, 42 x 3 bands", replace(settings, bands=42, rows=3)),
    ]
    print("| method | precision | recall | F1 | ARI | hard negatives merged |")
    print("|---|---|---|---|---|---|")
    for name, s in variants:
        print(accuracy_row(name, items, run_plugin(texts, ids, s)[0]))
    print(accuracy_row("datatrove defaults (word 5-grams, 14 x 8 = 112 perms, LSH only, union-find)", items,
                       run_datatrove(texts)))

    w500 = windows(articles)
    wids = [f"w{i}" for i in range(len(w500))]
    sample = w500[:300]
    rates = {
        "cleaner near_dedup: signature + LSH query/add": (lambda: run_plugin(w500, wids, settings)[1], len(w500)),
        "cleaner signatures only": (lambda: sign_only(w500, settings), len(w500)),
        "datasketch MinHash.update loop + MinHashLSH": (lambda: run_datasketch(sample, settings, False), len(sample)),
        "datasketch MinHash.update_batch + MinHashLSH": (lambda: run_datasketch(sample, settings, True), len(sample)),
    }
    rates = {name: best_rate(fn, count) for name, (fn, count) in rates.items()}
    base = rates["datasketch MinHash.update loop + MinHashLSH"]
    print(f"\nthroughput on one core (CPU time of this process, best of 3), {len(w500)} distinct 500-word "
          f"windows of the articles; datasketch on the first {len(sample)}; load average {os.getloadavg()[0]:.1f}:\n")
    print("| method | docs/s | vs update loop |")
    print("|---|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {rate / base:.1f}x |")
    corpus_rate = best_rate(lambda: run_plugin(texts, ids, settings)[1], len(texts))
    print(f"| cleaner near_dedup on the benchmark corpus ({statistics.mean(len(t.split()) for t in texts):.0f} words, "
          f"80 % copies) | {corpus_rate:,.0f} | {corpus_rate / base:.1f}x |")

    peak, per_doc = measure_memory(w500, settings)
    noise = background(w500, near.params(settings))
    print(f"\nmemory: peak {peak:.1f} MiB traced for signatures + LSH of {len(w500)} documents; saved index "
          f"{per_doc:,.0f} bytes per document; {noise:,.0f} LSH candidates per query per million distinct documents")
    if args.million:
        with multiprocessing.get_context("spawn").Pool(1) as pool:  # a fresh process: its own peak RSS
            m = pool.apply(million, (settings, args.million))
        print(f"\nlarge index: {m['docs']:,} random signatures, query + add {m['add_per_s']:,.0f}/s on average and "
              f"{m['last_per_s']:,.0f}/s over the last 10 %, save {m['save_s']:.1f} s, load {m['load_s']:.1f} s, "
              f"{m['bytes_per_doc']:,.0f} bytes per document on disk, peak RSS {m['peak_rss_gib']:.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
