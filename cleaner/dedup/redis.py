"""A dedup index shared through Redis, so that concurrent writers keep one copy of a story.

Keys live under ``PREFIX:exact:`` and ``PREFIX:near:``; each index stores its parameters
(``...:params``) and refuses, on connect, settings that differ. Every decision is one atomic
Lua script: the exact claim is ``HSETNX``; a near-duplicate claim succeeds only if none of the
document's LSH buckets grew since the writer read them (buckets are append-only strings, so
their lengths tell), else the writer reads them again. Each verdict is recorded under the
writer's name and the document's id, so a resumed or repeated run gets the same verdict back
instead of finding its own claim. A dropped connection is retried with backoff, then raises
`IndexUnavailable`: the run stops, it never goes on undeduplicated.
"""
from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

from ..pipeline import StopRun
from .minhash import IndexMismatch, LSHIndex, Params, confirmed_best

RETRY_DELAYS = (0.1, 0.3, 1.0, 3.0)  # seconds before each new try after a connection error
SOCKET_TIMEOUT = 30.0  # a call that gets no answer for this long counts as a dropped connection
CLAIM_TRIES = 1000  # a near claim that lost this many races in a row stops the run
T = TypeVar("T")


class IndexUnavailable(StopRun):
    """The shared index could not be reached, even after retries: the run must stop."""


def writer_name(name: str) -> str:
    """The name a writer records its verdicts under: `name`, or a random one for this run."""
    return name or uuid.uuid4().hex[:12]


class Connection:
    """A Redis client under one key prefix: checked on connect, retried on a dropped link."""

    def __init__(self, url: str, prefix: str) -> None:
        try:
            import redis
        except ImportError:
            raise RuntimeError(
                f"index {url!r} needs the Redis client: pip install 'cleaner[redis]'") from None
        self.url, self.prefix, self._errors = url, prefix, (redis.ConnectionError, redis.TimeoutError)
        self.failed = False
        try:
            self.client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=5)
            self.client.ping()
        except (ValueError, redis.RedisError) as e:
            raise RuntimeError(
                f"cannot use the Redis index at {url}: {e}. Start the server (redis-server), check the "
                f"address, or set the step's index to \"\" for an in-process index") from None

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def call(self, fn: Callable[[], T]) -> T:
        """`fn()`, tried again after each delay of `RETRY_DELAYS` while the connection fails."""
        for delay in (*RETRY_DELAYS, None):
            try:
                return fn()
            except self._errors as e:
                if delay is None:
                    self.failed = True
                    raise IndexUnavailable(
                        f"lost the Redis index at {self.url} ({e}); gave up after "
                        f"{len(RETRY_DELAYS) + 1} tries") from None
                time.sleep(delay)
        raise AssertionError("unreachable")

    def check_params(self, kind: str, params: dict[str, Any]) -> None:
        """Store `params` beside the index, or raise `IndexMismatch` naming the field that
        differs from those already stored."""
        key = self.key(kind, "params")
        stored = self.call(lambda: self.client.set(key, json.dumps(params), nx=True, get=True))
        if stored is None:
            return
        stored = json.loads(stored)
        for field in sorted(set(params) | set(stored)):
            if stored.get(field) != params.get(field):
                raise IndexMismatch(
                    f"the Redis index {self.url} (prefix {self.prefix!r}) was built with {field}="
                    f"{stored.get(field)!r}, the settings say {field}={params.get(field)!r}: use the "
                    f"index's settings or another prefix")

    def counts(self, key: str, fields: Iterable[Any]) -> list[int]:
        """The integers at `fields` of the hash `key` (0 where a field is missing)."""
        fields = list(fields)
        if not fields:
            return []
        return [int(n or 0) for n in self.call(lambda: self.client.hmget(key, fields))]


# KEYS: first-copy hash, verdict hash, copy-count hash. ARGV: key, writer:id, id.
# Returns {kept (0/1), id of the kept copy}.
_EXACT = """
local verdict = redis.call('HGET', KEYS[2], ARGV[2])
if verdict then
  if verdict == '' then return {1, ARGV[3]} end
  return {0, verdict}
end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) == 1 then
  redis.call('HSET', KEYS[2], ARGV[2], '')
  return {1, ARGV[3]}
end
local first = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], first)
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return {0, first}
"""


class ExactClaims:
    """Exact-copy keys shared in Redis: the first document to claim a key keeps it."""

    def __init__(self, url: str, prefix: str, writer: str, params: dict[str, Any]) -> None:
        self.redis = Connection(url, prefix)
        self.redis.check_params("exact", params)
        self.writer = writer_name(writer)
        self._script = self.redis.client.register_script(_EXACT)
        self._keys = [self.redis.key("exact", k) for k in ("first", "verdict", "copies")]

    def claim(self, key: str, doc_id: str) -> str | None:
        """None if `doc_id` keeps `key`, else the id of the document that kept it."""
        kept, first = self.redis.call(lambda: self._script(self._keys, [key, f"{self.writer}:{doc_id}", doc_id]))
        return None if kept else first.decode()

    def copies(self, keys: Iterable[str]) -> list[int]:
        """How many copies followed the first of each key (any writer's)."""
        return self.redis.counts(self._keys[2], keys)


# KEYS: the band keys, then counter, records, verdicts, copy counts.
# ARGV: band count, cluster (0: the document is kept, a cluster of its own), writer:id,
#       verdict of a copy, the bands' lengths as read (for a claim), record tail ('': a copy
#       not indexed). Returns {-1} if a band grew since it was read (the claim lost a race),
#       {0, verdict} if the document has one already, else {1, verdict}.
_ADD = """
local nb = tonumber(ARGV[1])
local counter, records, verdicts, counts = KEYS[nb + 1], KEYS[nb + 2], KEYS[nb + 3], KEYS[nb + 4]
local old = redis.call('HGET', verdicts, ARGV[3])
if old then return {0, old} end
local cluster, verdict, tail = tonumber(ARGV[2]), ARGV[4], ARGV[nb + 5]
if cluster == 0 then
  for i = 1, nb do
    if redis.call('STRLEN', KEYS[i]) ~= tonumber(ARGV[4 + i]) then return {-1} end
  end
else
  redis.call('HINCRBY', counts, cluster, 1)
end
if tail ~= '' then
  local position = redis.call('INCR', counter)
  if cluster == 0 then
    cluster = position
    verdict = tostring(position)
  end
  local packed = struct.pack('<I4', position)
  for i = 1, nb do redis.call('APPEND', KEYS[i], packed) end
  redis.call('HSET', records, position, struct.pack('<I4', cluster) .. tail)
end
redis.call('HSET', verdicts, ARGV[3], verdict)
return {1, verdict}
"""


class SharedLSH:
    """MinHash signatures bucketed by LSH band in Redis, with each one's cluster and id.

    A document's position is a counter shared by all writers; its record is its cluster (the
    kept document's position, uint32), its signature and its id; a bucket is the positions
    (uint32) of the documents with that band key, appended in order. A verdict is the kept
    document's position, or ``[cluster, kept id, similarity]`` for a copy."""

    def __init__(self, url: str, prefix: str, writer: str, params: Params) -> None:
        self.redis = Connection(url, prefix)
        self.local = LSHIndex(params)  # band keys and the header only: it indexes nothing
        header = self.local.header()
        self.redis.check_params("near", {**header.pop("params"), **header})
        self.writer = writer_name(writer)
        self._script = self.redis.client.register_script(_ADD)
        self._meta = [self.redis.key("near", k) for k in ("count", "records", "verdict", "copies")]
        self._sig_bytes = params.num_perm * 4

    def decide(
        self, doc_id: str, signature: np.ndarray, threshold: float, index_copies: bool, kept_threshold: float = 0.0
    ) -> tuple[int, str | None, float]:
        """(cluster, kept id, similarity) of a copy of an indexed story, or (own position,
        None, 1.0) for a document kept as the first of its story; recorded for good, and
        returned again for this writer and id."""
        bands = [self.redis.key("near", "b", f"{k:016x}") for k in self.local.band_keys(signature).tolist()]
        field = f"{self.writer}:{doc_id}"
        for _ in range(CLAIM_TRIES):
            verdict, buckets, records = self._lookup(field, bands)
            if verdict is None:
                match = self._best(signature, records, threshold, kept_threshold)
                tail = signature.astype("<u4").tobytes() + doc_id.encode()
                if match is None:
                    args = [len(bands), 0, field, "", *(len(b) for b in buckets), tail]
                else:
                    cluster, similarity = match
                    kept = records[cluster] if cluster in records else self._record(cluster)
                    verdict = json.dumps([cluster, kept[4 + self._sig_bytes :].decode(), round(similarity, 4)])
                    index = index_copies and similarity < 1  # an equal signature adds nothing
                    args = [len(bands), cluster, field, verdict, *[""] * len(bands), tail if index else ""]
                result = self.redis.call(lambda: self._script([*bands, *self._meta], args))
                if result[0] == -1:
                    continue  # a band grew while we looked: look again
                verdict = result[1]
            verdict = json.loads(verdict)
            return (verdict, None, 1.0) if isinstance(verdict, int) else tuple(verdict)  # type: ignore[return-value]
        raise IndexUnavailable(f"a near-duplicate claim in {self.redis.url} lost {CLAIM_TRIES} races in a row")

    def _lookup(self, field: str, bands: list[str]) -> tuple[bytes | None, list[bytes], dict[int, bytes]]:
        """The verdict recorded under `field`, else the buckets of `bands` as read and the
        records of every document in them."""
        client = self.redis.client

        def read() -> list[Any]:
            pipe = client.pipeline(transaction=False)
            pipe.hget(self._meta[2], field)
            pipe.mget(bands)
            return pipe.execute()

        verdict, buckets = self.redis.call(read)
        if verdict is not None:
            return verdict, [], {}
        buckets = [b or b"" for b in buckets]
        joined = b"".join(buckets)
        positions = np.unique(np.frombuffer(joined, "<u4")).tolist() if joined else []
        records = self.redis.call(lambda: client.hmget(self._meta[1], positions)) if positions else []
        return None, buckets, dict(zip(positions, records))

    def _record(self, position: int) -> bytes:
        return self.redis.call(lambda: self.redis.client.hget(self._meta[1], position))

    def _sims(self, signature: np.ndarray, records: list[bytes]) -> np.ndarray:
        sigs = np.frombuffer(b"".join(r[4 : 4 + self._sig_bytes] for r in records), "<u4")
        return (sigs.reshape(len(records), -1) == signature).mean(axis=1)

    def _best(self, signature: np.ndarray, records: dict[int, bytes], threshold: float,
              kept_threshold: float = 0.0) -> tuple[int, float] | None:
        """(cluster, similarity) of the most similar record (the earliest on ties) that reaches
        `threshold`, among those whose cluster's kept record reaches `kept_threshold`, as
        `LSHIndex.best_confirmed`."""
        if not records:
            return None
        positions = sorted(records)
        sims = self._sims(signature, [records[p] for p in positions])
        clusters = [int(np.frombuffer(records[p][:4], "<u4")[0]) for p in positions]

        def kept(close: np.ndarray) -> np.ndarray:
            return self._sims(signature, [records[c] if c in records else self._record(c)
                                          for c, ok in zip(clusters, close) if ok])

        best = confirmed_best(sims, kept, threshold, kept_threshold)
        return None if best is None else (clusters[best], float(sims[best]))

    def copies(self, clusters: Iterable[int]) -> list[int]:
        """How many copies joined each cluster after its first document (any writer's)."""
        return self.redis.counts(self._meta[3], clusters)
