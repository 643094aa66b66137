"""`cleaner explain`: one document before and after, each removed span marked with its plugin
(and the score of a learned step)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document, Removal
from .pipeline import Pipeline

RED, DIM, RESET = "\x1b[9;31m", "\x1b[2m", "\x1b[0m"


@dataclass
class Marks:
    """Removed spans, in the offsets of `base`: the text as it stood before the first removal
    (after extraction and repair). Removals delete text, so each one maps back to `base`."""

    base: str | None = None
    origin: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def rebase(self, text: str) -> None:
        self.base, self.origin, self.spans = text, list(range(len(text))), []

    def __call__(self, step: str, hook: str, text: str, removals: list[Removal]) -> None:
        """The pipeline's trace: `text` is the text after `hook` ran, or before a removal."""
        if hook != "cleaner_remove":
            if self.spans:
                self.notes.append(f"{step} changed the text after removals; earlier marks are not shown")
            self.rebase(text)
            return
        if self.base is None:
            self.rebase(text)
        keep, pos = [], 0
        for r in removals:
            keep += self.origin[pos : r.start]
            removed, pos = self.origin[r.start : r.end], r.end
            run_start = removed[0]
            label = f"{step}:{r.kind}" if r.score is None else f"{step}:{r.kind} {r.score:.2f}"
            for a, b in zip(removed, removed[1:] + [-1]):
                if b != a + 1:  # a removal spanning an earlier one maps to several runs
                    self.spans.append((run_start, a + 1, label))
                    run_start = b
        self.origin = keep + self.origin[pos:]

    def render(self, color: bool) -> str:
        out, pos = [], 0
        base = self.base or ""
        for start, end, label in sorted(self.spans):
            out.append(base[pos:start])
            removed = base[start:end]
            lead, core, trail = _split_space(removed)
            marked = f"{RED}{core}{RESET}{DIM}{{{label}}}{RESET}" if color else f"[-{core}-]{{{label}}}"
            out.append(lead + marked + trail)
            pos = end
        out.append(base[pos:])
        return "".join(out)


def _split_space(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the rest, trailing whitespace: markers go around the rest."""
    core = text.strip()
    if not core:
        return "", text, ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def traced(pipeline: Pipeline, doc: Document) -> Marks:
    """Run `pipeline` on `doc` (in place), marking what each step removes."""
    marks = Marks()
    if doc.text is not None:
        marks.rebase(doc.text)
    pipeline.process(doc, trace=marks)
    return marks


def explain(pipeline: Pipeline, doc: Document, color: bool) -> str:
    marks = traced(pipeline, doc)
    head = f"== {doc.id} ({doc.source})"
    parts = [head, "-- before (removed spans marked {plugin:kind}) --", marks.render(color) or "(no text)"]
    parts += [f"note: {n}" for n in marks.notes]
    if doc.dropped:
        parts.append(f"-- dropped by {doc.dropped.stage}: {doc.dropped.reason} {doc.dropped.detail or ''}".rstrip())
    else:
        parts += [f"-- after (lang={doc.lang} {doc.lang_score}) --", doc.text or ""]
    return "\n".join(parts) + "\n"
