"""Near-duplicate stories: MinHash signatures, LSH candidates, confirmed by estimated Jaccard.

The first copy of a story seen is kept and gets ``dup_cluster`` (its own id, which stays the
cluster's id in later runs); later copies are dropped with reason ``near-duplicate``,
``duplicate_of`` (the kept id) and ``similarity`` (to the closest indexed copy). A document
matches an indexed copy (estimated Jaccard ``threshold``) only if it also shares some text
with that copy's kept document (``kept_threshold``): a follow-up that quotes two stories, kept
as a copy of one, does not bring the copies of the other into its cluster. With
``index`` set, the index is loaded at the start of the run and saved at its end, so each batch
is deduplicated against every earlier one. ``index = "redis://HOST:PORT/DB"`` shares the index
between concurrent writers instead (`cleaner.dedup.redis`): the first writer to claim a story
keeps it, every copy in any writer is dropped. ``clusters`` names a JSON Lines file where the run
writes the final ``dup_count`` of every cluster that gained copies.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ..document import Document
from ..output import atomic_file
from .contract import is_url
from .minhash import LSHIndex, Params, Signer, bands_rows, is_empty


@dataclass
class Settings:
    index_files: ClassVar[bool] = True  # `index` may be a file (`cleaner.dedup.contract.IndexSettings`)
    shingle: str = "auto"  # "word" n-grams, "char" n-grams, or "auto": char_ngram-grams for text without spaces
    ngram: int = 3
    char_ngram: int = 5  # "auto": the character n-grams of a text mostly in Chinese, Japanese, Thai...
    num_perm: int = 128
    bands: int = 64
    rows: int = 2
    lsh_threshold: float = 0.0  # > 0: bands x rows chosen by datasketch for this Jaccard instead
    threshold: float = 0.2  # estimated Jaccard a candidate must reach to be a copy
    kept_threshold: float = 0.02  # ...and the candidate's cluster's kept copy (no chaining through copies); 0 = any
    index_copies: bool = True  # index dropped copies too, so later copies may match them
    seed: int = 1
    index: str = ""  # the persistent index file, or redis://HOST:PORT/DB; "" = in memory, one run
    clusters: str = ""  # a JSON Lines file of {dup_cluster, dup_count}, written at the end of the run
    prefix: str = "cleaner"  # the Redis keys' prefix: one per shared index
    writer: str = ""  # this writer's name in a shared index ("" = a random one per run)

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 1 or not 0 <= self.kept_threshold <= 1 or not 0 <= self.lsh_threshold < 1:
            raise ValueError("threshold, kept_threshold and lsh_threshold must be between 0 and 1")
        params(self)


def write_clusters(path: str, sizes: dict[str, int]) -> None:
    """The ``clusters`` file: one {dup_cluster, dup_count} line per cluster."""
    with atomic_file(path) as f:
        for cluster, count in sizes.items():
            f.write(json.dumps({"dup_cluster": cluster, "dup_count": count}).encode() + b"\n")


def params(s: Settings) -> Params:
    """The signature and index parameters of these settings."""
    bands, rows = bands_rows(s.lsh_threshold, s.num_perm) if s.lsh_threshold else (s.bands, s.rows)
    return Params(s.shingle, s.ngram, s.num_perm, bands, rows, s.seed, s.char_ngram)


@lru_cache(maxsize=8)
def _signer(p: Params) -> Signer:
    return Signer(p)


def fingerprint(text: str, settings: Settings) -> np.ndarray:
    """The MinHash signature of `text` under these settings."""
    return _signer(params(settings))(text)


class NearDuplicates:
    """Keeps the first copy of each story; remembers every indexed copy's cluster."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = LSHIndex(params(settings))
        for path in filter(None, (settings.index, settings.clusters)):
            Path(path).parent.mkdir(parents=True, exist_ok=True)  # fail now rather than at the end
        if settings.index and Path(settings.index).exists():
            self.index = LSHIndex.load(settings.index, self.index.params)
        self.earlier = len(self.index)  # documents indexed by earlier runs
        self.grown: set[int] = set()  # clusters that gained a copy in this run

    def check(self, doc: Document, fingerprint: np.ndarray) -> dict[str, Any] | None:
        if is_empty(fingerprint):
            return None
        keys = self.index.band_keys(fingerprint)
        s = self.settings
        match = self.index.best_confirmed(fingerprint, s.threshold, s.kept_threshold, keys)
        if match is None:
            self.index.add(doc.id, fingerprint, keys=keys)
            doc.meta["dup_cluster"] = doc.id
            return None
        position, similarity = match
        cluster = self.index.cluster_of(position)
        if position < self.earlier and self.index.ids[position] == doc.id:  # a rerun: same verdict
            if cluster == position:
                doc.meta["dup_cluster"] = doc.id
                return None
            similarity = float(self.index.similarity(fingerprint, np.array([cluster]))[0])
        else:
            self.index.count_copy(cluster)
            self.grown.add(cluster)
            if self.settings.index_copies and similarity < 1:  # an equal signature adds nothing
                self.index.add(doc.id, fingerprint, cluster, keys)
        return {"reason": "near-duplicate", "duplicate_of": self.index.ids[cluster], "similarity": round(similarity, 4)}

    def cluster_sizes(self) -> dict[str, int]:
        """``dup_count`` (copies seen in all runs, the kept one included) of each cluster that
        gained a copy in this run, by ``dup_cluster``."""
        return {self.index.ids[c]: self.index.copies(c) for c in sorted(self.grown)}

    def close(self) -> None:
        if self.settings.index:
            self.index.save(self.settings.index)
        if self.settings.clusters:
            write_clusters(self.settings.clusters, self.cluster_sizes())


class SpreadNearDuplicates(NearDuplicates):
    """`NearDuplicates` of one run, without an index file or a clusters file: a
    `cleaner.dedup.contract.Spreadable`. Its blocks are the LSH band keys; a pair is similar
    when its estimated Jaccard reaches the threshold, and a document's verdict depends only on
    such pairs (its best match among them, and that match's cluster's kept copy)."""

    def blocks(self, fingerprint: np.ndarray) -> Iterable[int]:
        return () if is_empty(fingerprint) else self.index.band_keys(fingerprint).tolist()

    def similar(self, a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> np.ndarray:
        if not len(a):
            return np.zeros(0, bool)
        return (np.stack(a) == np.stack(b)).mean(axis=1) >= self.settings.threshold


class SharedNearDuplicates:
    """Keeps the first copy of each story among all the writers of a Redis index."""

    def __init__(self, settings: Settings) -> None:
        from .redis import SharedLSH

        self.settings = settings
        if settings.clusters:
            Path(settings.clusters).parent.mkdir(parents=True, exist_ok=True)
        self.index = SharedLSH(settings.index, settings.prefix, settings.writer, params(settings))
        self.clusters: dict[int, str] = {}  # position -> kept id, of the clusters this run kept or grew

    def check(self, doc: Document, fingerprint: np.ndarray) -> dict[str, Any] | None:
        if is_empty(fingerprint):
            return None
        s = self.settings
        cluster, kept, similarity = self.index.decide(doc.id, fingerprint, s.threshold, s.index_copies,
                                                      s.kept_threshold)
        self.clusters[cluster] = kept or doc.id
        if kept is None:
            doc.meta["dup_cluster"] = doc.id
            return None
        return {"reason": "near-duplicate", "duplicate_of": kept, "similarity": similarity}

    def cluster_sizes(self) -> dict[str, int]:
        """``dup_count`` (copies seen so far by every writer, the kept one included) of each
        cluster this run kept or grew, if it has copies, by ``dup_cluster``."""
        positions = sorted(self.clusters)
        return {self.clusters[p]: n + 1 for p, n in zip(positions, self.index.copies(positions)) if n}

    def close(self) -> None:
        if self.settings.clusters and not self.index.redis.failed:
            write_clusters(self.settings.clusters, self.cluster_sizes())


def deduplicator(settings: Settings) -> NearDuplicates | SharedNearDuplicates:
    """The deduplicator these settings ask for: shared through Redis, kept in a file, or of
    this run only (spreadable)."""
    if is_url(settings.index):
        return SharedNearDuplicates(settings)
    return NearDuplicates(settings) if settings.index or settings.clusters else SpreadNearDuplicates(settings)
