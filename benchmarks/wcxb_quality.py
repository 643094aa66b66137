"""Debris-removal quality on the WCXB dev split: trafilatura alone against the pipeline.

    python benchmarks/wcxb_quality.py [--data ../shared/data/wcxb-dev] [-j 2] [--config config.toml]
                                      [--cache /tmp/cleaner-wcxb] [--limit N] [--dump DIR]
                                      [--half tuning|held-out|all] [--html-only] [--add STEP]

Scoring, as the benchmark's README describes it, averaged over pages:
- word-F1: lower-cased ``\\w+`` tokens of the output against ``main_content``, multiset overlap
  (1.0 when both are empty, 0.0 when only one is);
- with-kept: share of the page's ``with`` snippets found in the output;
- without-removed: share of the page's ``without`` snippets absent from the output
  (both whitespace-normalised, case-insensitive substring matches; a page without snippets of
  a kind does not count in that average).
A document the pipeline drops (too short, no content) scores as empty text: that is what a
consumer of the output gets for it. The deduplication steps are left out unless
``--with-dedup``: the dev pages are separate test cases, and a page dropped as the copy of
another (the same article at two addresses) says nothing about debris removal.

Runs, on the same pages in the same run:
- HTML mode: ``trafilatura.extract`` alone (its defaults, and with ``include_comments=False``),
  then the whole pipeline on the HTML;
- text mode: the page text as a recall-oriented scraper saves it
  (``extract(favor_recall=True, include_comments=True)``), scored as it is and after the
  pipeline cleaned it as text.
Metadata of the pipeline on HTML against the ground truth's title, author and publish_date:
per field, the pages where it is right (``\\w+`` words equal, or one's words within the
other's; dates by day), wrong, missing, and given on pages whose ground truth has none.
Page sets: ``article`` pages per metadata.json (the 711 the issue quotes), ``article`` pages
per metadata.json or ground-truth ``_internal.page_type`` (metadata lists only 1,358 of the
1,497 pages), and all pages.
Word-F1 per page type (metadata.json's, else the ground truth's) for every run, with the
pipeline's lead over trafilatura alone, and over trafilatura's default text after the config's
``min_length`` step (when the pipeline has one): a page too short for it scores 1.0 where the
ground truth is empty and 0.0 elsewhere, so on page types with short or empty ground truth the
length filter, not the extraction or the debris rules, sets much of the lead (the ``empty
truth`` column counts those pages). ``--half`` scores one half of the sites of
benchmarks/split.py (the SHA-256 split by site); ``--html-only`` leaves out the text-mode runs;
``--add STEP`` puts a step in the pipeline after ``remnants`` (e.g. ``debris_model``).
trafilatura's outputs are cached per page under ``--cache`` (outside the repository).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

import trafilatura

from cleaner import Cleaner, Document
from cleaner import config as config_mod
from corpus import DATA, ROOT
from corpus.wcxb import RECALL, WORD, Page, cached_extract, load_pages, norm, read_html, score, select, word_f1

BASELINES = {  # name -> trafilatura.extract keyword arguments
    "trafilatura extract (defaults)": {},
    "trafilatura extract (no comments)": {"include_comments": False},
}


# ----------------------------------------------------------------------------- runs


def load_config(path: Path, with_dedup: bool) -> config_mod.Config:
    """The config at `path`, without its deduplication steps unless `with_dedup`."""
    config = config_mod.load(path)
    if with_dedup:
        return config
    dedup = {impl.plugin for impl in config.pm.hook.cleaner_deduplicator.get_hookimpls()}
    raw = dict(config.raw, pipeline=[n for n in config.pipeline if config.pm.get_plugin(n) not in dedup])
    return config_mod.from_dict(raw, config.base)


def length_filtered(config: config_mod.Config, texts: dict[str, str]) -> dict[str, str] | None:
    """`texts` with those the config's ``min_length`` step drops made empty (None when the
    pipeline has no such step)."""
    if "min_length" not in config.pipeline:
        return None
    only = config_mod.from_dict(dict(config.raw, pipeline=["min_length"]), config.base)
    docs = (Document(id=pid, source=pid, text=text) for pid, text in texts.items() if text.strip())
    kept, _, _ = run_pipeline(only, 1, docs)
    return {pid: kept.get(pid, "") for pid in texts}


def run_pipeline(
    config: config_mod.Config, jobs: int, docs: Iterable[Document]
) -> tuple[dict[str, str], Counter, dict[str, dict]]:
    """The pipeline's text per page ("" when dropped), the drop reasons, and the metadata
    fields per page."""
    texts: dict[str, str] = {}
    drops: Counter = Counter()
    meta: dict[str, dict] = {}
    with Cleaner(config, jobs=jobs) as cleaner:
        for doc in cleaner.stream(docs):
            meta[doc.id] = {"title": doc.title, "author": doc.author, "date": doc.date}
            if doc.dropped:
                drops[f"{doc.dropped.stage}:{doc.dropped.reason}"] += 1
                texts[doc.id] = ""
            else:
                texts[doc.id] = doc.text or ""
    return texts, drops, meta


# ----------------------------------------------------------------------------- report


def page_sets(pages: list[Page]) -> list[tuple[str, list[Page]]]:
    meta_articles = [p for p in pages if p.meta_type == "article"]
    any_articles = [p for p in pages if "article" in (p.meta_type, p.gt_type)]
    return [
        (f"articles, metadata ({len(meta_articles)})", meta_articles),
        (f"articles, metadata or ground truth ({len(any_articles)})", any_articles),
        (f"all pages ({len(pages)})", pages),
    ]


def print_table(pages: list[Page], runs: list[tuple[str, dict[str, str]]]) -> None:
    print("| pages | run | word-F1 | with-kept | without-removed | empty |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for set_name, subset in page_sets(pages):
        for run_name, texts in runs:
            f1, kept, gone = score(subset, texts)
            empty = sum(1 for p in subset if not (texts.get(p.id) or "").strip())
            print(f"| {set_name} | {run_name} | {f1:.3f} | {kept:.3f} | {gone:.3f} | {empty} |")


def print_types(pages: list[Page], runs: list[tuple[str, dict[str, str]]], bases: list[str], ours: str) -> None:
    """Word-F1 per page type and run, and `ours` minus each of `bases`."""
    names = [name for name, _ in runs]
    print("| page type | pages | empty truth | " + " | ".join(names) + "".join(f" | {ours} - {b}" for b in bases) + " |")
    print("| --- | ---: | ---: |" + " ---: |" * (len(names) + len(bases)))
    by_type: dict[str, list[Page]] = {}
    for page in pages:
        by_type.setdefault(page.meta_type or page.gt_type or "?", []).append(page)
    for kind, subset in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        f1 = {name: score(subset, texts)[0] for name, texts in runs}
        cells = " | ".join(f"{f1[name]:.3f}" for name in names)
        empty = sum(1 for p in subset if not WORD.search(p.main))
        print(f"| {kind} | {len(subset)} | {empty} | {cells} | " + " | ".join(f"{f1[ours] - f1[b]:+.3f}" for b in bases) + " |")


def with_step(config: config_mod.Config, step: str) -> config_mod.Config:
    """`config` with `step` after ``remnants`` (or last)."""
    steps = list(config.pipeline)
    steps.insert(steps.index("remnants") + 1 if "remnants" in steps else len(steps), step)
    return config_mod.from_dict(dict(config.raw, pipeline=steps), config.base)


def _same(field: str, found: str, truth: str) -> bool:
    if field == "date":
        return found[:10] == truth[:10]
    a, b = " ".join(WORD.findall(found.lower())), " ".join(WORD.findall(truth.lower()))
    return bool(a and b) and (a in b or b in a)


def print_metadata(pages: list[Page], meta: dict[str, dict]) -> None:
    """Per field: right, wrong and missing on pages whose ground truth has it; given where
    the ground truth has none."""
    print("| field | pages with it | right | wrong | missing | given where none |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for field in ("title", "author", "date"):
        counts = Counter()
        for page in pages:
            truth, found = page.meta[field], (meta.get(page.id) or {}).get(field)
            if not truth:
                counts["extra"] += bool(found)
            else:
                counts["missing" if not found else "right" if _same(field, found, truth) else "wrong"] += 1
        has = counts["right"] + counts["wrong"] + counts["missing"]
        print(f"| {field} | {has} | {counts['right']} | {counts['wrong']} | {counts['missing']} | {counts['extra']} |")


def dump(folder: Path, pages: list[Page], runs: list[tuple[str, dict[str, str]]]) -> None:
    """Per page and run: the output text, lost `with` and surviving `without` snippets."""
    folder.mkdir(parents=True, exist_ok=True)
    for run_name, texts in runs:
        rows = []
        for page in pages:
            text = texts.get(page.id) or ""
            normed = norm(text)
            rows.append({
                "id": page.id, "type": page.meta_type or page.gt_type,
                "f1": round(word_f1(text, page.main), 4),
                "lost": [s for s in page.with_ if norm(s) not in normed],
                "survived": [s for s in page.without if norm(s) in normed],
                "text": text,
            })
        name = re.sub(r"\W+", "_", run_name).strip("_")
        with open(folder / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--config", type=Path, default=ROOT / "config.toml")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-wcxb"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--dump", type=Path, default=None, help="write per-page outputs here")
    ap.add_argument("--with-dedup", action="store_true", help="keep the deduplication steps")
    ap.add_argument("--half", choices=("tuning", "held-out", "all"), default="all",
                    help="the sites of benchmarks/split.py to score")
    ap.add_argument("--html-only", action="store_true", help="leave out the text-mode runs")
    ap.add_argument("--add", action="append", default=[], help="a step to put after remnants")
    args = ap.parse_args(argv)
    config = load_config(args.config, args.with_dedup)
    for step in args.add:
        config = with_step(config, step)

    start = time.perf_counter()
    pages = select(args.data, load_pages(args.data, None), args.half)[: args.limit]
    runs: list[tuple[str, dict[str, str]]] = []
    for name, kwargs in BASELINES.items():
        runs.append((name, cached_extract(args.data, pages, kwargs, args.cache, args.jobs)))
    html_docs = (Document(id=p.id, source=p.id, url=p.url, html=read_html(args.data, p.id)) for p in pages)
    html_texts, html_drops, html_meta = run_pipeline(config, args.jobs, html_docs)
    runs.append(("pipeline on HTML", html_texts))
    bases = list(BASELINES)
    filtered = length_filtered(config, runs[0][1])
    if filtered is not None:
        bases.append(f"{runs[0][0]}, min_length")
        runs.append((bases[-1], filtered))
    html_runs = list(runs)
    drop_sets = [("pipeline on HTML", html_drops)]
    if not args.html_only:
        recall = cached_extract(args.data, pages, RECALL, args.cache, args.jobs)
        runs.append(("recall text, uncleaned", recall))
        text_docs = (Document(id=p.id, source=p.id, url=p.url, text=recall[p.id])
                     for p in pages if recall[p.id].strip())
        text_texts, text_drops, _ = run_pipeline(config, args.jobs, text_docs)
        runs.append(("recall text, cleaned by pipeline", text_texts))
        drop_sets.append(("recall text, cleaned", text_drops))

    print(f"wcxb-dev ({args.half} sites: {len(pages)} pages), trafilatura {trafilatura.__version__}, "
          f"config {args.config.name} ({' '.join(config.pipeline)}), -j {args.jobs}, "
          f"{time.perf_counter() - start:.0f} s; dropped documents score as empty text\n")
    print_table(pages, runs)
    print("\nword-F1 per page type, HTML mode:\n")
    print_types(pages, html_runs, bases, "pipeline on HTML")
    for label, drops in drop_sets:
        print(f"\n{label}: dropped {sum(drops.values())}: "
              + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())))
    print(f"\nmetadata, pipeline on HTML, all pages ({len(pages)}):\n")
    print_metadata(pages, html_meta)
    if args.dump:
        dump(args.dump, pages, runs)


if __name__ == "__main__":
    sys.exit(main())
