"""Where MinHash stops: copies of real articles made harder step by step, through the
default near-duplicate step, with the exact word-3-gram Jaccard and containment of each pair.

    python benchmarks/hard_copies.py [--data ../shared/data/wcxb-dev] [--stories 300] [--half held-out]
    python benchmarks/hard_copies.py --half tuning --kept 0 0.02 0.05 0.1 0.2   # kept_threshold sweep

From the ``main_content`` of wcxb-dev articles of 250 words or more (one per site, the
longest), each story gets one copy of each kind:
- ``reordered``: its paragraphs in another order;
- ``new lead``: its first paragraph rewritten (a dateline, a third of its words replaced by
  words of another story's lead, the rest kept in order);
- ``half``, ``third``, ``quarter``, ``fifth``, ``tenth``: a run of consecutive paragraphs
  holding that share of its words (wire stories cut to fit);
- ``third + new lead + tail`` (and ``fifth``): the cut, with a rewritten lead and two
  paragraphs of another story after it (a follow-up that quotes it).
The stories and copies go through ``normalize`` and ``near_dedup`` (default settings,
``keep = "first"``, originals first). A copy is found when it is dropped as a duplicate of its
own story or of another copy of it; a merge is false when it is dropped as a duplicate of
another story (near_dedup compares a document with every indexed copy and reports the
cluster's kept one, so a follow-up that quotes two stories can join a copy of one to the
other's cluster). For each kind the pairs' exact Jaccard and containment (shared 3-grams over
the copy's) say what a second stage that confirms LSH candidates by containment instead of
Jaccard could find: the copies expected to be candidates (the LSH probability at their
Jaccard) whose containment is 0.8 or more, against the pairs of different stories it would
merge.

``--half`` takes the stories of one half of split.py's split by site (``tuning`` or
``held-out``); ``--kept`` instead scores near_dedup with each given ``kept_threshold`` (pairwise
precision, recall, F1 and ARI of the clusters against the stories, and the documents dropped
as copies of another story).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path

from cleaner import Cleaner
from corpus import DATA
from corpus.wcxb import HALVES, half, sites
from corpus.wire import pair_scores

KINDS = ("reordered", "new lead", "half", "third", "quarter", "fifth", "tenth", "third + new lead + tail",
         "fifth + new lead + tail")
BANDS, ROWS = 64, 2  # near_dedup's defaults: a pair is a candidate with probability 1 - (1 - J^ROWS)^BANDS
_WORD = re.compile(r"\w+")


def load_stories(data: Path, count: int, which: str = "all") -> list[list[str]]:
    """The paragraphs of the longest article of each site (250 words or more), `count` of
    them, in site order; only the sites of half `which` unless it is ``"all"``."""
    files = json.loads((data / "metadata.json").read_text())["files"]
    of = sites(data)
    best: dict[str, tuple[int, list[str]]] = {}
    for fid, meta in sorted(files.items()):
        if meta["page_type"] != "article" or which != "all" and half(of[fid]) != which:
            continue
        truth = json.loads((data / "ground-truth" / f"{fid}.json").read_text())["ground_truth"]
        paragraphs = [p.strip() for p in (truth.get("main_content") or "").split("\n\n") if len(p.split()) >= 8]
        words = sum(len(p.split()) for p in paragraphs)
        if words >= 250 and len(paragraphs) >= 4 and words > best.get(meta["domain"], (0, []))[0]:
            best[meta["domain"]] = (words, paragraphs)
    return [paragraphs for _, (_, paragraphs) in sorted(best.items())][:count]


def rewrite_lead(lead: str, other: str, rng: random.Random) -> str:
    words, donor = lead.split(), other.split()
    for i in rng.sample(range(len(words)), len(words) // 3):
        words[i] = rng.choice(donor)
    return f"{rng.choice(['LONDON', 'PARIS', 'NAIROBI', 'TORONTO'])} ({rng.choice(['AP', 'AFP', 'Reuters'])}) - " + " ".join(words)


def cut(paragraphs: list[str], share: float, rng: random.Random) -> list[str]:
    """A run of consecutive paragraphs with about `share` of the words."""
    total = sum(len(p.split()) for p in paragraphs)
    start = rng.randrange(len(paragraphs))
    run, words = [], 0
    for p in (paragraphs[start:] + paragraphs[:start]):
        run.append(p)
        words += len(p.split())
        if words >= share * total:
            break
    return run


def copies(story: list[str], other: list[str], rng: random.Random) -> dict[str, list[str]]:
    shuffled = story[:]
    while shuffled == story:
        rng.shuffle(shuffled)
    third, fifth = cut(story, 1 / 3, rng), cut(story, 1 / 5, rng)
    return {
        "reordered": shuffled,
        "new lead": [rewrite_lead(story[0], other[0], rng), *story[1:]],
        "half": cut(story, 1 / 2, rng),
        "third": cut(story, 1 / 3, rng),
        "quarter": cut(story, 1 / 4, rng),
        "fifth": cut(story, 1 / 5, rng),
        "tenth": cut(story, 1 / 10, rng),
        "third + new lead + tail": [rewrite_lead(third[0], other[0], rng), *third[1:], *other[-2:]],
        "fifth + new lead + tail": [rewrite_lead(fifth[0], other[0], rng), *fifth[1:], *other[-2:]],
    }


def grams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def build(stories: list[list[str]]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The records (the stories, then their copies) and each copy's story."""
    rng = random.Random(20)
    records, truth = [], {}
    for i, story in enumerate(stories):
        records.append({"id": f"s{i}", "text": "\n\n".join(story)})
    for i, story in enumerate(stories):
        for kind, paragraphs in copies(story, stories[(i + 1) % len(stories)], rng).items():
            records.append({"id": f"s{i}/{kind}", "text": "\n\n".join(paragraphs)})
            truth[f"s{i}/{kind}"] = f"s{i}"
    return records, truth


def verdicts(records: list[dict[str, str]], kept_threshold: float | None = None) -> dict[str, str]:
    """The kept id each dropped record is a copy of, through ``normalize`` and ``near_dedup``
    (its defaults, or this `kept_threshold`)."""
    config: dict = {"pipeline": ["normalize", "near_dedup"]}
    if kept_threshold is not None:
        config["plugins"] = {"near_dedup": {"kept_threshold": kept_threshold}}
    dropped = []
    with Cleaner(config) as cleaner:
        for _ in cleaner.clean(records, on_drop=dropped.append):
            pass
    return {d.id: d.dropped.detail.get("duplicate_of") for d in dropped}


def sweep(records: list[dict[str, str]], thresholds: list[float]) -> None:
    """Pairwise scores of the clusters and false merges for each `kept_threshold`."""
    ids = [r["id"] for r in records]
    truth = [_story(i) for i in ids]
    print("| kept_threshold | precision | recall | F1 | ARI | false merges |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for t in thresholds:
        verdict = verdicts(records, t)
        s = pair_scores(truth, [verdict.get(i, i) for i in ids])
        false = sum(_story(v) != _story(c) for c, v in verdict.items())
        print(f"| {t:g} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['ari']:.4f} | {false} |",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--half", choices=(*HALVES, "all"), default="all", help="the sites of one half of split.py's split")
    ap.add_argument("--kept", type=float, nargs="+", help="score these kept_threshold values instead")
    args = ap.parse_args(argv)
    stories = load_stories(args.data, args.stories, args.half)
    records, truth = build(stories)
    if args.kept:
        print(f"{len(stories)} stories (one per site, {args.half} sites), {len(truth)} copies; near_dedup defaults "
              "but kept_threshold")
        sweep(records, args.kept)
        return 0
    verdict = verdicts(records)
    text = {r["id"]: r["text"] for r in records}
    print(f"{len(stories)} stories (one per site), {len(truth)} copies; near_dedup defaults; "
          f"kept {len(records) - len(verdict)}")
    print("| copy | found | false merges | Jaccard: median (10th-90th) | containment: median (10th-90th) |"
          " containment >= 0.8, expected candidates |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        ids = [c for c in truth if c.endswith("/" + kind)]
        found = sum(c in verdict and _story(verdict[c]) == truth[c] for c in ids)
        false = sum(c in verdict and _story(verdict[c]) != truth[c] for c in ids)
        jac, con = [], []
        for c in ids:
            a, b = grams(text[truth[c]]), grams(text[c])
            jac.append(len(a & b) / len(a | b))
            con.append(len(a & b) / len(b))
        second = sum(1 - (1 - j**ROWS) ** BANDS for j, k in zip(jac, con) if k >= 0.8)
        print(f"| {kind} | {found}/{len(ids)} ({found / len(ids):.1%}) | {false} | {_spread(jac)} | {_spread(con)} |"
              f" {second:.0f} ({second / len(ids):.1%}) |")
    wrong = [s for s in verdict if s not in truth]
    print(f"stories dropped as copies of another story: {len(wrong)}")
    originals = [grams(text[f"s{i}"]) for i in range(len(stories))]
    high = sum(len(a & b) / min(len(a), len(b)) >= 0.8 for i, a in enumerate(originals) for b in originals[i + 1:])
    pairs = len(originals) * (len(originals) - 1) // 2
    print(f"pairs of different stories with containment >= 0.8: {high} of {pairs}")
    return 0


def _story(doc_id: str) -> str:
    return doc_id.split("/")[0]


def _spread(values: list[float]) -> str:
    deciles = statistics.quantiles(values, n=10)
    return f"{statistics.median(values):.2f} ({deciles[0]:.2f}-{deciles[-1]:.2f})"


if __name__ == "__main__":
    sys.exit(main())
