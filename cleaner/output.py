"""The files of one `cleaner run`, written so that a crash loses nothing and can be resumed.

Kept and rejected documents are appended to hidden partial files beside OUT; a journal keeps
the dedup fingerprints of every document that reached deduplication, in order. At each
checkpoint the three files are synced and a manifest records how many input documents are
done and how long each file then was. `finish` renames the partial files onto their final
names (atomically: a reader never sees a half-written output). After a kill, `--resume`
truncates the files to the manifest, replays the journal into the deduplicators and carries on
from the next document, so the result is byte-identical to an uninterrupted run.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from .document import Document

MANIFEST_VERSION = 1


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _hidden(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}{suffix}")


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A temporary file next to `path` that replaces it (``os.replace``) once the block
    succeeds; on an error `path` is left as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class ResumeError(Exception):
    """The saved progress does not belong to this command."""


class RunOutput:
    def __init__(self, output: Path, rejects: Path, key: dict[str, Any], resume: bool) -> None:
        self.final = {"out": output, "rejects": rejects}
        self.paths = {"out": _hidden(output, ".partial"), "rejects": _hidden(rejects, ".partial"),
                      "journal": _hidden(output, ".journal")}
        self.manifest = _hidden(output, ".manifest.json")
        self.key = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
        output.parent.mkdir(parents=True, exist_ok=True)
        rejects.parent.mkdir(parents=True, exist_ok=True)
        state = self._saved_state() if resume else None
        self.done: int = state["done"] if state else 0
        self.saved_stats: dict[str, Any] | None = state["stats"] if state else None
        self.finished: bool = bool(state and state.get("finished"))
        self.files = {}
        for name, path in ({} if self.finished else self.paths).items():
            if state:
                with open(path, "r+b") as f:
                    f.truncate(state["sizes"][name])
            self.files[name] = open(path, "ab" if state else "wb")

    def _saved_state(self) -> dict[str, Any] | None:
        try:
            state = json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if state.get("version") != MANIFEST_VERSION or state.get("key") != self.key:
            raise ResumeError(
                f"the saved progress in {self.manifest} was made by a different command (inputs, "
                "outputs or config differ); run without --resume to start over"
            )
        return state

    def journal(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, fingerprints) of each document that reached deduplication before the crash."""
        with open(self.paths["journal"], "rb") as f:
            while f.tell() < os.fstat(f.fileno()).st_size:
                yield pickle.load(f)

    def write(self, doc: Document) -> None:
        if doc.dropped:
            self.files["rejects"].write((dumps(doc.reject()) + "\n").encode())
        else:
            self.files["out"].write((dumps(doc.record()) + "\n").encode())
        if doc.fingerprints:  # it reached deduplication
            pickle.dump((doc.id, doc.fingerprints), self.files["journal"], protocol=4)
        self.done += 1

    def checkpoint(self, stats: dict[str, Any], finished: bool = False) -> None:
        """Sync the files and record how far the run got."""
        for f in self.files.values():
            f.flush()
            os.fsync(f.fileno())
        sizes = {name: f.tell() for name, f in self.files.items()}
        state = {"version": MANIFEST_VERSION, "key": self.key, "done": self.done, "sizes": sizes,
                 "stats": stats, "finished": finished}
        with atomic_file(self.manifest) as f:
            f.write(json.dumps(state).encode())

    def finish(self, stats: dict[str, Any], cluster_sizes: dict[str, int] | None = None) -> None:
        """Rename the partial files onto OUT and REJECTS, after writing ``dup_cluster`` and
        ``dup_count`` on the kept records when there are deduplicators. The manifest stays,
        marked finished, until `cleanup`: the deduplicators save their index in between."""
        self.checkpoint(stats, finished=True)
        for f in self.files.values():
            f.close()
        if cluster_sizes is not None:
            self._write_cluster_sizes(cluster_sizes)
        for name, final in self.final.items():
            os.replace(self.paths[name], final)

    def _write_cluster_sizes(self, sizes: dict[str, int]) -> None:
        """Rewrite the kept records (streaming) with their cluster and its size: a record is
        written before its later copies are seen, so the count comes at the end."""
        with open(self.paths["out"], encoding="utf-8") as src, atomic_file(self.paths["out"]) as dst:
            for line in src:
                record = json.loads(line)
                trail = record.pop("trail")
                record["dup_cluster"] = cluster = record.get("dup_cluster") or record["id"]
                record["dup_count"] = sizes.get(cluster, 1)
                record["trail"] = trail
                dst.write((dumps(record) + "\n").encode())

    def cleanup(self) -> None:
        self.paths["journal"].unlink(missing_ok=True)
        self.manifest.unlink(missing_ok=True)
