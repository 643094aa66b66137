"""Language identification with langdetect (seeded, so the result is deterministic)."""
from __future__ import annotations

from dataclasses import dataclass, field

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from cleaner import Document, hookimpl

DetectorFactory.seed = 0


@dataclass
class Settings:
    keep: list[str] = field(default_factory=list)  # language codes to keep; empty keeps all
    min_score: float = 0.0  # drop documents whose top language is less certain than this
    max_chars: int = 1000  # langdetect is slow on long texts; it reads this much (see benchmarks)


@hookimpl
def cleaner_settings() -> type:
    return Settings


@hookimpl
def cleaner_filter(doc: Document, settings: Settings) -> str | None:
    try:
        best = detect_langs(doc.text[: settings.max_chars])[0]
        doc.lang, doc.lang_score = best.lang, round(best.prob, 4)
    except LangDetectException:
        doc.lang, doc.lang_score = "unknown", 0.0
    if settings.keep and doc.lang not in settings.keep:
        return "language"
    if doc.lang_score < settings.min_score:
        return "language-uncertain"
    return None
