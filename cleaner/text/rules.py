"""Debris rules as data: a plugin lists its rules once, and its `RuleSet` makes of them the
plugin's switches and user patterns (a settings dataclass to extend), one prefilter for all
of them, and the search for the first rule that a line or sentence matches.

    RULES = RuleSet(
        Rule("newsletter", "newsletter", r"\\bsubscribe\\b.{0,60}\\bnewsletter\\b", scope="sentence"),
        Rule("call-to-action", "calls_to_action", r"^\\W*learn\\s+more\\W*$"),
        Rule("prompt", None, USER_PATTERNS),
    )

    @dataclass
    class Settings(RULES.Settings):  # newsletter, calls_to_action, extra_patterns
        max_chars: int = 300
        tail_share: float = share(0.5)  # checked: 0 to 1

    kind = RULES.first(line, settings)  # the first enabled rule that matches, or None

A rule's pattern is searched in the text (anchor it with ``^`` to match a line's start),
case-insensitive unless its flags say otherwise; patterns given as strings are compiled with
`cleaner.text.prefilter`, so that one test rules out, on most lines, every rule at once.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from . import prefilter
from .spans import user_patterns


class _UserPatterns:
    """The marker of the settings' `extra_patterns` among a RuleSet's rules."""

    def __repr__(self) -> str:
        return "USER_PATTERNS"


USER_PATTERNS: Any = _UserPatterns()  # a Rule's pattern: the settings' `extra_patterns`, searched in turn
SCOPES = ("line", "sentence")

Test = Callable[[str, Any, Any], bool]


@dataclass(frozen=True, eq=False)
class Rule:
    """One debris rule.

    - `kind`: the removal's kind in the trail;
    - `switch`: the settings key (a bool, default True) that turns the rule off; rules may
      share one; None: always on;
    - `pattern`: a regex searched in the text (a string, or a compiled or prefiltered
      pattern), USER_PATTERNS for the settings' ``extra_patterns``, or None for a rule that
      is its `when` test alone;
    - `scope`: ``"line"``: tried on whole lines; ``"sentence"``: also on the sentences of a
      line too long to go whole;
    - `flags`: for a pattern given as a string;
    - `when`: a further test, ``when(text, settings, context) -> bool`` (`context`: what the
      caller passed to `RuleSet.first`), tried before the pattern.
    """

    kind: str
    switch: str | None
    pattern: Any = None
    scope: str = "line"
    flags: int = re.IGNORECASE
    when: Test | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, got {self.scope!r}")
        if self.pattern is None and self.when is None:
            raise ValueError(f"rule {self.kind!r} has neither a pattern nor a when test")


class RuleSet:
    """Rules tried in order; `switches` names settings keys of rules kept as code (so that the
    settings hold them too); `unless`: a regex (string or compiled) that keeps a text from the
    built-in rules, not from the user's patterns (reported speech, say), compiled with `flags`."""

    def __init__(self, *rules: Rule, switches: tuple[str, ...] = (), unless: Any = None,
                 flags: int = re.IGNORECASE) -> None:
        self.rules = rules
        self.unless = prefilter.compile(unless, flags) if isinstance(unless, str) else unless
        tried: list[tuple[Rule, Any]] = []
        for rule in rules:
            pattern = rule.pattern
            if isinstance(pattern, str):
                pattern = prefilter.compile(pattern, rule.flags)
            tried.append((rule, pattern))
        self.tried = tuple(tried)
        self.group = prefilter.Group(*[p for _, p in tried if isinstance(p, prefilter.Prefiltered) and p.sign])
        self.switches = tuple(dict.fromkeys([*(r.switch for r in rules if r.switch), *switches]))
        self.Settings = _settings(self.switches)
        # One bit per pattern that a text must have for it to match (its prefilter sign): the
        # rules a text may match are picked once per combination of them (most lines have none).
        self.signs = [p.sign if isinstance(p, prefilter.Prefiltered) else 0 for _, p in tried]
        self.bits = self.group.signs
        self.candidates: dict[tuple[int, bool], tuple[tuple[Rule, Any], ...]] = {}

    def patterns(self) -> list[prefilter.Prefiltered]:
        """The prefiltered patterns of the rules."""
        return [p for _, p in self.tried if isinstance(p, prefilter.Prefiltered)]

    def first(self, text: str, settings: Any, context: Any = None, sentence: bool = False,
              at_start: bool = False) -> Rule | None:
        """The first rule enabled in `settings` that `text` matches (a user pattern: the
        USER_PATTERNS rule), or None. `sentence`: `text` is a sentence of a longer line, tried
        only with ``"sentence"`` rules; `at_start`: a match counts only at the text's start."""
        if settings.extra_patterns:  # every rule in turn, each pattern checking its own words
            tried = self.tried
        else:
            key = (prefilter.bits(text) & self.bits, sentence)
            tried = self.candidates.get(key)  # type: ignore[assignment]
            if tried is None:
                if len(self.candidates) >= prefilter.REMEMBERED:
                    self.candidates = {}
                tried = self.candidates[key] = self._may_match(key[0], sentence)
            if not tried:
                return None
        if self.unless is not None and self.unless.search(text):
            tried = tuple(rp for rp in tried if rp[1] is USER_PATTERNS)
        for rule, pattern in tried:
            if (rule.switch and not getattr(settings, rule.switch)) or (sentence and rule.scope == "line"):
                continue
            if rule.when is not None and not rule.when(text, settings, context):
                continue
            if pattern is USER_PATTERNS:
                if not sentence and any(p.search(text) for p in user_patterns(settings.extra_patterns)):
                    return rule
            elif pattern is None or (pattern.match(text) if at_start else pattern.search(text)):
                return rule
        return None

    def _may_match(self, bits: int, sentence: bool) -> tuple[tuple[Rule, Any], ...]:
        """The built-in rules of the scope that a text with these sign `bits` may match."""
        return tuple((rule, p) for (rule, p), sign in zip(self.tried, self.signs)
                     if p is not USER_PATTERNS and not (sentence and rule.scope == "line") and (not sign or sign & bits))


def share(default: float) -> Any:
    """A settings field that is a share of the text, checked to be between 0 and 1."""
    return field(default=default, metadata={"share": True})


def _settings(switches: tuple[str, ...]) -> type:
    """A dataclass of a bool per switch (True) and ``extra_patterns`` (checked at config time,
    with the `share` fields of a subclass)."""

    def __post_init__(self: Any) -> None:
        user_patterns(self.extra_patterns)
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("share") and not 0.0 <= value <= 1.0:
                raise ValueError(f"{f.name} must be between 0 and 1, got {value}")

    fields = [(name, bool, field(default=True)) for name in switches]
    fields.append(("extra_patterns", list[str], field(default_factory=list)))
    cls = dataclasses.make_dataclass("RuleSettings", fields, namespace={"__post_init__": __post_init__})
    cls.__doc__ = (f"Switches {', '.join(switches)} (True: the rules run); `extra_patterns`: more lines "
                   "to remove (case-insensitive regexes searched in each line).")
    return cls
