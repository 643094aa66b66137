"""Main-content extraction from HTML with trafilatura, keeping title, author, date and url."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import trafilatura

from cleaner import Document, hookimpl


@dataclass
class Settings:
    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_extract(doc: Document, settings: Settings) -> dict[str, Any] | None:
    result = trafilatura.bare_extraction(
        doc.html,
        url=doc.url,
        with_metadata=True,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
    )
    if result is None or not result.text:
        return None
    return {name: getattr(result, name) for name in ("text", "title", "author", "date", "url")}
