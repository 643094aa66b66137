"""Debris removal in text mode, on the corpus of benchmarks/corpus/textmode.py, by site fold.

    python benchmarks/textmode_debris.py [--data ../shared/data/wcxb-dev] [--cache /tmp/cleaner-textmode]
        [--variant page --variant region_after ...] [--add debris_model] [--without comments ...]
        [--set debris_model.threshold=0.6]

Runs the default config's text steps (``normalize`` to ``boilerplate``, as `cleaner` runs them on
text that was extracted already) with ``cleaner.Cleaner`` on each variant of the corpus (one run
per variant: the site boilerplate learner must not see a page three times), then replays each
document through the pipeline with a trace (as ``cleaner explain`` does) to know which
characters each step removed. Scores, per variant and per fold of sites (micro-averaged over
words, lower-cased ``\\w+``; a word counts as removed when its first character was removed):
- debris removed: share of the words of ``debris`` blocks that are gone;
- article kept: share of the words of ``main`` blocks that stay.
``title`` and ``none`` blocks count in neither. ``--add STEP`` puts a step after ``remnants``;
``--without STEP`` leaves one out (to see what a rule plugin does per fold). With ``--cv-dir``
(and ``--add debris_model``) each fold is cleaned by the model trained on the other fold's sites
(``benchmarks/train_debris_model.py`` writes them), so every figure is site-held-out.
"""
from __future__ import annotations

import argparse
import bisect
import copy
import difflib
import sys
import time
from pathlib import Path
from typing import Any

from corpus import textmode as corpus

from cleaner import Cleaner, Document
from cleaner.api import merge
from cleaner import config as config_mod
from cleaner.explain import Marks

FIRST, LAST = "normalize", "boilerplate"


def text_steps(add: list[str], without: list[str]) -> list[str]:
    """The default pipeline's text steps, with `add` after ``remnants`` and `without` left out."""
    raw, _ = config_mod.read(None)
    steps = raw["pipeline"]
    steps = steps[steps.index(FIRST) : steps.index(LAST) + 1]
    at = steps.index("remnants") + 1 if "remnants" in steps else len(steps)
    steps = steps[:at] + [s for s in add if s not in steps] + steps[at:]
    return [s for s in steps if s not in without]


def parse_sets(items: list[str]) -> dict[str, dict[str, Any]]:
    """``--set plugin.key=value`` (value read as TOML) as a ``plugins`` override."""
    import tomllib

    out: dict[str, dict[str, Any]] = {}
    for item in items:
        name, _, value = item.partition("=")
        plugin, _, key = name.partition(".")
        out.setdefault(plugin, {})[key] = tomllib.loads(f"v = {value}")["v"]
    return out


def removed_mask(text: str, base: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The removed spans in offsets of `text` (the input), from `spans` in offsets of `base`
    (the text after repair): the same when repair changed nothing, else mapped by alignment."""
    spans = sorted((s, e) for s, e, _ in spans)
    if base == text:
        return spans
    mapping = [0] * (len(base) + 1)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, text, base, autojunk=False).get_opcodes():
        for j in range(j1, j2 + 1):
            mapping[j] = i1 + min(j - j1, i2 - i1) if tag != "insert" else i1
    return [(mapping[s], max(mapping[s] + 1, mapping[e])) for s, e in spans]


def score_page(page: corpus.Page, variant: str, removed: list[tuple[int, int]], totals: dict[str, int]) -> None:
    """Add the page's words, and its removed words, by label to `totals`."""
    starts = [s for s, _ in removed]
    pos = 0
    for i in page.variants[variant]:
        text, label = page.blocks[i]
        for m in corpus.WORD.finditer(text):
            at = pos + m.start()
            k = bisect.bisect_right(starts, at) - 1
            gone = k >= 0 and at < removed[k][1]
            totals[label] = totals.get(label, 0) + 1
            if gone:
                totals[label + "_gone"] = totals.get(label + "_gone", 0) + 1
        pos += len(text) + 1


def run_variant(pages: list[corpus.Page], variant: str, steps: list[str], plugins: dict) -> tuple[dict, float, int]:
    """Totals by fold for one variant, the CPU seconds of the cleaning pass, the pages whose
    text repair changed (mapped back by alignment)."""
    chosen = [p for p in pages if p.variants[variant]]
    docs = [Document(id=p.id, source=f"{p.domain}/{p.id}", text=p.text(variant), url=p.url, title=p.title)
            for p in chosen]
    cleaner = Cleaner(pipeline=steps, plugins=plugins)
    start = time.process_time()
    for _ in cleaner.stream(copy.deepcopy(docs)):  # learns the site boilerplate, cleans
        pass
    seconds = time.process_time() - start
    totals: dict[int, dict[str, int]] = {0: {}, 1: {}}
    changed = 0
    for page, doc in zip(chosen, docs):
        marks = Marks()
        marks.rebase(doc.text or "")
        cleaner.pipeline.process(doc, trace=marks)
        base = marks.base if marks.base is not None else page.text(variant)
        changed += base != page.text(variant)
        score_page(page, variant, removed_mask(page.text(variant), base, marks.spans), totals[page.fold])
    return totals, seconds, changed


def rates(t: dict[str, int]) -> tuple[float, float]:
    debris = t.get("debris_gone", 0) / max(1, t.get("debris", 0))
    kept = 1 - t.get("main_gone", 0) / max(1, t.get("main", 0))
    return debris, kept


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=corpus.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE)
    ap.add_argument("--variant", action="append", choices=corpus.VARIANTS)
    ap.add_argument("--add", action="append", default=[], help="a step to run after remnants")
    ap.add_argument("--without", action="append", default=[], help="a step to leave out")
    ap.add_argument("--set", action="append", default=[], help="plugin.key=value (TOML value)")
    ap.add_argument("--cv-dir", type=Path, help="debris_model weights per fold (train_debris_model.py): "
                    "score each fold with the model trained on the other")
    args = ap.parse_args(argv)
    pages = corpus.load(args.data, args.cache)
    steps = text_steps(args.add, args.without)
    print("steps:", ", ".join(steps), "| settings:", args.set or "defaults")
    print("| variant | fold | debris words | debris removed | article words | article kept | CPU s | pages |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    plugins = parse_sets(args.set)
    for variant in args.variant or ["page", "region_after"]:
        if args.cv_dir:  # each fold's pages cleaned by the model trained on the other fold
            totals, seconds, changed = {}, 0.0, 0
            for fold in (0, 1):
                model = {"debris_model": {"model": str(args.cv_dir / f"fold{1 - fold}.json")}}
                part, s, c = run_variant([p for p in pages if p.fold == fold], variant, steps,
                                         merge(plugins, model))
                totals[fold], seconds, changed = part[fold], seconds + s, changed + c
        else:
            totals, seconds, changed = run_variant(pages, variant, steps, plugins)
        both: dict[str, int] = {}
        for fold in (0, 1):
            for k, v in totals[fold].items():
                both[k] = both.get(k, 0) + v
        for fold, t in (*totals.items(), ("both", both)):
            debris, kept = rates(t)
            n = sum(1 for p in pages if p.variants[variant] and (fold == "both" or p.fold == fold))
            print(f"| {variant} | {fold} | {t.get('debris', 0):,} | {debris:.1%} | {t.get('main', 0):,} | "
                  f"{kept:.2%} | {seconds:.1f} | {n} |" if fold == "both" else
                  f"| {variant} | {fold} | {t.get('debris', 0):,} | {debris:.1%} | {t.get('main', 0):,} | "
                  f"{kept:.2%} | | {n} |")
        if changed:
            print(f"({variant}: {changed} texts changed by repair, mapped back by alignment)")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
