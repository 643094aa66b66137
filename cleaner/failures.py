"""Telling a systematic failure from a bad document: a step that fails the same way on the
first documents of a run, or on every one, is a broken install or plugin, and the run stops
instead of writing a rejects file of identical errors."""
from __future__ import annotations

import re

from .document import Document
from .pipeline import StopRun

FIRST_DOCUMENTS = 20  # failing alike from the start of a run: stop at once
_NUMBERS = re.compile(r"\d+")


class SystematicFailure(StopRun):
    """The same step failed the same way on every document so far."""


class FailureWatch:
    """Watches the documents of a run, in order; `see` raises SystematicFailure once the first
    FIRST_DOCUMENTS the pipeline ran on failed alike, `finish` if all of them did (two or more).
    Alike: the same step, reason ``plugin-error`` and error (numbers aside)."""

    def __init__(self) -> None:
        self.first: tuple[str, str] | None = None
        self.error = ""  # the first failure's error, as it was
        self.alike = 0
        self.broken = False  # a document that did not fail like the first

    def see(self, doc: Document) -> None:
        if self.broken or (doc.dropped and doc.dropped.stage == "read"):
            return
        failure = _failure(doc)
        if failure is None or self.first not in (None, failure):
            self.broken = True
            return
        if self.first is None:
            self.first, self.error = failure, str(doc.dropped.detail.get("error", ""))  # type: ignore[union-attr]
        self.alike += 1
        if self.alike >= FIRST_DOCUMENTS:
            raise self._error(f"the first {self.alike} documents")

    def finish(self) -> None:
        if not self.broken and self.alike >= 2:
            raise self._error(f"all {self.alike} documents")

    def _error(self, which: str) -> SystematicFailure:
        assert self.first is not None
        return SystematicFailure(
            f"step {self.first[0]!r} failed the same way on {which}: {self.error}. This is a broken install or plugin, "
            "not bad input: check the versions of the packages the step uses (`pip check`), fix the plugin, or "
            "leave the step out of the pipeline")


def _failure(doc: Document) -> tuple[str, str] | None:
    """(step, error with its numbers masked) of a document a plugin error dropped."""
    if doc.dropped is None or doc.dropped.reason != "plugin-error":
        return None
    return doc.dropped.stage, _NUMBERS.sub("N", str(doc.dropped.detail.get("error", "")))
