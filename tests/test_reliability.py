"""Hostile input, per-document limits, idempotence, and kill -9 then --resume."""
from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, cli, config
from cleaner.pipeline import Pipeline
from conftest import ARTICLE, FIXTURES, read_jsonl, write

SLOW_PLUGIN = '''
import time
from cleaner import hookimpl

@hookimpl
def cleaner_filter(doc):
    time.sleep(10 if "hang" in doc.text else 0.02)
'''


def _config(tmp_path: Path, body: str) -> Path:
    return write(tmp_path / "cfg" / "config.toml", body)


def _fuzz_corpus(root: Path) -> int:
    """Every kind of bad input, next to good ones. Returns the number of files."""
    rng = random.Random(7)
    write(root / "good.txt", ARTICLE)
    write(root / "good.html.gz", (FIXTURES / "page.html").read_bytes())
    write(root / "random.txt", bytes(rng.randrange(256) for _ in range(5000)))
    write(root / "random.html", bytes(rng.randrange(256) for _ in range(5000)))
    full = gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode() * 50, mtime=0)
    write(root / "truncated.jsonl.gz", full[: len(full) // 2])
    write(root / "not-gzip.txt.gz", b"plain bytes, not gzip")
    write(root / "latin1.txt", ("Crème brûlée à la façon de grand-mère, " * 20).encode("latin-1"))
    write(root / "mixed.txt", ARTICLE.encode() + " café ".encode("cp1252") + ARTICLE.encode())
    write(root / "nul.txt", ARTICLE.encode() + b"\x00" * 2000)
    write(root / "huge-line.txt", b"word " * 2_100_000)
    write(root / "huge-line.jsonl", b'{"text": "' + b"word " * 300_000 + b'"}\n' + json.dumps({"text": ARTICLE + " tail"}).encode() + b"\n")
    write(root / "deep.html", "<html><body>" + "<div>" * 50_000 + "deep text" + "</div>" * 50_000 + "</body></html>")
    write(root / "wide-attr.html", f'<html><body><p title="{"x" * 500_000}">{ARTICLE.replace("Monday", "Sunday")}</p></body></html>')
    write(root / "malformed.jsonl", '{"text": "ok"\n{"text": 5}\nnull\n\u00ff\n')
    write(root / "empty.txt", b"")
    write(root / "empty.jsonl.gz", b"")
    write(root / "blank.html", "   \n  ")
    (root / "dangling.txt").symlink_to(root / "missing-target.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "sub").mkdir()
    (root / "sub" / "back-to-root").symlink_to(root, target_is_directory=True)
    return 21


def test_fuzz_corpus_every_document_is_kept_or_rejected(tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    files = _fuzz_corpus(root)
    cfg = _config(tmp_path, 'pipeline = ["html_extract", "normalize", "language", "min_length", "exact_dedup"]\n'
                            "[limits]\nmax_bytes = 1_000_000\ntimeout = 20\n")
    out = tmp_path / "out" / "clean.jsonl"
    assert cli.main(["run", str(root), "-o", str(out), "--config", str(cfg)]) == 0
    summary = capsys.readouterr().err
    kept, rejected = read_jsonl(out), read_jsonl(out.with_name("clean.rejects.jsonl"))
    read = int(summary.split("read ")[1].split(" documents")[0])
    assert len(kept) + len(rejected) == read
    sources = {r["source"] for r in kept + rejected}
    assert len(sources) == files - 1 and "empty.jsonl.gz" not in sources  # no record, no document
    reasons = {r["source"]: r["reason"] for r in rejected}
    assert reasons["random.txt"] == reasons["random.html"] == "binary"
    assert reasons["huge-line.txt"] == "too-large" and reasons["huge-line.jsonl"] == "too-large"
    assert reasons["dangling.txt"] == reasons["loop-a.txt"] == "unreadable"
    assert reasons["empty.txt"] == reasons["blank.html"] == "empty"
    assert reasons["nul.txt"] == "binary"
    assert "huge-line.jsonl" in {d["source"] for d in kept}  # the line after the huge one
    assert {"good.txt", "good.html.gz", "latin1.txt", "mixed.txt", "wide-attr.html"} <= {d["source"] for d in kept}


def test_too_large_documents_are_rejected_unread(tmp_path, run_cli):
    write(tmp_path / "in" / "big.txt", ARTICLE * 100)
    write(tmp_path / "in" / "ok.txt", ARTICLE)
    cfg = _config(tmp_path, 'pipeline = ["normalize"]\n[limits]\nmax_bytes = 5000\n')
    out = tmp_path / "o.jsonl"
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-q"]) == 0
    [reject] = read_jsonl(tmp_path / "o.rejects.jsonl")
    assert (reject["id"], reject["reason"]) == ("big.txt", "too-large")
    assert [d["id"] for d in read_jsonl(out)] == ["ok.txt"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_hanging_step_times_out_without_stalling_the_rest(tmp_path, jobs):
    write(tmp_path / "cfg" / "plugins" / "slow.py", SLOW_PLUGIN)
    cfg = _config(tmp_path, 'plugins_dir = "plugins"\npipeline = ["normalize", "slow"]\n[limits]\ntimeout = 0.5\n')
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / "b.txt", ARTICLE + " Then the page would hang.")
    write(tmp_path / "in" / "c.txt", ARTICLE + " The end.")
    out = tmp_path / "o.jsonl"
    start = time.monotonic()
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-j", jobs, "-q"]) == 0
    assert time.monotonic() - start < 8
    [reject] = read_jsonl(tmp_path / "o.rejects.jsonl")
    assert (reject["id"], reject["stage"], reject["reason"]) == ("b.txt", "slow", "timeout")
    assert [d["id"] for d in read_jsonl(out)] == ["a.txt", "c.txt"]


def test_limits_are_validated():
    with pytest.raises(config.ConfigError, match=r"\[limits\]: 'timeout' must be float"):
        config.from_dict({"pipeline": [], "limits": {"timeout": "soon"}})
    with pytest.raises(config.ConfigError, match=r"\[limits\]: unknown key 'max_size'"):
        config.from_dict({"pipeline": [], "limits": {"max_size": 1}})


DEBRIS_LINES = ["Leave a Reply", "3 Comments", "See also Ten tricks nobody tells you", "Share this:",
                "Subscribe to our newsletter", "Similar Posts", "12 likes", "— Jane Roe (@jroe) May 2, 2020",
                "Your email address will not be published.", "pic.twitter.com/abcdEFG123", ""]
text_lines = st.lists(st.one_of(st.sampled_from(DEBRIS_LINES + ARTICLE.split(". ")), st.text(max_size=80)), max_size=30)


@pytest.fixture(scope="module")
def text_pipeline():
    with Cleaner({"pipeline": ["normalize", "comments", "related", "prompts", "social", "language"]}) as cleaner:
        yield cleaner.pipeline


@settings(max_examples=150, deadline=None, derandomize=True)
@given(lines=text_lines)
def test_cleaning_never_raises_and_is_idempotent(text_pipeline: Pipeline, lines):
    from cleaner import Document

    first = text_pipeline.process(Document(id="a", source="s", text="\n".join(lines)))
    assert first.dropped is None or first.dropped.reason == "empty", first.dropped
    if first.dropped is None:
        again = text_pipeline.process(Document(id="b", source="s", text=first.text))
        assert again.text == first.text
        assert again.trail == []


def _cleaner_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner.cli", "run", *args]


def test_kill_9_then_resume_gives_the_uninterrupted_output(tmp_path):
    write(tmp_path / "cfg" / "plugins" / "slow.py", SLOW_PLUGIN)
    cfg = _config(tmp_path, 'plugins_dir = "plugins"\n'
                  'pipeline = ["normalize", "boilerplate", "slow", "min_length", "exact_dedup", "near_dedup"]\n')
    # a learning step (two passes) and both deduplicators: all their state must survive the kill
    words = ARTICLE.replace(".", "").replace(",", "").split()
    rng = random.Random(3)
    stories = [" ".join(rng.choice(words) for _ in range(70)) + "." for _ in range(60)]
    records = [{"text": f"Posted in Local News\n{stories[i % 60]}" if i % 7 else "too short"} for i in range(150)]
    write(tmp_path / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    reference = tmp_path / "ref" / "clean.jsonl"
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(reference), "--config", str(cfg), "-q"]) == 0

    out = tmp_path / "out" / "clean.jsonl"
    manifest = out.with_name(".clean.jsonl.manifest.json")
    cmd = _cleaner_cmd(str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-q", "--checkpoint", "0.05")
    for stop_after in (40, 100):  # killed twice, at different points
        proc = subprocess.Popen(cmd + (["--resume"] if manifest.exists() else []))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if json.loads(manifest.read_text())["done"] >= stop_after:
                    break
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert not out.exists()
    done = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    kept = read_jsonl(reference)
    assert all("Posted in Local News" not in d["text"] and d["trail"][0]["plugin"] == "boilerplate" for d in kept)
    assert any(d["dup_count"] > 1 for d in kept)
    assert out.read_bytes() == reference.read_bytes()
    assert out.with_name("clean.rejects.jsonl").read_bytes() == reference.with_name("clean.rejects.jsonl").read_bytes()
    assert not manifest.exists() and not any(p.name.startswith(".") for p in out.parent.iterdir())


def test_resume_refuses_progress_of_another_command(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", ARTICLE)
    out = tmp_path / "o.jsonl"
    write(tmp_path / ".o.jsonl.manifest.json", json.dumps({"version": 1, "key": "other", "done": 3}))
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--resume", "-q"]) == 2
    assert "different command" in capsys.readouterr().err


def test_parsing_hostile_html_fetches_nothing_and_loads_no_entities(tmp_path):
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY remote 'FETCHED'>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = (f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{base}/page.dtd" '
            f'[<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "{base}/e.txt">]>'
            f'<html><head><link rel="stylesheet" href="{base}/s.css"><script src="{base}/j.js"></script></head>'
            f'<body><article><p>{ARTICLE}</p><p>&secret; &remote;</p><img src="{base}/i.png">'
            f'<iframe src="{base}/f.html"></iframe></article></body></html>')
    try:
        with Cleaner({"pipeline": ["html_extract", "normalize"]}) as cleaner:
            doc = cleaner.process({"html": page, "url": f"{base}/article"})
    finally:
        server.shutdown()
    assert doc.dropped is None and "city council approved" in doc.text
    assert "root:" not in doc.text and "FETCHED" not in doc.text
    assert hits == []
