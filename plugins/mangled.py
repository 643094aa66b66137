"""Characters that encoding repair could not bring back: reported in the trail, removed where
that is safe.

- lost emoji: a run of two or more "?" standing alone ("Cancillería Venezuela ?? (@...)"),
  where a flag or other emoji became question marks in an earlier encoding step. Removed,
  unless it ends a line, where it may end a question ("Really ??"): then only reported.
- U+FFFD, the replacement character: removed when it stands alone, reported inside a word.
- a stray "Â" at the end of a word ("EmbraceÂ"), left from a lost non-breaking space: removed.
- a "?" inside a word ("Z?rich", a lost letter) and leftovers of mojibake ftfy could not
  undo ("doesnâ€t"): reported only; the word cannot be guessed.

Reports that remove nothing go to the trail directly (``doc.note``), with the word.
"""
import re
from dataclasses import dataclass

from cleaner import Document, Removal, hookimpl
from cleaner.text import prefilter
from cleaner.text.spans import lines

PLUGIN = "mangled"

_LOST_EMOJI = re.compile(r"(?:(?<=\s)|^)\?{2,}(?:[ \t]+\?+)*(?=[ \t]|$)", re.M)
_LONE_FFFD = prefilter.compile(r"(?:(?<=\s)|^)\ufffd+(?=\s|$)", re.M)
_STRAY_A = re.compile(r"(?<=[^\W_])Â(?=[\s.,;:!?)]|$)", re.M)
_WORD = re.compile(r"\S+")
_IN_WORD = re.compile(r"[^\W\d_]\?+[^\W\d_]|\ufffd|â€|Ã[\x80-\xbf]")
_SUSPECT = re.compile(r"\?|\ufffd|Â|â€|Ã")
_LINKISH = re.compile(r"[/=&@]|^www\.", re.I)


@dataclass
class Settings:
    """`remove`: delete what is safe to delete (False: only report); `report`: write
    mangled words that stay to the trail."""

    remove: bool = True
    report: bool = True


@hookimpl
def cleaner_settings() -> type:
    return Settings


def _removal(text: str, start: int, end: int, kind: str) -> Removal:
    """A removal widened to one space beside it, so that no double or leading space is left."""
    if start > 0 and text[start - 1] in " \t":
        start -= 1
    elif end < len(text) and text[end] in " \t":
        end += 1
    return Removal(start, end, kind)


@hookimpl
def cleaner_remove(doc: Document, settings: Settings) -> list[Removal]:
    text = doc.text or ""
    if not _SUSPECT.search(text):
        return []
    out: list[Removal] = []
    for line in lines(text):
        content = line.content
        if not _SUSPECT.search(content):
            continue
        for m in _LOST_EMOJI.finditer(content):
            at_end = not content[m.end() :].strip() and content[: m.start()].strip()
            if settings.remove and not at_end:
                out.append(_removal(text, line.start + m.start(), line.start + m.end(), "lost-emoji"))
            elif settings.report:
                doc.note(PLUGIN, "lost-emoji", content.strip())
        if settings.remove:
            for m in _LONE_FFFD.finditer(content):
                out.append(_removal(text, line.start + m.start(), line.start + m.end(), "replacement-char"))
            out += [Removal(line.start + m.start(), line.start + m.end(), "stray-char") for m in _STRAY_A.finditer(content)]
        if settings.report:
            for m in _WORD.finditer(content):
                word = m.group()
                if _IN_WORD.search(word) and not _LINKISH.search(word) and not _LONE_FFFD.fullmatch(word):
                    doc.note(PLUGIN, "mangled-char", word)
    return out
