"""Each reader, gzip, mixed folders and bad input: every input ends up kept or rejected."""
from __future__ import annotations

import json

import pytest

from conftest import ARTICLE, FIXTURES, STORIES, write

LATIN1 = (
    "Le café du marché a rouvert ses portes après des travaux qui ont duré près de deux ans. "
    "Les habitués se réjouissent de retrouver leur comptoir, leurs crêpes et la terrasse "
    "ensoleillée où les anciens du quartier jouent aux cartes chaque après-midi. La mairie a "
    "financé la rénovation de la façade et l'accès pour les fauteuils roulants, très attendu."
)


def test_txt_reader(tmp_path, run_cli):
    write(tmp_path / "in" / "story.txt", ARTICLE)
    run = run_cli(tmp_path / "in")
    assert run.code == 0
    [doc] = run.kept
    assert doc["id"] == "story.txt" and doc["source"] == "story.txt"
    assert doc["text"] == ARTICLE and doc["lang"] == "en" and doc["lang_score"] > 0.9


def test_html_reader_extracts_text_and_metadata(tmp_path, run_cli):
    write(tmp_path / "in" / "page.html", (FIXTURES / "page.html").read_bytes())
    [doc] = run_cli(tmp_path / "in").kept
    assert "two restored cargo cranes" in doc["text"]
    assert "All rights reserved" not in doc["text"] and "Sport" not in doc["text"]
    assert doc["title"].startswith("Harbour cranes return")
    assert doc["author"] == "Mara Lindqvist"
    assert doc["date"] == "2024-03-05"
    assert doc["url"] == "https://coastal-herald.example/news/harbour-cranes"


def test_jsonl_reader_keeps_given_fields(tmp_path, run_cli):
    records = [
        {"id": "a-1", "url": "https://x.example/1", "title": "Libraries", "text": ARTICLE, "site": "x"},
        {"html": (FIXTURES / "page.html").read_text(), "url": "https://y.example/2"},
    ]
    write(tmp_path / "in" / "batch.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    first, second = run_cli(tmp_path / "in").kept
    assert (first["id"], first["url"], first["title"], first["site"]) == ("a-1", "https://x.example/1", "Libraries", "x")
    assert second["id"] == "batch.jsonl:2" and second["url"] == "https://y.example/2"
    assert "cargo cranes" in second["text"]


def test_gzipped_inputs_of_each_format(tmp_path, run_cli):
    write(tmp_path / "in" / "a.txt.gz", ARTICLE)
    write(tmp_path / "in" / "b.html.gz", (FIXTURES / "page.html").read_bytes())
    write(tmp_path / "in" / "c.jsonl.gz", json.dumps({"text": STORIES[0]}) + "\n")
    kept = run_cli(tmp_path / "in").kept
    assert [d["source"] for d in kept] == ["a.txt.gz", "b.html.gz", "c.jsonl.gz"]
    assert "cargo cranes" in kept[1]["text"] and "herring" in kept[2]["text"]


def test_folder_mixing_formats_is_read_recursively_in_order(tmp_path, run_cli):
    write(tmp_path / "in" / "z.txt", ARTICLE)
    write(tmp_path / "in" / "sub" / "page.htm", (FIXTURES / "page.html").read_bytes())
    write(tmp_path / "in" / "notes.md", "# not an input")
    run = run_cli(tmp_path / "in", quiet=False)
    assert [d["source"] for d in run.kept] == ["sub/page.htm", "z.txt"]
    assert "skipped 1 files no reader claims: notes.md" in run.stderr


def test_invalid_utf8_is_decoded_by_detection(tmp_path, run_cli):
    write(tmp_path / "in" / "latin1.txt", LATIN1.encode("latin-1"))
    [doc] = run_cli(tmp_path / "in").kept
    assert "Le café du marché" in doc["text"] and doc["lang"] == "fr"


def test_empty_and_binary_files_are_rejected_with_a_reason(tmp_path, run_cli):
    write(tmp_path / "in" / "empty.txt", b"")
    write(tmp_path / "in" / "image.txt", bytes(range(256)) * 40)
    write(tmp_path / "in" / "ok.txt", ARTICLE)
    run = run_cli(tmp_path / "in")
    assert [d["id"] for d in run.kept] == ["ok.txt"]
    reasons = {r["id"]: (r["stage"], r["reason"]) for r in run.rejects}
    assert reasons == {"empty.txt": ("read", "empty"), "image.txt": ("read", "binary")}


def test_malformed_jsonl_line_is_rejected_with_its_line_number(tmp_path, run_cli):
    lines = [json.dumps({"text": ARTICLE}), "{not json", "[1, 2]", json.dumps({"title": "no text"}),
             "", json.dumps({"text": STORIES[1]})]
    write(tmp_path / "in" / "feed.jsonl", "\n".join(lines) + "\n")
    run = run_cli(tmp_path / "in")
    assert [d["id"] for d in run.kept] == ["feed.jsonl:1", "feed.jsonl:6"]
    bad = [(r["id"], r["reason"], r["line"]) for r in run.rejects]
    assert bad == [("feed.jsonl:2", "malformed-jsonl", 2), ("feed.jsonl:3", "malformed-jsonl", 3),
                   ("feed.jsonl:4", "malformed-jsonl", 4)]
    assert all(r["error"].startswith(f"line {r['line']}:") for r in run.rejects)


def test_truncated_gzip_keeps_what_was_read_and_rejects_the_rest(tmp_path, run_cli):
    import gzip

    body = "".join(json.dumps({"text": f"{ARTICLE} Record {i}."}) + "\n" for i in range(200))
    data = gzip.compress(body.encode(), mtime=0)
    write(tmp_path / "in" / "cut.jsonl.gz.part", b"")  # not claimed: skipped
    (tmp_path / "in" / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    run = run_cli(tmp_path / "in")
    assert run.code == 0
    assert len(run.kept) > 0
    assert run.rejects[-1]["reason"] == "unreadable" and "EOFError" in run.rejects[-1]["error"]


def test_reader_hook_directly_declines_unknown_suffixes():
    import io

    from cleaner_plugins import readers

    assert readers.cleaner_read(name="x.csv", stream=io.BytesIO(b"a,b"), source="x.csv", max_bytes=100) is None
    [doc] = readers.cleaner_read(name="x.htm", stream=io.BytesIO(b"<p>hi</p>"), source="d/x.htm", max_bytes=100)
    assert (doc.id, doc.html, doc.text) == ("d/x.htm", "<p>hi</p>", None)


def test_extract_hook_directly_returns_text_and_metadata():
    from cleaner import Document
    from cleaner_plugins import html_extract

    doc = Document(id="p", source="p", html=(FIXTURES / "page.html").read_text())
    fields = html_extract.cleaner_extract(doc=doc, settings=html_extract.Settings())
    assert fields["author"] == "Mara Lindqvist" and "thirty seasonal jobs" in fields["text"]
    empty = Document(id="e", source="e", html="<html><body></body></html>")
    assert html_extract.cleaner_extract(doc=empty, settings=html_extract.Settings()) is None


def test_several_inputs_keep_sources_and_ids_unique(tmp_path, run_cli):
    write(tmp_path / "a" / "in" / "story.txt", ARTICLE)
    write(tmp_path / "b" / "in" / "story.txt", STORIES[0])
    write(tmp_path / "c" / "news" / "story.txt", STORIES[1])
    write(tmp_path / "single.txt", STORIES[2])
    run = run_cli(tmp_path / "a" / "in", tmp_path / "b" / "in", tmp_path / "c" / "news", tmp_path / "single.txt")
    ids = [d["id"] for d in run.kept]
    assert ids[2:] == ["news/story.txt", "single.txt"]
    assert ids[0].endswith("a/in/story.txt") and ids[1].endswith("b/in/story.txt") and len(set(ids)) == 4


def test_parquet_rows_are_read_like_jsonl_records(tmp_path, run_cli):
    pa = pytest.importorskip("pyarrow")
    import datetime

    from pyarrow import parquet

    rows = [{"id": "p1", "text": ARTICLE, "url": "https://example.org/1", "seen": datetime.date(2024, 5, 1)},
            {"id": None, "text": STORIES[0], "url": None, "seen": None},
            {"id": "p3", "text": None, "url": None, "seen": None}]
    (tmp_path / "in").mkdir()
    parquet.write_table(pa.Table.from_pylist(rows), tmp_path / "in" / "feed.parquet")
    run = run_cli(tmp_path / "in")
    assert [(d["id"], d["url"], d["seen"]) for d in run.kept] == [("p1", "https://example.org/1", "2024-05-01"),
                                                                ("feed.parquet:2", None, None)]
    assert [(r["id"], r["reason"], r["row"]) for r in run.rejects] == [("feed.parquet:3", "malformed-record", 3)]
