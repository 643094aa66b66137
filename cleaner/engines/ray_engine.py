"""`cleaner run --engine ray`: the same config and the same result as the local engine, on
Ray Data (a local Ray, or a cluster given by ``--address``).

- Input files are found as the local engine finds them and read by the reader plugins in Ray
  tasks; each document carries its place in the input (file number, record number).
- The per-document steps run in a pool of Ray actors, in batches: each actor builds the
  pipeline (plugins, models) once.
- A learning step (site boilerplate) without a ready model makes a first pass: the actors
  run the steps before it and its ``observe`` sees the survivors on the driver, streamed in
  input order (``iter_batches``, bounded memory), as in a local run; its model then goes to
  the actors of the main pass.
- Deduplication runs as shuffles (`cleaner.engines.ray_dedup`), for any deduplicator that
  names blocks (`cleaner.dedup.contract.Spreadable`); no step gathers the documents on the
  driver.
- Output: a folder of part files and a manifest (`cleaner.engines.shards`), written by one
  task per shard, each shard in input order.
"""
from __future__ import annotations

import json
import logging
import math
import pickle
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import ray
import ray.data

from .. import inputs
from ..config import Config, ConfigError
from ..dedup import keep
from ..dedup.contract import Spreadable, block_key
from ..document import Document
from ..inputs import InputFile
from ..output import dumps
from ..pipeline import Learning, Pipeline, score
from ..stats import Stats, removals
from . import ray_dedup, shards, sortkey, sources

BATCH = 64  # documents per actor call
DOCS_PER_PART = 10_000  # documents per shuffle partition (bounds a task's memory); at least 2 per CPU

_PROCESSED = [
    ("node", pa.int64()), ("shard", pa.int64()), ("id", pa.string()), ("kept", pa.bool_()), ("line", pa.string()),
    ("removed", pa.string()), ("skip", pa.string()), ("prio", pa.binary()),
]
_FIELDS = frozenset(Document(id="", source="").record()) | {"flags"}  # a record's own fields: no meta replaces them
_WRITE_COLUMNS = ["node", "shard", "line", "kept", "removed", "skip", "verdict"]


def processed(steps: int) -> pa.Schema:
    """The columns of a processed document, with `steps` deduplication steps."""
    return pa.schema([*_PROCESSED, *ray_dedup.step_fields(steps)])


def dedup_steps(config: Config) -> list[tuple[str, Spreadable]]:
    """The deduplication steps and their deduplicators (started here), in pipeline order; a
    ConfigError for one this engine cannot spread over processes (no `Spreadable`)."""
    found = []
    for step in Pipeline(config).steps:
        if "cleaner_deduplicator" not in step.impls:
            continue
        checker = step.start("cleaner_deduplicator")
        if not isinstance(checker, Spreadable):
            raise ConfigError(
                f"--engine ray runs deduplicators that name blocks (cleaner.dedup.contract.Spreadable); step "
                f"{step.name!r} has a {type(checker).__name__}, which has none: an index or clusters file, a "
                f"shared index (and --dedup-index) or a deduplicator of its own work with the local engine only")
        found.append((step.name, checker))
    return found


def _read(item: dict[str, Any], config: Config) -> Iterator[tuple[int, int, Document | None, str]]:
    """(node, shard, document, "") for each document of one input file, the node being
    file << 32 | record; (node, shard, None, source) if no reader claims the file."""
    skipped: list[InputFile] = []
    f = InputFile(Path(item["path"]), item["source"])
    opener = sources.opener(item["uri"])
    docs = inputs.read([f], config.pm, config.limits.max_bytes, on_skip=skipped.append, opener=opener)
    for number, doc in enumerate(docs):
        yield item["file"] << 32 | number, shards.shard_key(item["group"], item["large"], number), doc, ""
    if skipped:
        yield item["file"] << 32, shards.shard_key(item["group"], item["large"], 0), None, f.source


class Process:
    """A Ray actor: reads input files and runs the pipeline over their documents, giving back
    a table per `BATCH` documents. With `stop`, only the steps before it, giving the pickled
    documents back (a learning step's first pass). Reading in the actor, not in tasks of
    their own, leaves no task waiting for a CPU the actors hold."""

    def __init__(self, raw: bytes, base: str, models: dict[str, Any], dedup: list[str],
                 stop: int | None = None) -> None:
        self.config = ray_dedup.run_config(raw, base)
        self.pipeline = Pipeline(self.config, dict(models))
        self.stop = stop
        steps = {step.name: step for step in self.pipeline.steps}
        self.dedup = [(name, steps[name].start("cleaner_deduplicator")) for name in dedup]
        self.schema = processed(len(dedup))

    def __call__(self, files: dict[str, np.ndarray]) -> Iterator[pa.Table]:
        read = (entry for item in _items(files) for entry in _read(item, self.config))
        while chunk := list(islice(read, BATCH)):
            if self.stop is not None:
                done = [pickle.dumps(self.pipeline.process(doc, stop=self.stop)) for _, _, doc, _ in chunk if doc]
                yield pa.table({"doc": pa.array(done, pa.binary())})
            else:
                rows = [{"node": node, "shard": shard, **(self._row(doc, node) if doc else self._skipped(skip))}
                        for node, shard, doc, skip in chunk]
                yield pa.Table.from_pylist(rows, schema=self.schema)

    def _skipped(self, source: str) -> dict[str, Any]:
        return {"id": "", "kept": False, "line": "", "removed": "{}", "skip": source, "prio": b"", **self._unchecked()}

    def _unchecked(self) -> dict[str, Any]:
        return {f"{c}_{i}": v for i in range(len(self.dedup)) for c, v in (("fp", b""), ("blocks", []))}

    def _row(self, doc: Any, node: int) -> dict[str, Any]:
        self.pipeline.process(doc)
        policy = self.config.dedup.keep
        points = score(self.pipeline.steps, doc) if policy == "score" and not doc.dropped else 0.0
        row = {"id": doc.id, "kept": not doc.dropped, "removed": json.dumps(removals(doc)), "skip": "", "prio": b"",
               **self._unchecked()}
        if doc.dropped:
            return {**row, "line": dumps(doc.reject())}
        row["line"] = dumps(doc.record())
        for i, (name, checker) in enumerate(self.dedup):
            if name not in doc.fingerprints:  # a step without cleaner_fingerprint: not checked, as locally
                continue
            fingerprint = doc.fingerprints[name]
            row[f"fp_{i}"] = pickle.dumps(fingerprint)
            row[f"blocks_{i}"] = sorted({block_key(b) for b in checker.blocks(fingerprint)})
        if self.dedup:  # the input position breaks ties, as the local engine's stable sort does
            row["prio"] = sortkey.encode((*(keep.priority(doc, policy, points) if policy != "first" else ()), node))
        return row


def _finish_group(group: pa.Table, target: str, fmt: str, dedup: bool) -> pa.Table:
    """Write one shard: its documents in input order, each with its dedup verdicts (a drop,
    the copies it gained, the fields its deduplicators wrote on it)."""
    verdicts: dict[int, list[dict[str, Any]]] = {}
    is_verdict = [bool(v) for v in group["verdict"].to_pylist()]
    rows = group.to_pylist()
    for row, flag in zip(rows, is_verdict):
        if flag:
            verdicts.setdefault(row["node"], []).append(json.loads(row["verdict"]))
    stats = Stats()
    kept, rejected = [], []
    for row in sorted((r for r, flag in zip(rows, is_verdict) if not flag), key=lambda r: r["node"]):
        if row["skip"]:
            stats.skipped_files.append(row["skip"])
            continue
        record = json.loads(row["line"])
        found = verdicts.get(row["node"], [])
        drop = next((v for v in found if "stage" in v), None)
        if drop:
            record = {"id": record["id"], "source": record["source"], "url": record["url"], **drop}
        elif row["kept"] and dedup:
            trail = record.pop("trail")
            for fields in (v["meta"] for v in sorted((v for v in found if "meta" in v), key=lambda v: v["step"])):
                record.update({k: v for k, v in fields.items() if k not in _FIELDS})  # as Document.record
            count = 1 + sum(v["copies"] - 1 for v in found if "copies" in v)
            record["dup_cluster"] = cluster = record.get("dup_cluster") or record["id"]
            record["dup_count"] = count if cluster == record["id"] else 1
            record["trail"] = trail
        (kept if row["kept"] and not drop else rejected).append(record)
        dropped = None if row["kept"] and not drop else f"{record['stage']}: {record['reason']}"
        stats.count(dropped, json.loads(row["removed"]))
    key = int(group["shard"][0].as_py())
    written = shards.write_shard(target, fmt, key, kept, rejected)
    return pa.table({"shard": [key], "meta": [json.dumps({**written, "stats": stats.as_dict()})]})


def _merge(parts: list[dict[str, Any]]) -> Stats:
    stats = Stats()
    for part in parts:
        stats.merge(part)
    return stats


class RayRun:
    """One run: connects to Ray (``address``, else a local Ray with `workers` CPUs)."""

    def __init__(self, config: Config, workers: int | None = None, address: str | None = None,
                 quiet: bool = True) -> None:
        self.config = config
        self.dedup = dedup_steps(config)  # started, they see no document here
        if not ray.is_initialized():
            ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                     log_to_driver=not quiet, logging_level="ERROR")
        if quiet:
            logging.getLogger("ray.data").setLevel(logging.WARNING)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = not quiet
        context.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED  # tasks, no actors
        context.print_on_execution_start = False
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.workers = workers or self.cpus
        self.raw, self.base = pickle.dumps(config.raw), str(config.base)

    @staticmethod
    def listing(files: list[sources.Source]) -> list[dict[str, Any]]:
        """The input files with their number and place in the shards."""
        groups = shards.plan([f.size for f in files])
        return [{"file": i, "path": str(f.file.path), "source": f.file.source, "uri": f.uri or "", "group": g,
                 "large": large} for i, (f, (g, large)) in enumerate(zip(files, groups))]

    def _process(self, items: list[dict[str, Any]], models: dict[str, Any],
                 stop: int | None = None) -> ray.data.Dataset:
        """The pipeline (steps[:stop]) over the documents of the files `items`, one file per block."""
        listing = ray.data.from_items(items, override_num_blocks=len(items))
        kwargs = {"raw": self.raw, "base": self.base, "models": models, "dedup": [n for n, _ in self.dedup],
                  "stop": stop}
        return listing.map_batches(Process, batch_size=1, batch_format="numpy", fn_constructor_kwargs=kwargs,
                                   compute=ray.data.ActorPoolStrategy(size=self.workers))

    def models(self, items: list[dict[str, Any]], learning: Learning) -> dict[str, Any]:
        """The learning steps' models: ready ones, then a first pass for each other one."""
        models = learning.ready_models()
        context = ray.data.DataContext.get_current()
        for index, name, learner in learning.pending():
            context.execution_options.preserve_order = True  # observe in input order, as a local run does
            try:
                for batch in self._process(items, models, stop=index).iter_batches(batch_format="pyarrow"):
                    for blob in batch["doc"].to_pylist():
                        doc = pickle.loads(blob)
                        if not doc.dropped:
                            learning.observe(name, learner, doc)
            finally:
                context.execution_options.preserve_order = False
            models[name] = learner.model()
        return models

    def run(self, files: list[sources.Source], target: str, fmt: str = "jsonl") -> tuple[dict[str, Any], Stats]:
        """Clean `files` (`sources.discover`) into the folder or URI `target`; the manifest
        and the run's counts."""
        if fmt not in shards.FORMATS:
            raise ConfigError(f"output format must be one of {', '.join(shards.FORMATS)}, got {fmt!r}")
        started = time.perf_counter()
        shards.start(target)
        items = self.listing(files)
        learning = Learning(Pipeline(self.config).steps)
        try:
            models = self.models(items, learning) if items else {}
            parts = [json.loads(m) for m in self._shards(items, models, target, fmt)] if items else []
        finally:
            learning.close()
        parts.sort(key=lambda p: p["out"])
        stats = _merge([p.pop("stats") for p in parts])
        stats.started = started
        return shards.finish(target, fmt, parts, stats.as_dict(), self.config.raw), stats

    def _shards(self, items: list[dict[str, Any]], models: dict[str, Any], target: str, fmt: str) -> list[str]:
        """Process, deduplicate and write; each shard's part of the manifest (JSON)."""
        docs = self._process(items, models).materialize()
        rows = docs.select_columns(_WRITE_COLUMNS[:-1]).map_batches(
            lambda b: b.append_column("verdict", pa.array([""] * len(b), pa.string())), batch_format="pyarrow")
        if self.dedup:
            parts = max(2 * self.cpus, math.ceil(docs.count() / DOCS_PER_PART))
            steps = [(name, ray_dedup.template(self.raw, self.base, name, checker)) for name, checker in self.dedup]
            found = ray_dedup.verdicts(docs, steps, parts)
            rows = rows.union(found.map_batches(_as_write_rows, batch_format="pyarrow"))
        groups = len({item["group"] for item in items})
        written = rows.groupby("shard", num_partitions=min(groups, 4 * self.cpus)).map_groups(
            _finish_group, batch_format="pyarrow",
            fn_kwargs={"target": target, "fmt": fmt, "dedup": bool(self.dedup)})
        return [row["meta"] for row in written.iter_rows()]


def _as_write_rows(batch: pa.Table) -> pa.Table:
    n = len(batch)
    return pa.table({"node": batch["node"], "shard": batch["shard"], "line": pa.array([""] * n, pa.string()),
                     "kept": pa.array([False] * n), "removed": pa.array(["{}"] * n, pa.string()),
                     "skip": pa.array([""] * n, pa.string()),
                     "verdict": batch["verdict"]})


def _items(files: dict[str, np.ndarray]) -> Iterator[dict[str, Any]]:
    """The rows of a batch of the input file listing."""
    for i in range(len(files["file"])):
        yield {name: column[i].item() if hasattr(column[i], "item") else column[i] for name, column in files.items()}
