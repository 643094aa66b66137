"""Accent folding: every combining mark goes, whatever the script, and nothing else."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.text.fold import strip_accents


def reference(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def test_accents_go_in_latin_greek_cyrillic_and_other_scripts():
    assert strip_accents("Crème brûlée à l’hôtel — 5 €") == "Creme brulee a l’hotel — 5 €"
    assert strip_accents("Ελληνικά, Йошкар-Ола") == "Ελληνικα, Иошкар-Ола"
    for text in ("हिन्दी", "עִבְרִית", "العَرَبِيَّة", "e\u20dd", "x\u0483y", "ﬁne"):
        assert strip_accents(text) == reference(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_the_same_as_dropping_every_combining_character(text):
    assert strip_accents(text) == reference(text)
