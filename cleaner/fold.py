"""Folding text for comparison, so that the same words with other accents compare equal."""
from __future__ import annotations

import re
import unicodedata

_DIACRITICS = re.compile("[\u0300-\u036f]+")  # the combining marks of Latin, Greek and Cyrillic letters
# Characters that may still be combining marks: all but ASCII, the Latin, Greek and Cyrillic
# letters before U+0483 (the first other combining mark), and general punctuation and currency.
_MAYBE_COMBINING = re.compile("[^\x00-\u0482\u2000-\u206f\u20a0-\u20cf]")


def strip_accents(text: str) -> str:
    """`text` decomposed (NFKD) without its combining marks ("café" -> "cafe"); ASCII text
    comes back as it is."""
    if text.isascii():
        return text
    text = _DIACRITICS.sub("", unicodedata.normalize("NFKD", text))
    if _MAYBE_COMBINING.search(text) is None:
        return text
    return "".join(c for c in text if not unicodedata.combining(c))
