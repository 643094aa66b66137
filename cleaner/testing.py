"""Helpers for testing plugins: run a pipeline on a few strings, then assert on the outcome.

Put ``pytest_plugins = ["cleaner.testing"]`` in your top-level ``conftest.py``; then::

    def test_no_ads(run_pipeline):
        out = run_pipeline("Story.\\nADVERTISEMENT\\nMore.", pipeline=["no_ads"], register={"no_ads": no_ads})
        assert out.text == "Story.\\nMore." and out.removed == [("no_ads", "ad", "ADVERTISEMENT")]

Outside pytest, `run` does the same (it still imports pytest, for the fixture); ``jobs=2``
runs as ``cleaner run -j 2`` would, and finds what does not pickle. Of the plugins other
packages install, a run loads only those it names (see `run`): a test does not change with
what else is installed on the machine.
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import config as config_mod
from . import plugins
from .api import Cleaner
from .config import Config
from .document import Document
from .stats import Stats

DEFAULT_CONFIG = Path(__file__).with_name("default_config.toml")


@dataclass
class Outcome:
    """What a run made of its inputs: `docs` holds every document, in input order."""

    docs: list[Document]
    stats: Stats

    @property
    def texts(self) -> list[str | None]:
        """The clean text of each input, None for a dropped one."""
        return [None if d.dropped else d.text for d in self.docs]

    @property
    def text(self) -> str | None:
        """The clean text of the only input."""
        return self._only(self.texts)

    @property
    def reasons(self) -> list[tuple[str, str] | None]:
        """``(stage, reason)`` of each input that was dropped, None for a kept one."""
        return [(d.dropped.stage, d.dropped.reason) if d.dropped else None for d in self.docs]

    @property
    def reason(self) -> tuple[str, str] | None:
        """``(stage, reason)`` if the only input was dropped, else None."""
        return self._only(self.reasons)

    @property
    def removed(self) -> list[tuple[str, str, str]]:
        """The trail of every input, in order: ``(plugin, kind, removed text)`` (its first 80
        characters)."""
        return [(e["plugin"], e["kind"], e["text"]) for d in self.docs for e in d.trail]

    def _only(self, values: list[Any]) -> Any:
        if len(values) != 1:
            raise ValueError(f"the run had {len(values)} inputs; use the plural attribute")
        return values[0]


class PicklingFault(AssertionError):
    """A document does not survive the trip to a worker process and back (``-j 2`` would fail)."""


def run(
    inputs: str | Mapping[str, Any] | Iterable[str | Mapping[str, Any]],
    config: Config | Path | str | Mapping[str, Any] | None = DEFAULT_CONFIG,
    register: Mapping[str, object] | None = None,
    jobs: int = 1,
    installed: bool | Iterable[str] = (),
    **overrides: Any,
) -> Outcome:
    """Clean `inputs` (a string is a text, a mapping a record such as ``{"html": ...}``) with
    `config` (the packaged default config unless given) and `overrides` as for `Cleaner`:
    ``pipeline=[...]``, ``plugins={"NAME": {...}}``. `register` adds plugin modules by name.
    `jobs` > 1 runs the steps in worker processes; with `register` (plugins a worker cannot
    load) they run here, but every document goes through pickle as it would to a worker and
    back, and PicklingFault names the one that does not.
    Of the entry-point plugins of other packages, the run loads those its pipeline or its
    ``[plugins.NAME]`` tables name and those `installed` names (a hook wrapper that is no
    step), whatever ``CLEANER_LOAD_PLUGINS``, ``..._BLOCK_...`` or ``..._DISABLE_...`` say;
    ``installed=True`` loads them as ``cleaner run`` would on this machine."""
    if isinstance(inputs, (str, Mapping)):
        inputs = [inputs]
    records = [{"text": r} if isinstance(r, str) else r for r in inputs]
    docs: list[Document] = []
    with _loading(None if installed is True else _named(config, overrides, installed or ())):
        if isinstance(config, Config):  # its plugin manager was made under another rule
            config = config_mod.from_dict(config.raw, config.base)
        with Cleaner(config, register=register, jobs=1 if register else jobs, **overrides) as cleaner:
            if register and jobs > 1:
                cleaner.pipeline.process = _through_pickle(cleaner.pipeline.process)  # type: ignore[method-assign]
            for doc in cleaner.clean(records, on_drop=docs.append):
                docs.append(doc)
    return Outcome(docs, cleaner.stats)


def _named(config: Config | Path | str | Mapping[str, Any] | None, overrides: Mapping[str, Any],
           installed: Iterable[str]) -> list[str]:
    """The other packages' entry-point plugins a run loads: those its config (with `overrides`)
    names, and those in `installed` (each must be one)."""
    available = plugins._entry_points()[1]
    asked = {installed} if isinstance(installed, str) else set(installed)
    unknown = sorted(asked - set(available))
    if unknown:
        raise ValueError(f"installed= names {unknown[0]!r}, which no installed package provides as a cleaner "
                         f"plugin; installed plugins: {', '.join(available) or 'none'}")
    if isinstance(config, Config):
        raw = config.raw
    elif isinstance(config, Mapping):
        raw = config_mod.extended(config, Path("."))
    else:
        raw = config_mod.read(Path(config) if config else None)[0]
    raw = config_mod.merge(raw, overrides)
    pipeline, tables = raw.get("pipeline"), raw.get("plugins")
    named = {*(pipeline if isinstance(pipeline, list) else ()), *(tables if isinstance(tables, dict) else ())}
    return sorted(asked | (named & set(available)))


@contextmanager
def _loading(names: list[str] | None) -> Iterator[None]:
    """The environment the run's plugin managers read (here and in its worker processes): of
    the other packages' plugins only `names`, none blocked; None leaves the environment as it is."""
    if names is None:
        yield
        return
    variables = (plugins.LOAD_ENV, plugins.BLOCK_ENV, plugins.DISABLE_AUTOLOAD_ENV)
    saved = {v: os.environ.pop(v) for v in variables if v in os.environ}
    os.environ[plugins.LOAD_ENV] = ",".join(names)
    try:
        yield
    finally:
        for v in variables:
            os.environ.pop(v, None)
        os.environ.update(saved)


def _through_pickle(process: Callable[..., Document]) -> Callable[..., Document]:
    def trip(doc: Document, when: str) -> Document:
        try:
            return pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as e:
            raise PicklingFault(f"document {doc.id!r} does not pickle {when} (-j 2 would fail): "
                                f"{type(e).__name__}: {e}") from e

    def process_in_worker(doc: Document, **kwargs: Any) -> Document:
        return trip(process(trip(doc, "on its way to a worker"), **kwargs), "on its way back from a worker")

    return process_in_worker


@pytest.fixture
def run_pipeline() -> Callable[..., Outcome]:
    """`run`, as a fixture."""
    return run
