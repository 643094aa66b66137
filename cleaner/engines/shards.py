"""The output of a distributed run: part files (JSONL or Parquet) and a manifest, in a folder
on any filesystem pyarrow reaches (a local path, ``file://``, ``s3://``, ``gs://``...).

Input files are cut into shards in input order: consecutive small files share a shard up to
`SHARD_BYTES`; a larger file is a shard of its own, cut every `SHARD_DOCS` records. Shard
``part-GGGGG-CCCC`` holds the kept documents of file group G, chunk C, in input order, and
``rejects-GGGGG-CCCC`` the dropped ones, so the parts read in name order are the input order.
Each part is written under a temporary name and moved into place; the manifest, written last
the same way (and removed when a run starts), is what says the output is complete.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from .. import __version__
from ..output import dumps

SHARD_BYTES = 64 << 20  # input bytes of small files per shard: one worker holds a shard to write it
SHARD_DOCS = 50_000  # records per shard of a large file
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "cleaner-shards/1"
FORMATS = ("jsonl", "parquet")
_CHUNK_BITS = 24
_PART = re.compile(r"^(part|rejects)-\d{5}-\d{4}\.(jsonl|parquet)$")

KEPT_SCHEMA = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("author", pa.string()), ("date", pa.string()), ("lang", pa.string()), ("lang_score", pa.float64()),
    ("text", pa.string()), ("dup_cluster", pa.string()), ("dup_count", pa.int64()),
    ("flags", pa.list_(pa.string())), ("meta", pa.string()), ("trail", pa.string()),
])
REJECTS_SCHEMA = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("stage", pa.string()),
    ("reason", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64()), ("detail", pa.string()),
])


def filesystem(target: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and path of a local folder or a URI."""
    if "://" in target:
        return pafs.FileSystem.from_uri(target)
    return pafs.LocalFileSystem(), Path(target).resolve().as_posix()


def plan(sizes: list[int]) -> list[tuple[int, bool]]:
    """(group, large) of each input file, from the files' sizes in input order."""
    out, group, filled = [], -1, SHARD_BYTES
    for size in sizes:
        large = size > SHARD_BYTES
        if large or filled + size > SHARD_BYTES:
            group, filled = group + 1, 0
        out.append((group, large))
        filled = SHARD_BYTES if large else filled + size
    return out


def shard_key(group: int, large: bool, record: int) -> int:
    """The shard of a file's record (0-based)."""
    return group << _CHUNK_BITS | (record // SHARD_DOCS if large else 0)


def names(key: int, fmt: str) -> tuple[str, str]:
    """The kept and rejects part file names of shard `key`."""
    tag = f"{key >> _CHUNK_BITS:05d}-{key & ((1 << _CHUNK_BITS) - 1):04d}.{fmt}"
    return f"part-{tag}", f"rejects-{tag}"


def config_hash(raw: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()


def _write(fs: pafs.FileSystem, folder: str, name: str, data: bytes) -> None:
    tmp = f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"
    with fs.open_output_stream(tmp) as f:
        f.write(data)
    fs.move(tmp, f"{folder}/{name}")


def _parquet(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def _kept_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {name: record.get(name) for name in KEPT_SCHEMA.names if name not in ("meta", "trail")}
    row["flags"] = record.get("flags") or []
    row["meta"] = dumps({k: v for k, v in record.items() if k not in KEPT_SCHEMA.names})
    row["trail"] = dumps(record["trail"])
    return row


def _reject_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {name: record.get(name) for name in REJECTS_SCHEMA.names if name != "detail"}
    row["detail"] = dumps({k: v for k, v in record.items() if k not in REJECTS_SCHEMA.names})
    return row


def encode(records: list[dict[str, Any]], fmt: str, kept: bool) -> bytes:
    """The bytes of one part file: JSON lines, or a Parquet table whose nested and extra
    fields (``meta``, ``trail``, a reject's ``detail``) are JSON strings."""
    if fmt == "jsonl":
        return "".join(dumps(r) + "\n" for r in records).encode()
    rows = [(_kept_row if kept else _reject_row)(r) for r in records]
    return _parquet(pa.Table.from_pylist(rows, schema=KEPT_SCHEMA if kept else REJECTS_SCHEMA))


def write_shard(target: str, fmt: str, key: int, kept: list[dict[str, Any]],
                rejected: list[dict[str, Any]]) -> dict[str, Any]:
    """Write one shard's two part files; what the manifest says of it."""
    fs, folder = filesystem(target)
    out, rejects = names(key, fmt)
    _write(fs, folder, out, encode(kept, fmt, True))
    _write(fs, folder, rejects, encode(rejected, fmt, False))
    return {"out": out, "rejects": rejects, "kept": len(kept), "rejected": len(rejected)}


def start(target: str) -> None:
    """Make the output folder and remove its manifest: until the run ends, it is incomplete."""
    fs, folder = filesystem(target)
    fs.create_dir(folder, recursive=True)
    if fs.get_file_info(f"{folder}/{MANIFEST}").type != pafs.FileType.NotFound:
        fs.delete_file(f"{folder}/{MANIFEST}")


def finish(target: str, fmt: str, shards: list[dict[str, Any]], stats: dict[str, Any],
           raw: dict[str, Any]) -> dict[str, Any]:
    """Remove part files an earlier run left that this one did not write, then write the
    manifest; return it."""
    fs, folder = filesystem(target)
    ours = {name for s in shards for name in (s["out"], s["rejects"])}
    for info in fs.get_file_info(pafs.FileSelector(folder)):
        if _PART.match(info.base_name) and info.base_name not in ours:
            fs.delete_file(info.path)
    manifest = {
        "format": MANIFEST_FORMAT, "version": __version__, "engine": "ray", "parts": fmt,
        "config_hash": config_hash(raw), "shards": shards,
        "read": stats["read"], "kept": sum(s["kept"] for s in shards),
        "rejected": sum(s["rejected"] for s in shards), "stats": stats,
    }
    _write(fs, folder, MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest
