"""The run's deduplication: every deduplicator of the pipeline, shown the kept documents in
input order, or in priority order under an order-free ``[dedup] keep`` policy."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ..document import Document
from ..pipeline import Step, StopRun, error_text
from . import keep


class Deduplication:
    """The cross-document part of the run, in the main process, in input order."""

    def __init__(self, steps: list[Step]) -> None:
        self.checkers = [(s.name, s.start("cleaner_deduplicator")) for s in steps if "cleaner_deduplicator" in s.impls]

    def check(self, doc: Document) -> Document:
        """Drop `doc` if a deduplicator has seen its story already."""
        for name, checker in self.checkers:
            if doc.dropped or name not in doc.fingerprints:
                continue
            try:
                duplicate = checker.check(doc, doc.fingerprints[name])
            except StopRun:
                raise
            except Exception as e:
                return doc.drop(name, "plugin-error", error=error_text(e))
            if duplicate:
                duplicate = dict(duplicate)
                doc.drop(name, duplicate.pop("reason", "duplicate"), **duplicate)
        return doc

    def cluster_sizes(self) -> dict[str, int] | None:
        """``dup_count`` by kept id, over every deduplicator (None if there is none)."""
        if not self.checkers:
            return None
        sizes: dict[str, int] = {}
        for _, checker in self.checkers:
            for kept, count in (checker.cluster_sizes() if hasattr(checker, "cluster_sizes") else {}).items():
                sizes[kept] = sizes.get(kept, 1) + count - 1
        return sizes

    def replay(self, doc_id: str, fingerprints: dict[str, Any]) -> None:
        """Feed a document seen before a crash back in, to rebuild the state (resume)."""
        self.check(Document(id=doc_id, source="", fingerprints=fingerprints))

    def close(self) -> None:
        for _, checker in self.checkers:
            if hasattr(checker, "close"):
                checker.close()


class Spool(Protocol):
    """Documents held until the input ends, read back once in the order they were added."""

    def add(self, doc: Document) -> None: ...

    def replay(self) -> Iterator[Document]: ...


def in_priority_order(docs: Iterable[Document], dedup: Deduplication, policy: str, spool: Spool,
                      score: Callable[[Document], float]) -> Iterator[Document]:
    """`docs` in input order, deduplicated in priority order (`keep.priority` under `policy`,
    `score` giving a document's ``cleaner_score``): spool them, show the kept ones'
    fingerprints to the deduplicators best first, then replay the spool with each document's
    verdict."""
    kept = []
    for number, doc in enumerate(docs):
        points = score(doc)
        if not doc.dropped:
            kept.append((keep.priority(doc, policy, points), number, doc.id, doc.fingerprints))
        spool.add(doc)
    verdicts = {}
    for _, number, doc_id, fingerprints in sorted(kept, key=lambda entry: entry[0]):
        verdicts[number] = dedup.check(Document(id=doc_id, source="", fingerprints=fingerprints))
    for number, doc in enumerate(spool.replay()):
        if number in verdicts:
            doc.meta.update(verdicts[number].meta)
            doc.dropped = verdicts[number].dropped
        yield doc
