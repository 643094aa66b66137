"""Plugin loading (folder, entry points, autoload switch), hook calls, errors and explain."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Document, cli, config, hookimpl, inputs, plugins
from conftest import ARTICLE, SEEDS, write

UPPERCASE_PLUGIN = '''
from dataclasses import dataclass
from cleaner import hookimpl, Removal
from cleaner.text.spans import lines

@dataclass
class Settings:
    marker: str = "ADVERTISEMENT"

@hookimpl
def cleaner_settings():
    return Settings

@hookimpl
def cleaner_remove(doc, settings):
    return [Removal(l.start, l.end, "ad") for l in lines(doc.text) if l.content.strip() == settings.marker]
'''

BROKEN_PLUGIN = '''
from cleaner import hookimpl

@hookimpl
def cleaner_filter(doc):
    if "villages" in doc.text:
        raise RuntimeError("cannot handle villages")
'''


def _config(tmp_path: Path, pipeline: list[str], extra: str = "") -> Path:
    return write(tmp_path / "config.toml", f'plugins_dir = "local"\npipeline = {json.dumps(pipeline)}\n{extra}')


def test_plugins_folder_plugin_runs_with_its_settings(tmp_path):
    write(tmp_path / "local" / "no_ads.py", UPPERCASE_PLUGIN)
    path = _config(tmp_path, ["normalize", "no_ads"], '[plugins.no_ads]\nmarker = "SPONSORED"\n')
    with Cleaner(path) as cleaner:
        doc = cleaner.process({"id": "x", "text": f"First line.\nSPONSORED\nADVERTISEMENT\n{ARTICLE}"})
    assert doc.dropped is None
    assert doc.text == f"First line.\nADVERTISEMENT\n{ARTICLE}"
    assert doc.trail == [{"plugin": "no_ads", "kind": "ad", "chars": 9, "text": "SPONSORED"}]


def test_plugin_that_raises_rejects_only_that_document(tmp_path, capsys):
    write(tmp_path / "local" / "fragile.py", BROKEN_PLUGIN)
    cfg = _config(tmp_path, ["normalize", "fragile"])
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / "b.txt", "A different text about harbours and their cranes, long enough to keep.")
    out = tmp_path / "out.jsonl"
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-q"]) == 0
    [reject] = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert (reject["id"], reject["stage"], reject["reason"]) == ("a.txt", "fragile", "plugin-error")
    assert reject["error"] == "RuntimeError: cannot handle villages"
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["b.txt"]


def test_plugins_command_lists_origin_and_hooks(tmp_path, capsys):
    write(tmp_path / "local" / "no_ads.py", UPPERCASE_PLUGIN)
    assert cli.main(["plugins", "--config", str(_config(tmp_path, ["no_ads", "language"]))]) == 0
    out = capsys.readouterr().out
    assert "no_ads           step 1           file " in out and "local/no_ads.py" in out
    assert "language         step 2           built-in" in out
    assert "readers          reader           built-in" in out
    assert "hooks: cleaner_remove, cleaner_settings" in out


READ_EVERYTHING = '''
from cleaner import Document, hookimpl

@hookimpl
def cleaner_read(name, stream, source):
    return [Document(id=source, source=source, text="read by thief: " + stream.read().decode())]
'''


def test_the_built_ins_are_the_cleaner_distributions_entry_points():
    pm = plugins.manager()
    names = {name for name, (_, dist) in pm.distributions.items() if dist.metadata["name"] == "cleaner"}
    assert {"readers", "normalize", "near_dedup"} <= names == {n for n, _ in pm.list_name_plugin()}
    assert {plugins.origin(pm, n) for n in names} == {"built-in"}
    assert pm.get_plugin("normalize").__name__ == "cleaner_plugins.normalize"


def test_other_distributions_plugins_load_unless_autoload_is_off_or_not_chosen(installed, monkeypatch):
    installed("shouty", {"shout": UPPERCASE_PLUGIN, "quiet": UPPERCASE_PLUGIN})
    pm = plugins.manager()
    assert plugins.origin(pm, "shout") == "entry point (shouty 1.0)" and pm.has_plugin("quiet")
    monkeypatch.setenv(plugins.LOAD_ENV, "quiet")
    pm = plugins.manager()
    assert pm.has_plugin("quiet") and not pm.has_plugin("shout") and pm.has_plugin("language")
    monkeypatch.setenv(plugins.LOAD_ENV, "")
    assert not plugins.manager().has_plugin("quiet")
    monkeypatch.setenv(plugins.LOAD_ENV, "quiet,loud")
    with pytest.raises(plugins.PluginError, match="CLEANER_LOAD_PLUGINS names 'loud'.*installed plugins: quiet, shout"):
        plugins.manager()
    monkeypatch.delenv(plugins.LOAD_ENV)
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, "1")
    pm = plugins.manager()
    assert not pm.has_plugin("shout") and not pm.has_plugin("quiet") and pm.has_plugin("language")


def test_a_blocked_plugin_is_not_loaded_built_in_or_not(installed, tmp_path, monkeypatch):
    installed("shouty", {"shout": UPPERCASE_PLUGIN})
    write(tmp_path / "local" / "no_ads.py", UPPERCASE_PLUGIN)
    monkeypatch.setenv(plugins.BLOCK_ENV, "shout, language,no_ads")
    pm = plugins.manager(tmp_path / "local")
    assert not any(pm.has_plugin(n) for n in ("shout", "language", "no_ads")) and pm.has_plugin("normalize")
    with pytest.raises(config.ConfigError, match=r"plugin 'language' in config is blocked by \$CLEANER_BLOCK_PLUGINS"):
        config.load(_config(tmp_path, ["normalize", "language"]))
    with Cleaner({"pipeline": ["normalize", "min_length"]}) as cleaner:
        assert cleaner.process({"text": ARTICLE}).text == ARTICLE


def test_a_reader_from_elsewhere_cannot_take_over_a_built_in_format(installed, tmp_path):
    installed("thief", {"thief": READ_EVERYTHING})
    write(tmp_path / "in" / "a.txt", "plain text")
    write(tmp_path / "in" / "b.xyz", "a format of its own")
    pm = plugins.manager()
    docs = list(inputs.read(inputs.discover([tmp_path / "in"]), pm, 1000))
    assert [(d.id, d.text) for d in docs] == [("a.txt", "plain text"), ("b.xyz", "read by thief: a format of its own")]


def test_two_distributions_may_not_provide_one_plugin_name(installed):
    installed("shouty", {"shout": UPPERCASE_PLUGIN})
    installed("loud", {"shout": UPPERCASE_PLUGIN})
    with pytest.raises(plugins.PluginError, match="two distributions provide a cleaner plugin named 'shout': "):
        plugins.manager()


def test_an_entry_point_that_fails_to_import_names_its_distribution(installed):
    installed("broken", {"oops": "import no_such_module_here\n"})
    with pytest.raises(plugins.PluginError, match=r"plugin 'oops' \(broken 1.0\) failed to load: ModuleNotFoundError"):
        plugins.manager()


def test_plugin_file_with_a_syntax_error_is_a_config_error(tmp_path):
    write(tmp_path / "local" / "oops.py", "def broken(:\n")
    with pytest.raises(config.ConfigError, match="oops.py failed to load: SyntaxError"):
        config.load(_config(tmp_path, ["normalize"]))


def test_html_without_an_extractor_is_rejected(tmp_path):
    with Cleaner({"pipeline": ["normalize"]}) as cleaner:
        assert cleaner.process({"html": "<p>Hello</p>"}) is None
    assert (cleaner.last_dropped.dropped.stage, cleaner.last_dropped.dropped.reason) == ("pipeline", "no-text")


def test_explain_marks_each_removed_span_with_its_plugin(capsys):
    assert cli.main(["explain", str(SEEDS / "003_c63b3b5783eb788a.txt"), "--color", "never"]) == 0
    out = capsys.readouterr().out
    before, after = out.split("-- after")
    assert "[-Leave a Reply" in before and "{comments:" in before
    assert "{related:" in before and "The UK has only a few days to save Christmas" in before
    assert "Leave a Reply" not in after and "Senior US officials traveled to Venezuela" in after


def test_explain_of_a_jsonl_record(tmp_path, capsys):
    write(tmp_path / "f.jsonl", json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": "Leave a Reply\n" + ARTICLE}) + "\n")
    assert cli.main(["explain", str(tmp_path / "f.jsonl"), "--record", "2", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== f.jsonl:2 (f.jsonl)")
    assert cli.main(["explain", str(tmp_path / "f.jsonl"), "--record", "3"]) == 1


def test_document_from_record_rejects_non_objects():
    with pytest.raises(TypeError):
        Document.from_record(["text"], "x", "s")
    doc = Document.from_record({"text": "t", "lang_hint": "en", "source": "crawl"}, "x", "s")
    assert (doc.id, doc.source, doc.meta) == ("x", "s", {"lang_hint": "en"})


GREEDY_PLUGIN = '''
from cleaner import hookimpl, Removal

@hookimpl
def cleaner_remove(doc):
    return [Removal(0, len(doc.text) - 10, "everything")]
'''


def test_a_plugin_removing_too_much_is_flagged_not_applied(tmp_path):
    write(tmp_path / "local" / "greedy.py", GREEDY_PLUGIN)
    with Cleaner(_config(tmp_path, ["greedy"], "max_removal_share = 0.5\n")) as cleaner:
        doc = cleaner.process({"text": ARTICLE})
    assert doc.text == ARTICLE and doc.trail == [] and doc.flags == ["over-removal:greedy"]
    with Cleaner(_config(tmp_path, ["greedy"], "max_removal_share = 1.0\n")) as cleaner:
        doc = cleaner.process({"text": ARTICLE})
    assert doc.text == ARTICLE[-10:].strip() and doc.trail[0]["kind"] == "everything"


def test_max_removal_share_must_be_a_share(tmp_path):
    with pytest.raises(config.ConfigError, match="max_removal_share"):
        config.from_dict({"pipeline": [], "max_removal_share": 2})


LEARNING_PLUGIN = '''
import os
from cleaner import hookimpl, Removal
from cleaner.text.spans import lines

class Learner:
    def __init__(self):
        self.longest, self.summaries = 0, []

    def observe(self, doc, summary):
        self.summaries.append(summary)
        self.longest = max(self.longest, summary["words"])

    def model(self):
        return {"longest": self.longest, "summarised_in": sorted({s["pid"] for s in self.summaries}),
                "learned_in": os.getpid()}

@hookimpl
def cleaner_learner():
    return Learner()

@hookimpl
def cleaner_observe(doc):
    return {"words": len(doc.text.split()), "pid": os.getpid()}

@hookimpl
def cleaner_remove(doc, model):
    doc.meta["model"] = model
    return []
'''


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_learner_adds_up_the_summaries_that_cleaner_observe_made_in_the_workers(tmp_path, jobs):
    write(tmp_path / "local" / "longest.py", LEARNING_PLUGIN)
    texts = [ARTICLE, ARTICLE + " And one more sentence about the harbour.", "Short text about cranes and ships."]
    with Cleaner(_config(tmp_path, ["normalize", "longest"]), jobs=jobs) as cleaner:
        docs = list(cleaner.clean(({"id": str(i), "text": t} for i, t in enumerate(texts)), learn=True))
    model = docs[0].meta["model"]
    assert model["longest"] == max(len(t.split()) for t in texts) and len(docs) == 3
    assert (model["summarised_in"] == [model["learned_in"]]) == (jobs == 1)  # with workers, made there


def test_hook_wrappers_wrap_each_steps_call_in_pluggys_order(tmp_path):
    seen = []

    class Outer:
        @hookimpl(wrapper=True, tryfirst=True)
        def cleaner_remove(self, doc):
            seen.append(("outer", doc.text.split()[0]))
            return (yield)

    class Inner:
        @hookimpl(wrapper=True)
        def cleaner_remove(self, doc):
            results = yield  # pluggy's list of results: the step's only (none if it returned None)
            seen.append(("inner", len(results[0])))
            return [results[0][:1]]  # a wrapper may change what the step returns

    class Other:  # a plain implementation outside the pipeline never runs
        @hookimpl
        def cleaner_remove(self, doc):
            raise AssertionError("not a step")

    write(tmp_path / "local" / "no_ads.py", UPPERCASE_PLUGIN)
    with Cleaner(_config(tmp_path, ["no_ads"]), register={"inner": Inner(), "outer": Outer(), "other": Other()}) as c:
        doc = c.process({"text": "Lead\nADVERTISEMENT\nmiddle\nADVERTISEMENT\nend"})
    assert seen == [("outer", "Lead"), ("inner", 2)]
    assert doc.text == "Lead\nmiddle\nADVERTISEMENT\nend"
