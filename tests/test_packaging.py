"""What `pip install .` (not editable) ships: every package of the source tree."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_of_cleaner_is_listed_for_setuptools():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "cleaner").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "cleaner.text" in found and found - listed == set(), f"add {sorted(found - listed)} to pyproject.toml"
