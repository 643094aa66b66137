"""Near-duplicate stories (MinHash LSH): the hooks over `cleaner.dedup.near`, which says what
the settings do and what a copy's reject record holds."""
from __future__ import annotations

import numpy as np

from cleaner import Document, hookimpl
from cleaner.dedup.near import Settings, deduplicator, fingerprint
from cleaner.hookspecs import Deduplicator


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_fingerprint(doc: Document, settings: Settings) -> np.ndarray:
    return fingerprint(doc.text or "", settings)


@hookimpl
def cleaner_deduplicator(settings: Settings) -> Deduplicator:
    return deduplicator(settings)
