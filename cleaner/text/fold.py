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
    return _MAYBE_COMBINING.sub(_drop_combining, text)


def _drop_combining(m: re.Match[str]) -> str:
    return "" if unicodedata.combining(m.group()) else m.group()
