"""Prefiltered regexes: the literal words every match needs, and answers equal to the regex's."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.text import prefilter
from cleaner.text.rules import RuleSet
from conftest import ROOT

NEWSLETTER = r"\b(?:sign\s*up|subscribe)\b.{0,40}\bnewsletters?\b"


@pytest.mark.parametrize("pattern, flags, expected", [
    (NEWSLETTER, re.I, {"newsletter"}),
    (r"(?:cookies?|datenschutz)\s+(?:policy|hinweis)", re.I, {"policy", "hinweis"}),  # ties: either set
    (r"^(?:home|start)\s*[>|»]", 0, {"home", "start"}),
    (r"(?:ab)?onnez", re.I, {"onnez"}),  # an optional part is not needed
    (r"\d{4}\s+\w+", 0, None),  # no literal at all
    (r"a+b", 0, None),  # too short to be worth a check
    (r"(?:x|yes)+ sir", 0, {" sir"}),
    (r"caf\u00e9 society", re.I, {" society"}),  # non-ASCII letters end a run
    (r"(?:\u00a9|\(c\))\s*\d{4}", re.I, {"\u00a9", "(c)"}),  # but a caseless sign is a literal
    (r"\u03c3\u03bf\u03c6\u03af\u03b1", re.I, None),  # Greek: IGNORECASE matches sigma to final sigma
    (r"\byour\s+(?:mail|post)\b", re.I, {"mail", "post"}),  # "your" is common: two rarer words beat it
    (r"\byour\s+\d+", re.I, {"your"}),  # but it still filters when there is nothing rarer
])
def test_the_best_requirement_is_words_every_match_contains(pattern, flags, expected):
    found = prefilter.requirements(re.compile(pattern, flags))
    assert (set(found[0]) if found else None) == expected


@pytest.mark.parametrize("text", [
    "SIGN UP for our NEWSLETTER",  # any case
    "subscribe to the newſletter",  # long s: IGNORECASE matches it to "s"
    "Subscribe today: weekly newsletters",
    "Nothing to see here",
    "",
])
def test_answers_are_the_regex_answers(text):
    plain, fast = re.compile(NEWSLETTER, re.I), prefilter.compile(NEWSLETTER, re.I)
    assert bool(plain.search(text)) == bool(fast.search(text))
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]
    assert bool(plain.match(text)) == bool(fast.match(text))
    assert fast.sub("", text) == plain.sub("", text) and fast.pattern == NEWSLETTER


def test_turkish_dotted_and_dotless_i_and_the_kelvin_sign_still_match():
    fast = prefilter.compile(r"\blink\b", re.I)
    for text in ("L\u0130NK", "l\u0131nk", "lin\u212a"):
        assert fast.search(text) and re.search(r"\blink\b", text, re.I)


WORDS = ["sign up", "subscribe", "newsletter", "NEWSLETTERS", "news", "letter", "ſ", "\u0130", " ", "\n", "to", "our", "é",
         "\u00a9", "(C)", "2024"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_a_prefiltered_search_never_misses_a_match(pieces):
    text = "".join(pieces)
    for pattern in (NEWSLETTER, r"(?:ab)?onnez|subscri(?:be|ption)", r"(?i:news)letter", r"(?:\u00a9|\(c\))\s*\d{4}"):
        assert bool(re.search(pattern, text, re.I)) == bool(prefilter.compile(pattern, re.I).search(text))


def test_every_requirement_must_be_met_before_the_regex_runs():
    fast = prefilter.compile(NEWSLETTER, re.I)
    # re's parser takes the common "s" out of "sign up|subscribe": "ign" or "ubscribe" remain
    assert set(fast.requirements) == {frozenset({"newsletter"}), frozenset({"ign", "ubscribe"})}
    assert not fast.possible("Read our newsletter archive") and not fast.possible("Subscribe now")
    assert fast.possible("SUBSCRIBE to the weekly Newsletter") and fast.search("SUBSCRIBE to the weekly Newsletter")


def test_the_bits_of_a_text_are_remembered_within_a_bound():
    fast = prefilter.compile(NEWSLETTER, re.I)
    texts = [f"line {n}: subscribe to our newsletter" for n in range(prefilter.REMEMBERED + 10)]
    assert all(fast.search(text) for text in texts)
    assert 0 < len(prefilter._INDEX.found) <= prefilter.REMEMBERED
    assert fast.search(texts[-1]) and not fast.search("line 1: no newsletter here")


@pytest.mark.parametrize("source, expected", [
    (r"a|b(?:c|d)|[|\]]x", ["a", "b(?:c|d)", r"[|\]]x"]),  # not inside groups or classes
    (r"a\|b|c", [r"a\|b", "c"]),  # nor escaped
    (r"[]|]|q", ["[]|]", "q"]),  # "]" first in a class is a literal
    (r"(?:news|letter)", ["news", "letter"]),  # a group around the whole pattern is opened
    (r"(?:news)|(?:letter)", ["(?:news)", "(?:letter)"]),
    (r"(?:news)(?:letter|paper)", ["(?:news)(?:letter|paper)"]),
])
def test_a_pattern_s_top_level_alternatives(source, expected):
    assert prefilter.alternatives(source) == expected


def test_alternatives_give_the_leftmost_match_and_the_first_alternative_on_a_tie():
    later_but_leftmost = prefilter.compile(r"bird|a bi")
    assert isinstance(later_but_leftmost, prefilter.Alternatives)
    assert later_but_leftmost.search("a bird").group() == "a bi" == re.search(r"bird|a bi", "a bird").group()
    tie = prefilter.compile(r"news|newsletter")
    assert tie.search("the newsletter").group() == "news" and tie.match("newsletter").group() == "news"
    assert tie.fullmatch("newsletter").group() == "newsletter"  # the first alternative cannot end there
    assert not isinstance(prefilter.compile(r"(news)|letter"), prefilter.Alternatives)  # groups: kept whole


def _built_in(kind: type) -> list:
    """The objects of type `kind` in the built-in plugins: module-level, or the patterns and
    the group of a module-level RuleSet."""
    import importlib
    import pkgutil

    import cleaner_plugins
    modules = [importlib.import_module(f"cleaner_plugins.{m.name}") for m in pkgutil.iter_modules(cleaner_plugins.__path__)]
    found = {}
    for module in modules:
        for v in vars(module).values():
            for obj in [v, *v.patterns(), v.group] if isinstance(v, RuleSet) else [v]:
                if isinstance(obj, kind):
                    found[id(obj)] = obj
    return list(found.values())


BUILT_IN = _built_in(prefilter.Alternatives)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_built_in_patterns_tried_by_alternative_answer_as_their_regex(data):
    """Texts made of the words the alternatives need, so that several of them are tried."""
    assert len(BUILT_IN) >= 10
    for pattern in BUILT_IN:
        words = sorted({word for _, mask in pattern.branches for word, bits in prefilter._INDEX.words.items() if bits & mask})
        pieces = data.draw(st.lists(st.sampled_from([*words, " ", ", ", ". ", "We ", "our ", "to "]), max_size=10))
        text = "".join(pieces)
        plain = pattern.regex
        for method in ("search", "match", "fullmatch"):
            got, expected = getattr(pattern, method)(text), getattr(plain, method)(text)
            assert (got and got.span()) == (expected and expected.span()), (method, plain.pattern[:60], text)


def test_built_in_patterns_tried_by_alternative_answer_as_their_regex_on_real_lines():
    lines = [line for path in sorted(ROOT.joinpath("seeds").glob("*.txt")) for line in path.read_text().splitlines()]
    assert len(lines) > 50
    for pattern in BUILT_IN:
        for line in lines:
            assert [m.span() for m in filter(None, [pattern.search(line)])] == [m.span() for m in filter(None, [pattern.regex.search(line)])]


GROUPED = [prefilter.compile(NEWSLETTER, re.IGNORECASE), prefilter.compile(r"\bdonate\b|\bsupport\s+us\b", re.IGNORECASE),
           prefilter.compile(r"^follow\s+(?:us|me)\b", re.IGNORECASE)]


def test_a_group_rules_out_a_text_that_none_of_its_patterns_can_match():
    group = prefilter.Group(*GROUPED)
    assert group.possible("Sign up for our newsletter") and group.possible("Please support us")
    assert group.possible("follow the money")  # the words are there; the patterns decide
    assert not group.possible("The council met on Monday to discuss the budget.")


def test_a_pattern_without_required_words_leaves_its_group_ruling_out_nothing():
    group = prefilter.Group(*GROUPED, prefilter.compile(r"^\W+$"))
    assert group.signs == 0 and group.possible("The council met on Monday.")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "donate", "support", "us", "follow", "me"]), max_size=12))
def test_a_group_never_rules_out_a_text_one_of_its_patterns_matches(pieces):
    text = "".join(pieces)
    if not prefilter.Group(*GROUPED).possible(text):
        assert not any(p.regex.search(text) for p in GROUPED)


def test_built_in_groups_never_rule_out_a_real_line_one_of_their_patterns_matches():
    groups = _built_in(prefilter.Group)
    assert len(groups) >= 3 and all(group.signs for group in groups)
    lines = [line for path in sorted(ROOT.joinpath("seeds").glob("*.txt")) for line in path.read_text().splitlines()]
    matched = 0
    for group in groups:
        for line in lines:
            hits = [p for p in group.patterns if p.regex.search(line)]
            matched += bool(hits)
            assert group.possible(line) or not hits, (line, hits)
    assert matched > 0
