"""cleaner.testing: the run_pipeline fixture and its Outcome."""
from __future__ import annotations

import types

import pytest

from cleaner import Removal, hookimpl
from cleaner.testing import run, run_pipeline  # noqa: F401  (the fixture)
from conftest import ARTICLE, write

SHOUTING = types.SimpleNamespace(
    cleaner_remove=hookimpl(lambda doc: [Removal(0, doc.text.index("\n") + 1, "shout")] if doc.text.isupper() else [])
)


def test_a_plugin_test_in_two_lines(run_pipeline):
    out = run_pipeline("HELLO THERE\nTHIS IS LOUD", pipeline=["shouting"], register={"shouting": SHOUTING})
    assert out.text == "THIS IS LOUD" and out.removed == [("shouting", "shout", "HELLO THERE")]


def test_several_inputs_keep_their_order_and_reasons(run_pipeline):
    out = run_pipeline([ARTICLE, "Too short.", {"html": "<p>no extractor</p>"}, ARTICLE.upper()],
                       pipeline=["normalize", "min_length", "exact_dedup"])
    assert out.texts == [ARTICLE, None, None, None]
    assert out.reasons == [None, ("min_length", "too-short"), ("pipeline", "no-text"), ("exact_dedup", "duplicate")]
    assert [d.id for d in out.docs] == ["api:1", "api:2", "api:3", "api:4"]
    assert out.stats.kept == 1
    with pytest.raises(ValueError, match="4 inputs"):
        out.text


def test_the_packaged_default_config_unless_told_otherwise(tmp_path, monkeypatch):
    write(tmp_path / "config.toml", 'pipeline = ["normalize"]\n')
    monkeypatch.chdir(tmp_path)
    assert run("Too short.").reason == ("min_length", "too-short")
    assert run("Too short.", config=tmp_path / "config.toml").text == "Too short."
    assert run("Short.", plugins={"min_length": {"min_words": 1}}).reason is None


LEAKY = types.SimpleNamespace(  # leaves a function in the record's meta: fine in one process, not across two
    cleaner_repair=hookimpl(lambda text: None),
    cleaner_filter=hookimpl(lambda doc: doc.meta.update(render=lambda: doc.text)),
)


def test_jobs_2_finds_what_does_not_pickle(run_pipeline):
    from cleaner.testing import PicklingFault

    assert run_pipeline(ARTICLE, pipeline=["normalize", "leaky"], register={"leaky": LEAKY}).text == ARTICLE
    with pytest.raises(PicklingFault, match="'api:1' does not pickle on its way back from a worker"):
        run_pipeline(ARTICLE, pipeline=["normalize", "leaky"], register={"leaky": LEAKY}, jobs=2)
    out = run_pipeline([ARTICLE, "HELLO THERE\n" + ARTICLE.upper()], pipeline=["normalize", "shouting"],
                       register={"shouting": SHOUTING}, jobs=2)
    assert out.texts == [ARTICLE, ARTICLE.upper()] and out.removed == [("shouting", "shout", "HELLO THERE")]

