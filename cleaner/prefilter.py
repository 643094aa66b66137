"""Regexes that skip, cheaply, the texts they cannot match.

A debris pattern such as "subscribe ... newsletter" is tried at every position of every line,
which is slow; but no text can match it without containing one of a few literal words. The
`Prefiltered` pattern finds those words in the pattern itself (from the parse tree that
``re`` builds) and runs the regex only on texts that contain one of them (any case), as
RE2 and Hyperscan do. The answer is always the regex's own.
"""
from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

MIN_FACTOR = 3  # a lighter factor (see _weight) filters too little to be worth the check
# The characters that IGNORECASE matches to an ASCII letter other than its own two cases.
_ASCII_FOLD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def fold(text: str) -> str:
    """`text` as the factors are compared with it: lower case, ASCII look-alikes folded."""
    return text.translate(_ASCII_FOLD).lower() if not text.isascii() else text.lower()


def _factors(items: Any) -> frozenset[str] | None:
    """Literal strings (lower case) one of which is in every match of `items`, or None. Only
    ASCII and caseless characters count as literals: fold() maps every other character that
    IGNORECASE would match to them onto them."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and (av < 128 or _caseless(chr(av))):
            run.append(chr(av).lower())
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            found = _factors(av[3])
        elif op is sre.ATOMIC_GROUP:
            found = _factors(av)
        elif op in _REPEATS and av[0] >= 1:
            found = _factors(av[2])
        elif op is sre.BRANCH:
            branches = [_factors(branch) for branch in av[1]]
            found = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return max(candidates, key=lambda f: (min(map(_weight, f)), -len(f)), default=None)


def _caseless(char: str) -> bool:
    """A character that IGNORECASE matches only to itself (©, –, €)."""
    return char.lower() == char == char.upper()


def _weight(factor: str) -> int:
    """How rare a factor is in text, roughly: its length, a non-ASCII character counting 3."""
    return len(factor) + 2 * sum(ord(c) > 127 for c in factor)


def factors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literal words one of which every match of `pattern` contains (None: no such set
    of words at least MIN_FACTOR long)."""
    found = _factors(_parser.parse(pattern.pattern, pattern.flags))
    return found if found and min(map(_weight, found)) >= MIN_FACTOR else None


_last: tuple[str | None, str] = (None, "")


def _folded(text: str) -> str:
    """fold(text), remembering the last text: a line is tried against many patterns in turn."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    folded = fold(text)
    _last = (text, folded)
    return folded


class Prefiltered:
    """A compiled pattern whose search, match, fullmatch and finditer first check, in the
    folded text, for one of the pattern's literal factors."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.regex, self.factors = pattern, factors(pattern)

    def possible(self, text: str) -> bool:
        """False only if no match of the pattern can be in `text`."""
        return self.factors is None or any(f in _folded(text) for f in self.factors)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.search(text, *args) if self.possible(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.match(text, *args) if self.possible(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.fullmatch(text, *args) if self.possible(text) else None

    def finditer(self, text: str, *args: int) -> Any:
        return self.regex.finditer(text, *args) if self.possible(text) else iter(())

    def __getattr__(self, name: str) -> Any:  # pattern, flags, groups, sub...: the regex's own
        return getattr(self.regex, name)


def compile(pattern: str, flags: int = 0) -> Prefiltered:
    """``re.compile``, prefiltered."""
    return Prefiltered(re.compile(pattern, flags))
