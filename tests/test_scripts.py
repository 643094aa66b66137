"""Text in scripts written without spaces (Chinese, Japanese, Thai): its length, language and
exact copies are judged as in any other script."""

import pytest

from cleaner import Cleaner
from cleaner.text import words
from conftest import MULTILINGUAL

TEXTS = MULTILINGUAL
UNSPACED = {"zh": "zh-cn", "ja": "ja", "th": "th"}


def test_spaced_scripts_count_whitespace_tokens():
    for name in ("de", "pl", "ru", "wcxb-0608", "wcxb-2917"):
        assert words.count(TEXTS[name]) == len(TEXTS[name].split())


def test_unspaced_scripts_count_characters_as_words():
    assert words.count("市政府周一宣布。") == 8  # a word per ideograph or punctuation mark
    assert words.count("東京 Tokyo は晴れ") == 2 + 1 + 3
    assert words.count("สะพานข้ามแม่น้ำ") == 4  # 15 code points, four to a word
    # the fixture articles: 165 characters of Chinese, 186 of Japanese, 426 code points of Thai
    assert [words.count(TEXTS[k]) for k in UNSPACED] == [163, 184, 107]


@pytest.mark.parametrize("name", sorted(UNSPACED))
def test_an_article_without_spaces_is_kept_with_its_language(name):
    with Cleaner(pipeline=["normalize", "language", "min_length"]) as cleaner:
        doc = cleaner.process({"id": name, "text": TEXTS[name]})
        assert doc is not None, cleaner.last_dropped.dropped
        assert (doc.lang, doc.lang_score) == (UNSPACED[name], 1.0)
        # a caption of a few characters is still too short
        assert cleaner.process({"id": "caption", "text": TEXTS[name][:30]}) is None
        assert cleaner.last_dropped.dropped.reason == "too-short"


@pytest.mark.parametrize("name", sorted(UNSPACED))
def test_exact_copies_without_spaces_are_found_and_other_stories_kept(name):
    first, second = TEXTS[name].split("\n\n")
    story = TEXTS[name]
    records = [{"id": "a", "text": story}, {"id": "b", "text": story.replace("\n\n", "\n\n\n")},
               {"id": "c", "text": second + "\n\n" + first}]
    dropped = []
    with Cleaner(pipeline=["normalize", "exact_dedup"]) as cleaner:
        kept = [d.id for d in cleaner.clean(records, on_drop=dropped.append)]
    assert kept == ["a", "c"]
    assert [(d.id, d.dropped.reason, d.dropped.detail["duplicate_of"]) for d in dropped] == [("b", "duplicate", "a")]
