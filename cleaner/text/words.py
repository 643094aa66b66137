"""Counting words in every script, including those written without spaces between words."""
from __future__ import annotations

import re

# Han, kana and the compatibility ideographs: a character is about a word (Chinese words
# average 1.5 characters, Japanese ones more, with their particles).
_IDEOGRAPHIC = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Thai, Lao, Myanmar and Khmer letters and marks: about four code points a word.
_SYLLABIC = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
SYLLABIC_CHARS_PER_WORD = 4
_UNSPACED = re.compile(f"[{_IDEOGRAPHIC}{_SYLLABIC}]+")
# _UNSPACED's code points in two ranges (none of them punctuation): faster to rule out
_MAYBE_UNSPACED = re.compile("[\u0e00-\u17ff\u3040-\U0003134f]")
_SYLLABIC_CHAR = re.compile(f"[{_SYLLABIC}]")


def count(text: str) -> int:
    """The words of `text`: its whitespace-separated tokens, with each run of a script written
    without spaces counted by its length instead (a word per Chinese or Japanese character,
    per SYLLABIC_CHARS_PER_WORD Thai, Lao, Myanmar or Khmer code points)."""
    if text.isascii() or not _MAYBE_UNSPACED.search(text) or not _UNSPACED.search(text):
        return len(text.split())
    words = len(_UNSPACED.sub(" ", text).split())
    for run in _UNSPACED.findall(text):
        syllabic = len(_SYLLABIC_CHAR.findall(run))
        words += len(run) - syllabic + -(-syllabic // SYLLABIC_CHARS_PER_WORD)
    return words
