"""The text-mode debris corpus: wcxb-dev pages as scrapers that save text would store them.

    cd benchmarks && python -m corpus.textmode [--data ../shared/data/wcxb-dev] [--cache /tmp/cleaner-textmode]

Each page's visible text blocks, in page order (lxml): the text of each block element (p,
div, h1-h6, li, td, ...) up to its first child block, and each tail between blocks, with
whitespace collapsed and the `normalize` step's repair applied (so that the pipeline's own
repair leaves the text as it is). Not visible, left out: script, style, noscript, template,
svg, iframe, select, textarea, the head, and elements with ``hidden``,
``aria-hidden="true"`` or an inline ``display:none`` / ``visibility:hidden``.

Labels, from the ground truth's ``main_content`` (lower-cased ``\\w+`` words, as wcxb scores):
- ``title``: the block's words are exactly the ground-truth title's (the headline; neither
  article nor debris: a text scraper may keep or drop it);
- ``main``: a block of 3 or more words with at least half of its word 3-grams found in
  ``main_content``; a block of 1 or 2 words that is a whole line of ``main_content``
  (a sub-heading, a list item);
- ``none``: a block without a word ("|", "•"), scored as neither;
- ``debris``: every other block (comments, related links, share bars, menus, footers, ...).

Variants (what the scraper stored; each a list of block indices into the page's blocks):
- ``page``: every block of the body;
- ``region_after``: the article region and everything after it. The region is the deepest
  element holding at least 90 % of the page's main words; the variant runs from its first
  block to the end of the page (debris inside the region, comments, related links, footer);
- ``region``: the region's blocks only.
A page with no main block has no region (its two region variants are empty and not scored).

Folds: each page's domain (metadata.json, else the url's host without ``www.``) goes to fold
0 or 1 by the first byte of its blake2b hash: the same split on every run and machine.
The corpus is built once and cached (pickle, gzip) under ``--cache``, outside the repository.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from cleaner_plugins import normalize
from corpus import DATA as DEFAULT_DATA

DEFAULT_CACHE = Path("/tmp/cleaner-textmode")
FORMAT = "textmode-corpus/2"
VARIANTS = ("page", "region_after", "region")
REGION_SHARE = 0.9

WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
INVISIBLE_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas select textarea head title meta link".split()
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote body button caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table "
    "tbody thead tfoot td th tr ul br label option legend".split()
)
REPAIR = normalize.Settings()


@dataclass
class Page:
    id: str
    domain: str
    fold: int
    url: str | None
    title: str | None
    blocks: list[tuple[str, str]]  # (text, label)
    variants: dict[str, list[int]] = field(default_factory=dict)

    def text(self, variant: str) -> str:
        """What the scraper stored: the variant's blocks, one per line."""
        return "\n".join(self.blocks[i][0] for i in self.variants[variant])


def fold_of(domain: str) -> int:
    return hashlib.blake2b(domain.encode(), digest_size=8).digest()[0] & 1


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


def visible_blocks(html: str) -> list[tuple[str, etree._Element]]:
    """(text, innermost block element) of each visible text block of `html`, in page order."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    if body is None:
        body = root
    out: list[tuple[str, etree._Element]] = []
    parts: list[str] = []
    stack: list[etree._Element] = []  # open block elements

    def flush() -> None:
        text = SPACE.sub(" ", "".join(parts)).strip()
        parts.clear()
        if text and stack:
            text = SPACE.sub(" ", normalize.cleaner_repair(text, REPAIR))  # (it may make a line separator a newline)
            if text:
                out.append((text, stack[-1]))

    walker = etree.iterwalk(body, events=("start", "end"))
    skipped: set[etree._Element] = set()
    for event, el in walker:
        if not isinstance(el.tag, str):  # comments, processing instructions: only their tail
            if event == "end" and el.tail:
                parts.append(el.tail)
            continue
        tag = el.tag.lower()
        if event == "start":
            if tag in INVISIBLE_TAGS or _hidden(el):
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag in BLOCK_TAGS:
                flush()
                stack.append(el)
            if el.text:
                parts.append(el.text)
        else:
            if el in skipped:
                skipped.discard(el)
            elif tag in BLOCK_TAGS:
                flush()
                stack.pop()
            if el.tail:
                parts.append(el.tail)
    flush()
    return out


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return set(zip(tokens, tokens[1:], tokens[2:]))


def label_blocks(texts: list[str], main: str, title: str | None) -> list[str]:
    """Each block's label (see the module docstring)."""
    main_tokens = words(main)
    main_grams = _shingles(main_tokens)
    main_lines = {tuple(words(line)) for line in main.split("\n")}
    title_words = tuple(words(title or "")) or None
    labels = []
    for text in texts:
        tokens = words(text)
        if not tokens:
            labels.append("none")
        elif title_words and tuple(tokens) == title_words:
            labels.append("title")
        elif len(tokens) >= 3:
            grams = list(zip(tokens, tokens[1:], tokens[2:]))
            found = sum(g in main_grams for g in grams)
            labels.append("main" if 2 * found >= len(grams) else "debris")
        else:
            labels.append("main" if tuple(tokens) in main_lines else "debris")
    return labels


def variants(elements: list[etree._Element], labels: list[str], texts: list[str]) -> dict[str, list[int]]:
    """The block indices of each variant (see the module docstring)."""
    n = len(elements)
    main_words: dict[etree._Element, int] = {}
    total = 0
    for el, label, text in zip(elements, labels, texts):
        if label != "main":
            continue
        count = len(words(text))
        total += count
        for anc in el.iterancestors():
            main_words[anc] = main_words.get(anc, 0) + count
        main_words[el] = main_words.get(el, 0) + count
    out = {"page": list(range(n)), "region_after": [], "region": []}
    if not total:
        return out
    qualifying = [el for el, c in main_words.items() if c >= REGION_SHARE * total]
    region = max(qualifying, key=lambda el: sum(1 for _ in el.iterancestors()))
    inside = [i for i, el in enumerate(elements) if el is region or region in set(el.iterancestors())]
    out["region"] = inside
    out["region_after"] = list(range(inside[0], n))
    return out


def build_page(data: Path, fid: str, meta: dict) -> Page:
    record = json.loads((data / "ground-truth" / f"{fid}.json").read_text(encoding="utf-8"))
    gt = record.get("ground_truth") or {}
    url = record.get("url")
    domain = (meta.get(fid) or {}).get("domain") or (urlsplit(url).hostname or "" if url else "").removeprefix("www.")
    html = gzip.decompress((data / "html" / f"{fid}.html.gz").read_bytes()).decode("utf-8", "replace")
    found = visible_blocks(html)
    texts = [t for t, _ in found]
    labels = label_blocks(texts, gt.get("main_content") or "", gt.get("title"))
    try:
        head_title = lxml.html.document_fromstring(html).findtext(".//title")
    except (etree.ParserError, ValueError):
        head_title = None
    title = SPACE.sub(" ", head_title).strip() if head_title else None
    page = Page(fid, domain, fold_of(domain), url, title or None, list(zip(texts, labels)))
    page.variants = variants([el for _, el in found], labels, texts)
    return page


def build(data: Path) -> list[Page]:
    meta = json.loads((data / "metadata.json").read_text(encoding="utf-8"))["files"]
    fids = sorted(p.name[: -len(".json")] for p in (data / "ground-truth").glob("*.json"))
    return [build_page(data, fid, meta) for fid in fids]


def load(data: Path = DEFAULT_DATA, cache: Path = DEFAULT_CACHE) -> list[Page]:
    """The corpus, built once and cached under `cache`."""
    path = cache / f"{FORMAT.replace('/', '-')}.pkl.gz"
    if path.exists():  # plain dicts: the pickle must not name this module (run as __main__ or not)
        with gzip.open(path, "rb") as f:
            return [Page(**fields) for fields in pickle.load(f)]
    pages = build(data)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wb") as f:
        pickle.dump([vars(p) for p in pages], f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return pages


def summary(pages: list[Page]) -> str:
    rows = ["| variant | fold | pages | main words | debris words | title words | debris share |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for variant in VARIANTS:
        for fold in (0, 1):
            counts = {"main": 0, "debris": 0, "title": 0}
            n = 0
            for p in pages:
                if p.fold != fold or not p.variants[variant]:
                    continue
                n += 1
                for i in p.variants[variant]:
                    text, label = p.blocks[i]
                    if label in counts:
                        counts[label] += len(words(text))
            share = counts["debris"] / max(1, counts["debris"] + counts["main"])
            rows.append(f"| {variant} | {fold} | {n} | {counts['main']:,} | {counts['debris']:,} | "
                        f"{counts['title']:,} | {share:.1%} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    pages = load(args.data, args.cache)
    domains = {p.domain for p in pages}
    print(f"{len(pages)} pages, {len(domains)} domains; fold 0: {sum(p.fold == 0 for p in pages)} pages, "
          f"fold 1: {sum(p.fold == 1 for p in pages)}")
    print(summary(pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
