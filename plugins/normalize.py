"""Encoding repair with ftfy, then Unicode and whitespace normalisation."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, DOUBLE_QUOTE_RE, LIGATURES, SINGLE_QUOTE_RE, WIDTH_MAP

from cleaner import hookimpl

# Space-like characters become a plain space; invisible ones are deleted. ZWJ and ZWNJ stay:
# they carry meaning in emoji sequences and in Persian and Indic scripts.
# (Regexes rather than str.translate, which is ten times slower on text that is not ASCII.)
SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f]")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
BREAK_CHARS = re.compile(r"[\r\u2028\u2029\x85]")  # (one class: a quicker search than LINE_BREAKS)
SPACE_RUNS = re.compile(r" {2,}")
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
# A line of printable ASCII without "&" is one that ftfy returns unchanged (it repairs
# mojibake, HTML entities, control characters and odd line breaks).
NEEDS_FTFY = re.compile(r"[^\t\n\x20-\x25\x27-\x7e]")
# Nor does it change a line without mojibake (ftfy.badness.is_bad) and without a character
# that one of its other fixers replaces (from ftfy's own tables).
_FIXED_CHARS = "".join(map(chr, {*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS}))
TOUCHED = re.compile("[&\x1b\r\x80-\x9f\u2028\u2029\ud800-\udfff" + re.escape(_FIXED_CHARS) + "]")
QUOTES = re.compile(f"{SINGLE_QUOTE_RE.pattern}|{DOUBLE_QUOTE_RE.pattern}")
# Every match of ftfy's mojibake test (is_bad) holds two non-ASCII characters in a row or one of
# these (a test reads this off ftfy's regex): a line with neither is not tested, which spares
# most lines of English text their one curly quote's cost.
MOJIBAKE_POSSIBLE = re.compile(r"[^\x00-\x7f]{2}|[\x80-\x9fŒœÃÂ]")


def fix_lines(text: str, uncurl_quotes: bool) -> str:
    """``ftfy.fix_text(text)``, which works line by line, calling ftfy only on the lines it
    would change (and, as it does, no longer unescaping HTML entities once a "<" was seen)."""
    config = ftfy.TextFixerConfig(uncurl_quotes=uncurl_quotes, normalization=None, explain=False)
    parts, done, pos = [], 0, 0
    while (m := NEEDS_FTFY.search(text, pos)) is not None:
        start = text.rfind("\n", pos, m.start()) + 1 or pos
        end = text.find("\n", m.end())
        pos = end = len(text) if end < 0 else end + 1
        line = text[start:end]
        bad = MOJIBAKE_POSSIBLE.search(line) and is_bad(line)
        if not (TOUCHED.search(line) or bad or (uncurl_quotes and QUOTES.search(line))):
            continue
        if config.unescape_html == "auto" and "<" in text[done:end]:
            config = config._replace(unescape_html=False)
        parts += [text[done:start], ftfy.fix_and_explain(line, config)[0]]
        done = end
    return "".join(parts) + text[done:] if parts else text


def _spaced(text: str) -> str:
    """`text` with every line break a "\\n"."""
    return LINE_BREAKS.sub("\n", text) if BREAK_CHARS.search(text) else text


def _line_edges(text: str) -> str:
    """`text`, in which no two spaces follow each other, without a space at a line's start
    or end (but the text's own, which strip() takes)."""
    return text.replace(" \n", "\n").replace("\n ", "\n")


@hookimpl
def cleaner_repair(text: str, settings: Settings) -> str:
    """Repeat while ftfy still finds something to fix (mojibake can be nested, or revealed
    once invisible characters are gone), so that repairing repaired text changes nothing."""
    for _ in range(MAX_PASSES):
        text = INVISIBLE.sub("", text)
        fixed = fix_lines(text, settings.uncurl_quotes) if settings.fix_encoding else text
        changed = fixed != text
        text = unicodedata.normalize(settings.normalization, fixed)
        text = INVISIBLE.sub("", SPACES.sub(" ", _spaced(text)))
        text = _line_edges(SPACE_RUNS.sub(" ", text) if "  " in text else text)
        text = (BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip()
        if not changed:
            break
    return text
