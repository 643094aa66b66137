"""Bytes to text on real pages with made-up corruption: cleaner's decoding against
charset-normalizer on every page that is not valid UTF-8 (what cleaner did before), in one run.

    python benchmarks/decoding.py [--data ../shared/data/wcxb-dev] [--limit N]

Each wcxb-dev page (all are UTF-8) is corrupted four ways, at character boundaries chosen by
a seeded generator: one 0xFF byte inserted; three bytes (0xFF, 0xC3, 0x9D) inserted; the
last non-ASCII character cut off after its first byte; the page re-encoded as Windows-1252
while it still declares UTF-8 (pages whose text Windows-1252 can hold). A page is right when
the decoded text is the original, with U+FFFD where bytes were inserted or cut (the
Windows-1252 page: the original itself). Also: the decoding time per MB of the clean pages
against ``bytes.decode("utf-8")``.
"""
from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from pathlib import Path

import charset_normalizer

from cleaner.text.encoding import decode

ROOT = Path(__file__).resolve().parent.parent


def before(data: bytes) -> str:
    """cleaner's decoding before: UTF-8 if valid, else charset-normalizer's best guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        return str(best) if best is not None else ""


def variants(text: str, rng: random.Random) -> dict[str, tuple[bytes, str]]:
    """Corrupted bytes of `text` and the text a right decoding gives, by variant."""
    def insert(positions: list[int], chunks: list[bytes]) -> tuple[bytes, str]:
        data, want, last = b"", "", 0
        for pos, chunk in zip(positions, chunks):
            data += text[last:pos].encode() + chunk
            want += text[last:pos] + "\ufffd"
            last = pos
        return data + text[last:].encode(), want + text[last:]

    out = {"one 0xFF byte": insert([rng.randrange(1, len(text))], [b"\xff"])}
    third = len(text) // 3
    out["three bytes"] = insert([rng.randrange(1, third), rng.randrange(third, 2 * third),
                                 rng.randrange(2 * third, len(text))], [b"\xff", b"\xc3", b"\x9d"])
    last = max((i for i, c in enumerate(text) if ord(c) > 127), default=None)
    if last is not None:
        out["cut last character"] = (text[:last + 1].encode()[:-1], text[:last] + "\ufffd")
    try:
        out["Windows-1252, declares UTF-8"] = (text.encode("cp1252"), text)
    except UnicodeEncodeError:
        pass
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "wcxb-dev")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    paths = sorted((args.data / "html").glob("*.html.gz"))[: args.limit]
    rng = random.Random(18)
    right: dict[str, list[int]] = {}
    clean_bytes, spent = 0, {"utf-8 (baseline)": 0.0, "cleaner": 0.0}
    for path in paths:
        raw = gzip.decompress(path.read_bytes())
        text = raw.decode("utf-8")
        for name, fn in (("utf-8 (baseline)", lambda b: b.decode("utf-8")), ("cleaner", decode)):
            start = time.perf_counter()
            fn(raw)
            spent[name] += time.perf_counter() - start
        clean_bytes += len(raw)
        for name, (data, want) in variants(text, rng).items():
            counts = right.setdefault(name, [0, 0, 0])
            counts[0] += 1
            counts[1] += before(data) == want
            counts[2] += decode(data) == want
    print(f"{len(paths)} pages; pages decoded right (the original text, U+FFFD where bytes were broken)")
    print(f"| corruption | pages | before: charset-normalizer | cleaner |\n| --- | ---: | ---: | ---: |")
    for name, (n, old, new) in right.items():
        print(f"| {name} | {n} | {old} ({old / n:.1%}) | {new} ({new / n:.1%}) |")
    mb = clean_bytes / 1e6
    print(f"clean pages, {mb:.1f} MB: " + ", ".join(f"{k} {v / mb * 1000:.2f} ms/MB" for k, v in spent.items())
          + f"; ratio {spent['cleaner'] / spent['utf-8 (baseline)']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
