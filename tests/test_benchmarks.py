"""The benchmark scripts share their corpora through benchmarks/corpus/, never by importing
one another (a script's edits then cannot break another script)."""
from __future__ import annotations

import ast

from conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def imported(path) -> set[str]:
    """The top-level names of the modules `path` imports (relative imports as ``.``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." if node.level else node.module.split(".")[0])
    return names


def test_scripts_import_the_corpus_package_not_each_other():
    scripts = sorted(BENCHMARKS.glob("*.py"))
    names = {path.stem for path in scripts}
    assert {"near_dup", "wcxb_quality", "vs_datatrove", "split"} <= names
    for path in scripts:
        assert not imported(path) & names, path.name
    users = [path.stem for path in scripts if "corpus" in imported(path)]
    assert len(users) >= 12 and {"steps", "vs_datatrove", "redis_dedup", "republished", "debris_model_speed"} <= set(users)
    for path in sorted((BENCHMARKS / "corpus").glob("*.py")):  # the package itself: corpus and cleaner
        assert not imported(path) & names, path.name
