"""Main-content extraction from HTML with trafilatura, keeping title, author, date and url.

trafilatura sometimes settles on one block of a page and misses the rest of the article (a
list split by a figure, a section in its own container). With ``recall_fallback`` set, the
page is also extracted with ``favor_recall``; if the first text has fewer words than that
share of the recall text, the recall text is used instead (metadata still comes from the
first pass). The second extraction is skipped when the first text already has that share of
all the words in the page's body, which the recall text cannot exceed. ``prune_classes`` deletes, before extraction, the elements whose class or id has
one of these tokens (``"newsletter"`` matches ``class="post-newsletter box"``, not
``"newsletters-archive"``), except the page's outer containers.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params
from lxml import html as lxml_html

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
    extensive_date_search: bool = True  # htmldate's extensive search when the page's markup has no date

    def __post_init__(self) -> None:
        if not 0.0 <= self.recall_fallback <= 1.0:
            raise ValueError(f"recall_fallback must be between 0 and 1, got {self.recall_fallback}")


@hookimpl
def cleaner_settings() -> type:
    return Settings


_WORD = re.compile(r"\w+")
_PAGE_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"


def _words(text: str | None) -> int:
    return len(_WORD.findall(text)) if text else 0


def _page_words(tree: Any) -> float:
    """The words of all the text in the page's body: no extraction can find more (infinite
    when the page could not be parsed into a tree)."""
    return _words(" ".join(tree.xpath(_PAGE_TEXT))) if not isinstance(tree, str) else float("inf")


def _pruned_tree(html: str, tokens: frozenset[str]) -> Any:
    """The parsed page without the elements whose class or id carries one of `tokens`."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return html
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


def _extract(source: Any, doc: Document, settings: Settings, recall: bool, metadata: bool) -> Any:
    return trafilatura.bare_extraction(
        source,
        url=doc.url,
        with_metadata=metadata,
        favor_precision=settings.favor_precision and not recall,
        favor_recall=settings.favor_recall or recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        fast=settings.fast,
        date_extraction_params=set_date_params(settings.extensive_date_search),
    )


@hookimpl
def cleaner_extract(doc: Document, settings: Settings) -> dict[str, Any] | None:
    source: Any = doc.html
    if settings.prune_classes:
        source = _pruned_tree(doc.html, frozenset(t.lower() for t in settings.prune_classes))
    fallback = settings.recall_fallback and not settings.favor_recall
    second = copy.deepcopy(source) if fallback and not isinstance(source, str) else source
    result = _extract(source, doc, settings, recall=False, metadata=True)
    text = result.text if result is not None else None
    # the recall text cannot have more words than the page: skip it when it could not win
    if fallback and _words(text) < settings.recall_fallback * _page_words(second):
        wide = _extract(second, doc, settings, recall=True, metadata=False)
        if wide is not None and _words(text) < settings.recall_fallback * _words(wide.text):
            text = wide.text
    if not text:
        return None
    fields = {name: getattr(result, name, None) for name in ("title", "author", "date", "url")} if result else {}
    return {"text": text, **fields}
