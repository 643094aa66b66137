"""Any spreadable deduplicator (`cleaner.dedup.contract.Spreadable`) over a Ray Dataset,
with the local engine's result.

The local engine shows the kept documents to each deduplication step of the pipeline in turn,
one at a time in priority order (`cleaner.dedup.keep`), each dropping a document that matches
one it saw before. Here, with no step gathering documents in one place, each step runs over
the survivors of the ones before it:

1. blocks: each document's blocks (computed in the actors) grouped by a shuffle give the
   documents that may be related; the deduplicator's ``similar``, if it has one, confirms the
   pairs of a block (the pairs meet their fingerprints in two more shuffles), else every member
   of a block is related to its first;
2. components of the related pairs come from min-label propagation (two shuffles a round, as
   many rounds as the longest shortest path in a component); when no document has two blocks
   and there is no ``similar``, the blocks are the components;
3. in each component, a new deduplicator of the step (its ``cleaner_deduplicator`` called
   in the worker) is shown its documents in priority order, and each document related to no
   other is shown to one of its own (for the fields it writes on it). A document's verdict
   depends only on documents related to it, all in its component, so it equals the local
   engine's.

Every shuffle groups rows by a hash of their key into `parts` partitions, and each group is
handled with NumPy or one pass in Python, so a stage costs `parts` calls, not one per key.
The result is a dataset of verdicts (``node``, ``shard``, ``verdict`` as JSON): a drop, the
copies a kept document gained, or the fields its deduplicator wrote on it.
"""
from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import ray.data
from ray.data.aggregate import Max

from .. import config as config_mod
from ..config import Config
from ..document import Document
from ..pipeline import Pipeline, Step, error_text

VERDICTS = pa.schema([("node", pa.int64()), ("shard", pa.int64()), ("verdict", pa.string())])
SURVIVORS = ["node", "shard", "id", "prio", "fp", "blocks"]  # a step's input columns
_FPS = pa.schema([("part", pa.int64()), ("a", pa.int64()), ("b", pa.int64()), ("fp", pa.binary())])
_LINKS = pa.schema([("part", pa.int64()), ("u", pa.int64()), ("w", pa.int64()), ("l", pa.int64())])
_DOCS = pa.schema([("part", pa.int64()), ("node", pa.int64()), ("label", pa.int64()), ("shard", pa.int64()),
                   ("id", pa.string()), ("fp", pa.binary()), ("prio", pa.binary())])
_OLD = -1  # `w` of a link row that carries a node's current label, not an edge
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=4)
def run_config(raw: bytes, base: str) -> Config:
    """The run's config (`raw` pickled), built once per worker process: its plugins loaded."""
    return config_mod.from_dict(pickle.loads(raw), Path(base))


@lru_cache(maxsize=4)
def _steps(raw: bytes, base: str) -> dict[str, Step]:
    return {step.name: step for step in Pipeline(run_config(raw, base)).steps}


@dataclass(frozen=True)
class Template:
    """Where a worker gets a new deduplicator of step `name`: `blob`, the one the driver
    started, pickled (if it pickles); else the run's config (`raw` pickled), whose plugin's
    ``cleaner_deduplicator`` it calls (loading every plugin of the run: about a second)."""

    raw: bytes
    base: str
    name: str
    blob: bytes | None = None

    def fresh(self) -> Any:
        if self.blob is not None:
            return pickle.loads(self.blob)
        return _steps(self.raw, self.base)[self.name].start("cleaner_deduplicator")


def template(raw: bytes, base: str, name: str, started: Any) -> Template:
    """The `Template` of step `name`, whose deduplicator `started` has seen no document."""
    try:
        return Template(raw, base, name, pickle.dumps(started))
    except Exception:  # a class in a plugins folder, a handle: the hook is called in the workers
        return Template(raw, base, name)


def part_of(values: np.ndarray | pa.Array, parts: int) -> np.ndarray:
    """The partition (0 <= p < parts) of each int64 or uint64 key: a multiplicative hash."""
    keys = np.asarray(values).astype(np.uint64)
    with np.errstate(over="ignore"):
        return ((keys * _GOLDEN) >> np.uint64(33)).astype(np.int64) % parts


def _table(schema: pa.Schema, **columns: Any) -> pa.Table:
    return pa.table({name: pa.array(columns[name], schema.field(name).type) for name in schema.names}, schema=schema)


def _shuffle(ds: ray.data.Dataset, fn: Callable[..., pa.Table], partitions: int, **kwargs: Any) -> ray.data.Dataset:
    """`fn(group, **kwargs)` over the rows of `ds` grouped by their ``part`` column."""
    return ds.groupby("part", num_partitions=partitions).map_groups(fn, fn_kwargs=kwargs, batch_format="pyarrow")


def where(ds: ray.data.Dataset, mask: Callable[[pa.Table], pa.Array]) -> ray.data.Dataset:
    """The rows of `ds` for which `mask` (a vectorised test of a batch) is true."""
    return ds.map_batches(lambda b: b.filter(mask(b)), batch_format="pyarrow")


# blocks: related pairs

def _blocks(batch: pa.Table, parts: int) -> pa.Table:
    """One row per (block, document), keyed by the block."""
    keys = pc.list_flatten(batch["blocks"]).to_numpy()
    nodes = batch["node"].to_numpy()[pc.list_parent_indices(batch["blocks"]).to_numpy()]
    return pa.table({"key": keys, "node": nodes, "part": part_of(keys, parts)})


def _members(group: pa.Table) -> tuple[np.ndarray, list[np.ndarray]]:
    """The nodes of the group sorted by (block, node), and those of each block with two or more."""
    keys, nodes = group["key"].to_numpy(), group["node"].to_numpy()
    order = np.lexsort((nodes, keys))
    keys, nodes = keys[order], nodes[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    return nodes, [nodes[a : a + n] for a, n in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist())]


def _unique_pairs(a_parts: list[np.ndarray], b_parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    a = np.concatenate(a_parts) if a_parts else np.empty(0, np.int64)
    b = np.concatenate(b_parts) if b_parts else np.empty(0, np.int64)
    if len(a):
        a, b = np.unique(np.stack([a, b], axis=1), axis=0).T
    return a, b


def _pairs(group: pa.Table, parts: int) -> pa.Table:
    """Every pair of documents that share a block, smaller node first, keyed by it."""
    a_parts, b_parts = [], []
    for members in _members(group)[1]:
        i, j = np.triu_indices(len(members), 1)
        a_parts.append(members[i])
        b_parts.append(members[j])
    a, b = _unique_pairs(a_parts, b_parts)
    return _table(_FPS, part=part_of(a, parts), a=a, b=b, fp=[b""] * len(a))


def _star(group: pa.Table, parts: int) -> pa.Table:
    """Each member of a block related to its first (a deduplicator without ``similar``: the
    same components as every pair), in both directions, keyed by the first node: edges."""
    a_parts, b_parts = [], []
    for members in _members(group)[1]:
        a_parts.append(np.full(len(members) - 1, members[0]))
        b_parts.append(members[1:])
    a, b = _unique_pairs(a_parts, b_parts)
    u, w = np.r_[a, b], np.r_[b, a]
    return _table(_LINKS, part=part_of(u, parts), u=u, w=w, l=np.full(len(u), _OLD))


def _fingerprints(group: pa.Table) -> dict[int, bytes]:
    own = group.filter(pc.equal(group["b"], -1))
    return dict(zip(own["a"].to_pylist(), own["fp"].to_pylist()))


def _attach(group: pa.Table, parts: int) -> pa.Table:
    """Each distinct pair (a, b) of the group, with a's fingerprint, keyed by b."""
    fps = _fingerprints(group)
    pairs = group.filter(pc.not_equal(group["b"], -1)).select(["a", "b"])
    a, b = (np.unique(np.stack([pairs["a"].to_numpy(), pairs["b"].to_numpy()], axis=1), axis=0).T
            if len(pairs) else (np.empty(0, np.int64), np.empty(0, np.int64)))
    return _table(_FPS, part=part_of(b, parts), a=a, b=b, fp=[fps[x] for x in a.tolist()])


def _confirm(group: pa.Table, template: Template, parts: int) -> pa.Table:
    """The pairs the deduplicator finds `similar`, in both directions, keyed by their first
    node: the edges of the related graph."""
    fps = _fingerprints(group)
    pairs = group.filter(pc.not_equal(group["b"], -1))
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    if len(a):
        checker = template.fresh()
        mine = [pickle.loads(fp) for fp in pairs["fp"].to_pylist()]
        theirs = [pickle.loads(fps[x]) for x in b.tolist()]
        same = np.asarray(checker.similar(mine, theirs), bool)
        a, b = a[same], b[same]
    u, w = np.r_[a, b], np.r_[b, a]
    return _table(_LINKS, part=part_of(u, parts), u=u, w=w, l=np.full(len(u), _OLD))


# connected components by min-label propagation

def _spread(group: pa.Table, parts: int) -> pa.Table:
    """Send each node's label to its neighbours, and keep it as the node's old label."""
    old = group.filter(pc.equal(group["w"], _OLD))
    edges = group.filter(pc.not_equal(group["w"], _OLD))
    u, w = edges["u"].to_numpy(), edges["w"].to_numpy()
    if len(old):
        label = dict(zip(old["u"].to_pylist(), old["l"].to_pylist()))
        sent = np.array([label[x] for x in u.tolist()], np.int64)
    else:  # the first round: every node's label is itself
        sent = u
        old_nodes = np.unique(u)
        old = _table(_LINKS, part=part_of(old_nodes, parts), u=old_nodes, w=np.full(len(old_nodes), _OLD), l=old_nodes)
    messages = _table(_LINKS, part=part_of(w, parts), u=w, w=np.zeros(len(w), np.int64), l=sent)
    return pa.concat_tables([old, messages])


def _lowest(group: pa.Table) -> pa.Table:
    """Each node's new label: the least it was sent, with whether it changed."""
    u, w, l = group["u"].to_numpy(), group["w"].to_numpy(), group["l"].to_numpy()
    order = np.lexsort((l, u))
    u, w, l = u[order], w[order], l[order]
    starts = np.flatnonzero(np.r_[True, u[1:] != u[:-1]])
    nodes, lowest = u[starts], np.minimum.reduceat(l, starts)
    old = dict(zip(u[w == _OLD].tolist(), l[w == _OLD].tolist()))
    changed = np.array([old[n] != m for n, m in zip(nodes.tolist(), lowest.tolist())], np.int64)
    return pa.table({"part": group["part"].to_numpy()[order][starts], "u": nodes,
                     "w": np.full(len(nodes), _OLD, np.int64), "l": lowest, "changed": changed})


def components(edges: ray.data.Dataset, parts: int) -> ray.data.Dataset:
    """(part, u, w, l) rows giving each node of a confirmed pair its component's label (the
    least node in it), keyed by node; one round per step of the longest path to that node."""
    edges = edges.materialize()
    labels = None
    while True:
        rows = edges if labels is None else edges.union(labels)
        new = _shuffle(_shuffle(rows, _spread, parts, parts=parts), _lowest, parts).materialize()
        labels = new.drop_columns(["changed"])
        if not new.sum("changed"):
            return labels


# the deduplicator, shown each component in priority order

def _label_docs(group: pa.Table, parts: int) -> pa.Table:
    """The documents with their component's label (a document related to none: its own
    node, a component of one), keyed by the label."""
    labels = group.filter(pc.not_equal(group["label"], -1))
    label = dict(zip(labels["node"].to_pylist(), labels["label"].to_pylist()))
    docs = group.filter(pc.equal(group["label"], -1))
    owned = np.array([label.get(n, n) for n in docs["node"].to_pylist()], np.int64)
    return docs.set_column(docs.schema.get_field_index("label"), "label", pa.array(owned, pa.int64())) \
        .set_column(0, "part", pa.array(part_of(owned, parts), pa.int64()))


def _replay(group: pa.Table, name: str, number: int, template: Template) -> pa.Table:
    """Show each component's documents, best first, to a new deduplicator of step `name` (the
    pipeline's `number`-th); the drops, the copies each kept document gained, the fields
    written on it (with `number`: the output writes them in step order)."""
    rows = sorted(group.select(["label", "prio", "node", "shard", "id", "fp"]).to_pylist(),
                  key=lambda r: (r["label"], r["prio"]))
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for _, component in groupby(rows, key=lambda r: r["label"]):
        checker, kept = template.fresh(), {}
        for row in component:
            doc = Document(id=row["id"], source="")
            try:
                found = checker.check(doc, pickle.loads(row["fp"]))
            except Exception as e:  # as the local engine: this document only
                out.append((row, {"stage": name, "reason": "plugin-error", "error": error_text(e)}))
                continue
            if found:
                found = dict(found)
                out.append((row, {"stage": name, "reason": found.pop("reason", "duplicate"), **found}))
                continue
            kept[row["id"]] = row
            if doc.meta:
                out.append((row, {"meta": doc.meta, "step": number}))
        sizes = checker.cluster_sizes() if hasattr(checker, "cluster_sizes") else {}
        out += [(kept[doc_id], {"copies": n}) for doc_id, n in sizes.items() if doc_id in kept]
    return _table(VERDICTS, node=[r["node"] for r, _ in out], shard=[r["shard"] for r, _ in out],
                  verdict=[json.dumps(v) for _, v in out])


def _as_docs(batch: pa.Table, parts: int, label: str | None) -> pa.Table:
    """Survivors as document rows keyed by node (`label` None: not labelled yet), or by their
    one block (`label` "blocks")."""
    if label is None:
        labels = np.full(len(batch), -1, np.int64)
    else:
        flat = pc.list_flatten(batch["blocks"]).to_numpy()
        batch = batch.take(pc.list_parent_indices(batch["blocks"]))
        labels = flat.view(np.int64)
    key = batch["node"].to_numpy() if label is None else labels
    return _table(_DOCS, part=part_of(key, parts), node=batch["node"], label=labels, shard=batch["shard"],
                  id=batch["id"], fp=batch["fp"], prio=batch["prio"])


def _alone(docs: ray.data.Dataset, name: str, number: int, template: Template) -> ray.data.Dataset:
    """`_replay` of documents related to no other one, each shown to a deduplicator of its own."""
    return docs.map_batches(lambda b: _replay(b.append_column("label", b["node"]), name, number, template),
                            batch_format="pyarrow")


def _has_blocks(batch: pa.Table) -> pa.Array:
    return pc.greater(pc.list_value_length(batch["blocks"]), 0)


def step(survivors: ray.data.Dataset, name: str, number: int, source: Template, parts: int,
         widest: int) -> ray.data.Dataset:
    """Verdicts of the deduplication step `name` (the pipeline's `number`-th) over `survivors`
    (`SURVIVORS` columns); `source`: where its deduplicators come from; `widest`: the most
    blocks a document has (of `survivors` or more). Every survivor with a fingerprint is shown
    to a deduplicator, as locally: one related to no other, alone."""
    survivors = where(survivors, lambda b: pc.greater(pc.binary_length(b["fp"]), 0))  # no fingerprint: not checked
    replay = {"name": name, "number": number, "template": source}
    checker = source.fresh()
    if not widest:
        return _alone(survivors, **replay)
    if widest == 1 and not hasattr(checker, "similar"):  # the blocks are the components
        survivors = survivors.materialize()  # read twice
        docs = where(survivors, _has_blocks).map_batches(_as_docs, fn_kwargs={"parts": parts, "label": "blocks"},
                                                         batch_format="pyarrow")
        unblocked = where(survivors, lambda b: pc.invert(_has_blocks(b)))
        return _shuffle(docs, _replay, parts, **replay).union(_alone(unblocked, **replay))
    survivors = survivors.materialize()  # read two or three times
    blocks = survivors.map_batches(_blocks, fn_kwargs={"parts": parts}, batch_format="pyarrow")
    if hasattr(checker, "similar"):
        fps = survivors.map_batches(
            lambda b: _table(_FPS, part=part_of(b["node"].to_numpy(), parts), a=b["node"], b=np.full(len(b), -1),
                             fp=b["fp"]), batch_format="pyarrow").materialize()
        pairs = _shuffle(blocks, _pairs, parts, parts=parts)
        keyed_by_b = _shuffle(pairs.union(fps), _attach, parts, parts=parts)
        edges = _shuffle(keyed_by_b.union(fps), _confirm, parts, template=source, parts=parts).materialize()
    else:
        edges = _shuffle(blocks, _star, parts, parts=parts).materialize()
    if not edges.count():
        return _alone(survivors, **replay)
    labels = components(edges, parts)
    docs = survivors.map_batches(_as_docs, fn_kwargs={"parts": parts, "label": None}, batch_format="pyarrow")
    labelled = labels.map_batches(
        lambda b: _table(_DOCS, part=b["part"], node=b["u"], label=b["l"], shard=np.zeros(len(b), np.int64),
                         id=[""] * len(b), fp=[b""] * len(b), prio=[b""] * len(b)), batch_format="pyarrow")
    grouped = _shuffle(docs.union(labelled), _label_docs, parts, parts=parts)
    return _shuffle(grouped, _replay, parts, **replay)


def verdicts(docs: ray.data.Dataset, steps: list[tuple[str, Template]], parts: int) -> ray.data.Dataset:
    """The verdicts of the deduplication steps (name, where to get its deduplicator), in
    pipeline order, each over the survivors of the ones before it, of the processed documents
    `docs` (columns ``fp_I`` and ``blocks_I`` for step I). The nodes a step drops (8 bytes a
    document) pass through the driver to the next step."""
    survivors = where(docs, lambda b: b["kept"]).select_columns(
        ["node", "shard", "id", "prio", *(f"{c}_{i}" for i in range(len(steps)) for c in ("fp", "blocks"))])
    counts = survivors.map_batches(lambda b: pa.table(
        {f"n_{i}": pc.list_value_length(b[f"blocks_{i}"]) for i in range(len(steps))}), batch_format="pyarrow")
    widest = counts.aggregate(*(Max(f"n_{i}") for i in range(len(steps)))) or {}  # one pass for all steps
    found = []
    for i, (name, source) in enumerate(steps):
        mine = survivors.map_batches(
            lambda b, i=i: pa.table({"node": b["node"], "shard": b["shard"], "id": b["id"], "prio": b["prio"],
                                     "fp": b[f"fp_{i}"], "blocks": b[f"blocks_{i}"]}), batch_format="pyarrow")
        result = step(mine, name, i, source, parts, widest.get(f"max(n_{i})") or 0).materialize()
        found.append(result)
        if i + 1 < len(steps):  # the next step sees the survivors of this one
            dropped = _dropped(result)
            survivors = where(survivors, lambda b, dropped=dropped: pa.array(~np.isin(b["node"].to_numpy(), dropped)))
    return found[0].union(*found[1:]) if len(found) > 1 else found[0]


def step_fields(steps: int) -> list[tuple[str, pa.DataType]]:
    """The columns a processed document has for `steps` deduplication steps: step I's
    fingerprint (pickled) and blocks (`cleaner.dedup.contract.block_key`)."""
    return [(f"{c}_{i}", t) for i in range(steps) for c, t in (("fp", pa.binary()), ("blocks", pa.list_(pa.uint64())))]


def _dropped(result: ray.data.Dataset) -> np.ndarray:
    """The nodes that the verdicts `result` drop."""
    nodes = [np.asarray(b["node"])[["stage" in json.loads(v) for v in b["verdict"]]]
             for b in result.iter_batches(batch_format="numpy")]
    return np.concatenate(nodes) if nodes else np.empty(0, np.int64)
