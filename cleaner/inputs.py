"""Finding input files and turning them into Documents through the reader hooks."""
from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pluggy

from .document import Document


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to its input root, with forward slashes


def discover(inputs: Iterable[Path]) -> Iterator[InputFile]:
    """Files under each input, recursively, in sorted path order; hidden entries are skipped
    and symlinked folders are not followed (no loops). With several inputs, each source
    starts with its input's name (or, where two names are alike, the input as given), so
    that sources and the ids made from them stay unique."""
    inputs = list(inputs)
    names = [p.name for p in inputs]
    for given in inputs:
        prefix = ""
        if len(inputs) > 1:
            prefix = (given.name if names.count(given.name) == 1 else given.as_posix()) + "/"
        if given.is_dir():
            yield from _walk(given, given, prefix)
        elif given.exists() or given.is_symlink():
            yield InputFile(given, prefix.rstrip("/") if prefix else given.name)
        else:
            raise FileNotFoundError(f"input {given} does not exist")


def _walk(folder: Path, root: Path, prefix: str) -> Iterator[InputFile]:
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root, prefix)
        else:
            yield InputFile(path, prefix + path.relative_to(root).as_posix())


def open_local(f: InputFile) -> BinaryIO:
    return open(f.path, "rb")


def read(
    files: Iterable[InputFile],
    pm: pluggy.PluginManager,
    max_bytes: int,
    on_skip: Callable[[InputFile], None] = lambda f: None,
    opener: Callable[[InputFile], BinaryIO] = open_local,
) -> Iterator[Document]:
    """Documents from each file (opened by `opener`, and decompressed if it ends in .gz),
    through the first reader plugin that claims it. A file that fails part-way yields a
    rejected Document for the rest, never an exception."""
    for f in files:
        name = f.path.name[:-3] if f.path.name.endswith(".gz") else f.path.name
        count = 0
        try:
            with ExitStack() as stack:
                stream = stack.enter_context(opener(f))
                if name != f.path.name:
                    stream = stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
                records = pm.hook.cleaner_read(
                    path=f.path, name=name, stream=stream, source=f.source, max_bytes=max_bytes
                )
                if records is None:
                    on_skip(f)
                    continue
                for doc in records:
                    count += 1
                    yield doc
        except (OSError, EOFError, ValueError) as e:
            doc_id = f.source if count == 0 else f"{f.source}:after-{count}"
            yield Document(id=doc_id, source=f.source).drop("read", "unreadable", error=f"{type(e).__name__}: {e}")
