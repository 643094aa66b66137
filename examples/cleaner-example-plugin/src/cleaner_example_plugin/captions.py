"""Remove photo captions: lines that open with a label like "Photo:" or "File image." or
close with an agency credit like "REUTERS/Jane Doe" or "(AP Photo/Jane Doe)"."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaner import Document, Removal, hookimpl
from cleaner.text.spans import lines, remove_lines


@dataclass
class Settings:
    labels: list[str] = field(default_factory=lambda: ["photo", "file photo", "file image", "image", "picture"])
    agencies: list[str] = field(default_factory=lambda: ["REUTERS", "AP Photo", "AFP", "Getty Images"])
    max_chars: int = 300  # a longer line is prose, whatever it looks like


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_remove(doc: Document, settings: Settings) -> list[Removal]:
    label = re.compile(rf"\(?(?:{_any(settings.labels)})\s*[:.]", re.IGNORECASE)
    credit = re.compile(rf"(?:{_any(settings.agencies)})(?:\s*/[^/]{{1,60}})?\)?\s*$")
    captions = [
        line for line in lines(doc.text)
        if len(line.content) <= settings.max_chars and (label.match(line.content) or credit.search(line.content))
    ]
    return remove_lines(captions, "photo-caption")


def _any(words: list[str]) -> str:
    return "|".join(map(re.escape, words))
