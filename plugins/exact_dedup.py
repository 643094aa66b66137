"""Exact-duplicate removal on normalised text: the first copy seen is kept."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cleaner import Document, hookimpl
from cleaner.fold import strip_accents

NON_WORD = re.compile(r"[\W_]+")


@dataclass
class Settings:
    lowercase: bool = True


def key(text: str, lowercase: bool = True) -> str:
    """A hash of the text with case, accents, punctuation and whitespace differences removed."""
    text = strip_accents(text.lower() if lowercase else text)
    return hashlib.blake2b(NON_WORD.sub(" ", text).strip().encode(), digest_size=16).hexdigest()


class Seen:
    """Remembers the first document for each key, and how many copies followed it."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}
        self.copies: Counter[str] = Counter()

    def check(self, doc: Document, fingerprint: str) -> dict[str, Any] | None:
        if fingerprint in self.first:
            self.copies[self.first[fingerprint]] += 1
            return {"reason": "duplicate", "duplicate_of": self.first[fingerprint], "similarity": 1.0}
        self.first[fingerprint] = doc.id
        return None

    def cluster_sizes(self) -> dict[str, int]:
        return {kept: n + 1 for kept, n in sorted(self.copies.items())}


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_fingerprint(doc: Document, settings: Settings) -> str:
    return key(doc.text, settings.lowercase)


@hookimpl
def cleaner_deduplicator() -> Seen:
    return Seen()
