"""JSONL output written atomically: a temporary file renamed into place on success."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class AtomicJsonl:
    """Write JSON lines to a temporary file beside `path`; rename it onto `path` only when
    the block ends without error, so a reader never sees a half-written file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, obj: Any) -> None:
        self.file.write(dumps(obj) + "\n")

    def __enter__(self) -> "AtomicJsonl":
        return self

    def __exit__(self, kind: type | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.file.flush()
        if kind is None:
            os.fsync(self.file.fileno())
        self.file.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
