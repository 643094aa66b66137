"""Each debris rule's effect on each fold of sites of the text-mode corpus (issue 19, item 2).

    python benchmarks/rule_cv.py [--data ../shared/data/wcxb-dev] [--cache /tmp/cleaner-textmode]
        [--variant page --variant region_after] [--min-words 20]

Runs the default config's text steps on the corpus of benchmarks/corpus/textmode.py (as
benchmarks/textmode_debris.py does, one run per variant), replays each document with the
`cleaner explain` trace and gives each removed word (its first character) to the removal that
took it: the step and kind (``prompts:call-to-action``), which is the rule, or the group of
rules of one switch. Per rule and fold of sites (a hash of the domain, 2 folds): debris words
removed and article words removed (apart: article lines removed whose text still stands in
the output, copies such as a table of contents' headings), summed over the variants.

A rule is marked as a candidate to drop or narrow when, on a fold, it removes more article
words than debris words (``article``), or when it removes at least ``--min-words`` debris words
on one fold and less than a tenth of that share of the other fold's debris (``one fold``):
rules are not trained, so the folds are two samples of sites none of them was written for;
a rule that works on one only fits the pages it was written against.
"""
from __future__ import annotations

import argparse
import bisect
import copy
import difflib
import sys
from pathlib import Path

from corpus import textmode as corpus

from cleaner import Cleaner, Document
from cleaner import config as config_mod
from cleaner.explain import Marks

RULE_STEPS = ("comments", "related", "prompts", "social", "credits", "remnants", "mangled")


def text_steps() -> list[str]:
    """The default pipeline's steps from ``normalize`` to ``boilerplate`` (as textmode_debris runs)."""
    steps = config_mod.read(None)[0]["pipeline"]
    return steps[steps.index("normalize") : steps.index("boilerplate") + 1]


def to_input(text: str, base: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`spans` (offsets of `base`, the text after repair) in offsets of `text`, the input."""
    if base == text:
        return sorted(spans)
    mapping = [0] * (len(base) + 1)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, text, base, autojunk=False).get_opcodes():
        for j in range(j1, j2 + 1):
            mapping[j] = i1 + min(j - j1, i2 - i1) if tag != "insert" else i1
    return sorted((mapping[s], max(mapping[s] + 1, mapping[e]), label) for s, e, label in spans)


def attribute(page: corpus.Page, variant: str, spans: list[tuple[int, int, str]], kept: set[str],
              totals: dict) -> None:
    """Add the page's words by label, and each removed word to the rule that removed it; an
    article block whose text still stands as a line of the output (`kept`) counts as a copy
    (a table of contents repeats the headings, a lead its title): ``main_copy``."""
    starts = [s for s, _, _ in spans]
    pos = 0
    for i in page.variants[variant]:
        text, label = page.blocks[i]
        removed_as = "main_copy" if label == "main" and text in kept else label
        for m in corpus.WORD.finditer(text):
            at = pos + m.start()
            totals[label] = totals.get(label, 0) + 1
            k = bisect.bisect_right(starts, at) - 1
            if k >= 0 and at < spans[k][1]:
                rule = spans[k][2].split(" ")[0]  # without a learned step's score
                counts = totals.setdefault(rule, {})
                counts[removed_as] = counts.get(removed_as, 0) + 1
        pos += len(text) + 1


def run(pages: list[corpus.Page], variants: list[str]) -> dict[int, dict]:
    """Totals per fold: words by label, and per rule its removed words by label."""
    steps = text_steps()
    totals: dict[int, dict] = {0: {}, 1: {}}
    for variant in variants:
        chosen = [p for p in pages if p.variants[variant]]
        docs = [Document(id=p.id, source=f"{p.domain}/{p.id}", text=p.text(variant), url=p.url, title=p.title)
                for p in chosen]
        cleaner = Cleaner(pipeline=steps)
        for _ in cleaner.stream(copy.deepcopy(docs)):  # learns the site boilerplate
            pass
        for page, doc in zip(chosen, docs):
            marks = Marks()
            marks.rebase(doc.text or "")
            cleaner.pipeline.process(doc, trace=marks)
            base = marks.base if marks.base is not None else page.text(variant)
            kept = set((doc.text or "").split("\n"))
            attribute(page, variant, to_input(page.text(variant), base, marks.spans), kept, totals[page.fold])
    return totals


def verdict(shares: list[tuple[float, int, int]], min_words: int) -> str:
    """``article``, ``one fold`` or "" for a rule's (debris share, debris words, article words)
    on each fold."""
    if any(article > debris for _, debris, article in shares):
        return "article"
    (s0, d0, _), (s1, d1, _) = shares
    if (d0 >= min_words and s1 < s0 / 10) or (d1 >= min_words and s0 < s1 / 10):
        return "one fold"
    return ""


def report(totals: dict[int, dict], min_words: int, steps: tuple[str, ...] = RULE_STEPS) -> list[str]:
    rules = sorted({k for t in totals.values() for k, v in t.items() if isinstance(v, dict)
                    and k.split(":")[0] in steps})
    rows = ["| rule | fold 0 debris | fold 0 article | fold 1 debris | fold 1 article | candidate |",
            "| --- | ---: | ---: | ---: | ---: | --- |"]
    for rule in sorted(rules, key=lambda r: -sum(t.get(r, {}).get("debris", 0) for t in totals.values())):
        shares, cells = [], []
        for fold in (0, 1):
            got = totals[fold].get(rule, {})
            debris, article, copies = got.get("debris", 0), got.get("main", 0), got.get("main_copy", 0)
            share = debris / max(1, totals[fold].get("debris", 0))
            shares.append((share, debris, article))
            cells += [f"{debris:,} ({share:.2%})", f"{article:,}" + (f" (+{copies:,} copies)" if copies else "")]
        rows.append(f"| {rule} | {' | '.join(cells)} | {verdict(shares, min_words)} |")
    for fold in (0, 1):
        t = totals[fold]
        rows.append(f"fold {fold}: {t.get('debris', 0):,} debris words, {t.get('main', 0):,} article words")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=corpus.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE)
    ap.add_argument("--variant", action="append", choices=corpus.VARIANTS)
    ap.add_argument("--min-words", type=int, default=20, help="debris words that make a rule count on a fold")
    args = ap.parse_args(argv)
    pages = corpus.load(args.data, args.cache)
    variants = args.variant or ["page", "region_after"]
    print("variants:", ", ".join(variants))
    print("\n".join(report(run(pages, variants), args.min_words)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
