"""The Python API: a Cleaner that turns records into clean documents, lazily."""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import count, islice
from pathlib import Path
from typing import Any

from . import config as config_mod
from .config import Config, ConfigError, merge
from .dedup.contract import shared_steps
from .dedup.run import Deduplication, in_priority_order
from .document import Document
from .failures import FailureWatch
from .parallel import ordered_map
from .pipeline import Learning, Pipeline, score
from .stats import Stats

Record = Document | Mapping[str, Any]
_worker: Pipeline | None = None


def _init_worker(raw: dict[str, Any], base: Path, models: dict[str, Any]) -> None:
    global _worker
    _worker = Pipeline(config_mod.from_dict(raw, base), models)


def _process_batch(batch: list[Document], start: int, stop: int | None) -> list[Document]:
    assert _worker is not None
    return [_worker.process(doc, start=start, stop=stop) for doc in batch]


class _Spool:
    """Documents held in a temporary file, read back once in the order they were added."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()

    def add(self, doc: Document) -> None:
        pickle.dump(doc, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def replay(self) -> Iterator[Document]:
        self.file.seek(0)
        with self.file:
            while True:
                try:
                    yield pickle.load(self.file)
                except EOFError:
                    return


def as_document(record: Record, number: int) -> Document:
    """A Document from a Document or a mapping (``text`` or ``html``, optional ``id``...);
    anything else comes back dropped as ``malformed-record``."""
    if isinstance(record, Document):
        return record
    rec = dict(record) if isinstance(record, Mapping) else record
    source = str(rec.get("source", "api")) if isinstance(rec, dict) else "api"
    try:
        return Document.from_record(rec, f"{source}:{number}", source)
    except TypeError as e:
        return Document(id=f"{source}:{number}", source=source).drop("read", "malformed-record", error=str(e))


def configure(
    config: Config | Path | str | Mapping[str, Any] | None = None,
    register: Mapping[str, object] | None = None,
    **overrides: Any,
) -> Config:
    """A validated Config from a Config, a TOML file, a mapping or None (the default file),
    with top-level `overrides` merged on (``plugins={"min_length": {"min_words": 20}}`` changes
    one setting) and the plugin objects in `register` added by name."""
    if isinstance(config, Config) and not (register or overrides):
        return config
    if isinstance(config, Config):
        raw, base = config.raw, config.base
    elif isinstance(config, Mapping):
        raw, base = dict(config), Path(".")
    else:
        raw, base = config_mod.read(Path(config) if config else None)
    return config_mod.from_dict(merge(raw, overrides), base, register)


class Cleaner:
    """Clean and deduplicate documents.

    ``Cleaner()`` uses the default config file, ``Cleaner("my.toml")`` or
    ``Cleaner({"pipeline": [...]})`` another; keyword arguments override top-level config keys
    (see `configure`). `jobs` > 1 runs the per-document steps of `stream` and `clean` in
    worker processes. `register` adds plugin objects (modules) by name, in this process only.
    Use it as a context manager: the deduplicators' state (an index, say) is opened here and
    closed, and saved, on exit.
    """

    def __init__(
        self,
        config: Config | Path | str | Mapping[str, Any] | None = None,
        *,
        jobs: int = 1,
        register: Mapping[str, object] | None = None,
        **overrides: Any,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        if register and jobs > 1:
            raise ValueError("plugins in `register` run in this process only: use jobs=1")
        self.config, self.jobs = configure(config, register, **overrides), jobs
        self.pipeline = Pipeline(self.config)
        if self.config.dedup.order_free and shared_steps(self.config.settings):
            raise ConfigError(f"[dedup] keep = {self.config.dedup.keep!r} needs the whole input, but writers of a "
                              "shared Redis index claim stories as they come: use keep = \"first\" with it")
        self.learning = Learning(self.pipeline.steps)
        self.pipeline.models.update(self.learning.ready_models())
        self.dedup = Deduplication(self.pipeline.steps)
        self.stats = Stats()
        self.watch = FailureWatch()
        self.last_dropped: Document | None = None
        self.closed = False
        self._numbers = count(1)

    def stream(self, docs: Iterable[Document], skip: int = 0, learn: bool = True) -> Iterator[Document]:
        """Every document, kept or dropped (``doc.dropped`` says why), in input order, less
        the first `skip` (a resumed run). With `learn`, a learning step that has no model yet
        makes a first pass over all of `docs` (spooled to a temporary file) before anything
        is yielded; without, such a step removes nothing and the stream stays lazy. An
        order-free ``[dedup] keep`` policy also reads all of `docs` before the first yield.
        Raises SystematicFailure when a step fails alike on the first documents or on all
        (`cleaner.failures`)."""
        start = 0
        for index, name, learner in self.learning.pending() if learn else ():
            docs = self._learn(docs, start, index, name, learner)
            start = index
        if self.order_free:  # every document is needed before the first verdict
            mapped = self._map(docs, start, None)
            ordered = in_priority_order(mapped, self.dedup, self.config.dedup.keep, _Spool(), self._score)
            for doc in islice(ordered, skip, None):
                self.stats.add(doc)
                self.watch.see(doc)
                yield doc
        else:
            for doc in self._map(islice(docs, skip, None), start, None):
                yield self._finish(doc)
        self.watch.finish()

    @property
    def order_free(self) -> bool:
        """True when the keep policy must see the whole input before deduplicating."""
        return self.config.dedup.order_free and bool(self.dedup.checkers)

    def _score(self, doc: Document) -> float:
        """The sum of the steps' ``cleaner_score`` (0 unless keep = "score"); a step that
        fails drops the document, naming the step."""
        if self.config.dedup.keep != "score" or doc.dropped:
            return 0.0
        return score(self.pipeline.steps, doc)

    def _map(self, docs: Iterable[Document], start: int, stop: int | None) -> Iterator[Document]:
        """steps[start:stop] over `docs`, in this process or in `jobs` workers, in order."""
        if self.jobs == 1:
            yield from (self.pipeline.process(doc, start=start, stop=stop) for doc in docs)
            return
        # The first document is done here, before the workers are forked: the steps' one-time
        # costs (imports, tables and models loaded on first use: about 0.8 s of CPU on the
        # default pipeline) are then paid once and shared by every worker, not once in each.
        docs = iter(docs)
        for doc in islice(docs, 1):
            yield self.pipeline.process(doc, start=start, stop=stop)
        initargs = (self.config.raw, self.config.base, dict(self.pipeline.models))
        yield from ordered_map(partial(_process_batch, start=start, stop=stop), docs, self.jobs, _init_worker, initargs)

    def _learn(self, docs: Iterable[Document], start: int, stop: int, name: str, learner: Any) -> Iterator[Document]:
        """Run steps[start:stop] over all of `docs`, let `learner` observe the survivors, keep
        its model, and return the documents (from a spool file) for the next part."""
        spool = _Spool()
        for doc in self._map(docs, start, stop):
            if not doc.dropped:
                self.learning.observe(name, learner, doc)
            spool.add(doc)
        self.pipeline.models[name] = learner.model()
        return spool.replay()

    def clean(
        self, records: Iterable[Record], on_drop: Callable[[Document], None] | None = None, learn: bool = False
    ) -> Iterator[Document]:
        """Lazily yield the clean documents of `records` (mappings or Documents), in order;
        each dropped one goes to `on_drop` (``doc.dropped`` has the stage and reason).
        `learn=True` lets learning steps (site boilerplate) read all records first; by default
        they apply only a model loaded from an earlier run, and the stream stays lazy (unless
        an order-free ``[dedup] keep`` policy must see every record first)."""
        for doc in self.stream((as_document(r, next(self._numbers)) for r in records), learn=learn):
            if doc.dropped is None:
                yield doc
            elif on_drop is not None:
                on_drop(doc)

    def process(self, record: Record) -> Document | None:
        """Clean one record in this process: the clean Document, or None if it was dropped;
        then `last_dropped` is the dropped Document (``last_dropped.dropped`` says why).
        One document at a time can only keep the first copy of a story: an order-free
        ``[dedup] keep`` policy raises ValueError here (use `clean` or `stream`)."""
        if self.order_free:
            raise ValueError(f"[dedup] keep = {self.config.dedup.keep!r} needs the whole input: use clean() or "
                             "stream(), or keep = \"first\" to process one document at a time")
        doc = self._finish(self.pipeline.process(as_document(record, next(self._numbers))))
        self.last_dropped = doc if doc.dropped else None
        return None if doc.dropped else doc

    def _finish(self, doc: Document) -> Document:
        if not doc.dropped:
            self.dedup.check(doc)
        self.stats.add(doc)
        self.watch.see(doc)
        return doc

    def close(self) -> None:
        """Close the deduplicators (they may save their state); later calls do nothing."""
        if not self.closed:
            self.closed = True
            self.dedup.close()
            self.learning.close()

    def __enter__(self) -> "Cleaner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
