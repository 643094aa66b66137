"""Folding text for comparison, so that the same words with other accents compare equal."""
from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """`text` decomposed (NFKD) without its combining marks ("café" -> "cafe"); ASCII text
    comes back as it is."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
