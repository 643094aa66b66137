"""Helpers for testing plugins: run a pipeline on a few strings, then assert on the outcome.

Put ``pytest_plugins = ["cleaner.testing"]`` in your top-level ``conftest.py``; then::

    def test_no_ads(run_pipeline):
        out = run_pipeline("Story.\\nADVERTISEMENT\\nMore.", pipeline=["no_ads"], register={"no_ads": no_ads})
        assert out.text == "Story.\\nMore." and out.removed == [("no_ads", "ad", "ADVERTISEMENT")]

Outside pytest, `run` does the same (it still imports pytest, for the fixture); ``jobs=2``
runs as ``cleaner run -j 2`` would, and finds what does not pickle.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

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
    **overrides: Any,
) -> Outcome:
    """Clean `inputs` (a string is a text, a mapping a record such as ``{"html": ...}``) with
    `config` (the packaged default config unless given) and `overrides` as for `Cleaner`:
    ``pipeline=[...]``, ``plugins={"NAME": {...}}``. `register` adds plugin modules by name.
    `jobs` > 1 runs the steps in worker processes; with `register` (plugins a worker cannot
    load) they run here, but every document goes through pickle as it would to a worker and
    back, and PicklingFault names the one that does not."""
    if isinstance(inputs, (str, Mapping)):
        inputs = [inputs]
    records = [{"text": r} if isinstance(r, str) else r for r in inputs]
    docs: list[Document] = []
    with Cleaner(config, register=register, jobs=1 if register else jobs, **overrides) as cleaner:
        if register and jobs > 1:
            cleaner.pipeline.process = _through_pickle(cleaner.pipeline.process)  # type: ignore[method-assign]
        for doc in cleaner.clean(records, on_drop=docs.append):
            docs.append(doc)
    return Outcome(docs, cleaner.stats)


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
