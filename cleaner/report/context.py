"""Removed spans in context: the few documents with a sampled span read again from the
inputs and run through the pipeline as `cleaner explain` does, to show the text around each."""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import closing
from typing import Any

from .. import inputs
from ..config import Config
from ..document import TRAIL_TEXT_CHARS
from ..explain import traced
from ..pipeline import Pipeline
from .gather import ContextProvider, Located, Segment, Span

CONTEXT_CHARS = 160  # kept text shown on each side of a removed span, when it can be located
HIT_CHARS = 600  # a longer removed span is shown as its start and its end


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
                marks = traced(pipeline, doc)
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

