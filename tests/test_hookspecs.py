"""Every hook is documented, and every hook is exercised by a test."""
from __future__ import annotations

import inspect
import types
from pathlib import Path

import pytest

from cleaner import Cleaner, config, hookimpl, hookspecs
from cleaner_plugins import boilerplate

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


def test_learners_meet_the_learner_protocol_and_an_object_that_does_not_stops_the_run():
    learner = boilerplate.cleaner_learner(settings=boilerplate.Settings())
    assert isinstance(learner, hookspecs.Learner)
    assert not isinstance({"counts": {}}, hookspecs.Learner)
    lazy = types.SimpleNamespace(cleaner_learner=hookimpl(lambda: {"counts": {}}), cleaner_remove=hookimpl(lambda doc: []))
    with pytest.raises(config.ConfigError, match=r"plugin 'lazy': its cleaner_learner returned dict, "
                                                 r"not a cleaner.hookspecs.Learner"):
        Cleaner({"pipeline": ["lazy"]}, register={"lazy": lazy})
