"""Main-content extraction from HTML with trafilatura, keeping title, author, date and url.

The page is parsed once; the metadata and each extraction read that tree (trafilatura
extracts from a copy). trafilatura sometimes settles on one block of a page and misses the
rest of the article (a list split by a figure, a section in its own container). With
``recall_fallback`` set, the page is also extracted with ``favor_recall``; if the first text
has fewer words than that share of the recall text, the recall text is used instead. The
second extraction is skipped when the first text already has that share of the words in the
page's body outside the elements trafilatura deletes in every mode (nav, aside, footer,
figure, button, noscript, script, style, ...) and template, which bound the recall text's
(all of the body's text outside script, style, noscript and template when those elements hold
every paragraph, as recall mode then keeps them). ``prune_classes``
deletes, before extraction, the elements whose class or id has one of these tokens
(``"newsletter"`` matches ``class="post-newsletter box"``, not ``"newsletters-archive"``),
except the page's outer containers.
"""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title, extract_url
from trafilatura.settings import MANUALLY_CLEANED, set_date_params
from trafilatura.utils import load_html

from cleaner import Document, hookimpl

_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_KEEP_TAGS = frozenset({"html", "head", "body", "main", "article"})


@dataclass
class Settings:
    """trafilatura's options; `recall_fallback`: the share of the recall extraction's words
    under which its text replaces the first one (0: off); `prune_classes`: class/id tokens of
    elements to delete before extraction."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True
    recall_fallback: float = 0.7
    prune_classes: list[str] = field(default_factory=list)
    fast: bool = False  # trafilatura's `fast`: no readability/jusText fallback comparison
    # htmldate's extensive search when the markup has no date: on wcxb-dev it finds 25 more right
    # dates, 13 more wrong ones and 352 on pages without one (248 of them a bare year read as
    # 1 January), at 13 ms/page
    extensive_date_search: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.recall_fallback <= 1.0:
            raise ValueError(f"recall_fallback must be between 0 and 1, got {self.recall_fallback}")


@hookimpl
def cleaner_settings() -> type:
    return Settings


_WORD = re.compile(r"\w+")
# the elements trafilatura's tree cleaning deletes, text and all, in every mode (nav, aside,
# footer, figure, button, noscript, script, style, ...; not a form, which it keeps when it holds
# most of the page), and template
_CLEANED = tuple(tag for tag in [*MANUALLY_CLEANED, "template"] if tag not in ("head", "form"))
_BODY_TEXT = etree.XPath("//body//text()", smart_strings=False)  # compiled, plain strings
_BODY_P = etree.XPath("boolean(//body//p)")


def _words(text: str | None) -> int:
    return len(_WORD.findall(text)) if text else 0


def _page_words(tree: Any) -> int:
    """The words of the text in the page's body outside the elements trafilatura deletes
    before it extracts. Its recall mode keeps them when deleting them would leave no paragraph:
    then the words of the body's text outside script, style, noscript and template."""
    kept = deepcopy(tree)
    etree.strip_elements(kept, *_CLEANED, with_tail=False)
    if not _BODY_P(kept) and _BODY_P(tree):
        kept = deepcopy(tree)
        etree.strip_elements(kept, "script", "style", "noscript", "template", with_tail=False)
    return _words(" ".join(_BODY_TEXT(kept)))


def _tree(html: str, tokens: frozenset[str]) -> Any:
    """The page parsed as trafilatura parses it (None when it is not HTML), without the
    elements whose class or id carries one of `tokens`."""
    tree = load_html(html)
    if tree is None or not tokens:
        return tree
    doomed = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _KEEP_TAGS:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if names.strip() and tokens.intersection(_TOKEN_SPLIT.split(names)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return tree


def _metadata(tree: Any, url: str | None, settings: Settings) -> dict[str, str | None]:
    """Title, author, date and url as trafilatura's `extract_metadata` finds them: its steps
    for these four fields, in its order, without the site name, categories, tags and licence
    it would also look for (13 % of its time on wcxb-dev)."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD reader the same way
        pass
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.date = find_date(tree, **set_date_params(settings.extensive_date_search), url=meta.url)
    meta.clean_and_trim()
    return {name: getattr(meta, name) for name in ("title", "author", "date", "url")}


def _text(tree: Any, doc: Document, settings: Settings, recall: bool) -> str | None:
    """The main text of the page (trafilatura works on a copy of `tree`)."""
    result = trafilatura.bare_extraction(
        tree,
        url=doc.url,
        favor_precision=settings.favor_precision and not recall,
        favor_recall=settings.favor_recall or recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        fast=settings.fast,
    )
    return result.text if result is not None else None


@hookimpl
def cleaner_extract(doc: Document, settings: Settings) -> dict[str, Any] | None:
    tree = _tree(doc.html, frozenset(t.lower() for t in settings.prune_classes))
    if tree is None:
        return None
    fields = _metadata(tree, doc.url, settings)
    text = _text(tree, doc, settings, recall=False)
    share = 0.0 if settings.favor_recall else settings.recall_fallback
    # the page's words bound the recall text's: skip it when it could not win
    if share and _words(text) < share * _page_words(tree):
        wide = _text(tree, doc, settings, recall=True)
        if _words(text) < share * _words(wide):
            text = wide
    return {"text": text, **fields} if text else None
