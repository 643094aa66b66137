"""The Python API: a Cleaner that turns records into clean documents, lazily."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import config as config_mod
from .config import Config
from .document import Document
from .parallel import ordered_map
from .pipeline import Deduplication, Pipeline
from .stats import Stats

_worker: Pipeline | None = None


def _init_worker(raw: dict[str, Any], base: Path) -> None:
    global _worker
    _worker = Pipeline(config_mod.from_dict(raw, base))


def _process_batch(batch: list[Document]) -> list[Document]:
    assert _worker is not None
    return [_worker.process(doc) for doc in batch]


def as_document(record: Document | dict[str, Any], number: int) -> Document:
    """A Document from a Document or a mapping (``text`` or ``html``, optional ``id``...)."""
    if isinstance(record, Document):
        return record
    source = str(record.get("source", "api")) if isinstance(record, dict) else "api"
    try:
        return Document.from_record(record, f"{source}:{number}", source)
    except TypeError as e:
        return Document(id=f"{source}:{number}", source=source).drop("read", "malformed-record", error=str(e))


class Cleaner:
    """Clean and deduplicate documents with a config (a path, a mapping or a Config; the
    default pipeline if None), in `jobs` worker processes. Use it as a context manager so
    the deduplicators' state is closed (and saved) at the end."""

    def __init__(self, config: Config | Path | str | dict[str, Any] | None = None, jobs: int = 1) -> None:
        if isinstance(config, dict):
            config = config_mod.from_dict(config)
        elif not isinstance(config, Config):
            config = config_mod.load(Path(config) if config else None)
        self.config, self.jobs = config, jobs
        self.pipeline = Pipeline(config)
        self.dedup = Deduplication(config)
        self.stats = Stats()

    def stream(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Every document, kept or dropped (``doc.dropped`` says why), in input order."""
        if self.jobs > 1:
            initargs = (self.config.raw, self.config.base)
            processed: Iterable[Document] = ordered_map(_process_batch, docs, self.jobs, _init_worker, initargs)
        else:
            processed = map(self.pipeline.process, docs)
        for doc in processed:
            if not doc.dropped:
                self.dedup.check(doc)
            self.stats.add(doc)
            yield doc

    def clean(
        self, records: Iterable[Document | dict[str, Any]], on_drop: Callable[[Document], None] | None = None
    ) -> Iterator[Document]:
        """Lazily yield the kept documents; each dropped one goes to `on_drop`."""
        for doc in self.stream(as_document(r, i) for i, r in enumerate(records, 1)):
            if doc.dropped is None:
                yield doc
            elif on_drop is not None:
                on_drop(doc)

    def process(self, record: Document | dict[str, Any]) -> Document:
        """Clean one record; the result's ``dropped`` is None if it was kept."""
        return next(self.stream([as_document(record, self.stats.read + 1)]))

    def close(self) -> None:
        self.dedup.close()

    def __enter__(self) -> "Cleaner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
