"""Bytes to text: a few bad bytes do not garble a page; declared charsets are honoured;
detection only for bytes that really are in another encoding."""
import codecs
import json
import random

import pytest

from cleaner import cli
from cleaner.text.encoding import BinaryInput, decode_bytes, declared
from conftest import MULTILINGUAL

TEXTS = MULTILINGUAL
LATIN1 = [k for k, v in TEXTS.items() if not v.isascii() and all(ord(c) < 256 for c in v)]  # French, German


def page(text: str, head: str = '<meta charset="UTF-8">') -> str:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return f"<!DOCTYPE html>\n<html><head>{head}<title>News</title></head><body><article>\n{body}</article></body></html>\n"


def boundaries(text: str, count: int, seed: int) -> list[int]:
    """`count` character positions inside `text`, at least 3 apart, in order."""
    rng = random.Random(seed)
    picks = sorted(rng.sample(range(1, len(text) // 3), count))
    return [3 * p for p in picks]


def corrupt(text: str, positions: list[int], byte: bytes) -> bytes:
    """`text` as UTF-8 with `byte` inserted before each of the characters at `positions`."""
    out, last = b"", 0
    for pos in positions:
        out += text[last:pos].encode() + byte
        last = pos
    return out + text[last:].encode()


def replaced_at(text: str, positions: list[int]) -> str:
    for pos in reversed(positions):
        text = text[:pos] + "\ufffd" + text[pos:]
    return text


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("byte", [b"\xff", b"\xc3", b"\x9d"])
def test_one_bad_byte_is_replaced_and_the_page_stays_utf8(name, byte):
    html = page(TEXTS[name])
    for seed in range(3):
        [pos] = boundaries(html, 1, seed)
        decoded = decode_bytes(corrupt(html, [pos], byte))
        assert (decoded.text, decoded.encoding, decoded.replaced) == (replaced_at(html, [pos]), "utf-8", 1)
        assert decoded.flags() == ["invalid-bytes:1"]


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_few_bad_bytes_are_replaced(name):
    html = page(TEXTS[name])
    positions = boundaries(html, 3, seed=11)
    decoded = decode_bytes(corrupt(html, positions, b"\xfe"))
    assert (decoded.text, decoded.encoding, decoded.replaced) == (replaced_at(html, positions), "utf-8", 3)


@pytest.mark.parametrize("name", [k for k in sorted(TEXTS) if k not in ("wcxb-0005",)])
def test_a_character_cut_off_at_the_end_is_one_replacement(name):
    text = TEXTS[name]
    last = max(i for i, c in enumerate(text) if ord(c) > 127)
    data = text[:last + 1].encode()[:-1]  # the last non-ASCII character loses its last byte
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (text[:last] + "\ufffd", "utf-8", 1)


@pytest.mark.parametrize("name", LATIN1)
def test_a_latin1_page_that_declares_utf8_is_read_as_latin1(name):
    html = page(TEXTS[name])
    decoded = decode_bytes(html.encode("latin-1"))
    assert (decoded.text, decoded.encoding) == (html, "cp1252")


@pytest.mark.parametrize(("name", "codec", "head"), [
    ("ru", "cp1251", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'),
    ("pl", "iso8859-2", "<meta charset='ISO-8859-2'>"),
    ("ja", "shift_jis", '<meta charset="Shift_JIS">'),
    ("zh", "gb18030", '<meta charset="gb2312">'),
])
def test_a_declared_charset_is_honoured(name, codec, head):
    html = page(TEXTS[name], head)
    decoded = decode_bytes(html.encode(codec))
    assert decoded.text == html and codecs.lookup(decoded.encoding) == codecs.lookup(declared(html.encode(codec)))


def test_an_xml_declaration_is_a_declared_charset():
    html = '<?xml version="1.0" encoding="iso-8859-2"?>\n' + page(TEXTS["pl"], "")
    assert decode_bytes(html.encode("iso8859-2")).text == html


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_a_byte_order_mark_decides(codec):
    html = page(TEXTS["ru"])
    assert decode_bytes(html.encode(codec)).text == html


def test_valid_utf8_beats_a_stale_declaration():
    """A scraper saves the page as UTF-8 and leaves its old <meta charset> in place."""
    html = page(TEXTS["wcxb-0644"], '<meta charset="iso-8859-1">')
    decoded = decode_bytes(html.encode())
    assert (decoded.text, decoded.encoding, decoded.flags()) == (html, "utf-8", [])


@pytest.mark.parametrize(("name", "codec"), [("pl", "cp1250"), ("ru", "cp1251"), ("wcxb-0608", "cp1252"),
                                             ("wcxb-0644", "latin-1"), ("de", "cp1252")])
def test_undeclared_legacy_bytes_are_detected(name, codec):
    text = TEXTS[name]
    assert decode_bytes(text.encode(codec)).text == text


def test_random_bytes_are_binary():
    rng = random.Random(3)
    with pytest.raises(BinaryInput):
        decode_bytes(bytes(rng.randrange(256) for _ in range(5000)))


def test_a_run_keeps_the_page_and_notes_the_replaced_bytes(tmp_path):
    """Through the readers and the default pipeline: the corrupted page comes out as the
    clean one does, but for the replaced byte, and its record says how many were replaced."""
    html = page(TEXTS["wcxb-0644"])
    pos = html.index("célèbre") + 2
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "clean.html").write_bytes(html.encode())
    (tmp_path / "in" / "broken.html").write_bytes(corrupt(html, [pos], b"\xff"))
    cfg = tmp_path / "config.toml"
    cfg.write_text('pipeline = ["html_extract", "normalize", "language", "min_length"]\n')
    out = tmp_path / "out.jsonl"
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-q"]) == 0
    broken, clean = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert broken["text"] == clean["text"].replace("célèbre", "cé\ufffdlèbre")
    assert (broken["lang"], broken["flags"], "flags" in clean) == ("fr", ["invalid-bytes:1"], False)


def test_a_jsonl_line_with_a_bad_byte_keeps_its_record(tmp_path):
    text = TEXTS["de"]
    line = corrupt(json.dumps({"id": "a", "text": text}, ensure_ascii=False), [40], b"\xff")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(line + b"\n")
    cfg = tmp_path / "config.toml"
    cfg.write_text('pipeline = ["normalize"]\n')
    out = tmp_path / "out.jsonl"
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-q"]) == 0
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["flags"] == ["invalid-bytes:1"] and record["text"].replace("\ufffd", "") == text
