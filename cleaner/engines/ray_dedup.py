"""Exact and near-duplicate removal over a Ray Dataset, with the local engine's result.

The local engine shows the kept documents to ``exact_dedup`` then ``near_dedup``, one at a
time in priority order (``cleaner.keep``), each dropping a document that matches one it
indexed before. Here, with no step gathering documents in one place:

1. exact: documents grouped by exact key (a shuffle); in each group the first in priority
   order is kept, the others are its ``duplicate``.
2. near, over the survivors: LSH band keys grouped by a shuffle give candidate pairs; each
   pair is confirmed when its estimated Jaccard reaches the threshold; connected components
   of the confirmed pairs come from min-label propagation (two shuffles a round, as many
   rounds as the longest shortest path in a component); in each component a fresh
   ``NearDuplicates`` is shown its documents in priority order. A document's confirmed
   matches all lie in its component, so its verdict equals the local engine's.

Every shuffle groups rows by a hash of their key into `parts` partitions, and each group is
handled with NumPy or one pass in Python, so a stage costs `parts` calls, not one per key.
The result is a dataset of verdicts (``node``, ``shard``, ``verdict`` as JSON): a drop, or the
copies a kept document gained.
"""
from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import ray.data

from ..document import Document
from ..minhash import LSHIndex

VERDICTS = pa.schema([("node", pa.int64()), ("shard", pa.int64()), ("verdict", pa.string())])
_SIGS = pa.schema([("part", pa.int64()), ("a", pa.int64()), ("b", pa.int64()), ("sig", pa.binary())])
_LINKS = pa.schema([("part", pa.int64()), ("u", pa.int64()), ("w", pa.int64()), ("l", pa.int64())])
_DOCS = pa.schema([("part", pa.int64()), ("node", pa.int64()), ("label", pa.int64()), ("shard", pa.int64()),
                   ("id", pa.string()), ("sig", pa.binary()), ("prio", pa.binary())])
_EXACT = pa.schema([("node", pa.int64()), ("shard", pa.int64()), ("id", pa.string()), ("sig", pa.binary()),
                    ("prio", pa.binary()), ("drop", pa.bool_()), ("verdict", pa.string())])
_OLD = -1  # `w` of a link row that carries a node's current label, not an edge
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


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


# exact duplicates

def _exact_groups(group: pa.Table, name: str) -> pa.Table:
    """Keep the first document of each exact key in priority order; drop the others."""
    rows = sorted(group.select(["exact", "prio", "node", "shard", "id", "sig"]).to_pylist(),
                  key=lambda r: (r["exact"], r["prio"]))
    out = []
    for _, same in groupby(rows, key=lambda r: r["exact"]):
        first, *copies = same
        out.append({**first, "drop": False, "verdict": json.dumps({"exact_copies": len(copies) + 1}) if copies else ""})
        verdict = json.dumps({"stage": name, "reason": "duplicate", "duplicate_of": first["id"], "similarity": 1.0})
        out += [{**copy, "drop": True, "verdict": verdict} for copy in copies]
    return pa.Table.from_pylist(out, schema=_EXACT)


def exact(survivors: ray.data.Dataset, name: str, parts: int) -> ray.data.Dataset:
    """(node, shard, id, sig, prio, drop, verdict) of each survivor after exact dedup."""
    def keyed(batch: pa.Table) -> pa.Table:
        return batch.append_column("part", pa.array([int(k[:15], 16) % parts for k in batch["exact"].to_pylist()]))

    return _shuffle(survivors.map_batches(keyed, batch_format="pyarrow"), _exact_groups, parts, name=name)


# near duplicates: candidate pairs, confirmed

def _bands(batch: pa.Table, index: LSHIndex, parts: int) -> pa.Table:
    sigs = np.frombuffer(b"".join(batch["sig"].to_pylist()), np.uint32).reshape(len(batch), -1)
    keys = index.band_keys(sigs).ravel()
    nodes = np.repeat(batch["node"].to_numpy(), index.params.bands)
    return pa.table({"key": keys, "node": nodes, "part": part_of(keys, parts)})


def _pairs(group: pa.Table, parts: int) -> pa.Table:
    """Every pair of documents that share a band key, smaller node first, keyed by it."""
    keys, nodes = group["key"].to_numpy(), group["node"].to_numpy()
    order = np.lexsort((nodes, keys))
    keys, nodes = keys[order], nodes[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    a_parts, b_parts = [], []
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        members = nodes[start : start + size]
        i, j = np.triu_indices(size, 1)
        a_parts.append(members[i])
        b_parts.append(members[j])
    a = np.concatenate(a_parts) if a_parts else np.empty(0, np.int64)
    b = np.concatenate(b_parts) if b_parts else np.empty(0, np.int64)
    if len(a):
        a, b = np.unique(np.stack([a, b], axis=1), axis=0).T
    return _table(_SIGS, part=part_of(a, parts), a=a, b=b, sig=[b""] * len(a))


def _signatures(group: pa.Table) -> dict[int, bytes]:
    own = group.filter(pc.equal(group["b"], -1))
    return dict(zip(own["a"].to_pylist(), own["sig"].to_pylist()))


def _attach(group: pa.Table, parts: int) -> pa.Table:
    """Each distinct pair (a, b) of the group, with a's signature, keyed by b."""
    sigs = _signatures(group)
    pairs = group.filter(pc.not_equal(group["b"], -1)).select(["a", "b"])
    a, b = (np.unique(np.stack([pairs["a"].to_numpy(), pairs["b"].to_numpy()], axis=1), axis=0).T
            if len(pairs) else (np.empty(0, np.int64), np.empty(0, np.int64)))
    return _table(_SIGS, part=part_of(b, parts), a=a, b=b, sig=[sigs[x] for x in a.tolist()])


def _confirm(group: pa.Table, threshold: float, parts: int) -> pa.Table:
    """The pairs whose estimated Jaccard reaches `threshold`, in both directions, keyed by
    their first node: the edges of the confirmed graph."""
    sigs = _signatures(group)
    pairs = group.filter(pc.not_equal(group["b"], -1))
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    if len(a):
        mine = np.frombuffer(b"".join(pairs["sig"].to_pylist()), np.uint32).reshape(len(a), -1)
        theirs = np.frombuffer(b"".join(sigs[x] for x in b.tolist()), np.uint32).reshape(len(b), -1)
        same = (mine == theirs).mean(axis=1) >= threshold
        a, b = a[same], b[same]
    u, w = np.r_[a, b], np.r_[b, a]
    return _table(_LINKS, part=part_of(u, parts), u=u, w=w, l=np.full(len(u), _OLD))


# near duplicates: connected components by min-label propagation

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


# near duplicates: the greedy check, replayed in each component

def _label_docs(group: pa.Table, parts: int) -> pa.Table:
    """The documents that have a component label, keyed by the label."""
    labels = group.filter(pc.not_equal(group["label"], -1))
    label = dict(zip(labels["node"].to_pylist(), labels["label"].to_pylist()))
    docs = group.filter(pc.equal(group["label"], -1))
    mask = [n in label for n in docs["node"].to_pylist()]
    docs = docs.filter(pa.array(mask, pa.bool_()))
    owned = np.array([label[n] for n in docs["node"].to_pylist()], np.int64)
    return docs.set_column(docs.schema.get_field_index("label"), "label", pa.array(owned, pa.int64())) \
        .set_column(0, "part", pa.array(part_of(owned, parts), pa.int64()))


def _replay(group: pa.Table, name: str, settings: Any, checker: type) -> pa.Table:
    """Show each component's documents, best first, to a fresh deduplicator."""
    rows = sorted(group.select(["label", "prio", "node", "shard", "id", "sig"]).to_pylist(),
                  key=lambda r: (r["label"], r["prio"]))
    out: list[tuple[dict[str, Any], str]] = []
    for _, component in groupby(rows, key=lambda r: r["label"]):
        dedup, kept, copies = checker(settings), {}, Counter()
        for row in component:
            found = dedup.check(Document(id=row["id"], source=""), np.frombuffer(row["sig"], np.uint32))
            if found is None:
                kept[row["id"]] = row
            else:
                copies[found["duplicate_of"]] += 1
                out.append((row, json.dumps({"stage": name, **found})))
        out += [(kept[doc_id], json.dumps({"near_copies": n + 1})) for doc_id, n in copies.items()]
    return _table(VERDICTS, node=[r["node"] for r, _ in out], shard=[r["shard"] for r, _ in out],
                  verdict=[v for _, v in out])


def near(survivors: ray.data.Dataset, name: str, settings: Any, checker: type, parts: int) -> ray.data.Dataset:
    """Verdicts of near-duplicate removal over `survivors` (node, shard, id, sig, prio)."""
    from cleaner_plugins.near_dedup import params

    index = LSHIndex(params(settings))
    signed = where(survivors, lambda b: pc.not_equal(pc.binary_length(b["sig"]), 0)).materialize()
    sigs = signed.map_batches(
        lambda b: _table(_SIGS, part=part_of(b["node"].to_numpy(), parts), a=b["node"], b=np.full(len(b), -1),
                         sig=b["sig"]), batch_format="pyarrow").materialize()
    bands = signed.map_batches(_bands, fn_kwargs={"index": index, "parts": parts}, batch_format="pyarrow")
    pairs = _shuffle(bands, _pairs, parts, parts=parts)
    keyed_by_b = _shuffle(pairs.union(sigs), _attach, parts, parts=parts)
    edges = _shuffle(keyed_by_b.union(sigs), _confirm, parts, threshold=settings.threshold, parts=parts).materialize()
    if not edges.count():
        return ray.data.from_arrow(_table(VERDICTS, node=[], shard=[], verdict=[]))
    labels = components(edges, parts)
    docs = signed.map_batches(
        lambda b: _table(_DOCS, part=part_of(b["node"].to_numpy(), parts), node=b["node"], label=np.full(len(b), -1),
                         shard=b["shard"], id=b["id"], sig=b["sig"], prio=b["prio"]), batch_format="pyarrow")
    labelled = labels.map_batches(
        lambda b: _table(_DOCS, part=b["part"], node=b["u"], label=b["l"], shard=np.zeros(len(b), np.int64),
                         id=[""] * len(b), sig=[b""] * len(b), prio=[b""] * len(b)), batch_format="pyarrow")
    grouped = _shuffle(docs.union(labelled), _label_docs, parts, parts=parts)
    return _shuffle(grouped, _replay, parts, name=name, settings=settings, checker=checker)


def verdicts(docs: ray.data.Dataset, exact_step: str | None, near_step: tuple[str, Any, type] | None,
             parts: int) -> ray.data.Dataset:
    """The verdicts of the deduplication steps over the processed documents `docs`."""
    survivors = where(docs, lambda b: b["kept"]).select_columns(["node", "shard", "id", "exact", "sig", "prio"])
    found = []
    if exact_step:
        checked = exact(survivors, exact_step, parts).materialize()
        dropped = where(checked, lambda b: pc.not_equal(b["verdict"], ""))
        found.append(dropped.select_columns(["node", "shard", "verdict"]))
        survivors = where(checked, lambda b: pc.invert(b["drop"]))
    if near_step:
        found.append(near(survivors.select_columns(["node", "shard", "id", "sig", "prio"]), *near_step, parts))
    return found[0].union(*found[1:]) if len(found) > 1 else found[0]
