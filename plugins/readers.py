"""Reads .txt, .html/.htm and .jsonl files (each also gzipped) into Documents."""
from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO, Iterator

from cleaner import Document, hookimpl
from cleaner.encoding import BinaryInput, decode

SKIP_CHUNK = 1 << 20


@hookimpl
def cleaner_read(name: str, stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Document] | None:
    suffix = Path(name).suffix.lower()
    if suffix == ".txt":
        return _whole(stream, source, max_bytes, "text")
    if suffix in (".html", ".htm"):
        return _whole(stream, source, max_bytes, "html")
    if suffix == ".jsonl":
        return _jsonl(stream, source, max_bytes)
    return None


def _whole(stream: BinaryIO, source: str, max_bytes: int, field: str) -> Iterator[Document]:
    doc = Document(id=source, source=source)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield doc.drop("read", "too-large", error=f"over the {max_bytes}-byte limit (limits.max_bytes)")
        return
    try:
        setattr(doc, field, decode(data))
    except BinaryInput as e:
        doc.drop("read", "binary", error=str(e))
    yield doc


def _jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Document]:
    lineno = 0
    while line := stream.readline(max_bytes + 1):
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the oversized line without holding it
            doc = Document(id=f"{source}:{lineno}", source=source)
            yield doc.drop("read", "too-large", line=lineno, error=f"line {lineno} is over the {max_bytes}-byte limit")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(decode(line))
            yield Document.from_record(record, f"{source}:{lineno}", source)
        except (ValueError, TypeError) as e:
            doc = Document(id=f"{source}:{lineno}", source=source)
            yield doc.drop("read", "malformed-jsonl", line=lineno, error=f"line {lineno}: {e}")
