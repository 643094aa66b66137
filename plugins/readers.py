"""Reads .txt, .html/.htm and .jsonl files (each also gzipped) into Documents."""
from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO, Iterator

from cleaner import Document, hookimpl
from cleaner.encoding import BinaryInput, decode


@hookimpl
def cleaner_read(name: str, stream: BinaryIO, source: str) -> Iterator[Document] | None:
    suffix = Path(name).suffix.lower()
    if suffix == ".txt":
        return _whole(stream, source, "text")
    if suffix in (".html", ".htm"):
        return _whole(stream, source, "html")
    if suffix == ".jsonl":
        return _jsonl(stream, source)
    return None


def _whole(stream: BinaryIO, source: str, field: str) -> Iterator[Document]:
    doc = Document(id=source, source=source)
    try:
        setattr(doc, field, decode(stream.read()))
    except BinaryInput as e:
        doc.drop("read", "binary", error=str(e))
    yield doc


def _jsonl(stream: BinaryIO, source: str) -> Iterator[Document]:
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(decode(line))
            yield Document.from_record(record, f"{source}:{lineno}", source)
        except (ValueError, TypeError) as e:
            doc = Document(id=f"{source}:{lineno}", source=source)
            yield doc.drop("read", "malformed-jsonl", line=lineno, error=f"line {lineno}: {e}")
