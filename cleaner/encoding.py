"""Turning input bytes into text, whatever their encoding, or saying they are binary."""
from __future__ import annotations

import re

import charset_normalizer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we can detect."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) if valid, else the encoding charset-normalizer detects."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise BinaryInput("bytes are not text in any detectable encoding") from None
        text = str(best)
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise BinaryInput("too many control characters for text")
    return text
