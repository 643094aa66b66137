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
        self.read += 1
        for entry in doc.trail:
            self.removed_chars[entry["plugin"]] += entry["chars"]
            self.removed_spans[entry["plugin"]] += 1
        if doc.dropped:
            self.dropped[f"{doc.dropped.stage}: {doc.dropped.reason}"] += 1
        else:
            self.kept += 1

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
        counters = {k: Counter(saved[k]) for k in ("dropped", "removed_chars", "removed_spans")}
        return cls(read=saved["read"], kept=saved["kept"], **counters)

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
