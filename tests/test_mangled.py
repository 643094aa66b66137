"""Tests for the mangled plugin: characters encoding repair could not bring back."""
import pytest

from cleaner import Document
from cleaner.text.spans import apply, merge
from cleaner_plugins import mangled


def run(text: str, **settings) -> tuple[str, set[str], list[tuple[str, str]]]:
    doc = Document(id="t", source="t", text=text)
    removals = list(mangled.cleaner_remove(doc=doc, settings=mangled.Settings(**settings)))
    reports = [(e["kind"], e["text"]) for e in doc.trail]
    return apply(text, merge(removals, len(text))), {r.kind for r in removals}, reports


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("— Harbour Watch ?? (@harbourwatch) June 3, 2019", "— Harbour Watch (@harbourwatch) June 3, 2019"),
        ("?? Ferry service resumes tonight", "Ferry service resumes tonight"),
        ("Spain ?? ?? and Portugal", "Spain and Portugal"),
    ],
)
def test_lost_emoji_is_removed(text, expected):
    out, kinds, reports = run(text)
    assert out == expected
    assert kinds == {"lost-emoji"}
    assert reports == []


def test_lost_emoji_at_the_end_of_a_line_is_only_reported():
    out, kinds, reports = run("Did the ferry really leave without them ??\nIt did.")
    assert out == "Did the ferry really leave without them ??\nIt did."
    assert kinds == set()
    assert reports == [("lost-emoji", "Did the ferry really leave without them ??")]


@pytest.mark.parametrize(
    "text",
    [
        "Really?? The ferry left early?",
        "Comment ça va ? Très bien.",  # French puts a space before "?"
        "See https://example.org/timetable?day=mon&route=2 for times.",
        "What? Why? When?",
        "",
    ],
)
def test_question_marks_that_belong_stay(text):
    assert run(text) == (text, set(), [])


def test_replacement_character_and_stray_a():
    out, kinds, reports = run("The fare is \ufffd 12 on the EmbraceÂ line.")
    assert out == "The fare is 12 on the Embrace line."
    assert kinds == {"replacement-char", "stray-char"}
    assert reports == []


def test_letters_lost_inside_words_are_reported_not_removed():
    text = "The ferry to Z?rich and the caf\ufffd by the pier doesnâ€t open."
    out, kinds, reports = run(text)
    assert out == text
    assert kinds == set()
    assert reports == [("mangled-char", "Z?rich"), ("mangled-char", "caf\ufffd"), ("mangled-char", "doesnâ€t")]


def test_settings():
    text = "Harbour Watch ?? (@harbourwatch)\nZ?rich"
    out, kinds, reports = run(text, remove=False, report=False)
    assert (out, kinds, reports) == (text, set(), [])
    out, kinds, reports = run(text, remove=False)
    assert out == text
    assert reports == [("lost-emoji", "Harbour Watch ?? (@harbourwatch)"), ("mangled-char", "Z?rich")]
