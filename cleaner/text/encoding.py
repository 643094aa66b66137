"""Turning input bytes into text, whatever their encoding, or saying they are binary.

The order, for every file and JSONL line: a byte-order mark; valid UTF-8; UTF-8 with a few
bad bytes (replaced by U+FFFD and counted) when the bytes hold at least as many valid
multi-byte UTF-8 sequences as invalid bytes, since a page in another encoding almost never
forms valid UTF-8 sequences, or when it has only a few bad bytes and declares UTF-8 or holds
a valid sequence; the charset the page declares (``<meta charset>``, the ``http-equiv``
Content-Type, an XML declaration); charset detection last, for bytes that really are in
another encoding and say nothing. A UTF-8 page saved by a scraper keeps its
original ``<meta charset=iso-8859-1>`` often: valid UTF-8 beats the declaration.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
MAX_CONTROL_SHARE = 0.01
PRESCAN_BYTES = 4096  # where a page's charset declaration is looked for (HTML's prescan reads 1,024)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_.:-]{1,40})"""
    rb"""|^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
# Labels whose bytes browsers read in another codec (the WHATWG Encoding Standard), and
# labels that cannot describe an ASCII-compatible page (a page that says UTF-16 in ASCII).
_ALIASES = {"latin1": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252",
            "ascii": "cp1252", "us-ascii": "cp1252", "l1": "cp1252", "cp819": "cp1252",
            "iso-8859-9": "cp1254", "latin5": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
            "gb2312": "gb18030", "gbk": "gb18030", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
            "shift_jis": "cp932", "x-sjis": "cp932", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
# One valid multi-byte UTF-8 sequence (a lead byte and its continuation bytes, no overlongs,
# no surrogates, nothing past U+10FFFF).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
MAX_STRAY_BYTES = 3  # bad bytes a UTF-8 page may have beyond its valid sequences
MAX_CANDIDATES = 4  # charset-normalizer's likeliest codecs compared with Windows-1252
MIN_GAIN = 3  # oddities another codec must spare, and half of them, to be chosen over Windows-1252
# The legacy codecs of the web (the WHATWG Encoding Standard, less the rare Mac ones), as Python
# names them: charset-normalizer also proposes DOS and EBCDIC code pages, which no page is in.
WEB_CODECS = frozenset(codecs.lookup(label).name for label in (
    "cp874", "cp932", "cp949", *(f"cp{n}" for n in range(1250, 1259)),
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)), "koi8-r", "koi8-u", "gb18030", "gbk",
    "big5", "big5hkscs", "euc-jp", "shift_jis", "iso2022-jp", "euc-kr",
))
_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")
_IN_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Pd", "Pi", "Pf", "Zs", "Cf"})
_LATIN_ONLY_WORD = re.compile(r"(?<![^\W\d_])[\u00c0-\u00ff]{3,}(?![^\W\d_])")


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we can detect."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes: the codec used and how many bad bytes became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0

    def flags(self) -> list[str]:
        """What a record says of its decoding: ``invalid-bytes:N`` when bytes were replaced,
        ``encoding:NAME`` when the text was not UTF-8."""
        out = [f"invalid-bytes:{self.replaced}"] if self.replaced else []
        if self.encoding not in ("utf-8", "ascii"):
            out.append(f"encoding:{self.encoding}")
        return out


def declared(data: bytes) -> str | None:
    """The codec the page declares in its first PRESCAN_BYTES (meta charset, http-equiv
    Content-Type or XML declaration), as Python names it; None if none or unknown."""
    match = _DECLARED.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        return codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes, codec: str | None) -> Decoded | None:
    """`data` as UTF-8 with its bad bytes replaced, when its valid multi-byte sequences are at
    least as many as its invalid bytes, or it has at most MAX_STRAY_BYTES of these and one
    valid sequence or a UTF-8 declaration (`codec`, what the page declares; a character cut
    off at the very end is replaced, and is no evidence against UTF-8); None otherwise."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text = decoder.decode(data, final=False)
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # U+FFFD in the bytes is no fault
    valid = len(_UTF8_SEQUENCE.findall(data))
    if invalid > valid and (invalid > MAX_STRAY_BYTES or not (valid or codec == "utf-8")):
        return None
    if decoder.getstate()[0]:  # a truncated last character
        text, invalid = text + "\ufffd", invalid + 1
    return Decoded(text, "utf-8", invalid)


def decode_bytes(data: bytes) -> Decoded:
    """The text of `data` and how it was read (see the module docstring); BinaryInput if
    the bytes are not text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, "replace")
            decoded = Decoded(text, "utf-8" if codec == "utf-8-sig" else codec, text.count("\ufffd"))
            break
    else:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            codec = declared(data)
            decoded = _mostly_utf8(data, codec) or _declared_or_detected(data, codec)
    if decoded.encoding in ("utf-16", "utf-32"):
        controls = len(_CONTROL.findall(decoded.text))
    else:  # the codecs of ASCII-compatible pages write a control character as its byte: faster
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if decoded.text and controls > MAX_CONTROL_SHARE * len(decoded.text):
        raise BinaryInput("too many control characters for text")
    return decoded


def _declared_or_detected(data: bytes, codec: str | None) -> Decoded:
    """`data` in `codec`, the one it declares, else the likeliest of Windows-1252 (the web's
    most common legacy codec) and charset-normalizer's candidates (see `_oddities`)."""
    if codec and codec != "utf-8":
        text = data.decode(codec, "replace")
        return Decoded(text, codec, text.count("\ufffd"))
    matches = charset_normalizer.from_bytes(data)
    if matches.best() is None:
        raise BinaryInput("bytes are not text in any detectable encoding")
    texts = {"cp1252": data.decode("cp1252", "replace")}
    for match in matches:
        codec = codecs.lookup(match.encoding).name
        if codec in WEB_CODECS and len(texts) <= MAX_CANDIDATES:
            texts.setdefault(codec, str(match))
    odd = {codec: _oddities(text) for codec, text in texts.items()}
    codec = min(odd, key=odd.get)  # type: ignore[arg-type]
    if 2 * odd[codec] >= odd["cp1252"] or odd[codec] + MIN_GAIN > odd["cp1252"]:  # another must look clearly better
        codec = "cp1252"
    return Decoded(texts[codec], codec)


def _oddities(text: str) -> int:
    """How wrong a decoding looks: U+FFFD, symbols inside words ("W¹odzimierz": Polish read as
    Windows-1252) and words of Latin-1 letters only ("Ïðèâåò": Cyrillic read as Latin)."""
    odd = text.count("\ufffd") + len(_LATIN_ONLY_WORD.findall(text))
    return odd + sum(_odd_in_word(m.group()) for m in _INSIDE_WORD.finditer(text))


@functools.cache
def _odd_in_word(char: str) -> bool:
    """A character no word holds: not a letter, mark, dash, quote, space or middle dot."""
    return unicodedata.category(char)[:2] not in _IN_WORD_CATEGORIES and char != "\u00b7"


def decode(data: bytes) -> str:
    """The text of `data` (see `decode_bytes`)."""
    return decode_bytes(data).text
