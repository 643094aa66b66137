"""The dedup index shared through Redis: concurrent writers keep one copy of each story; a
missing or lost server stops the run with a clear message. Against a real redis-server that
each test starts on 127.0.0.1 on a free port."""
from __future__ import annotations

import json
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.dedup import redis as redis_index
from cleaner.api import Cleaner
from cleaner.pipeline import StopRun
from conftest import ARTICLE, SEEDS, STORIES, read_jsonl, write

redis = pytest.importorskip("redis", reason="redis-py is not installed: pip install -e '.[test]'")

PIPELINE = ["normalize", "exact_dedup", "near_dedup"]


class RedisServer:
    """A redis-server without persistence on 127.0.0.1, on a free port."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.folder, self.url = folder, f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def server(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
    running = RedisServer(tmp_path)
    yield running
    running.stop()


def _config(url: str, prefix: str = "cleaner", **near: object) -> dict:
    return {"pipeline": PIPELINE, "plugins": {"exact_dedup": {"index": url, "prefix": prefix},
                                              "near_dedup": {"index": url, "prefix": prefix, **near}}}


def _stories() -> list[str]:
    """Real sentences (the seeds and the test articles), grouped into stories of 70+ words."""
    text = " ".join([*(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))), ARTICLE, *STORIES])
    split = (" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", text))
    sentences = list(dict.fromkeys(s for s in split if 6 <= len(s.split()) <= 60))
    stories, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(" ".join(current).split()) >= 70:
            stories.append(" ".join(current))
            current = []
    return stories


def _copies(story: str, rng: random.Random) -> list[str]:
    """The story as four sites run it: as written, with a dateline, a few words edited and
    a prompt appended, shouted in capitals (an exact copy once normalised), and cut short."""
    words = story.split()
    edited = words.copy()
    for i in rng.sample(range(len(words)), 3):
        edited[i] = rng.choice(["reportedly", "officials", "however", "meanwhile"])
    return [story, "LONDON (Wire) - " + " ".join(edited) + "\n\nSubscribe to our newsletter.",
            story.upper(), " ".join(words[: len(words) * 4 // 5]) + "\n\nRead more on our website."]


def test_two_writers_share_exact_and_near_claims(server):
    story = STORIES[0] * 2
    edited = "VIENNA (Wire) - " + story.replace("herring", "cod").replace("twelve", "ten")
    with Cleaner(_config(server.url)) as first, Cleaner(_config(server.url)) as second:
        assert first.process({"id": "a", "text": story}) is not None
        assert second.process({"id": "b", "text": story.upper()}) is None
        assert second.last_dropped.dropped.detail["duplicate_of"] == "a"
        assert second.last_dropped.dropped.reason == "duplicate"
        assert second.process({"id": "c", "text": edited}) is None
        drop = second.last_dropped.dropped
        assert (drop.stage, drop.reason, drop.detail["duplicate_of"]) == ("near_dedup", "near-duplicate", "a")
        assert 0.2 <= drop.detail["similarity"] < 1
        assert second.process({"id": "d", "text": STORIES[1] * 2}) is not None
        assert first.process({"id": "e", "text": STORIES[1] * 2 + " The end."}) is None
        # the writer that kept "a" counts the copies the other writer saw
        assert first.dedup.cluster_sizes() == {"a": 3, "d": 2}


BARRIER_PLUGIN = '''
import os
import time
from pathlib import Path
from cleaner import hookimpl

waited = False

@hookimpl
def cleaner_filter(doc):
    global waited
    if not waited:  # the first document waits until every process has started
        here = Path(__file__).parent
        (here / f"ready-{os.getpid()}").touch()
        deadline = time.monotonic() + 30
        while not (here / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        waited = True
    return None
'''


def test_four_processes_over_one_corpus_keep_one_copy_of_each_story(server, tmp_path):
    rng = random.Random(5)
    stories = _stories()
    assert len(stories) >= 40
    for k in range(4):  # process k gets copy k of every story, in the same order: they race
        write(tmp_path / f"part{k}" / "feed.jsonl", "".join(
            json.dumps({"id": f"s{i:03d}-v{k}", "text": _copies(s, rng)[k]}) + "\n" for i, s in enumerate(stories)))
    barrier = write(tmp_path / "plugins" / "barrier.py", BARRIER_PLUGIN).parent
    config = write(tmp_path / "shared.toml", 'plugins_dir = "plugins"\n'
                   f'pipeline = {json.dumps(["barrier", *PIPELINE])}\n')
    runs = [subprocess.Popen([sys.executable, "-m", "cleaner.cli", "run", str(tmp_path / f"part{k}"),
                              "-o", str(tmp_path / f"out{k}.jsonl"), "--config", str(config), "-q",
                              "--dedup-index", server.url], stderr=subprocess.PIPE, text=True) for k in range(4)]
    deadline = time.monotonic() + 60
    while len(list(barrier.glob("ready-*"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    (barrier / "go").touch()  # all four start on the first story at once
    for proc in runs:
        assert proc.wait(120) == 0, proc.stderr.read()
    kept = [d["id"] for k in range(4) for d in read_jsonl(tmp_path / f"out{k}.jsonl")]
    rejects = [r for k in range(4) for r in read_jsonl(tmp_path / f"out{k}.rejects.jsonl")]
    assert sorted(i.split("-")[0] for i in kept) == [f"s{i:03d}" for i in range(len(stories))]
    assert len(kept) + len(rejects) == 4 * len(stories)
    for r in rejects:  # a copy of the same story (an exact copy may name one the near step dropped)
        assert r["reason"] in ("duplicate", "near-duplicate")
        assert r["duplicate_of"].split("-")[0] == r["id"].split("-")[0] != r["duplicate_of"], r
    # the same corpus in one process, with the in-process index, keeps as many
    one = cli.main(["run", *(str(tmp_path / f"part{k}") for k in range(4)), "-o", str(tmp_path / "one.jsonl"),
                    "--config", str(config), "-q"])
    assert one == 0 and len(read_jsonl(tmp_path / "one.jsonl")) == len(stories)


def test_index_parameters_are_stored_and_checked_on_connect(server, tmp_path, capsys):
    with Cleaner(_config(server.url)) as cleaner:
        cleaner.process({"text": ARTICLE})
    with pytest.raises(Exception, match=r"ngram=3, the settings say ngram=2"):
        Cleaner(_config(server.url, ngram=2))
    with Cleaner(_config(server.url, prefix="other", ngram=2)):  # another prefix is another index
        pass
    write(tmp_path / "in" / "a.txt", ARTICLE)
    cfg = write(tmp_path / "c.toml", f'pipeline = {json.dumps(PIPELINE)}\n[plugins.exact_dedup]\nlowercase = false\n')
    code = cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--config", str(cfg),
                     "--dedup-index", server.url, "-q"])
    assert code == 2
    assert "lowercase=True, the settings say lowercase=False" in capsys.readouterr().err


def test_unreachable_server_stops_the_run_before_reading_input(tmp_path, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    write(tmp_path / "in" / "a.txt", ARTICLE)
    out = tmp_path / "o.jsonl"
    code = cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--dedup-index", f"redis://127.0.0.1:{port}/0", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert f"cannot use the Redis index at redis://127.0.0.1:{port}/0" in err and "redis-server" in err


def test_without_redis_py_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(Exception, match=re.escape("pip install 'cleaner[redis]'")):
        Cleaner(_config("redis://127.0.0.1:1/0"))
    with Cleaner({"pipeline": PIPELINE}) as cleaner:  # the in-process index needs no server
        assert cleaner.process({"text": ARTICLE}) is not None


SHUTDOWN_PLUGIN = '''
from pathlib import Path
import redis
from cleaner import hookimpl

@hookimpl
def cleaner_filter(doc):
    marker = Path(__file__).with_name("shut-down")
    if doc.id.endswith(":30") and not marker.exists():
        marker.touch()
        redis.Redis.from_url(Path(__file__).with_name("url").read_text()).shutdown(nosave=True)
    return None
'''


def test_lost_connection_stops_the_run_and_resume_finishes_it(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(redis_index, "RETRY_DELAYS", (0.01, 0.05))
    write(tmp_path / "plugins" / "outage.py", SHUTDOWN_PLUGIN)
    write(tmp_path / "plugins" / "url", server.url)
    rng = random.Random(2)
    records = [{"text": text} for story in _stories()[:20] for text in _copies(story, rng)[:3]]
    rng.shuffle(records)
    write(tmp_path / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))

    def run(out: str, prefix: str, *more: str) -> int:
        cfg = write(tmp_path / f"{prefix}.toml", 'plugins_dir = "plugins"\n'
                    'pipeline = ["normalize", "outage", "exact_dedup", "near_dedup"]\n'
                    f'[plugins.exact_dedup]\nprefix = "{prefix}"\n[plugins.near_dedup]\nprefix = "{prefix}"\n')
        return cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / out), "--config", str(cfg),
                         "--dedup-index", server.url, "-q", *more])

    (tmp_path / "plugins" / "shut-down").touch()  # no outage in the reference run
    assert run("ref/clean.jsonl", "ref") == 0
    (tmp_path / "plugins" / "shut-down").unlink()
    assert run("out/clean.jsonl", "run") == 3
    err = capsys.readouterr().err
    assert "run stopped: lost the Redis index" in err and "gave up after 3 tries" in err and "--resume" in err
    manifest = json.loads((tmp_path / "out" / ".clean.jsonl.manifest.json").read_text())
    assert manifest["done"] == 29 and not (tmp_path / "out" / "clean.jsonl").exists()
    server.start()  # an empty server: the resumed run replays what it had done into it
    assert run("out/clean.jsonl", "run", "--resume") == 0
    for name in ("clean.jsonl", "clean.rejects.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()
    assert any(d["dup_count"] > 1 for d in read_jsonl(tmp_path / "out" / "clean.jsonl"))


def test_a_lost_index_raises_in_the_api_rather_than_letting_documents_through(server, monkeypatch):
    monkeypatch.setattr(redis_index, "RETRY_DELAYS", (0.01,))
    with Cleaner(_config(server.url)) as cleaner:
        assert cleaner.process({"text": ARTICLE}) is not None
        server.stop()
        with pytest.raises(StopRun, match="lost the Redis index"):
            cleaner.process({"text": STORIES[0] * 2})


def test_two_scrapy_pipelines_drop_each_others_copies_and_stop_without_the_index(server, monkeypatch):
    from scrapy.exceptions import DropItem

    from cleaner.contrib.scrapy import CleanerPipeline

    monkeypatch.setattr(redis_index, "RETRY_DELAYS", (0.01,))
    spiders = [CleanerPipeline(Cleaner(_config(server.url))) for _ in range(2)]
    assert spiders[0].process_item({"url": "https://a.example/story", "text": ARTICLE})["text"] == ARTICLE
    with pytest.raises(DropItem, match=r"exact_dedup: duplicate \(duplicate_of=https://a.example/story"):
        spiders[1].process_item({"url": "https://b.example/copy", "text": ARTICLE})
    server.stop()
    with pytest.raises(DropItem, match="cleaner: stopped: lost the Redis index"):
        spiders[1].process_item({"url": "https://b.example/other", "text": STORIES[2] * 2})
    for spider in spiders:
        spider.close_spider()



def test_the_shared_index_confirms_a_match_against_the_kept_copy_as_the_local_one(server):
    """A cut of one story, closer to a follow-up that quotes it (a copy of another story) than
    to the story itself, joins the story's cluster in Redis as in memory."""
    from test_near_dedup import FLOOD, MARKET

    market, flood = MARKET.split("\n\n"), FLOOD.split("\n\n")
    records = [{"id": "market", "text": MARKET}, {"id": "flood", "text": FLOOD},
               {"id": "follow-up", "text": "\n\n".join(market[:2] + flood[-2:])},
               {"id": "flood-cut", "text": "\n\n".join(flood[-2:])}]
    verdicts = []
    for config in (_config(server.url), {"pipeline": PIPELINE}, _config(server.url, "any", kept_threshold=0.0)):
        dropped: list = []
        with Cleaner(config) as cleaner:
            list(cleaner.clean(records, on_drop=dropped.append))
        verdicts.append({d.id: d.dropped.detail["duplicate_of"] for d in dropped})
    assert verdicts[0] == verdicts[1] == {"follow-up": "market", "flood-cut": "flood"}
    assert verdicts[2]["flood-cut"] == "market"  # confirmed against any indexed copy: the bridge
