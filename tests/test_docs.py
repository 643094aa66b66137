"""The plugin guide agrees with the hook specs and the example package; README examples run."""
from __future__ import annotations

import importlib.util
import re
import sys
import types

import pytest

from cleaner import Cleaner, testing
from conftest import ROOT, SEEDS, write

GUIDE = ROOT / "docs" / "plugins.md"
EXAMPLE = ROOT / "examples" / "cleaner-example-plugin"


def _hookref() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("hookref", ROOT / "docs" / "hookref.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_blocks(markdown: str, heading: str) -> list[str]:
    """The ```python blocks of the README-style section `heading` (up to the next ## heading)."""
    section = markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_hook_reference_is_generated_from_the_hook_specs():
    hookref = _hookref()
    guide = GUIDE.read_text(encoding="utf-8")
    assert hookref.update(guide) == guide, "docs/plugins.md is out of date: run python docs/hookref.py"
    assert hookref.main(["--check"]) == 0


def test_every_hook_is_in_the_guide_with_its_signature():
    guide = GUIDE.read_text(encoding="utf-8")
    for name in _hookref().hooks():
        assert f"### `{name}`\n\n```python\ndef {name}(" in guide, name


def test_the_walk_through_shows_the_example_plugin_as_it_is():
    guide = GUIDE.read_text(encoding="utf-8")
    source = (EXAMPLE / "src" / "cleaner_example_plugin" / "captions.py").read_text(encoding="utf-8")
    assert f"```python\n{source}```" in guide
    tests = (EXAMPLE / "tests" / "test_captions.py").read_text(encoding="utf-8")
    [two_liner] = [b for b in python_blocks(guide, "Walk-through: a plugin that removes photo captions")
                   if b.startswith("def test_")]
    assert two_liner in tests


def test_the_walk_through_plugin_runs_from_a_plugins_folder(tmp_path):
    """Step 4: the module copied into a plugins_dir (it uses `from __future__ import annotations`
    and a dataclass, which needs the module registered under its name while it loads)."""
    source = EXAMPLE / "src" / "cleaner_example_plugin" / "captions.py"
    write(tmp_path / "my_plugins" / "captions.py", source.read_text(encoding="utf-8"))
    [block] = re.findall(r"```toml\n(plugins_dir.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    with Cleaner(write(tmp_path / "my.toml", block)) as cleaner:
        doc = cleaner.process({"text": (SEEDS / "003_c63b3b5783eb788a.txt").read_text(encoding="utf-8")})
    assert "REUTERS/Manor Quintero" not in doc.text and doc.trail[0]["plugin"] == "captions"


def test_readme_python_api_examples_run(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CLEANER_CONFIG", raising=False)
    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"), "Python API")
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "003_c63b3b5783eb788a.txt en " in out and "'id': 'copy'" in out and "duplicate" in out
    assert "Five words are enough here.\nDrop(stage='min_length', reason='too-short', detail={})" in out


def test_readme_plugin_test_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    no_ads = types.ModuleType("no_ads")
    monkeypatch.setitem(sys.modules, "no_ads", no_ads)
    exec(python_blocks(readme, "Plugins")[0], no_ads.__dict__)
    namespace: dict = {}
    exec(python_blocks(readme, "Writing and testing plugins")[0], namespace)
    assert namespace["pytest_plugins"] == ["cleaner.testing"]
    namespace["test_no_ads"](testing.run)
    with pytest.raises(AssertionError):
        namespace["test_no_ads"](lambda *a, **kw: testing.run("Story.\nMore story.", pipeline=["normalize"]))
