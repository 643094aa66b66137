"""Republished stories through the whole default pipeline: does `boilerplate` spare them?

The near-duplicate corpus of ``near_dup.py`` (wire stories republished with their own leads,
tails, cuts and edits, singles and hard negatives) is written as one JSONL file of records
with an id and a text, no url: all of it is one unknown site to `boilerplate`. `cleaner run`
then runs the default pipeline over it, and the same pipeline without `boilerplate`, in the
same process. Reported: the pairwise F1 of the resulting clusters (a document dropped as a
duplicate joins its ``duplicate_of``, any other document is a cluster of its own) against
`near_dedup` alone on the raw texts, and the share of each copy's words that `boilerplate`
took (its words in the run without the step minus those in the run with it).

    python benchmarks/republished.py [--seed 1] [--data ../shared/data/wcxb-dev] [-j 2]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from cleaner import cli
from cleaner.api import configure
from cleaner_plugins import near_dedup
from corpus import DATA, ROOT, wire


def write_corpus(items: list[wire.Item], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps({"id": it.id, "text": it.text}, ensure_ascii=False) + "\n")


def run(corpus: Path, out: Path, pipeline: list[str], jobs: int) -> tuple[dict[str, str], dict[str, str]]:
    """`cleaner run` over `corpus` with the default config and this pipeline: each document's
    cluster (its own id, or the kept id it duplicates: an exact copy of a document that
    near_dedup dropped names that document) and the text of each kept document."""
    config = out.with_suffix(".toml")
    config.write_text(f'extends = "default"\npipeline = {json.dumps(pipeline)}\n', encoding="utf-8")
    assert cli.main(["run", str(corpus), "-o", str(out), "--config", str(config), "-j", str(jobs), "-q"]) == 0
    cluster, texts = {}, {}
    for line in out.open(encoding="utf-8"):
        rec = json.loads(line)
        cluster[rec["id"]], texts[rec["id"]] = rec["id"], rec["text"]
    for line in out.with_name(out.stem + ".rejects.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        cluster[rec["id"]] = rec.get("duplicate_of") or rec["id"]
    for doc_id in cluster:
        while cluster[cluster[doc_id]] != cluster[doc_id]:
            cluster[doc_id] = cluster[cluster[doc_id]]
    return cluster, texts


def site_lines(items: list[wire.Item]) -> set[str]:
    """The lines near_dup adds that are not story text: each site's footer lines (debris,
    "Related: TITLE") and the bylines and "Updated ..." lead lines."""
    lead = re.compile(r"By .+, (%s)|Updated \d+:\d+ p\.m\. ET, March \d+, 2025" % "|".join(map(re.escape, wire.AGENCIES)))
    footer = {d.format(site=site) for d in wire.DEBRIS for site in wire.SITES}
    return {line.strip() for it in items for line in it.text.split("\n")
            if line.strip() in footer or line.startswith("Related: ") or lead.fullmatch(line.strip())}


def measure(items: list[wire.Item], tmp: Path, jobs: int) -> dict[str, float]:
    """The figures this benchmark reports, for `items`."""
    corpus = tmp / "corpus.jsonl"
    write_corpus(items, corpus)
    truth = [it.label for it in items]
    alone = wire.run_plugin([it.text for it in items], [it.id for it in items], near_dedup.Settings())[0]
    pipeline = configure(ROOT / "config.toml").pipeline
    at = pipeline.index("boilerplate")
    full, _ = run(corpus, tmp / "full.jsonl", pipeline, jobs)
    bare, _ = run(corpus, tmp / "bare.jsonl", pipeline[:at] + pipeline[at + 1 :], jobs)
    _, before = run(corpus, tmp / "before.jsonl", pipeline[:at], jobs)  # every copy kept
    _, after = run(corpus, tmp / "after.jsonl", pipeline[: at + 1], jobs)
    site = site_lines(items)
    story_loss, all_loss = [], []
    for it in items:
        if it.role != "copy":
            continue
        kept = set(after[it.id].split("\n"))
        removed = [line for line in before[it.id].split("\n") if line not in kept]
        words = len(before[it.id].split())
        all_loss.append(sum(len(line.split()) for line in removed) / words)
        story_loss.append(sum(len(line.split()) for line in removed if line.strip() not in site) / words)
    scores = {name: wire.pair_scores(truth, [c[it.id] for it in items]) for name, c in (("full", full), ("bare", bare))}
    return {
        "near_dedup_alone_f1": wire.pair_scores(truth, alone)["f1"],
        "full_f1": scores["full"]["f1"],
        "full_recall": scores["full"]["recall"],
        "without_boilerplate_f1": scores["bare"]["f1"],
        "copies": len(story_loss),
        "worst_story_loss": max(story_loss),
        "copies_over_5pc": sum(loss > 0.05 for loss in story_loss),
        "mean_story_loss": sum(story_loss) / len(story_loss),
        "worst_loss": max(all_loss),
        "mean_loss": sum(all_loss) / len(all_loss),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    items = wire.build_corpus(wire.distinct(wire.load_articles(args.data)), args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        m = measure(items, Path(tmp), args.jobs)
    print(f"corpus: {len(items)} documents (seed {args.seed}), one JSONL file, no urls\n")
    print("| run | pairwise F1 |")
    print("|---|---|")
    print(f"| near_dedup alone on the raw texts | {m['near_dedup_alone_f1']:.3f} |")
    print(f"| default pipeline | {m['full_f1']:.3f} (recall {m['full_recall']:.3f}) |")
    print(f"| default pipeline without boilerplate | {m['without_boilerplate_f1']:.3f} |")
    print(f"\nshare of each copy's words that boilerplate took ({m['copies']} copies, the steps before it run):\n")
    print("| words | worst copy | mean | copies over 5 % |")
    print("|---|---|---|---|")
    print(f"| story text (all but the sites' footer lines and bylines) | {m['worst_story_loss']:.1%} "
          f"| {m['mean_story_loss']:.2%} | {m['copies_over_5pc']} |")
    print(f"| all | {m['worst_loss']:.1%} | {m['mean_loss']:.2%} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
