"""What a deduplicator is to the run, to an engine that spreads the documents over processes,
and to the CLI: three protocols, so that any plugin's deduplicator runs where the built-in
ones do.

- `Deduplicator` (``cleaner.hookspecs``): what ``cleaner_deduplicator`` returns; the local
  engine needs only its ``check``.
- `Spreadable`: a deduplicator that ``--engine ray`` can run. It names *blocks* for each
  fingerprint (documents that may be copies share one) and may say which pairs of a block
  are `similar`; the engine joins the related documents into components (no process sees
  them all) and shows each component, in priority order, to a new deduplicator of the step
  (its hook called again in a worker): so it must find in one component everything its
  verdicts depend on.
- `IndexSettings`: the settings of a deduplicator whose index may outlive the run (a file,
  or a Redis server shared by concurrent writers): ``cleaner run --dedup-index`` sets its
  ``index``, and names the writer of a shared one.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from ..hookspecs import Deduplicator

__all__ = ["Deduplicator", "IndexSettings", "Spreadable", "block_key", "index_steps", "is_url", "shared_steps"]

SCHEMES = ("redis://", "rediss://", "unix://")


@runtime_checkable
class Spreadable(Protocol):
    """A deduplicator an engine can run without seeing every document in one process.

    ``blocks(fingerprint)``: keys (ints, strings or bytes) such that two documents whose
    verdicts may depend on each other share at least one; none for a document ``check``
    keeps whatever else it sees (it is then shown to ``check`` alone, for the fields ``check``
    writes in its ``meta``). Optional, so not in the protocol:
    ``similar(a, b)``, for two equally long lists of fingerprints of documents that share a
    block, true for each pair that may be related (a confirmed pair); without it, every pair
    that shares a block is. Both are called on a deduplicator that has seen no document
    (in the engine's workers).
    """

    def blocks(self, fingerprint: Any) -> Iterable[int | str | bytes]: ...


def block_key(block: int | str | bytes) -> int:
    """A block as the unsigned 64-bit integer an engine groups by (a string or bytes hashed)."""
    if isinstance(block, int):
        return block & 0xFFFF_FFFF_FFFF_FFFF
    data = block.encode() if isinstance(block, str) else bytes(block)
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


@runtime_checkable
class IndexSettings(Protocol):
    """The settings of a deduplicator whose index may outlive one run.

    ``index``: "" (this run only), a file if ``index_files`` (loaded at the start, saved at the
    end), or a Redis URL (`is_url`): an index shared with concurrent writers, each recording its
    verdicts under ``writer`` ("" = a random name; ``cleaner run`` names it after its output, so
    that ``--resume`` finds its own verdicts)."""

    index_files: ClassVar[bool]
    index: str
    writer: str


def is_url(index: str) -> bool:
    """Whether an ``index`` setting names a Redis server rather than a file."""
    return index.startswith(SCHEMES)


def index_steps(pipeline: Sequence[str], settings: dict[str, Any], index: str) -> list[str]:
    """The steps of `pipeline` that can take `index` (a file or a Redis URL) as theirs."""
    return [name for name in pipeline if isinstance(settings[name], IndexSettings)
            and (is_url(index) or settings[name].index_files)]


def shared_steps(settings: dict[str, Any]) -> list[str]:
    """The names of the steps, of a config's ``settings``, whose index is a Redis server."""
    return [name for name, s in settings.items() if isinstance(s, IndexSettings) and is_url(s.index)]
