"""Tests for cleaner.text.spans helpers that plugins share."""
import re

from hypothesis import given
from hypothesis import strategies as st

from cleaner.text.spans import lines, sentences, tidy


def test_sentences_split_a_line_with_absolute_offsets():
    text = "Title\nThe pier reopened. Crews cheered! Add to list → As a member you save. e.g. this stays."
    line = list(lines(text))[1]
    parts = list(sentences(line))
    assert [p.content for p in parts] == [
        "The pier reopened. ", "Crews cheered! ", "Add to list → ", "As a member you save. e.g. this stays."
    ]
    assert all(text[p.start : p.end] == p.content and p.index == 1 for p in parts)
    assert parts[0].start == line.start and parts[-1].end == line.end


def test_a_line_without_a_sentence_end_is_one_sentence():
    line = lines("no end here")[0]
    assert list(sentences(line)) == [line]


def test_tidy_closes_the_gaps_removals_leave():
    assert tidy("\n  Story one. \t\n\n\n\nStory two.  \n\n") == "Story one.\n\nStory two."
    assert tidy("Unchanged.\n\nText.") == "Unchanged.\n\nText."


@given(st.text(alphabet=" \t\n\ra.", max_size=40))
def test_tidy_is_its_two_regexes_and_a_strip(text):
    assert tidy(text) == re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip()
