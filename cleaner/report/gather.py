"""The numbers of a run's report, gathered in one streamed pass over OUT and two over REJECTS:
counters, fixed-bin histograms, a bounded sample of removed spans per plugin and one counter
per duplicate cluster, never the documents."""
from __future__ import annotations

import bisect
import hashlib
import heapq
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLES = 10  # removed spans shown per plugin
CLUSTERS = 20  # duplicate clusters shown
MEMBERS = 12  # members shown per cluster
EXAMPLES = 3  # ids shown per drop reason

# Length bins (characters), a 1-2-5 series: bin i holds lengths in [EDGES[i], EDGES[i+1]).
LENGTH_EDGES = (0, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
# Similarity bins of duplicates: below 0.5, then steps of 0.05, and exactly 1.
SIMILARITY_EDGES = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def records(path: Path, bad: Counter[str]) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, one line at a time; lines that are not a JSON object
    are counted in `bad[str(path)]` and skipped."""
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                rec = None
            if isinstance(rec, dict):
                yield rec
            else:
                bad[str(path)] += 1


def _bin(value: float, edges: tuple[float, ...]) -> int:
    return max(0, bisect.bisect_right(edges, value) - 1)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)



@dataclass(frozen=True)
class Span:
    """One removed span of a kept document, as its trail records it."""

    doc_id: str
    position: int  # index in the document's trail
    plugin: str
    kind: str
    chars: int
    text: str  # the first TRAIL_TEXT_CHARS characters
    source: str
    title: str


# What a context provider finds for a document id: the text before the removals and the
# removed spans in its offsets (start, end, "plugin:kind"), as `cleaner explain` marks them.
Located = tuple[str, list[tuple[int, int, str]]]
ContextProvider = Callable[[set[str]], dict[str, Located]]
# A piece of a span shown in context: (text, "" for kept text, "hit" for the span, "other" for
# another removal, "gap" for an elision).
Segment = tuple[str, str]


@dataclass
class Member:
    doc_id: str
    source: str
    url: str
    stage: str
    reason: str
    similarity: float | None


@dataclass
class Root:
    """The kept document a cluster's copies point to."""

    source: str
    title: str
    opening: str
    chars: int


@dataclass
class PluginStats:
    chars: int = 0
    spans: int = 0
    docs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    kind_chars: Counter[str] = field(default_factory=Counter)
    # bottom-k sample: a max-heap (negated keys) of the `samples` smallest hash keys
    sample: list[tuple[int, int, Span]] = field(default_factory=list)

    def spans_shown(self) -> list[Span]:
        """The sampled spans, by document and place in its trail."""
        return sorted((span for *_, span in self.sample), key=lambda span: (span.doc_id, span.position))


@dataclass
class Report:
    """What the page shows, gathered by `build`."""

    out_path: str
    rejects_path: str
    samples: int = SAMPLES
    clusters_shown: int = CLUSTERS
    members_shown: int = MEMBERS
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    plugins: dict[str, PluginStats] = field(default_factory=dict)
    langs: Counter[str] = field(default_factory=Counter)
    lang_scores: Counter[str] = field(default_factory=Counter)  # sum of lang_score, per lang
    lang_scored: Counter[str] = field(default_factory=Counter)  # documents with a lang_score, per lang
    flags: Counter[str] = field(default_factory=Counter)
    before: list[int] = field(default_factory=lambda: [0] * len(LENGTH_EDGES))
    after: list[int] = field(default_factory=lambda: [0] * len(LENGTH_EDGES))
    chars_before: int = 0
    chars_after: int = 0
    cluster_sizes: Counter[str] = field(default_factory=Counter)  # copies per duplicate_of
    similarity: list[int] = field(default_factory=lambda: [0] * (len(SIMILARITY_EDGES) + 1))
    members: dict[str, list[tuple[float, int, Member]]] = field(default_factory=dict)  # heaps, see add_member
    similarity_range: dict[str, tuple[float, float]] = field(default_factory=dict)  # of the clusters shown
    member_lines: int = 0  # lines of REJECTS seen by add_member: a tie-break
    roots: dict[str, Root] = field(default_factory=dict)
    contexts: dict[tuple[str, int], list[Segment]] | None = None  # None: no inputs to look in
    bad_lines: Counter[str] = field(default_factory=Counter)

    @property
    def read(self) -> int:
        return self.kept + sum(self.dropped.values())

    def top_clusters(self) -> list[tuple[str, int]]:
        """(kept id, copies) of the largest clusters, largest first, then by id."""
        return sorted(self.cluster_sizes.items(), key=lambda kv: (-kv[1], kv[0]))[: self.clusters_shown]

    # pass 1 over REJECTS
    def add_reject(self, rec: dict[str, Any]) -> None:
        reason = f"{_str(rec.get('stage')) or '?'}: {_str(rec.get('reason')) or '?'}"
        self.dropped[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES:
            shown.append(_str(rec.get("id")))
        target = rec.get("duplicate_of")
        if target is not None:
            self.cluster_sizes[_str(target)] += 1
            sim = rec.get("similarity")
            if isinstance(sim, (int, float)) and not isinstance(sim, bool):
                self.similarity[len(SIMILARITY_EDGES) if sim >= 1 else _bin(sim, SIMILARITY_EDGES)] += 1

    # pass 2 over REJECTS, for the clusters shown
    def add_member(self, rec: dict[str, Any], wanted: set[str]) -> None:
        target = rec.get("duplicate_of")
        if target is None or _str(target) not in wanted:
            return
        cid, sim = _str(target), rec.get("similarity")
        sim = float(sim) if isinstance(sim, (int, float)) and not isinstance(sim, bool) else None
        if sim is not None:
            low, high = self.similarity_range.get(cid, (sim, sim))
            self.similarity_range[cid] = (min(low, sim), max(high, sim))
        # keep the members least similar to the kept document (the borderline copies), then
        # the first in the file: a max-heap on (similarity, line)
        self.member_lines += 1
        heap = self.members.setdefault(cid, [])
        key = (-(2.0 if sim is None else sim), -self.member_lines)
        if len(heap) >= self.members_shown and key <= heap[0][:2]:
            return
        member = Member(_str(rec.get("id")), _str(rec.get("source")), _str(rec.get("url")), _str(rec.get("stage")),
                        _str(rec.get("reason")), sim)
        if len(heap) >= self.members_shown:
            heapq.heapreplace(heap, (*key, member))
        elif self.members_shown > 0:
            heapq.heappush(heap, (*key, member))

    def members_of(self, cid: str) -> list[Member]:
        """The members shown for a cluster, least similar first, then in file order."""
        return [m for *_, m in sorted(self.members.get(cid, []), key=lambda e: (-e[0], -e[1]))]

    # the pass over OUT
    def add_kept(self, rec: dict[str, Any], roots: set[str]) -> None:
        self.kept += 1
        doc_id, text = _str(rec.get("id")), _str(rec.get("text"))
        lang = _str(rec.get("lang")) or "(none)"
        self.langs[lang] += 1
        score = rec.get("lang_score")
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            self.lang_scores[lang] += score
            self.lang_scored[lang] += 1
        flags = rec.get("flags")
        for flag in flags if isinstance(flags, list) else ():
            self.flags[_str(flag)] += 1
        trail = rec.get("trail")
        trail = [e for e in trail if isinstance(e, dict)] if isinstance(trail, list) else []
        removed = 0
        touched: set[str] = set()
        for position, entry in enumerate(trail):
            plugin, kind, chars = _str(entry.get("plugin")) or "?", _str(entry.get("kind")), _int(entry.get("chars"))
            span_text = _str(entry.get("text"))
            removed += chars
            stats = self.plugins.setdefault(plugin, PluginStats())
            stats.chars += chars
            stats.spans += 1
            stats.kinds[kind] += 1
            stats.kind_chars[kind] += chars
            if plugin not in touched:
                touched.add(plugin)
                stats.docs += 1
            self._sample(stats, doc_id, position, plugin, kind, chars, span_text, rec)
        after = len(text)
        before = after + removed
        self.after[_bin(after, LENGTH_EDGES)] += 1
        self.before[_bin(before, LENGTH_EDGES)] += 1
        self.chars_after += after
        self.chars_before += before
        if doc_id in roots:
            self.roots[doc_id] = Root(_str(rec.get("source")), _str(rec.get("title")), text[:200], after)

    def _sample(self, stats: PluginStats, doc_id: str, position: int, plugin: str, kind: str, chars: int,
                text: str, rec: dict[str, Any]) -> None:
        """Keep the spans with the `samples` smallest hashes: the same spans whatever the order
        of the documents, spread over the whole file rather than its first documents."""
        if self.samples <= 0:
            return
        digest = hashlib.blake2b(f"{plugin}\0{doc_id}\0{position}\0{text}".encode("utf-8", "replace"),
                                 digest_size=8).digest()
        key = int.from_bytes(digest, "big")
        heap = stats.sample
        if len(heap) >= self.samples and -heap[0][0] <= key:
            return
        span = Span(doc_id, position, plugin, kind, chars, text, _str(rec.get("source")), _str(rec.get("title")))
        entry = (-key, -stats.spans, span)  # stats.spans: a tie-break that is never equal
        if len(heap) >= self.samples:
            heapq.heapreplace(heap, entry)
        else:
            heapq.heappush(heap, entry)

