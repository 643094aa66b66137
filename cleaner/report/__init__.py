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

The package: `gather` (the numbers: reading the files, the `Report`), `context` (removed spans
found again in the inputs), `svg` (the charts), `page` (the HTML); `build` and `write` here.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .context import from_inputs, locate
from .gather import (CLUSTERS, LENGTH_EDGES, MEMBERS, SAMPLES, SIMILARITY_EDGES, ContextProvider, Report, Span,
                     records)
from .page import render

__all__ = ["CLUSTERS", "LENGTH_EDGES", "MEMBERS", "SAMPLES", "SIMILARITY_EDGES", "Report", "Span", "build",
           "default_rejects", "from_inputs", "locate", "render", "write"]


def default_rejects(output: Path) -> Path:
    """The rejects file `cleaner run` writes beside OUT when --rejects is not given."""
    return output.with_name(output.name.removesuffix(".jsonl") + ".rejects.jsonl")


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


def write(out: Path, rejects: Path, dest: Path, *, title: str = "cleaner run report",
          context: ContextProvider | None = None, **options: int) -> Report:
    """Build the report of OUT and REJECTS and write it to `dest` as one HTML file."""
    report = build(out, rejects, context=context, **options)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(render(report, title).encode("utf-8"))
    tmp.replace(dest)
    return report
