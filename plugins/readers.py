"""Reads .txt, .html/.htm, .jsonl and .parquet files (each also gzipped) into Documents."""
from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO, Iterator

from cleaner import Document, hookimpl
from cleaner.text.encoding import BinaryInput, decode_bytes

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
    if suffix == ".parquet":
        return _parquet(stream, source, max_bytes)
    return None


def _whole(stream: BinaryIO, source: str, max_bytes: int, field: str) -> Iterator[Document]:
    doc = Document(id=source, source=source)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield doc.drop("read", "too-large", error=f"over the {max_bytes}-byte limit (limits.max_bytes)")
        return
    try:
        decoded = decode_bytes(data)
        setattr(doc, field, decoded.text)
        doc.flags += decoded.flags()
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
            decoded = decode_bytes(line)
            doc = Document.from_record(json.loads(decoded.text), f"{source}:{lineno}", source)
            doc.flags += decoded.flags()
            yield doc
        except (ValueError, TypeError) as e:
            doc = Document(id=f"{source}:{lineno}", source=source)
            yield doc.drop("read", "malformed-jsonl", line=lineno, error=f"line {lineno}: {e}")


def _parquet(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Document]:
    """One record per row, as a JSONL line is read (``text`` or ``html``, optional ``id``...;
    values JSON cannot hold, such as timestamps, become strings); needs pyarrow."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        error = "reading .parquet needs pyarrow: pip install pyarrow (or 'cleaner[ray]')"
        yield Document(id=source, source=source).drop("read", "unreadable", error=error)
        return
    row = 0
    for batch in pq.ParquetFile(stream).iter_batches(batch_size=256):
        for record in batch.to_pylist():
            row += 1
            body = record.get("text") if isinstance(record.get("text"), str) else record.get("html")
            if isinstance(body, str) and len(body.encode()) > max_bytes:
                doc = Document(id=f"{source}:{row}", source=source)
                yield doc.drop("read", "too-large", row=row, error=f"row {row} is over the {max_bytes}-byte limit")
                continue
            try:
                yield Document.from_record(json.loads(json.dumps(record, default=str)), f"{source}:{row}", source)
            except TypeError as e:
                doc = Document(id=f"{source}:{row}", source=source)
                yield doc.drop("read", "malformed-record", row=row, error=f"row {row}: {e}")
