"""Encoding repair with ftfy, then Unicode and whitespace normalisation."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from cleaner import hookimpl

# Space-like characters become a plain space; invisible ones are deleted. ZWJ and ZWNJ stay:
# they carry meaning in emoji sequences and in Persian and Indic scripts.
SPACES = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"), " ")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f"), None)
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
SPACE_RUNS = re.compile(r" {2,}")
LINE_EDGES = re.compile(r"^ +| +$", re.M)
BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass
class Settings:
    fix_encoding: bool = True
    uncurl_quotes: bool = False
    normalization: str = "NFC"


@hookimpl
def cleaner_settings() -> type:
    return Settings


MAX_PASSES = 3


@hookimpl
def cleaner_repair(text: str, settings: Settings) -> str:
    """Repeat while ftfy still finds something to fix (mojibake can be nested, or revealed
    once invisible characters are gone), so that repairing repaired text changes nothing."""
    for _ in range(MAX_PASSES):
        text = text.translate(INVISIBLE)
        fixed = ftfy.fix_text(text, uncurl_quotes=settings.uncurl_quotes, normalization=None) if settings.fix_encoding else text
        changed = fixed != text
        text = unicodedata.normalize(settings.normalization, fixed)
        text = LINE_BREAKS.sub("\n", text).translate(SPACES).translate(INVISIBLE)
        text = BLANK_RUNS.sub("\n\n", LINE_EDGES.sub("", SPACE_RUNS.sub(" ", text))).strip()
        if not changed:
            break
    return text
