"""The Python API: building a Cleaner, lazy cleaning, one record at a time, state and stats."""
from __future__ import annotations

import itertools
import types
from dataclasses import dataclass

import pytest

from cleaner import Cleaner, Document, config, hookimpl
from conftest import ARTICLE, write

OTHER = ARTICLE.replace("libraries", "swimming pools").replace("books", "lanes")


def test_config_from_a_file_a_dict_or_keywords(tmp_path):
    path = write(tmp_path / "c.toml", 'pipeline = ["normalize", "min_length"]\n[plugins.min_length]\nmin_words = 5\n')
    short = {"text": "Only six words are in here."}
    assert Cleaner(path).process(short) is not None
    assert Cleaner(str(path), plugins={"min_length": {"min_words": 7}}).process(short) is None
    assert Cleaner({"pipeline": ["min_length"], "plugins": {"min_length": {"min_chars": 10}}}).config.settings[
        "min_length"].min_chars == 10
    cleaner = Cleaner(pipeline=["normalize", "min_length"], plugins={"min_length": {"min_words": 6}})
    assert cleaner.config.pipeline == ["normalize", "min_length"]
    assert (cleaner.config.settings["min_length"].min_words, cleaner.config.settings["min_length"].min_chars) == (6, 0)
    assert Cleaner(cleaner.config).config is cleaner.config
    assert Cleaner(cleaner.config, max_removal_share=0.5).config.max_removal_share == 0.5


def test_wrong_settings_name_the_plugin_and_the_key():
    with pytest.raises(config.ConfigError, match=r"\[plugins.min_length\]: 'min_words' must be int"):
        Cleaner(pipeline=["min_length"], plugins={"min_length": {"min_words": "many"}})
    with pytest.raises(config.ConfigError, match=r"\[plugins.min_length\]: unknown key 'min_wrds'"):
        Cleaner(pipeline=["min_length"], plugins={"min_length": {"min_wrds": 3}})
    with pytest.raises(config.ConfigError, match="unknown config key 'pipline'"):
        Cleaner(pipline=["normalize"])
    with pytest.raises(ValueError, match="jobs"):
        Cleaner(jobs=0)


def test_clean_is_lazy_and_hands_every_drop_to_on_drop():
    dropped: list[Document] = []
    records = itertools.chain([{"id": "a", "text": ARTICLE}, {"id": "b", "text": ARTICLE}, {"text": "Too short."}],
                              ({"text": f"{OTHER} Number {n}."} for n in itertools.count()))
    with Cleaner(pipeline=["normalize", "min_length", "exact_dedup"]) as cleaner:
        kept = cleaner.clean(records, on_drop=dropped.append)
        assert [next(kept).id, next(kept).id] == ["a", "api:4"]
    assert [(d.id, d.dropped.stage, d.dropped.reason) for d in dropped] == [
        ("b", "exact_dedup", "duplicate"), ("api:3", "min_length", "too-short")]
    assert cleaner.stats.as_dict()["dropped"] == {"exact_dedup: duplicate": 1, "min_length: too-short": 1}
    assert cleaner.stats.kept == 2


def test_process_returns_the_document_or_none_with_the_reason_kept():
    with Cleaner(pipeline=["normalize", "exact_dedup"]) as cleaner:
        doc = cleaner.process({"id": "first", "text": ARTICLE + "\u00a0"})
        assert doc is not None and doc.text == ARTICLE and cleaner.last_dropped is None
        assert cleaner.process(Document(id="copy", source="mine", text=ARTICLE.upper())) is None
        assert cleaner.last_dropped.reject() == {"id": "copy", "source": "mine", "url": None, "stage": "exact_dedup",
                                                 "reason": "duplicate", "duplicate_of": "first", "similarity": 1.0}
        assert cleaner.process(["not", "a", "record"]) is None
        assert cleaner.last_dropped.dropped.reason == "malformed-record"
        assert cleaner.process({"text": OTHER}).id == "api:4"
    assert (cleaner.stats.read, cleaner.stats.kept) == (4, 2)


@dataclass
class Seen:
    closed: int = 0

    def check(self, doc: Document, fingerprint: str) -> dict | None:
        return {"duplicate_of": "earlier"} if fingerprint == "seen" else None

    def close(self) -> None:
        self.closed += 1


def test_context_manager_closes_the_state_once_and_registered_plugins_run():
    state = Seen()

    @dataclass
    class Settings:
        word: str = "cranes"

    plugin = types.SimpleNamespace(
        cleaner_settings=hookimpl(lambda: Settings),
        cleaner_filter=hookimpl(lambda doc: "shouting" if doc.text.isupper() else None),
        cleaner_fingerprint=hookimpl(lambda doc, settings: "seen" if settings.word in doc.text else "new"),
        cleaner_deduplicator=hookimpl(lambda: state),
    )
    with Cleaner(pipeline=["mine"], plugins={"mine": {"word": "libraries"}}, register={"mine": plugin}) as cleaner:
        assert cleaner.process({"text": OTHER}) is not None
        assert cleaner.process({"text": ARTICLE}) is None and cleaner.last_dropped.dropped.detail == {
            "duplicate_of": "earlier"}
        assert cleaner.process({"text": "LOUD"}) is None and cleaner.last_dropped.dropped.reason == "shouting"
        assert state.closed == 0
    cleaner.close()
    assert state.closed == 1 and cleaner.closed
    with pytest.raises(ValueError, match="register"):
        Cleaner(pipeline=["mine"], register={"mine": plugin}, jobs=2)


def test_a_plugin_that_raises_rejects_that_document_and_the_run_goes_on():
    def extract(doc):
        if "<blink>" in doc.html:
            raise RuntimeError("cannot parse blink")
        return {"text": doc.html.removeprefix("<p>"), "title": "T"}

    fragile = types.SimpleNamespace(cleaner_extract=hookimpl(extract))
    dropped: list[Document] = []
    with Cleaner(pipeline=["fragile"], register={"fragile": fragile}) as cleaner:
        kept = list(cleaner.clean([{"html": "<blink>x"}, {"html": "<p>fine"}], on_drop=dropped.append))
    assert [(d.text, d.title) for d in kept] == [("fine", "T")]
    assert dropped[0].reject() == {"id": "api:1", "source": "api", "url": None, "stage": "fragile",
                                   "reason": "plugin-error", "error": "RuntimeError: cannot parse blink"}


def test_jobs_give_the_same_documents():
    records = [{"text": ARTICLE}, {"text": ARTICLE}, {"text": OTHER}] * 3
    results = []
    for jobs in (1, 2):
        with Cleaner(pipeline=["normalize", "exact_dedup"], jobs=jobs) as cleaner:
            results.append([d.record() for d in cleaner.clean(records)])
    assert results[0] == results[1] and len(results[0]) == 2
