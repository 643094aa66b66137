"""Drops documents too short to be an article once the debris is gone. Words are counted in
every script (`cleaner.text.words.count`): a Chinese or Japanese character counts as a word, four
Thai, Lao, Myanmar or Khmer code points as one."""
from __future__ import annotations

from dataclasses import dataclass

from cleaner import Document, hookimpl
from cleaner.text import words


@dataclass
class Settings:
    min_words: int = 50
    min_chars: int = 0


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_filter(doc: Document, settings: Settings) -> str | None:
    if len(doc.text) < settings.min_chars or words.count(doc.text) < settings.min_words:
        return "too-short"
    return None
