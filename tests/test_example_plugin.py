"""examples/cleaner-example-plugin, installed into a temporary folder: found through its entry
point by `cleaner plugins`, used by `cleaner run`, and its own tests pass."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import config
from conftest import ROOT, SEEDS, read_jsonl, write

EXAMPLE = ROOT / "examples" / "cleaner-example-plugin"
CAPTION = "REUTERS/Manor Quintero"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The example copied to a temporary folder (pip builds in place) and installed into
    another one, and an environment that puts that folder on the import path."""
    tmp = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, tmp / "src", ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    proc = subprocess.run([*pip, "--target", str(tmp / "site"), str(tmp / "src")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("CLEANER_CONFIG", "CLEANER_DISABLE_PLUGIN_AUTOLOAD")}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp / "site"), str(ROOT)])
    return tmp, env


def cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_plugins_command_lists_the_entry_point_plugin(installed):
    tmp, env = installed
    proc = cli(["plugins"], env, tmp)
    assert proc.returncode == 0, proc.stderr
    assert "captions         not in pipeline  entry point (cleaner-example-plugin 0.1.0)" in proc.stdout
    assert "hooks: cleaner_remove, cleaner_settings" in proc.stdout


def test_a_run_with_the_plugin_in_the_pipeline(installed):
    tmp, env = installed
    pipeline = config.read(ROOT / "cleaner" / "default_config.toml")[0]["pipeline"]
    pipeline.insert(pipeline.index("normalize") + 1, "captions")
    cfg = write(tmp / "with-captions.toml", f"pipeline = {json.dumps(pipeline)}\n[plugins.captions]\nmax_chars = 400\n")
    proc = cli(["run", str(SEEDS), "-o", str(tmp / "out.jsonl"), "--config", str(cfg)], env, tmp)
    assert proc.returncode == 0, proc.stderr
    [doc] = [d for d in read_jsonl(tmp / "out.jsonl") if d["id"] == "003_c63b3b5783eb788a.txt"]
    assert CAPTION not in doc["text"] and "Senior US officials traveled to Venezuela" in doc["text"]
    assert [e["kind"] for e in doc["trail"] if e["plugin"] == "captions"] == ["photo-caption"]
    assert re.search(r"removed +\d+ chars in +1 spans  captions", proc.stderr)

    bad = write(tmp / "bad.toml", 'pipeline = ["captions"]\n[plugins.captions]\nmax_chars = "long"\n')
    proc = cli(["run", str(SEEDS), "-o", str(tmp / "bad.jsonl"), "--config", str(bad)], env, tmp)
    assert proc.returncode == 2 and "[plugins.captions]: 'max_chars' must be int" in proc.stderr
    proc = cli(["run", str(SEEDS), "-o", str(tmp / "off.jsonl"), "--config", str(cfg)],
               {**env, "CLEANER_DISABLE_PLUGIN_AUTOLOAD": "1"}, tmp)
    assert proc.returncode == 2 and "unknown plugin 'captions'" in proc.stderr


def test_the_example_passes_its_own_tests(installed):
    tmp, env = installed
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp / "src",
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout
