"""Drops documents too short to be an article once the debris is gone. Words are counted in
every script (`cleaner.text.words.count`): a Chinese or Japanese character counts as a word, four
Thai, Lao, Myanmar or Khmer code points as one.

A document under `min_words` is kept when it has at least `prose_share` of them (20 of the
default 50) and one line of at least `prose_line_words` words that ends a sentence: a
paragraph (a forum post, a shop's one-paragraph description), not a menu, a list of links or
prices, a one-line notice ("You need to enable JavaScript") or a cut-off caption.
`prose_line_words = 0` turns that off (every document under `min_words` is dropped)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner import Document, hookimpl
from cleaner.text import words


@dataclass
class Settings:
    min_words: int = 50
    min_chars: int = 0
    prose_share: float = 0.4  # of min_words: a shorter document with a paragraph is kept from here
    prose_line_words: int = 15  # 0: no exception for short documents with a paragraph


_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u0964][\"'\u201d\u2019)\u300d\u300f]*\s*$")


@hookimpl
def cleaner_settings() -> type:
    return Settings


def has_paragraph(text: str, count: int, settings: Settings) -> bool:
    """Whether `text`, of `count` words, has `prose_share` of `min_words` words or more and a
    line of `prose_line_words` that ends a sentence."""
    if not settings.prose_line_words or count < settings.prose_share * settings.min_words:
        return False
    return any(words.count(line) >= settings.prose_line_words and _SENTENCE_END.search(line)
               for line in text.split("\n"))


@hookimpl
def cleaner_filter(doc: Document, settings: Settings) -> str | None:
    if len(doc.text) < settings.min_chars:
        return "too-short"
    count = words.count(doc.text)
    if count < settings.min_words and not has_paragraph(doc.text, count, settings):
        return "too-short"
    return None
