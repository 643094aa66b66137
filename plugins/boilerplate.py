"""Site boilerplate learned across documents, CCNet-style but site-aware.

A first pass counts, per site, in how many distinct documents (exact copies count once) each
normalised line occurs; a line found
in at least `min_docs` documents of one site is boilerplate there and is removed from every
document of that site, the first included. The site is the domain of the url, else the first
folder of the source path. Counting per site keeps text that legitimately repeats across
different outlets (a wire story's quotes). With `model` set, counts are loaded at the start
and saved at the end, so a model learned by one run serves the next; with `learn = false` and
a model, nothing is learned and the run streams (the way to use it from the Python API).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cleaner import Document, Removal, hookimpl
from cleaner.fold import strip_accents
from cleaner.output import atomic_file
from cleaner.spans import lines

MODEL_FORMAT = "cleaner-boilerplate/1"
_DIGITS = re.compile(r"\d")
# Runs of punctuation and spaces, not newlines ("_" first becomes " "), but a single space before
# a word, which would become itself (most runs are that one).
_PUNCT = re.compile(r"(?! \w)[^\w\n]+")


@dataclass
class Settings:
    min_docs: int = 3  # a line in this many documents of one site is boilerplate there
    min_chars: int = 1  # shorter lines (after normalising) are never counted
    model: str = ""  # JSON file of learned counts: loaded at the start, saved at the end
    learn: bool = True  # false: only apply the loaded model (no first pass)
    max_lines_per_site: int = 200_000  # memory bound: lines past this are not counted


def site(doc: Document) -> str:
    """The domain of the document's url (without www.), else the first folder of its source."""
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    head, sep, _ = doc.source.partition("/")
    return head if sep else ""


def line_keys(text: str) -> list[str | None]:
    """The key of each line of `text` (as `cleaner.spans.lines` cuts it): CCNet's
    normalisation (lower case, digits to 0, no punctuation or accents), hashed; None for a
    line with no word. It runs on the whole text at once: each step works character by
    character, and a newline stays a newline."""
    folded = _PUNCT.sub(" ", strip_accents(_DIGITS.sub("0", text.lower())).replace("_", " ")).split("\n")
    if not text or text.endswith("\n"):
        folded.pop()
    return [hashlib.blake2b(line.encode(), digest_size=8).hexdigest() if line else None
            for line in map(str.strip, folded)]


class Learner:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.counts: dict[str, Counter[str]] = {}
        self.seen: set[bytes] = set()  # texts counted already: a copy of a page is not a repeat
        if settings.model and os.path.exists(settings.model):
            saved = json.loads(Path(settings.model).read_text(encoding="utf-8"))
            if saved.get("format") != MODEL_FORMAT:
                raise ValueError(f"{settings.model} is not a {MODEL_FORMAT} model")
            self.counts = {s: Counter(c) for s, c in saved["counts"].items()}
        self.ready = bool(self.counts) and not settings.learn

    def observe(self, doc: Document, summary: Summary | None = None) -> None:
        """Count the lines of `doc` (its `summary`, made by a worker, or made here)."""
        site_name, digest, keys = summary or cleaner_observe(doc, self.settings)
        if digest in self.seen:
            return
        self.seen.add(digest)
        counts = self.counts.setdefault(site_name, Counter())
        for key in keys:
            if key in counts or len(counts) < self.settings.max_lines_per_site:
                counts[key] += 1

    def model(self) -> dict[str, frozenset[str]]:
        """Per site, the keys of its boilerplate lines."""
        n = self.settings.min_docs
        return {s: frozenset(k for k, c in counts.items() if c >= n) for s, counts in self.counts.items()}

    def close(self) -> None:
        if not self.settings.model or not self.settings.learn:
            return
        data = {"format": MODEL_FORMAT, "counts": {s: dict(sorted(c.items())) for s, c in sorted(self.counts.items())}}
        with atomic_file(self.settings.model) as f:
            f.write(json.dumps(data).encode())


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_learner(settings: Settings) -> Learner:
    return Learner(settings)


Summary = tuple[str, bytes, list[str]]


@hookimpl
def cleaner_observe(doc: Document, settings: Settings) -> Summary:
    """What the learner counts of `doc`: its site, a digest of its text (a copy of a page is
    not a repeat) and the keys of its lines of at least `min_chars` characters, in order."""
    text = doc.text or ""
    long_enough = (len(line.strip()) >= settings.min_chars for line in text.split("\n"))
    keys = dict.fromkeys(key for key, ok in zip(line_keys(text), long_enough) if ok and key)
    return site(doc), hashlib.blake2b(text.encode(), digest_size=8).digest(), list(keys)


@hookimpl
def cleaner_remove(doc: Document, model: dict[str, frozenset[str]] | None) -> list[Removal]:
    known = (model or {}).get(site(doc))
    if not known:
        return []
    pairs = zip(lines(doc.text), line_keys(doc.text))
    return [Removal(line.start, line.end, "site-boilerplate") for line, key in pairs if key in known]
