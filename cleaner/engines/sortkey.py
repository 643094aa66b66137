"""Byte strings that sort like tuples, so a distributed sort or a group can order documents
by their keep priority (``cleaner.dedup.keep``) without Python objects."""
from __future__ import annotations

import struct
from typing import Any

_INT_OFFSET = 1 << 63


def encode(values: tuple[Any, ...]) -> bytes:
    """`values` (bools, ints within 64 bits, floats, strings) as bytes whose order is the
    tuples' order, for tuples of the same shape."""
    out = bytearray()
    for value in values:
        if isinstance(value, bool):
            out += b"\x01" if value else b"\x00"
        elif isinstance(value, int):
            out += (value + _INT_OFFSET).to_bytes(8, "big")
        elif isinstance(value, float):
            (bits,) = struct.unpack(">Q", struct.pack(">d", value + 0.0))  # -0.0 == 0.0, as in tuples
            out += (bits ^ ((1 << 64) - 1) if bits >> 63 else bits | 1 << 63).to_bytes(8, "big")
        elif isinstance(value, str):  # escaped NULs, then a terminator that sorts first
            out += value.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff") + b"\x00\x00"
        else:
            raise TypeError(f"cannot encode a {type(value).__name__} in a sort key")
    return bytes(out)
