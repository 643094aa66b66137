"""cleaner.testing: the run_pipeline fixture and its Outcome."""
from __future__ import annotations

import os
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



# Another package's plugins, installed on the machine: a step that removes ad markers, and a
# wrapper of every step's repair that no pipeline names (it would change every test's text).
ADS = '''
from cleaner import Removal, hookimpl

@hookimpl
def cleaner_remove(doc):
    start = doc.text.find("ADVERTISEMENT\\n")
    return [Removal(start, start + 14, "ad")] if start >= 0 else []
'''
LOUD = '''
from cleaner import hookimpl

@hookimpl(wrapper=True)
def cleaner_repair(text):
    results = yield
    return [r.upper() for r in results]
'''


def test_a_run_loads_only_the_installed_plugins_it_names(installed, monkeypatch):
    from cleaner import Cleaner, plugins
    from cleaner.api import configure
    from cleaner.testing import DEFAULT_CONFIG

    installed("other", {"ads": ADS, "loud": LOUD})
    text = "Lead.\nADVERTISEMENT\n" + ARTICLE
    with Cleaner(pipeline=["normalize", "ads"]) as cleaner:  # as `cleaner run` loads them: all
        assert cleaner.process({"text": text}).text == ("Lead.\n" + ARTICLE).upper()
    out = run(text, pipeline=["normalize", "ads"])
    assert out.text == "Lead.\n" + ARTICLE and out.removed == [("ads", "ad", "ADVERTISEMENT")]
    assert run(text, pipeline=["normalize", "ads"], jobs=2).texts == out.texts  # in the workers too
    assert run(text, pipeline=["normalize"]).text == text
    assert run(text, config=configure(DEFAULT_CONFIG, pipeline=["normalize"])).text == text  # a Config made with all
    # named on purpose, or all of them as on this machine
    assert run(text, pipeline=["normalize"], installed=["loud"]).text == text.upper()
    assert run(text, pipeline=["normalize"], installed=True).text == text.upper()
    with pytest.raises(ValueError, match="installed= names 'quiet'.*installed plugins: ads, loud"):
        run(text, pipeline=["normalize"], installed=["quiet"])
    # the machine's switches change neither the run nor what they say after it
    monkeypatch.setenv(plugins.LOAD_ENV, "loud")
    monkeypatch.setenv(plugins.BLOCK_ENV, "ads")
    assert run(text, pipeline=["normalize", "ads"]).text == "Lead.\n" + ARTICLE
    assert (os.environ[plugins.LOAD_ENV], os.environ[plugins.BLOCK_ENV]) == ("loud", "ads")
    assert plugins.DISABLE_AUTOLOAD_ENV not in os.environ
