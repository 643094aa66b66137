"""The HTML run report: its numbers, its safety, `run --report` = `report`, and a real browser."""
from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from cleaner import cli, report
from conftest import ARTICLE, SEEDS, STORIES, read_jsonl, write

CHROMIUM = shutil.which("chromium")


def jsonl(path: Path, rows: list) -> Path:
    return write(path, "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))


def kept(doc_id: str, text: str, trail=(), lang: str | None = "en", **extra) -> dict:
    return {"id": doc_id, "source": f"{doc_id}.txt", "url": None, "title": None, "author": None, "date": None,
            "lang": lang, "lang_score": 0.9 if lang else None, "text": text, **extra,
            "trail": [{"plugin": p, "kind": k, "chars": n, "text": t} for p, k, n, t in trail]}


def copy(doc_id: str, of: str, similarity: float, reason: str = "near-duplicate", stage: str = "near_dedup") -> dict:
    return {"id": doc_id, "source": f"{doc_id}.txt", "url": None, "stage": stage, "reason": reason,
            "duplicate_of": of, "similarity": similarity}


@pytest.fixture
def files(tmp_path):
    out = jsonl(tmp_path / "clean.jsonl", [
        kept("a", "x" * 150, [("comments", "reply-form", 56, "Leave a Reply"), ("social", "tweet", 300, "t" * 80)]),
        kept("b", "y" * 1200, [("comments", "comment-thread", 40, "2 Comments")], lang="de",
             flags=["over-removal:related"]),
        kept("c", "z" * 3000, lang=None, dup_cluster="c"),
        kept("d", "w" * 600, dup_cluster="d"),
    ])
    rejects = jsonl(tmp_path / "clean.rejects.jsonl", [
        copy("c2", "c", 0.61), copy("c3", "c", 0.97), copy("d2", "d", 1.0, "duplicate", "exact_dedup"),
        {"id": "s", "source": "s.txt", "url": None, "stage": "min_length", "reason": "too-short"},
        copy("c4", "c", 0.55), copy("e2", "earlier", 0.8),
        "{not json",
    ])
    return out, rejects


def test_counts_plugins_languages_lengths_and_clusters(files):
    r = report.build(*files)
    assert (r.read, r.kept, dict(r.dropped)) == (
        10, 4, {"near_dedup: near-duplicate": 4, "exact_dedup: duplicate": 1, "min_length: too-short": 1})
    assert r.examples["near_dedup: near-duplicate"] == ["c2", "c3", "c4"]  # the first few ids, in file order
    assert {p: (s.chars, s.spans, s.docs) for p, s in r.plugins.items()} == {
        "comments": (96, 2, 2), "social": (300, 1, 1)}
    assert r.plugins["comments"].kinds == {"reply-form": 1, "comment-thread": 1}
    assert r.langs == {"en": 2, "de": 1, "(none)": 1}
    assert r.flags == {"over-removal:related": 1}
    # after = len(text); before = len(text) + the characters the trail records as removed
    assert (r.chars_after, r.chars_before) == (150 + 1200 + 3000 + 600, 150 + 356 + 1240 + 3000 + 600)
    bins = report.LENGTH_EDGES
    assert r.after[bins.index(100)] == 1 and r.before[bins.index(500)] == 2  # a: 150 -> 506; d: 600
    # the largest cluster first; its members least similar first; a root kept by an earlier run is named
    assert r.top_clusters() == [("c", 3), ("d", 1), ("earlier", 1)]
    assert [(m.doc_id, m.similarity) for m in r.members_of("c")] == [("c4", 0.55), ("c2", 0.61), ("c3", 0.97)]
    assert r.similarity_range["c"] == (0.55, 0.97)
    assert r.roots["c"].chars == 3000 and "earlier" not in r.roots
    assert r.bad_lines == {str(files[1]): 1}
    page = report.render(r)
    assert "1 line(s) of" in page and "not in this output file" in page
    rows = [page.index(f"<td><code>{i}</code></td>") for i in ("c4", "c2", "c3")]
    assert rows == sorted(rows)


def test_limits_keep_memory_bounded_and_say_what_is_hidden(files):
    r = report.build(*files, samples=1, clusters=1, members=2)
    assert [len(s.sample) for s in r.plugins.values()] == [1, 1]
    assert r.top_clusters() == [("c", 3)] and [m.doc_id for m in r.members_of("c")] == ["c4", "c2"]
    page = report.render(r)
    assert "and 1 more." in page and "2 smaller clusters not shown" in page


def test_span_sample_is_bounded_spread_and_independent_of_order(tmp_path):
    docs = [kept(f"doc{i:03}", ARTICLE, [("related", "see-also", 30 + i, f"See also story {i}")]) for i in range(300)]
    forward = report.build(jsonl(tmp_path / "f.jsonl", docs), jsonl(tmp_path / "f.rejects.jsonl", []), samples=7)
    backward = report.build(jsonl(tmp_path / "b.jsonl", docs[::-1]), jsonl(tmp_path / "b.rejects.jsonl", []), samples=7)
    picked = sorted(span.doc_id for span in forward.plugins["related"].spans_shown())
    assert len(picked) == 7 and picked != [f"doc{i:03}" for i in range(7)]  # not just the first documents
    assert picked == sorted(span.doc_id for span in backward.plugins["related"].spans_shown())


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "div", "span", "b", "i",
             "code", "pre", "del", "nav", "a", "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
             "svg", "g", "rect", "line", "text"}


class Tags(HTMLParser):
    """The element names of a page and the values of each attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attrs: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        for name, value in attrs:
            self.attrs.setdefault(name, []).append(value or "")


def test_page_is_self_contained_deterministic_and_escapes_document_text(tmp_path):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="https://evil.example/">x</a>\x00\ud800'
    out = jsonl(tmp_path / "o.jsonl", [kept("<b>id</b>", evil, [("prompts", "<i>kind</i>", 90, evil[:80])],
                                            lang="<xx>", title=evil)])
    rejects = jsonl(tmp_path / "o.rejects.jsonl", [copy("dup<1>", "<b>id</b>", 0.75),
                                                   {"id": evil, "stage": "<s>", "reason": "<r>", "url": evil}])
    first, second = tmp_path / "1.html", tmp_path / "2.html"
    report.write(out, rejects, first)
    report.write(out, rejects, second)
    assert first.read_bytes() == second.read_bytes()
    page = first.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    tags = Tags()
    tags.feed(page)
    assert tags.names <= SAFE_TAGS, tags.names - SAFE_TAGS  # no script, img, link, iframe, object...
    assert not {a for a in tags.attrs if a.startswith("on") or a in ("src", "srcset", "action")}
    assert {v[0] for v in tags.attrs["href"]} == {"#"}  # links only within the page
    assert "@import" not in page and "url(" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;id&lt;/b&gt;" in page
    assert "\x00" not in page and page.count("<svg") >= 3
    for name in ("<h1>", "</html>"):
        assert page.count(name) == 1


def test_empty_run_gives_a_page(tmp_path):
    page = report.render(report.build(jsonl(tmp_path / "o.jsonl", []), jsonl(tmp_path / "r.jsonl", [])))
    assert "Nothing to show." in page and "No document was dropped as a copy" in page


def test_locate_shows_the_span_with_the_text_around_it():
    base = "Intro line.\nSee also: a list of links\nThe story goes on.\nLeave a Reply\n"
    marks = [(12, 38, "related:see-also"), (57, 71, "comments:reply-form")]
    span = report.Span("d", 0, "related", "see-also", 24, "See also: a list of links", "d", "")
    assert report.locate(base, marks, span) == [
        ("Intro line.\n", ""), ("See also: a list of links", "hit"), ("\n", ""), ("The story goes on.\n", ""),
        ("Leave a Reply", "other"), ("\n", "")]
    assert report.locate(base, marks, report.Span("d", 0, "related", "see-also", 5, "other text", "d", "")) is None


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    """The seeds plus two exact copies, a short text and a broken line, run with --report."""
    root = tmp_path_factory.mktemp("report")
    corpus = root / "in"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, corpus / seed.name)
    shutil.copy(SEEDS / "003_c63b3b5783eb788a.txt", corpus / "copy-of-003.txt")
    shutil.copy(SEEDS / "003_c63b3b5783eb788a.txt", corpus / "copy2-of-003.txt")
    write(corpus / "short.txt", "Too short to keep.")
    write(corpus / "feed.jsonl", json.dumps({"text": ARTICLE}) + "\n{broken\n")
    out, html = root / "out" / "clean.jsonl", root / "report.html"
    assert cli.main(["run", str(corpus), "-o", str(out), "-q", "--report", str(html)]) == 0
    return corpus, out, html


def test_run_report_shows_the_run_with_spans_in_context(seeds_run):
    _, out, html = seeds_run
    page = html.read_text(encoding="utf-8")
    kept, rejects = read_jsonl(out), read_jsonl(out.with_name("clean.rejects.jsonl"))
    assert f"<b>{len(kept) + len(rejects)}</b><span>documents read" in page and len(kept) + len(rejects) == 10
    assert f"<b>{len(kept)}</b><span>kept" in page and f"<b>{len(rejects)}</b><span>dropped" in page
    for reason in ("exact_dedup: duplicate", "min_length: too-short", "read: malformed-jsonl"):
        assert reason in page
    assert "<b>3 documents</b> · similarity 1.00" in page  # 003 and its two copies
    # every sampled span was found in its document, with kept text around it
    spans = sum(min(report.SAMPLES, n) for n in Counter(e["plugin"] for d in kept for e in d["trail"]).values())
    assert spans >= 5 and page.count(" · in context · ") == spans and " · alone · " not in page
    assert '<del class="hit">Leave a Reply' in page
    assert '<del class="hit">See also The UK has only a few days to save Christmas, why?' in page


def test_report_command_builds_the_same_page_from_earlier_output(seeds_run, tmp_path, capsys):
    corpus, out, html = seeds_run
    again = tmp_path / "again.html"
    assert cli.main(["report", str(out), str(out.with_name("clean.rejects.jsonl")), "-o", str(again),
                     "--inputs", str(corpus)]) == 0
    assert again.read_bytes() == html.read_bytes()
    # without the inputs the spans are shown alone, and the page says so
    alone = tmp_path / "alone.html"
    assert cli.main(["report", str(out), "-o", str(alone)]) == 0
    page = alone.read_text(encoding="utf-8")
    assert page.count(" · alone · ") == html.read_text(encoding="utf-8").count(" · in context · ") >= 5
    assert "in context ·" not in page
    assert "the text around it is not in the output" in page
    assert cli.main(["report", str(tmp_path / "missing.jsonl"), "-o", str(alone)]) == 2
    assert "missing.jsonl" in capsys.readouterr().err


def test_spans_of_a_learning_step_are_in_context_with_the_model_the_run_learned(tmp_path):
    corpus = tmp_path / "in"
    for i, story in enumerate(STORIES):  # one site (folder), one line in three stories: site boilerplate
        write(corpus / "site" / f"{i}.txt", f"{story}\n\nExample Daily is a paper of the valley towns\n")
    config = write(tmp_path / "bp.toml", 'pipeline = ["normalize", "boilerplate"]\n')
    out, page = tmp_path / "out" / "clean.jsonl", tmp_path / "run.html"
    assert cli.main(["run", str(corpus), "-o", str(out), "-q", "--config", str(config), "--report", str(page)]) == 0
    assert page.read_text(encoding="utf-8").count(" · in context · ") == 3
    assert '<del class="hit">Example Daily is a paper of the valley towns</del>' in page.read_text(encoding="utf-8")
    # `report --inputs` has no model: the page shows the spans alone and says why that may be
    later = tmp_path / "later.html"
    assert cli.main(["report", str(out), "-o", str(later), "--inputs", str(corpus), "--config", str(config)]) == 0
    text = later.read_text(encoding="utf-8")
    assert text.count(" · alone · ") == 3 and "without the model the run learned" in text


def decode_png(data: bytes) -> np.ndarray:
    """The pixels of an 8-bit, non-interlaced RGB(A) PNG, as a (height, width, channels) array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8).reshape(height, 1 + width * bpp)
    filters, data16 = raw[:, 0], raw[:, 1:].reshape(height, width, bpp).astype(np.int16)
    # Undo the per-row filters. Pixel (y, x) depends on (y, x-1), (y-1, x) and (y-1, x-1), so the
    # pixels of one anti-diagonal y + x = d are independent: decode a diagonal at a time.
    img = np.zeros((height + 1, width + 1, bpp), np.int16)  # a zero row above, a zero column left
    for d in range(height + width - 1):
        y = np.arange(max(0, d - width + 1), min(height, d + 1))
        x = d - y
        a, b, c = img[y + 1, x], img[y, x + 1], img[y, x]
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        f = filters[y][:, None]
        predicted = np.select([f == 1, f == 2, f == 3, f == 4], [a, b, (a + b) // 2, paeth], 0)
        img[y + 1, x + 1] = (data16[y, x] + predicted) & 255
    return img[1:, 1:, :3].astype(np.uint8)


def test_png_decoder_reads_every_filter():
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (6, 5, 3), dtype=np.uint8)
    rows = []
    for y, f in enumerate([0, 1, 2, 3, 4, 2]):
        cur = pixels[y].astype(int).ravel()
        up = pixels[y - 1].astype(int).ravel() if y else np.zeros_like(cur)
        left = np.concatenate([[0, 0, 0], cur[:-3]])
        upleft = np.concatenate([[0, 0, 0], up[:-3]])
        p = left + up - upleft
        pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
        paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, upleft))
        predicted = [0 * cur, left, up, (left + up) // 2, paeth][f]
        rows.append(bytes([f]) + ((cur - predicted) % 256).astype(np.uint8).tobytes())

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 5, 6, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    assert (decode_png(png) == pixels).all()


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


@pytest.mark.skipif(CHROMIUM is None,
                    reason="no `chromium` on PATH (Debian: apt-get install chromium; .ci/run installs it)")
def test_report_loads_in_a_headless_browser_and_draws_its_charts(seeds_run, tmp_path):
    _, _, html = seeds_run
    shot = tmp_path / "report.png"
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    proc = subprocess.run([*browser, f"--screenshot={shot}", "--window-size=1200,2400", html.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # no console message: nothing blocked by the page's Content-Security-Policy, nothing failed to load
    assert [line for line in proc.stderr.splitlines() if ":CONSOLE" in line] == []
    dom = subprocess.run([*browser, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0 and "<h1>cleaner run report</h1>" in dom.stdout
    assert dom.stdout.count("<svg") == 5  # documents, plugins, languages, lengths, similarity
    assert [line for line in dom.stderr.splitlines() if ":CONSOLE" in line] == []

    pixels = decode_png(shot.read_bytes())
    assert pixels.shape == (2400, 1200, 3)
    flat = pixels.reshape(-1, 3).astype(int)
    assert len(np.unique(flat[::7], axis=0)) > 50, "the screenshot is (nearly) blank"
    # the bars of the charts, each in its own colour, are on the screen
    for name in ("KEPT_COLOUR", "DROP_COLOUR", "BEFORE_COLOUR", "AFTER_COLOUR"):
        near = (np.abs(flat - _rgb(getattr(report.page, name))).max(axis=1) <= 8).sum()
        assert near > 400, (name, near)
