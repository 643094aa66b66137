"""The report as one self-contained HTML page: its style, its sections, in a fixed order."""
from __future__ import annotations

from ..document import TRAIL_TEXT_CHARS
from .context import CONTEXT_CHARS
from .gather import LENGTH_EDGES, SIMILARITY_EDGES, Report
from .svg import bar_chart, clip, column_chart, esc, number, percent

KEPT_COLOUR = "#2e7d32"
DROP_COLOUR = "#c62828"
BEFORE_COLOUR = "#9e9e9e"
AFTER_COLOUR = "#1565c0"
PALETTE = ("#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f", "#4e342e", "#283593",
           "#f9a825", "#37474f")

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
        out.append(f'<p class="warn">{number(n)} line(s) of <code>{esc(path)}</code> are not JSON objects and were '
                   "skipped.</p>")
    out.append('<div class="cards">'
               f'<div class="card"><b>{number(r.read)}</b><span>documents read</span></div>'
               f'<div class="card kept"><b>{number(r.kept)}</b><span>kept ({percent(r.kept, r.read)})</span></div>'
               f'<div class="card dropped"><b>{number(dropped)}</b><span>dropped ({percent(dropped, r.read)})</span></div>'
               f'<div class="card"><b>{number(removed)}</b><span>characters removed from kept documents '
               f'({percent(removed, r.chars_before)})</span></div></div>')
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
            [[esc(reason), number(n), percent(n, r.read), ", ".join(f"<code>{esc(i)}</code>" for i in r.examples[reason])]
             for reason, n in reasons], {1, 2}))
    if r.flags:
        out.append("<h3>Flagged kept documents</h3>")
        out.append(_table(["flag", "documents"], [[esc(f), number(n)] for f, n in sorted(r.flags.items())], {1}))
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
            rows.append([esc(p), esc(kind or "–"), number(s.kinds[kind]), number(s.kind_chars[kind]),
                         percent(s.kind_chars[kind], r.chars_before)])
        rows.append([f"<b>{esc(p)}</b>", f"<b>all</b> (in {number(s.docs)} documents)", f"<b>{number(s.spans)}</b>",
                     f"<b>{number(s.chars)}</b>", f"<b>{percent(s.chars, r.chars_before)}</b>"])
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
                          [[esc(lang), number(n), percent(n, r.kept),
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
        f"that tidying dropped. In all: {number(r.chars_before)} characters before, {number(r.chars_after)} after "
        f"({number(r.kept)} documents).</p>",
    ]


def _clusters(r: Report) -> list[str]:
    copies = sum(r.cluster_sizes.values())
    out = ['<h2 id="clusters">Duplicate clusters</h2>']
    if not copies:
        out.append('<p class="empty">No document was dropped as a copy of another.</p>')
        return out
    out.append(f"<p>{number(copies)} documents were dropped as copies of {number(len(r.cluster_sizes))} kept documents. "
               "A cluster is the kept document and every dropped document whose <code>duplicate_of</code> names it. "
               f"Largest clusters first, at most {number(r.clusters_shown)}; in each, up to {number(r.members_shown)} "
               "dropped copies, the least similar first (the borderline ones, where a wrong match would show)."
               "</p>")
    if any(r.similarity):
        out.append(column_chart(_similarity_bins(), [("dropped copies", DROP_COLOUR, r.similarity)],
                                "Similarity of dropped copies to the document they copy",
                                "similarity (estimated; 1 = exact copy)"))
    for rank, (cid, n) in enumerate(r.top_clusters()):
        root = r.roots.get(cid)
        heading = esc(clip(root.title, 120)) if root and root.title else f"<code>{esc(cid)}</code>"
        span = r.similarity_range.get(cid)
        sims = "" if span is None else f" · similarity {span[0]:.2f}"
        if span is not None and span[1] != span[0]:
            sims += f"–{span[1]:.2f}"
        out.append(f"<details{' open' if rank < 5 else ''}><summary><b>{number(n + 1)} documents</b>{sims} · {heading}"
                   "</summary>")
        if root:
            out.append(f"<p>kept: <code>{esc(cid)}</code> ({esc(root.source)}, {number(root.chars)} chars)</p>"
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
            out.append(f'<p class="empty">and {number(n - len(members))} more.</p>')
        out.append("</details>")
    if len(r.cluster_sizes) > r.clusters_shown:
        out.append(f'<p class="empty">{number(len(r.cluster_sizes) - r.clusters_shown)} smaller clusters not shown.</p>')
    return out


def _samples(r: Report) -> list[str]:
    picked = (f"for each plugin, up to {number(r.samples)} removed spans, picked by a hash of the span (the same ones "
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
        kinds = ", ".join(f"{esc(k or '–')} {number(n)}" for k, n in ranked)
        out.append(f"<h3>{esc(p)}</h3><p>{number(s.spans)} spans, {number(s.chars)} characters, in {number(s.docs)} "
                   f"documents; kinds: {kinds}. Showing {number(len(s.sample))}.</p>")
        for span in s.spans_shown():
            where = f"<code>{esc(span.doc_id)}</code>"
            if span.source and span.source != span.doc_id:
                where += f" ({esc(span.source)})"
            if span.title:
                where += f" · {esc(clip(span.title, 100))}"
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
                    body += f'<p class="more">… and {number(more)} more characters, not stored in the output</p>'
            out.append(f'<div class="span"><div class="meta"><span class="kind">{esc(span.kind or "–")}</span> '
                       f"{number(span.chars)} chars · {shown} · {where}</div>{body}</div>")
    return out
