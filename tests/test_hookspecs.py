"""Every hook is documented, and every hook is exercised by a test."""
from __future__ import annotations

import inspect
from pathlib import Path

from cleaner import hookspecs

HOOKS = [name for name, fn in vars(hookspecs).items() if name.startswith("cleaner_") and callable(fn)]


def test_there_are_hooks_for_every_stage():
    assert set(HOOKS) == {"cleaner_settings", "cleaner_read", "cleaner_extract", "cleaner_repair",
                          "cleaner_remove", "cleaner_learner", "cleaner_observe", "cleaner_filter", "cleaner_fingerprint",
                          "cleaner_score", "cleaner_deduplicator"}


def test_every_hook_is_documented_with_when_it_is_called_and_what_it_returns():
    for name in HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert "Called" in doc and "eturn" in doc, name


def test_every_hook_has_a_test():
    here = Path(__file__)
    tests = "\n".join(p.read_text() for p in here.parent.glob("test_*.py") if p != here)
    for name in HOOKS:
        assert f"{name}(" in tests, f"no test calls or implements {name}"
