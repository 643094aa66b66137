"""wcxb-dev: its pages and ground truth, its split by site, the scores of a text against a
page's ground truth (word-F1, with-kept, without-removed, as the data's README describes them),
trafilatura's extraction cached per page, and documents of one size cut from texts.

Split: a page's site is the domain metadata.json gives for it, or, for the pages metadata.json
does not list, the host of its ground-truth url; lower-cased, without a leading ``www.``. A
site is held out when the first byte of the SHA-256 of its name is odd: the same sites on
every machine, and all pages of one site on the same side. Tune on ``tuning`` pages; report on
``held-out`` ones.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, TypeVar
from urllib.parse import urlsplit

import trafilatura

WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")
RECALL = {"favor_recall": True, "include_comments": True}  # how a recall-oriented scraper extracts
HALVES = ("tuning", "held-out")
DOC_CHARS = 10_000  # the documents of the text-mode speed benchmarks (cut_join)
P = TypeVar("P")


# ----------------------------------------------------------------------------- pages


class Page:
    def __init__(self, fid: str, record: dict, meta_type: str | None) -> None:
        gt = record.get("ground_truth") or {}
        internal = (record.get("_internal") or {}).get("page_type")
        self.id, self.url = fid, record.get("url")
        self.main = gt.get("main_content") or ""
        self.meta = {"title": gt.get("title"), "author": gt.get("author"), "date": gt.get("publish_date")}
        self.with_ = list(gt.get("with") or [])
        self.without = list(gt.get("without") or [])
        self.meta_type = meta_type
        self.gt_type = internal.get("primary") if isinstance(internal, dict) else internal


def load_pages(data: Path, limit: int | None) -> list[Page]:
    meta = json.loads((data / "metadata.json").read_text(encoding="utf-8"))["files"]
    pages = []
    for path in sorted((data / "ground-truth").glob("*.json"))[:limit]:
        fid = path.name[: -len(".json")]
        record = json.loads(path.read_text(encoding="utf-8"))
        pages.append(Page(fid, record, (meta.get(fid) or {}).get("page_type")))
    return pages


def read_html(data: Path, fid: str) -> str:
    return gzip.decompress((data / "html" / f"{fid}.html.gz").read_bytes()).decode("utf-8", "replace")


# ----------------------------------------------------------------------------- split


def site(domain: str | None, url: str | None) -> str:
    """The site of a page: `domain`, or else the host of `url`; lower-cased, without ``www.``."""
    name = (domain or urlsplit(url or "").hostname or "").lower()
    return name.removeprefix("www.")


def half(site_name: str) -> str:
    """``"held-out"`` or ``"tuning"``: fixed by a hash of the site's name."""
    return HALVES[hashlib.sha256(site_name.encode()).digest()[0] & 1]


def sites(data: Path) -> dict[str, str]:
    """Page id -> site, for every page of the ground truth under `data`."""
    meta = json.loads((data / "metadata.json").read_text(encoding="utf-8"))["files"]
    out = {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        fid = path.name[: -len(".json")]
        domain = (meta.get(fid) or {}).get("domain")
        url = None if domain else json.loads(path.read_text(encoding="utf-8")).get("url")
        out[fid] = site(domain, url)
    return out


def select(data: Path, pages: Iterable[P], which: str) -> list[P]:
    """The pages (objects with an ``id``) of half `which`, or all of them for ``"all"``."""
    if which == "all":
        return list(pages)
    if which not in HALVES:
        raise ValueError(f"half must be one of {HALVES + ('all',)}, got {which!r}")
    of = sites(data)
    return [p for p in pages if half(of[p.id]) == which]  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- scoring


def word_f1(pred: str, gold: str) -> float:
    """Lower-cased ``\\w+`` tokens of `pred` against `gold`, multiset overlap (1.0 when both are
    empty, 0.0 when only one is)."""
    p, g = Counter(WORD.findall(pred.lower())), Counter(WORD.findall(gold.lower()))
    if not p or not g:
        return float(not p and not g)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def norm(s: str) -> str:
    return SPACE.sub(" ", s).strip().lower()


def page_scores(page: Page, text: str) -> tuple[float, float | None, float | None]:
    """Word-F1 against ``main_content``; with-kept, the share of the page's ``with`` snippets
    found in `text`; without-removed, the share of its ``without`` snippets absent from it
    (whitespace-normalised, case-insensitive substrings; None when the page has none)."""
    normed = norm(text)
    kept = sum(norm(s) in normed for s in page.with_) / len(page.with_) if page.with_ else None
    gone = sum(norm(s) not in normed for s in page.without) / len(page.without) if page.without else None
    return word_f1(text, page.main), kept, gone


def score(pages: list[Page], texts: dict[str, str]) -> tuple[float, float, float]:
    """`page_scores` averaged over `pages` (a page without snippets of a kind does not count in
    that average; a page missing from `texts` scores as empty text)."""
    f1s, kept, gone = [], [], []
    for page in pages:
        f1, k, g = page_scores(page, texts.get(page.id) or "")
        f1s.append(f1)
        if k is not None:
            kept.append(k)
        if g is not None:
            gone.append(g)
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return mean(f1s), mean(kept), mean(gone)


# ----------------------------------------------------------------------------- texts


def _extract(args: tuple[str, str, dict]) -> tuple[str, str]:
    data, fid, kwargs = args
    return fid, trafilatura.extract(read_html(Path(data), fid), **kwargs) or ""


def cached_extract(data: Path, pages: list[Page], kwargs: dict, cache: Path, jobs: int) -> dict[str, str]:
    """trafilatura.extract(**kwargs) per page, cached on disk per settings and page."""
    key = "-".join(f"{k}={v}" for k, v in sorted(kwargs.items())) or "defaults"
    path = cache / f"extract-{trafilatura.__version__}-{key}.pkl"
    texts: dict[str, str] = pickle.loads(path.read_bytes()) if path.exists() else {}
    todo = [(str(data), p.id, kwargs) for p in pages if p.id not in texts]
    if todo:
        with ProcessPoolExecutor(jobs) as pool:
            texts.update(pool.map(_extract, todo, chunksize=8))
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(texts))
    return texts


def cut_join(texts: list[str], size: int, count: int) -> list[str]:
    """Up to `count` documents of exactly `size` characters: `texts` joined by blank lines and cut."""
    joined = "\n\n".join(t.strip() for t in texts if t.strip())
    return [joined[i:i + size] for i in range(0, len(joined) - size + 1, size)][:count]
