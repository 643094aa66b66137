"""`cleaner report` and `cleaner run --report`: one self-contained HTML page about a run.

The page is built from the files a run wrote, OUT (kept documents) and REJECTS (dropped
ones), read as streams: memory holds counters, fixed-bin histograms, a bounded sample of
removed spans per plugin and one counter per duplicate cluster, never the documents. It shows
documents read, kept and dropped by reason; characters removed per plugin; languages; lengths
before and after cleaning; duplicate clusters, largest first, with their members and
similarities; and a sample of the removed spans of each plugin.

Charts are inline SVG drawn here; there is no JavaScript, no external asset (a
Content-Security-Policy forbids any), and every piece of document text is escaped. The same
files and options always give the same bytes.
"""
from __future__ import annotations

import bisect
import hashlib
import heapq
import html
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import inputs
from .config import Config
from .document import TRAIL_TEXT_CHARS
from .explain import Marks
from .pipeline import Pipeline

SAMPLES = 10  # removed spans shown per plugin
CLUSTERS = 20  # duplicate clusters shown
MEMBERS = 12  # members shown per cluster
EXAMPLES = 3  # ids shown per drop reason
CONTEXT_CHARS = 160  # kept text shown on each side of a removed span, when it can be located
HIT_CHARS = 600  # a longer removed span is shown as its start and its end

# Length bins (characters), a 1-2-5 series: bin i holds lengths in [EDGES[i], EDGES[i+1]).
LENGTH_EDGES = (0, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
# Similarity bins of duplicates: below 0.5, then steps of 0.05, and exactly 1.
SIMILARITY_EDGES = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)

KEPT_COLOUR = "#2e7d32"
DROP_COLOUR = "#c62828"
BEFORE_COLOUR = "#9e9e9e"
AFTER_COLOUR = "#1565c0"
PALETTE = ("#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f", "#4e342e", "#283593",
           "#f9a825", "#37474f")


def default_rejects(output: Path) -> Path:
    """The rejects file `cleaner run` writes beside OUT when --rejects is not given."""
    return output.with_name(output.name.removesuffix(".jsonl") + ".rejects.jsonl")


# --- reading -------------------------------------------------------------------------------


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


# --- the numbers -----------------------------------------------------------------------------


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


def build(out: Path, rejects: Path, *, samples: int = SAMPLES, clusters: int = CLUSTERS,
          members: int = MEMBERS, context: ContextProvider | None = None) -> Report:
    """The numbers of the report, from a run's OUT and REJECTS files (streamed: REJECTS twice,
    OUT once). With `context` (see `from_inputs`), the sampled spans are looked up in the
    documents they were removed from, to show them with the text around them."""
    for path in (out, rejects):
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist or is not a file")
    report = Report(str(out), str(rejects), samples=samples, clusters_shown=clusters, members_shown=members)
    for rec in records(rejects, report.bad_lines):
        report.add_reject(rec)
    shown = {cid for cid, _ in report.top_clusters()}
    for rec in records(out, report.bad_lines):
        report.add_kept(rec, shown)
    if shown:
        for rec in records(rejects, Counter()):
            report.add_member(rec, shown)
    if context is not None:
        spans = [span for stats in report.plugins.values() for span in stats.spans_shown()]
        found = context({span.doc_id for span in spans}) if spans else {}
        report.contexts = {}
        for span in spans:
            if span.doc_id in found:
                segments = locate(*found[span.doc_id], span)
                if segments:
                    report.contexts[(span.doc_id, span.position)] = segments
    return report


def from_inputs(files: Iterable[inputs.InputFile], config: Config,
                models: dict[str, Any] | None = None) -> ContextProvider:
    """A context provider that reads the inputs again, runs the documents asked for (the few
    with a sampled span) through the pipeline as `cleaner explain` does, and returns where
    each removal stood. Reading stops once every document asked for is found. `models` are
    the models of learning steps (site boilerplate) as the run learned them; without them
    those steps remove nothing here and their spans are shown alone."""
    files = list(files)

    def find(wanted: set[str]) -> dict[str, Located]:
        pipeline, found, left = Pipeline(config, models), {}, set(wanted)
        with closing(inputs.read(files, config.pm, config.limits.max_bytes)) as docs:
            for doc in docs:
                if doc.id not in left:
                    continue
                left.discard(doc.id)
                marks = Marks()
                if doc.text is not None:
                    marks.rebase(doc.text)
                pipeline.process(doc, trace=marks)
                if marks.base is not None and marks.spans:
                    found[doc.id] = (marks.base, sorted(marks.spans))
                if not left:
                    break
        return found

    return find


def locate(base: str, marks: list[tuple[int, int, str]], span: Span) -> list[Segment] | None:
    """`span` with up to CONTEXT_CHARS of text on each side, other removals in that window
    marked; None if no removal of this plugin and kind has the span's recorded text."""
    label = f"{span.plugin}:{span.kind}"
    hit = next(((s, e) for s, e, lab in marks if lab == label and base[s:e].strip()[:TRAIL_TEXT_CHARS] == span.text),
               None)
    if hit is None:
        return None
    lo, hi = max(0, hit[0] - CONTEXT_CHARS), min(len(base), hit[1] + CONTEXT_CHARS)
    if lo > 0:  # start and end on a word boundary when one is near
        space = base.find(" ", lo, hit[0])
        lo = space + 1 if 0 <= space < lo + 20 else lo
    if hi < len(base):
        space = base.rfind(" ", hit[1], hi)
        hi = space if space > hi - 20 else hi
    segments: list[Segment] = [("…", "gap")] if lo > 0 else []
    pos = lo
    for s, e, _ in marks:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        if s > pos:
            segments.append((base[pos:s], ""))
        pos = e
        cls = "hit" if (s, e) == hit else "other"
        removed = base[s:e]
        core = removed.strip()
        if not core:
            segments.append((removed, cls))
            continue
        lead, trail = removed[: removed.index(core)], removed[removed.index(core) + len(core) :]
        if lead:  # whitespace around a removal is shown as plain text: the marks hug the words
            segments.append((lead, ""))
        if cls == "hit" and len(core) > HIT_CHARS:
            head, tail = HIT_CHARS * 2 // 3, HIT_CHARS // 3
            elided = f" [… {len(core) - head - tail:,} more removed characters …] "
            segments += [(core[:head], "hit"), (elided, "gap"), (core[-tail:], "hit")]
        else:
            segments.append((core, cls))
        if trail:
            segments.append((trail, ""))
    if hi > pos:
        segments.append((base[pos:hi], ""))
    if hi < len(base):
        segments.append(("…", "gap"))
    return segments


def write(out: Path, rejects: Path, dest: Path, *, title: str = "cleaner run report",
          context: ContextProvider | None = None, **options: int) -> Report:
    """Build the report of OUT and REJECTS and write it to `dest` as one HTML file."""
    report = build(out, rejects, context=context, **options)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(render(report, title).encode("utf-8"))
    tmp.replace(dest)
    return report


# --- SVG charts --------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def esc(value: Any) -> str:
    """Text for HTML or SVG: escaped, control characters and lone surrogates replaced."""
    return html.escape(_UNSAFE.sub("\ufffd", str(value)), quote=True)


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _unit(value: float, unit: tuple[str, str]) -> str:
    return f"{_n(value)} {unit[0] if value == 1 else unit[1]}"


def bar_chart(rows: list[tuple[str, float, str]], label: str, unit: tuple[str, str], width: int = 760) -> str:
    """Horizontal bars: (label, value, colour) per row, the value (and its unit, singular or
    plural) printed after each bar."""
    if not rows:
        return '<p class="empty">Nothing to show.</p>'
    row_h, top = 24, 6
    label_w = min(300, max(60, 7 * max(len(_clip(r[0], 40)) for r in rows) + 14))
    value_w = 120
    bar_w = width - label_w - value_w
    peak = max(r[1] for r in rows) or 1
    height = top * 2 + row_h * len(rows)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{esc(label)}">', f"<title>{esc(label)}</title>"]
    for i, (name, value, colour) in enumerate(rows):
        y = top + i * row_h
        w = max(1.0, bar_w * value / peak) if value else 0
        parts.append(
            f'<g><title>{esc(name)}: {esc(_unit(value, unit))}</title>'
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{esc(_clip(name, 40))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" fill="{colour}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="val">{esc(_unit(value, unit))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(bins: list[str], series: list[tuple[str, str, list[int]]], label: str, x_title: str,
                 width: int = 760, height: int = 300) -> str:
    """Vertical bars per bin, one bar per series side by side, with a legend and a y axis."""
    if not bins or not any(any(values) for _, _, values in series):
        return '<p class="empty">Nothing to show.</p>'
    left, right, top, bottom = 56, 12, 34, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    step = max(1, _nice(max(max(values) for _, _, values in series) / 4))  # counts: whole ticks
    peak = 4 * step
    group = plot_w / len(bins)
    bar = max(2.0, (group - 8) / len(series))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{esc(label)}">', f"<title>{esc(label)}</title>"]
    for k in range(5):  # y axis: gridlines and ticks
        value = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_n(value)}</text>')
    x = left + 4.0
    for i, name in enumerate(bins):
        gx = left + i * group
        for s, (series_name, colour, values) in enumerate(series):
            h = plot_h * values[i] / peak
            bx = gx + 4 + s * bar
            parts.append(f'<rect x="{bx:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{esc(series_name)}, {esc(name)}: {_n(values[i])}</title></rect>')
        parts.append(f'<text x="{gx + group / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'class="tick">{esc(name)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle" class="tick">'
                 f'{esc(x_title)}</text>')
    for s, (series_name, colour, _) in enumerate(series):  # legend
        lx = x + s * 170
        parts.append(f'<rect x="{lx:.1f}" y="8" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{lx + 20:.1f}" y="20">{esc(series_name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- the page ------------------------------------------------------------------------------------

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
background:#fafafa;margin:0}
main{max-width:1040px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:34px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 6px}
.files{color:#555;margin:0 0 14px}.files code{background:#eee;padding:1px 4px;border-radius:3px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:150px}
.card b{display:block;font-size:24px}.card span{color:#555}
.card.kept b{color:#2e7d32}.card.dropped b{color:#c62828}
svg.chart{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #e4e4e4;border-radius:6px;
margin:8px 0;font:12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;fill:#222}
svg .val,svg .tick{fill:#444}svg .grid{stroke:#eee}svg .axis{stroke:#999}
table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:13px}
th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;background:#fffde7;border-left:3px solid #f9a825;padding:6px 10px;margin:8px 0}
.warn{background:#ffebee;border-left:3px solid #c62828;padding:6px 10px}
.empty{color:#777;font-style:italic}
.span{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:8px 0;padding:6px 10px}
.span .meta{color:#555;font-size:12px;margin-bottom:3px}
.kind{display:inline-block;background:#e3f2fd;color:#0d47a1;border-radius:3px;padding:0 6px;font-weight:600}
.removed{white-space:pre-wrap;word-break:break-word;margin:0;font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;
background:#ffebee;padding:4px 6px;border-radius:3px}
.more{color:#c62828;font-style:italic;font-size:12px;margin:2px 0 0}
.ctx{white-space:pre-wrap;word-break:break-word;margin:0;font:13px/1.45 ui-monospace,"DejaVu Sans Mono",monospace;
background:#f7f7f7;padding:4px 6px;border-radius:3px;color:#333}
del.hit{background:#ffcdd2;color:#b71c1c;text-decoration:none;outline:1px solid #e57373}
del.other{color:#999;text-decoration:line-through}
.gap{color:#888;font-style:italic}
details{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:8px 0;padding:6px 10px}
summary{cursor:pointer}summary b{font-size:15px}
.opening{color:#444;font-size:12.5px;margin:6px 0;white-space:pre-wrap;word-break:break-word}
nav{margin:6px 0 0}nav a{color:#1565c0}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px;word-break:break-all}
"""


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table; cells are already-escaped HTML."""
    out = ["<table><thead><tr>", *(f"<th>{h}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _length_bins() -> list[str]:
    def short(n: int) -> str:
        return f"{n // 1000}k" if n >= 1000 else str(n)

    labels = [f"{short(a)}–{short(b)}" for a, b in zip(LENGTH_EDGES, LENGTH_EDGES[1:])]
    return labels + [f"≥{short(LENGTH_EDGES[-1])}"]


def _similarity_bins() -> list[str]:
    def short(x: float) -> str:
        return f"{x:.2f}".removeprefix("0")

    edges = [*SIMILARITY_EDGES[1:], 1.0]
    labels = [f"<{short(edges[0])}"] + [f"{short(a)}–{short(b)}" for a, b in zip(edges, edges[1:])]
    return labels + ["1 (exact)"]


NAV = (("documents", "documents"), ("plugins", "removed per plugin"), ("languages", "languages"),
       ("lengths", "lengths"), ("clusters", "duplicate clusters"), ("spans", "removed spans"))
DOCS, CHARS = ("doc", "docs"), ("char", "chars")


def _colours(names: list[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def render(report: Report, title: str = "cleaner run report") -> str:
    r = report
    dropped = sum(r.dropped.values())
    removed = r.chars_before - r.chars_after
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="files">kept: <code>{esc(r.out_path)}</code> · rejects: <code>{esc(r.rejects_path)}</code></p>',
    ]
    for path, n in sorted(r.bad_lines.items()):
        out.append(f'<p class="warn">{_n(n)} line(s) of <code>{esc(path)}</code> are not JSON objects and were '
                   "skipped.</p>")
    out.append('<div class="cards">'
               f'<div class="card"><b>{_n(r.read)}</b><span>documents read</span></div>'
               f'<div class="card kept"><b>{_n(r.kept)}</b><span>kept ({_pct(r.kept, r.read)})</span></div>'
               f'<div class="card dropped"><b>{_n(dropped)}</b><span>dropped ({_pct(dropped, r.read)})</span></div>'
               f'<div class="card"><b>{_n(removed)}</b><span>characters removed from kept documents '
               f'({_pct(removed, r.chars_before)})</span></div></div>')
    out.append('<nav>' + " · ".join(f'<a href="#{a}">{t}</a>' for a, t in NAV) + "</nav>")
    out += _documents(r) + _plugins(r) + _languages(r) + _lengths(r) + _clusters(r) + _samples(r)
    out.append('<p class="note">Built by <code>cleaner report</code> from the files above. Every count comes '
               "from those files: kept documents carry their text and their trail (what each plugin removed); "
               "rejected documents carry only their id, source, stage and reason.</p>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


def _documents(r: Report) -> list[str]:
    rows = [("kept", r.kept, KEPT_COLOUR)]
    reasons = sorted(r.dropped.items(), key=lambda kv: (-kv[1], kv[0]))
    rows += [(f"dropped · {reason}", n, DROP_COLOUR) for reason, n in reasons]
    out = ['<h2 id="documents">Documents: kept and dropped, by reason</h2>',
           bar_chart(rows if r.read else [], "Documents kept and dropped by reason", DOCS)]
    if reasons:
        out.append(_table(
            ["stage: reason", "documents", "share of read", "first ids"],
            [[esc(reason), _n(n), _pct(n, r.read), ", ".join(f"<code>{esc(i)}</code>" for i in r.examples[reason])]
             for reason, n in reasons], {1, 2}))
    if r.flags:
        out.append("<h3>Flagged kept documents</h3>")
        out.append(_table(["flag", "documents"], [[esc(f), _n(n)] for f, n in sorted(r.flags.items())], {1}))
        out.append('<p class="note"><code>over-removal:STEP</code>: the step would have removed more than '
                   "<code>max_removal_share</code> of the text, so it removed nothing.</p>")
    return out


def _plugin_order(r: Report) -> list[str]:
    return sorted(r.plugins, key=lambda p: (-r.plugins[p].chars, p))


def _plugins(r: Report) -> list[str]:
    order = _plugin_order(r)
    colours = _colours(order)
    out = ['<h2 id="plugins">Characters removed, by plugin</h2>',
           bar_chart([(p, r.plugins[p].chars, colours[p]) for p in order], "Characters removed per plugin", CHARS)]
    rows = []
    for p in order:
        s = r.plugins[p]
        for kind in sorted(s.kinds, key=lambda k: (-s.kind_chars[k], k)):
            rows.append([esc(p), esc(kind or "–"), _n(s.kinds[kind]), _n(s.kind_chars[kind]),
                         _pct(s.kind_chars[kind], r.chars_before)])
        rows.append([f"<b>{esc(p)}</b>", f"<b>all</b> (in {_n(s.docs)} documents)", f"<b>{_n(s.spans)}</b>",
                     f"<b>{_n(s.chars)}</b>", f"<b>{_pct(s.chars, r.chars_before)}</b>"])
    if rows:
        out.append(_table(["plugin", "kind", "spans", "characters", "share of text before"], rows, {2, 3, 4}))
    out.append('<p class="note">From the trails of kept documents. Rejected documents are written without their '
               "text or trail, so what was removed from them before they were dropped is not counted.</p>")
    return out


def _languages(r: Report) -> list[str]:
    ranked = sorted(r.langs.items(), key=lambda kv: (-kv[1], kv[0]))
    shown, rest = ranked[:12], ranked[12:]
    rows = [(lang, n, PALETTE[0]) for lang, n in shown]
    if rest:
        rows.append((f"{len(rest)} other languages", sum(n for _, n in rest), BEFORE_COLOUR))
    out = ['<h2 id="languages">Languages of kept documents</h2>', bar_chart(rows, "Languages of kept documents", DOCS)]
    if ranked:
        out.append(_table(["lang", "documents", "share", "mean lang_score"],
                          [[esc(lang), _n(n), _pct(n, r.kept),
                            f"{r.lang_scores[lang] / r.lang_scored[lang]:.3f}" if r.lang_scored[lang] else "–"]
                           for lang, n in ranked], {1, 2, 3}))
    return out


def _lengths(r: Report) -> list[str]:
    bins = _length_bins()
    return [
        '<h2 id="lengths">Lengths of kept documents, before and after cleaning</h2>',
        column_chart(bins, [("before removals", BEFORE_COLOUR, r.before), ("after (the kept text)", AFTER_COLOUR,
                                                                          r.after)],
                     "Document lengths before and after cleaning", "length in characters"),
        f'<p class="note">"After" is the length of the kept text. "Before" is that length plus the characters '
        f"the trail records as removed: the text as it stood after extraction and repair, less the whitespace "
        f"that tidying dropped. In all: {_n(r.chars_before)} characters before, {_n(r.chars_after)} after "
        f"({_n(r.kept)} documents).</p>",
    ]


def _clusters(r: Report) -> list[str]:
    copies = sum(r.cluster_sizes.values())
    out = ['<h2 id="clusters">Duplicate clusters</h2>']
    if not copies:
        out.append('<p class="empty">No document was dropped as a copy of another.</p>')
        return out
    out.append(f"<p>{_n(copies)} documents were dropped as copies of {_n(len(r.cluster_sizes))} kept documents. "
               "A cluster is the kept document and every dropped document whose <code>duplicate_of</code> names it. "
               f"Largest clusters first, at most {_n(r.clusters_shown)}; in each, up to {_n(r.members_shown)} "
               "dropped copies, the least similar first (the borderline ones, where a wrong match would show)."
               "</p>")
    if any(r.similarity):
        out.append(column_chart(_similarity_bins(), [("dropped copies", DROP_COLOUR, r.similarity)],
                                "Similarity of dropped copies to the document they copy",
                                "similarity (estimated; 1 = exact copy)"))
    for rank, (cid, n) in enumerate(r.top_clusters()):
        root = r.roots.get(cid)
        heading = esc(_clip(root.title, 120)) if root and root.title else f"<code>{esc(cid)}</code>"
        span = r.similarity_range.get(cid)
        sims = "" if span is None else f" · similarity {span[0]:.2f}"
        if span is not None and span[1] != span[0]:
            sims += f"–{span[1]:.2f}"
        out.append(f"<details{' open' if rank < 5 else ''}><summary><b>{_n(n + 1)} documents</b>{sims} · {heading}"
                   "</summary>")
        if root:
            out.append(f"<p>kept: <code>{esc(cid)}</code> ({esc(root.source)}, {_n(root.chars)} chars)</p>"
                       f'<p class="opening">{esc(root.opening)}{"…" if root.chars > len(root.opening) else ""}</p>')
        else:
            out.append(f"<p>kept: <code>{esc(cid)}</code>, not in this output file (kept by an earlier run).</p>")
        members = r.members_of(cid)
        urls = any(m.url for m in members)
        out.append(_table(
            ["dropped copy", "source", *(["url"] if urls else []), "stage: reason", "similarity"],
            [[f"<code>{esc(m.doc_id)}</code>", esc(m.source), *([f"<code>{esc(m.url)}</code>"] if urls else []),
              esc(f"{m.stage}: {m.reason}"), "–" if m.similarity is None else f"{m.similarity:.4f}"]
             for m in members],
            {4 if urls else 3}))
        if n > len(members):
            out.append(f'<p class="empty">and {_n(n - len(members))} more.</p>')
        out.append("</details>")
    if len(r.cluster_sizes) > r.clusters_shown:
        out.append(f'<p class="empty">{_n(len(r.cluster_sizes) - r.clusters_shown)} smaller clusters not shown.</p>')
    return out


def _samples(r: Report) -> list[str]:
    picked = (f"for each plugin, up to {_n(r.samples)} removed spans, picked by a hash of the span (the same ones "
              "on every build, spread over the whole file)")
    alone = (f"The output keeps only the first {TRAIL_TEXT_CHARS} characters of a removed span and not where it "
             "stood, so a span shown <i>alone</i> is that text, on red, with its length and its document")
    if r.contexts is None:
        how = (f"{alone}; the text around it is not in the output. <code>cleaner run --report</code>, or "
               "<code>cleaner report --inputs INPUT...</code>, reads the documents of the sample again to show "
               "each span in place; <code>cleaner explain INPUT_FILE</code> shows one document.")
    else:
        how = (f"Spans shown <i>in context</i> were found by reading their documents again from the inputs and "
               f"running them through the pipeline as <code>cleaner explain</code> does: up to {CONTEXT_CHARS} "
               "characters of the text on each side, the span <del class=\"hit\">on red</del>, other removals "
               f"<del class=\"other\">struck through</del>. {alone} (its document was not found in the inputs, the "
               "pipeline no longer removes it, or a learning step such as site boilerplate removed it and this "
               "report was built without the model the run learned).")
    out = ['<h2 id="spans">Removed spans, a sample per plugin</h2>',
           f'<p class="note">What is shown: {picked}. {how}</p>']
    if not r.plugins:
        out.append('<p class="empty">No plugin removed anything from the kept documents.</p>')
    for p in _plugin_order(r):
        s = r.plugins[p]
        ranked = sorted(s.kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        kinds = ", ".join(f"{esc(k or '–')} {_n(n)}" for k, n in ranked)
        out.append(f"<h3>{esc(p)}</h3><p>{_n(s.spans)} spans, {_n(s.chars)} characters, in {_n(s.docs)} "
                   f"documents; kinds: {kinds}. Showing {_n(len(s.sample))}.</p>")
        for span in s.spans_shown():
            where = f"<code>{esc(span.doc_id)}</code>"
            if span.source and span.source != span.doc_id:
                where += f" ({esc(span.source)})"
            if span.title:
                where += f" · {esc(_clip(span.title, 100))}"
            segments = (r.contexts or {}).get((span.doc_id, span.position))
            if segments:
                shown = "in context"
                body = '<pre class="ctx">' + "".join(
                    f'<del class="{cls}">{esc(text)}</del>' if cls in ("hit", "other")
                    else f'<span class="gap">{esc(text)}</span>' if cls == "gap" else esc(text)
                    for text, cls in segments) + "</pre>"
            else:
                shown = "alone"
                more = span.chars - len(span.text)
                body = f'<pre class="removed">{esc(span.text)}</pre>'
                if more > 0:
                    body += f'<p class="more">… and {_n(more)} more characters, not stored in the output</p>'
            out.append(f'<div class="span"><div class="meta"><span class="kind">{esc(span.kind or "–")}</span> '
                       f"{_n(span.chars)} chars · {shown} · {where}</div>{body}</div>")
    return out
