"""Tests for cleaner.text.rules: rules as data, and the guide's example plugin built on them."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pytest

from cleaner import Cleaner
from cleaner.text import prefilter
from cleaner.text.rules import USER_PATTERNS, Rule, RuleSet, share
from conftest import ROOT, write

RULES = RuleSet(
    Rule("newsletter", "newsletter", r"\bsubscribe\b.{0,40}\bnewsletter\b", scope="sentence"),
    Rule("button", "buttons", r"^\W*learn\s+more\W*$"),
    Rule("short-button", "buttons", r"^\W*shop\s+now", when=lambda text, *_: len(text) <= 20),
    Rule("edge-date", None, when=lambda text, settings, at_edge: bool(at_edge) and text.isdigit()),
    Rule("mine", None, USER_PATTERNS),
    switches=("tails",),
    unless=r"\bhe\s+said\b",
)


@dataclass
class Settings(RULES.Settings):
    max_chars: int = 300
    tail_share: float = share(0.5)


def kind(text: str, context: object = None, **settings) -> str | None:
    rule = RULES.first(text, Settings(**settings), context)
    return rule.kind if rule else None


def test_the_settings_hold_a_switch_per_rule_group_and_the_user_patterns():
    assert [f.name for f in fields(Settings)] == ["newsletter", "buttons", "tails", "extra_patterns", "max_chars",
                                                  "tail_share"]
    s = Settings()
    assert s.newsletter and s.buttons and s.tails and s.extra_patterns == [] and s.max_chars == 300
    with pytest.raises(re.error):
        Settings(extra_patterns=["(unclosed"])
    with pytest.raises(ValueError, match="tail_share must be between 0 and 1"):
        Settings(tail_share=1.5)


def test_the_first_enabled_rule_that_matches_wins():
    assert kind("Subscribe to our weekly newsletter") == "newsletter"
    assert kind("Learn more »") == "button"
    assert kind("Learn more »", buttons=False) is None
    assert kind("Subscribe to our weekly newsletter", newsletter=False) is None
    assert kind("The council met on Monday.") is None


def test_a_when_test_sees_the_text_the_settings_and_the_context():
    assert kind("Shop now") == "short-button"
    assert kind("Shop now for the best prices in town") is None  # longer than the test allows
    assert kind("2024", context=True) == "edge-date" and kind("2024", context=False) is None


def test_user_patterns_take_their_place_in_the_order():
    assert kind("Promoted content", extra_patterns=[r"^promoted\b"]) == "mine"
    assert kind("Learn more", extra_patterns=[r"learn"]) == "button"  # an earlier rule first
    assert kind("Promoted content") is None


def test_unless_keeps_a_text_from_the_built_in_rules_only():
    text = "Subscribe to our newsletter, he said"
    assert kind(text) is None
    assert kind(text, extra_patterns=["newsletter"]) == "mine"


def test_sentences_are_tried_with_sentence_rules_only_and_may_have_to_start_with_the_match():
    s = Settings(extra_patterns=["learn"])
    assert RULES.first("Learn more", s, sentence=True) is None  # a line rule, a user pattern
    assert RULES.first("Subscribe to our newsletter today.", s, sentence=True).kind == "newsletter"
    assert RULES.first("Or subscribe to our newsletter.", s, sentence=True, at_start=True) is None
    assert RULES.first("Or subscribe to our newsletter.", s, sentence=True).kind == "newsletter"


def test_one_group_prefilters_all_the_patterns():
    assert len(RULES.patterns()) == 3 and all(isinstance(p, prefilter.Prefiltered) for p in RULES.patterns())
    assert not RULES.group.possible("The council met on Monday.")
    assert RULES.group.possible("please subscribe to the newsletter")


def test_a_rule_needs_a_pattern_or_a_test_and_a_known_scope():
    with pytest.raises(ValueError):
        Rule("empty", None)
    with pytest.raises(ValueError):
        Rule("x", None, "x", scope="page")


def test_the_guide_s_rule_set_plugin_runs(tmp_path):
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = guide.split("\n## Rules as data: `cleaner.text.rules`\n", 1)[1].split("\n## ", 1)[0]
    [source] = re.findall(r"```python\n(.*?)```", section, re.S)
    write(tmp_path / "my_plugins" / "ads.py", source)
    config = write(tmp_path / "my.toml", 'plugins_dir = "my_plugins"\npipeline = ["normalize", "ads"]\n'
                   '[plugins.ads]\nextra_patterns = ["^\\\\W*promoted\\\\W*$"]\n')
    article = "The harbour reopened on Tuesday after three weeks of repairs to the northern pier."
    text = f"{article}\n\nADVERTISEMENT\n\nSponsored by Acme Boats\n\nPromoted\n\n{article}"
    with Cleaner(config) as cleaner:
        doc = cleaner.process({"text": text})
    assert doc.text == f"{article}\n\n{article}"
    assert [(t["plugin"], t["kind"]) for t in doc.trail] == [("ads", "ad-marker"), ("ads", "sponsor"), ("ads", "ad")]
    off = write(tmp_path / "off.toml", 'plugins_dir = "my_plugins"\npipeline = ["normalize", "ads"]\n'
                '[plugins.ads]\nmarkers = false\n')
    with Cleaner(off) as cleaner:
        assert "ADVERTISEMENT" in cleaner.process({"text": text}).text
