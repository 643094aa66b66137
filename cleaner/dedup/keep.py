"""Which copy of a story is kept: the ``[dedup] keep`` policy.

Deduplicators keep the first copy they are shown. With ``keep = "first"`` they are shown the
documents in input order, as they stream. The other policies are order-free: the run holds the
documents (in a spool file) until the input ends, then shows them to the deduplicators in
*priority order*, best first, so the copy kept from each cluster is the best one whatever the
input order or ``-j``; the documents are still written in input order.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from ..document import Document

POLICIES = {
    "first": "the first copy in input order (streams; the only policy for one-at-a-time use)",
    "longest": "the copy with the longest clean text",
    "earliest": "the copy with the earliest `date` (a copy without a readable date comes last)",
    "score": "the copy with the highest score from the plugins' `cleaner_score` hooks",
}


@dataclass
class DedupSettings:
    """The ``[dedup]`` table."""

    keep: str = "first"

    def __post_init__(self) -> None:
        if self.keep not in POLICIES:
            raise ValueError(f"keep must be one of {', '.join(POLICIES)}, got {self.keep!r}")

    @property
    def order_free(self) -> bool:
        return self.keep != "first"


def timestamp(date: str | None) -> float | None:
    """Seconds since the epoch of an ISO 8601 or RFC 2822 date (naive means UTC), else None."""
    if not date:
        return None
    try:
        when = datetime.fromisoformat(date.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError):
            return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def priority(doc: Document, policy: str, score: float = 0.0) -> tuple[Any, ...]:
    """The sort key of `doc` under an order-free `policy`: smaller is kept first. Ties fall to
    the longer text, then to a hash of the text and the id, never to the input order."""
    text = doc.text or ""
    tie = (-len(text), hashlib.blake2b(text.encode(), digest_size=8).hexdigest(), doc.id)
    if policy == "longest":
        return tie
    if policy == "earliest":
        when = timestamp(doc.date)
        return (when is None, when or 0.0, *tie)
    if policy == "score":
        return (-score, *tie)
    raise ValueError(f"{policy!r} is not an order-free keep policy")
