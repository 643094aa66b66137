"""Exact copies of the normalised text (case, accents, punctuation and spacing ignored): the
hooks over `cleaner.dedup.exact`, which says what the settings do."""
from __future__ import annotations

from cleaner import Document, hookimpl
from cleaner.dedup.exact import Settings, deduplicator, key
from cleaner.hookspecs import Deduplicator


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_fingerprint(doc: Document, settings: Settings) -> str:
    return key(doc.text, settings.lowercase)


@hookimpl
def cleaner_deduplicator(settings: Settings) -> Deduplicator:
    return deduplicator(settings)
