"""The default command on the seeds, determinism, -j, and config errors."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from cleaner import cli
from conftest import ARTICLE, GONE, ROOT, SEEDS, STAY, read_jsonl, write



@pytest.fixture(scope="module")
def seeds_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "clean.jsonl"
    assert cli.main(["run", str(SEEDS), "-o", str(out), "-q"]) == 0
    return out


def test_seeds_give_five_clean_records(seeds_output):
    docs = read_jsonl(seeds_output)
    assert len(docs) == 5
    text = "\n".join(d["text"] for d in docs)
    for phrase in GONE:
        assert phrase not in text, phrase
    for phrase in STAY:
        assert phrase in text, phrase
    assert "\u00a0" not in text
    assert all(d["lang"] == "en" for d in docs)
    removed = [entry for d in docs for entry in d["trail"]]
    assert {"comments", "related", "prompts"} <= {e["plugin"] for e in removed}
    assert all(set(e) == {"plugin", "kind", "chars", "text"} for e in removed)


def test_default_command_as_installed(tmp_path):
    """The README's command, through the installed console script, from the repository root."""
    exe = shutil.which("cleaner") or pytest.skip("console script not installed")
    proc = subprocess.run([exe, "run", "seeds", "-o", str(tmp_path / "clean.jsonl")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(read_jsonl(tmp_path / "clean.jsonl")) == 5
    assert read_jsonl(tmp_path / "clean.rejects.jsonl") == []
    assert "read 5 documents: kept 5, dropped 0" in proc.stderr


def _corpus(root):
    """Seeds plus copies, short texts and a broken line: every kind of outcome."""
    root.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    shutil.copy(SEEDS / "003_c63b3b5783eb788a.txt", root / "copy-of-003.txt")
    write(root / "short.txt", "Too short to keep.")
    write(root / "feed.jsonl", "\n".join([f'{{"text": "{ARTICLE}"}}', "{broken", f'{{"text": "{ARTICLE}"}}']) + "\n")
    return root


def test_kept_plus_rejected_equals_read(tmp_path, run_cli):
    corpus = _corpus(tmp_path / "in")
    run = run_cli(corpus, quiet=False)
    assert "read 10 documents: kept 6, dropped 4" in run.stderr
    assert len(run.kept) + len(run.rejects) == 10
    reasons = sorted((r["stage"], r["reason"]) for r in run.rejects)
    assert reasons == [("exact_dedup", "duplicate"), ("exact_dedup", "duplicate"),
                       ("min_length", "too-short"), ("read", "malformed-jsonl")]
    dup = next(r for r in run.rejects if r["id"] == "copy-of-003.txt")
    assert dup["duplicate_of"] == "003_c63b3b5783eb788a.txt"


def test_two_runs_and_two_job_counts_are_byte_identical(tmp_path):
    corpus = _corpus(tmp_path / "in")
    outputs = []
    for name, jobs in [("a", "1"), ("b", "1"), ("c", "2")]:
        out = tmp_path / name / "clean.jsonl"
        assert cli.main(["run", str(corpus), "-o", str(out), "-j", jobs, "-q"]) == 0
        outputs.append((out.read_bytes(), (tmp_path / name / "clean.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0][0].splitlines()) == 6


@pytest.mark.parametrize(
    "config, message",
    [
        ('pipeline = ["normalize", "no_such_plugin"]', "unknown plugin 'no_such_plugin'"),
        ('pipeline = ["min_length"]\n[plugins.min_length]\nmin_words = "ten"', "'min_words' must be int"),
        ('pipeline = ["min_length"]\n[plugins.min_length]\nmin_wordz = 3', "unknown key 'min_wordz'"),
        ('pipeline = ["min_length"]\ncolour = "red"', "unknown config key 'colour'"),
        ('pipeline = ["min_length"', "not valid TOML"),
    ],
)
def test_bad_config_stops_before_reading_input(tmp_path, capsys, config, message):
    write(tmp_path / "bad.toml", config)
    out = tmp_path / "out" / "clean.jsonl"
    code = cli.main(["run", str(SEEDS), "-o", str(out), "--config", str(tmp_path / "bad.toml")])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "nope"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_help_explains_the_commands():
    proc = subprocess.run([sys.executable, "-m", "cleaner.cli", "run", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--rejects" in proc.stdout
    assert "Output is identical for any" in proc.stdout
