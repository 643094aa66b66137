"""Counters of a run and the summary printed at its end."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .document import Document


@dataclass
class Stats:
    read: int = 0
    kept: int = 0
    bytes_read: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    removed_spans: Counter[str] = field(default_factory=Counter)
    skipped_files: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def add(self, doc: Document) -> None:
        self.count(f"{doc.dropped.stage}: {doc.dropped.reason}" if doc.dropped else None, removals(doc))

    def count(self, dropped: str | None, removed: dict[str, list[int]]) -> None:
        """Count one document: kept, or dropped as "STAGE: REASON", and what each plugin
        removed from it ({plugin: [characters, spans]}, see `removals`)."""
        self.read += 1
        for plugin, (chars, spans) in removed.items():
            self.removed_chars[plugin] += chars
            self.removed_spans[plugin] += spans
        if dropped:
            self.dropped[dropped] += 1
        else:
            self.kept += 1

    def merge(self, saved: dict[str, Any]) -> None:
        """Add the counts of another part of the run (its `as_dict`)."""
        self.read += saved["read"]
        self.kept += saved["kept"]
        for name in ("dropped", "removed_chars", "removed_spans"):
            getattr(self, name).update(Counter(saved[name]))
        self.skipped_files += saved["skipped_files"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "kept": self.kept,
            "dropped": dict(sorted(self.dropped.items())),
            "removed_chars": dict(sorted(self.removed_chars.items())),
            "removed_spans": dict(sorted(self.removed_spans.items())),
            "skipped_files": self.skipped_files,
        }

    @classmethod
    def restore(cls, saved: dict[str, Any]) -> "Stats":
        """The counts of a resumed run (skipped files are found again as inputs are re-read)."""
        stats = cls()
        stats.merge({**saved, "skipped_files": []})
        return stats

    def summary(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        lines = [
            f"read {self.read} documents: kept {self.kept}, dropped {sum(self.dropped.values())}"
            f" in {elapsed:.1f} s ({self.read / elapsed:.1f} docs/s)"
        ]
        lines += [f"  dropped {n:>6}  {reason}" for reason, n in sorted(self.dropped.items())]
        lines += [
            f"  removed {self.removed_chars[p]:>8} chars in {self.removed_spans[p]:>5} spans  {p}"
            for p in sorted(self.removed_chars)
        ]
        if self.skipped_files:
            shown = ", ".join(self.skipped_files[:5]) + (" ..." if len(self.skipped_files) > 5 else "")
            lines.append(f"  skipped {len(self.skipped_files)} files no reader claims: {shown}")
        return "\n".join(lines)


def removals(doc: Document) -> dict[str, list[int]]:
    """What each plugin removed from `doc`, from its trail: {plugin: [characters, spans]}."""
    removed: dict[str, list[int]] = {}
    for entry in doc.trail:
        chars_spans = removed.setdefault(entry["plugin"], [0, 0])
        chars_spans[0] += entry["chars"]
        chars_spans[1] += 1
    return removed
