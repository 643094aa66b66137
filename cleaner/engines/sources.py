"""Input files of a distributed run: local paths, found as `cleaner.inputs.discover` finds
them, or URIs (``s3://``, ``gs://``, ``file://``...) listed and opened through pyarrow's
filesystems, in the same order and with the same sources."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import pyarrow.fs as pafs

from .. import inputs
from ..inputs import InputFile


@dataclass(frozen=True)
class Source:
    """An input file, its size, and its URI (None for a local path)."""

    file: InputFile
    size: int
    uri: str | None = None


def is_uri(target: str) -> bool:
    return "://" in target


def discover(given: list[str]) -> list[Source]:
    """The files under each input, recursively, in input order then sorted path order."""
    if not any(map(is_uri, given)):
        return [Source(f, f.path.stat().st_size if f.path.exists() else 0) for f in inputs.discover(map(Path, given))]
    if not all(map(is_uri, given)):
        raise FileNotFoundError("give inputs either all as local paths or all as URIs")
    names = [PurePosixPath(pafs.FileSystem.from_uri(uri)[1]).name for uri in given]
    found = []
    for uri, name in zip(given, names):
        prefix = "" if len(given) == 1 else (name if names.count(name) == 1 else uri) + "/"
        found += _listing(uri, prefix)
    return found


def _listing(uri: str, prefix: str) -> list[Source]:
    fs, root = pafs.FileSystem.from_uri(uri)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.NotFound:
        raise FileNotFoundError(f"input {uri} does not exist")
    if info.type != pafs.FileType.Directory:
        return [Source(InputFile(PurePosixPath(root), prefix.rstrip("/") or info.base_name), info.size, uri)]
    out = []
    for entry in fs.get_file_info(pafs.FileSelector(root, recursive=True)):
        parts = entry.path[len(root.rstrip("/")) + 1 :].split("/")
        if entry.type == pafs.FileType.File and not any(p.startswith(".") for p in parts):
            out.append((parts, entry))
    out.sort(key=lambda found: found[0])  # folder by folder, as the local walk goes
    return [Source(InputFile(PurePosixPath(e.path), prefix + "/".join(parts)), e.size,
                   uri.rstrip("/") + "/" + "/".join(parts)) for parts, e in out]


class _Raw(io.RawIOBase):
    """A pyarrow file as a Python raw stream (buffered, it gives ``readline``)."""

    def __init__(self, native: pafs.NativeFile) -> None:
        self.native = native

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        data = self.native.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.native.seek(offset, whence)

    def tell(self) -> int:
        return self.native.tell()

    def close(self) -> None:
        self.native.close()
        super().close()


def opener(uri: str) -> Callable[[InputFile], BinaryIO]:
    """What `cleaner.inputs.read` opens the file at `uri` with ("": a local path)."""
    if not uri:
        return inputs.open_local

    def open_uri(f: InputFile) -> BinaryIO:
        fs, path = pafs.FileSystem.from_uri(uri)
        return io.BufferedReader(_Raw(fs.open_input_file(path)), 1 << 20)

    return open_uri
