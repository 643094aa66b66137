"""Helpers for plugins that remove lines or spans, and for applying removals."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from ..document import Removal


class Line(NamedTuple):
    """One line of a text: ``text[start:end]`` includes the newline, ``content`` does not."""

    index: int
    start: int
    end: int
    content: str


_last: tuple[str | None, tuple[Line, ...]] = (None, ())


def lines(text: str) -> tuple[Line, ...]:
    """The lines of `text`, with their offsets (no empty line after a final newline). The
    last text's lines are remembered: the steps in turn split the same text when none of
    them removed anything."""
    global _last
    last = _last  # (one read: another thread may replace it)
    if last[0] is not text:
        found, start = [], 0
        for i, content in enumerate(text.split("\n")):
            end = start + len(content)
            if end < len(text):
                found.append(Line(i, start, end + 1, content))
            elif content:
                found.append(Line(i, start, end, content))
            start = end + 1
        last = _last = (text, tuple(found))
    return last[1]


# A sentence ends at . ! ? … (or an arrow, as in "Add to list → As an Amazon Associate ..."),
# then spaces and a capital, digit, quote or bracket. "Dr. Who" splits too: callers match
# whole notices, which a wrong split only makes shorter.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|\s[→»])\s+(?=[^\W_a-zß-ÿ]|[\"“‘'(«„¿¡])")


MAX_SENTENCE_CHARS = 250  # a longer "sentence" is likely several run together (a page on one line)


def sentences(line: Line) -> Iterator[Line]:
    """The sentences of `line` as Lines (``index`` = the line's), with absolute offsets;
    each but the last includes the spaces after it."""
    pos = 0
    content = line.content
    for m in _SENTENCE_END.finditer(content):
        if m.end() > pos:
            yield Line(line.index, line.start + pos, line.start + m.end(), content[pos : m.end()])
            pos = m.end()
    if pos < len(content):
        yield Line(line.index, line.start + pos, line.start + len(content), content[pos:])


def remove_lines(selected: Iterable[Line], kind: str) -> list[Removal]:
    """Removals for whole lines (newline included)."""
    return [Removal(line.start, line.end, kind) for line in selected]


def remove_tail(text: str, start: int, kind: str) -> list[Removal]:
    """A removal from `start` to the end of the text (a comment thread, a related block)."""
    return [Removal(start, len(text), kind)] if start < len(text) else []


def merge(removals: Iterable[Removal], length: int) -> list[Removal]:
    """Sort, clip to the text and merge overlapping removals, and touching ones of one kind
    (first kind wins), so the trail still tells a byline from the caption under it. A merged
    removal keeps the first one's score, or the lower of two scores of its kind."""
    merged: list[Removal] = []
    for r in sorted(removals, key=lambda r: (r.start, r.end)):
        start, end = max(0, r.start), min(length, r.end)
        if start >= end:
            continue
        if merged and (start < merged[-1].end or (start == merged[-1].end and r.kind == merged[-1].kind)):
            last = merged[-1]
            if end > last.end:
                score = last.score
                if r.kind == last.kind and r.score is not None:
                    score = r.score if score is None else min(score, r.score)
                merged[-1] = Removal(last.start, end, last.kind, score)
        else:
            merged.append(Removal(start, end, r.kind, r.score))
    return merged


def apply(text: str, merged: list[Removal]) -> str:
    """The text with the merged, sorted removals deleted."""
    parts, pos = [], 0
    for r in merged:
        parts.append(text[pos : r.start])
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


_BLANKS = re.compile(r"[ \t]+\n")
_RUNS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Close the gaps removals leave: trailing spaces, runs of blank lines, outer blanks."""
    if " \n" in text or "\t\n" in text:  # the regexes cost more than looking for their work first
        text = _BLANKS.sub("\n", text)
    if "\n\n\n" in text:
        text = _RUNS.sub("\n\n", text)
    return text.strip()


def user_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """A setting's extra regexes, compiled case-insensitive once (an invalid one raises
    re.error: call this in the settings' ``__post_init__`` to report it at config time)."""
    return _compiled(tuple(patterns))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
