"""A systematic failure stops the run with a clear message; one bad document is a reject."""
import json
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from cleaner import cli, requirements
from conftest import SEEDS

# What trafilatura 1.11 says when html_extract passes it an option of 2.x, on every page.
ERROR = "bare_extraction() got an unexpected keyword argument 'fast'"


def _run(tmp_path: Path, plugin_body: str, copies: int, capsys) -> tuple[int, str, Path]:
    """Run the seeds, `copies` times over (each copy a different story after its first line),
    through normalize and a plugin `broken` with `plugin_body` as its cleaner_repair."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(copies):
        text = seeds[i % len(seeds)].read_text("utf-8")
        (inputs / f"{i:03}.txt").write_text(f"Copy {i}.\n{text}", "utf-8")
    (tmp_path / "plugins").mkdir()
    body = textwrap.indent(textwrap.dedent(plugin_body), "    ")
    (tmp_path / "plugins" / "broken.py").write_text(f"from cleaner import hookimpl\n\n\n@hookimpl\n"
                                                    f"def cleaner_repair(text):\n{body}\n")
    cfg = tmp_path / "config.toml"
    cfg.write_text('plugins_dir = "plugins"\npipeline = ["normalize", "broken"]\n')
    out = tmp_path / "out" / "clean.jsonl"
    code = cli.main(["run", str(inputs), "-o", str(out), "--config", str(cfg), "-q"])
    return code, capsys.readouterr().err, out


def test_the_same_error_on_the_first_documents_stops_the_run(tmp_path, capsys):
    code, err, out = _run(tmp_path, f"raise TypeError({ERROR!r})", 30, capsys)
    assert code == 4
    assert f"step 'broken' failed the same way on the first 20 documents: TypeError: {ERROR}" in err
    assert not out.exists() and not out.with_name("clean.rejects.jsonl").exists()


def test_the_same_error_on_every_document_of_a_short_run_stops_it(tmp_path, capsys):
    code, err, out = _run(tmp_path, "raise KeyError(len(text))", 5, capsys)  # errors differ in numbers only
    assert code == 4 and "failed the same way on all 5 documents: KeyError: " in err
    assert not out.exists()


def test_one_failing_document_is_a_reject(tmp_path, capsys):
    code, _, out = _run(tmp_path, 'if text.startswith("Copy 7."):\n    raise ValueError("bad page")\nreturn None',
                        30, capsys)
    assert code == 0
    rejects = [json.loads(line) for line in out.with_name("clean.rejects.jsonl").read_text().splitlines()]
    assert [(r["id"], r["stage"], r["reason"], r["error"]) for r in rejects] == [
        ("007.txt", "broken", "plugin-error", "ValueError: bad page")]
    assert len(out.read_text().splitlines()) == 29


def test_failures_that_stop_after_the_start_are_rejects(tmp_path, capsys):
    body = 'if int(text.split(".")[0].split()[1]) < 10:\n    raise ValueError("bad page")\nreturn None'
    code, _, out = _run(tmp_path, body, 30, capsys)
    assert code == 0 and len(out.with_name("clean.rejects.jsonl").read_text().splitlines()) == 10


def test_an_installed_dependency_of_the_wrong_version_stops_before_reading(tmp_path, capsys, monkeypatch):
    """Another package pinned trafilatura 1.11: the built-ins need 2.3 or later."""
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "1.11.0" if name == "trafilatura" else real(name))
    requirements.unmet.cache_clear()
    try:
        code = cli.main(["run", str(SEEDS), "-o", str(tmp_path / "o.jsonl"), "-q"])
    finally:
        requirements.unmet.cache_clear()
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "o.jsonl").exists()
    assert "the built-in plugins cannot run with the installed packages" in err
    assert "cleaner needs trafilatura<2.4,>=2.3, but trafilatura 1.11.0 is installed (pip install 'trafilatura<2.4,>=2.3')" in err


def test_a_plugin_package_whose_requirements_are_not_met_stops_the_run(tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    (site / "shouting-0.1.dist-info").mkdir(parents=True)
    (site / "shouting-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shouting\nVersion: 0.1\nRequires-Dist: ftfy<2\n")
    (site / "shouting-0.1.dist-info" / "entry_points.txt").write_text("[cleaner]\nshouting = shouting\n")
    (site / "shouting.py").write_text("from cleaner import hookimpl\n\n@hookimpl\ndef cleaner_repair(text):\n"
                                      "    return text.upper()\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("CLEANER_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    code = cli.main(["run", str(SEEDS), "-o", str(tmp_path / "o.jsonl"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "plugin package shouting cannot run with the installed packages: shouting needs ftfy<2, but ftfy " in err


def test_the_installed_packages_meet_cleaners_requirements():
    assert requirements.unmet("cleaner") == ()
