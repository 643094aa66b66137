"""`cleaner run --engine ray`: the same kept documents, texts, clusters and rejects as the
local engine, in Ray's local mode; the manifest; a clear error without Ray."""
from __future__ import annotations

import json
import random
import sys

import pytest

import cleaner
from cleaner import cli, config
from cleaner.config import ConfigError
from cleaner.engines import shards, sortkey
from conftest import ARTICLE, SEEDS, STORIES, read_jsonl, write
from test_near_dedup import FLOOD, MARKET

SEED = (SEEDS / "003_c63b3b5783eb788a.txt").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED.split("\n\n") if len(p.split()) > 8]
STORY = "\n\n".join(PARAGRAPHS[2:-4])
FOOTER = "\n\nCopyright Harbour Press Group. All rights reserved."
PIPELINE = ["normalize", "boilerplate", "min_length", "exact_dedup", "near_dedup"]
RECORDS = [  # three copies of a story on three sites; three stories of one site with its footer
    {"id": "wire", "text": STORY, "date": "2024-02-03T09:30:00Z", "url": "https://wire.example/1"},
    {"id": "long", "text": STORY + "\n\n" + "\n\n".join(PARAGRAPHS[-4:-1]) + FOOTER,
     "url": "https://harbour.example/2"},
    {"id": "early", "text": "CARACAS (Wire) - " + STORY.replace("largely", "mostly"), "url": "https://early.example/3"},
    {"id": "fish", "text": STORIES[0] * 3 + FOOTER, "url": "https://harbour.example/fish"},
    {"id": "wire-again", "text": STORY.upper() + "\n"},  # an exact copy once case and spacing are normalised
    {"id": "brief", "text": "Too short to keep."},
    {"id": "trees", "text": STORIES[1] * 3 + FOOTER, "url": "https://harbour.example/trees"},
]


def _republished(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "PARIS (Wire) - " + "\n\n".join(paragraphs[3:-6]).replace("Saturday", "the weekend")


@pytest.fixture(scope="module")
def ray_session():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=500_000_000, logging_level="ERROR",
             log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    write(root / "in" / "a-feed.jsonl", "".join(json.dumps(r) + "\n" for r in RECORDS))
    write(root / "in" / "b-story.txt", SEED)
    write(root / "in" / "c-copy" / "near.txt.gz", _republished(SEED))
    write(root / "in" / "c-copy" / "same.txt", SEED.replace("  ", " ") + "\n")
    write(root / "in" / "d-other.txt", STORIES[2] * 3 + FOOTER)
    write(root / "in" / "e-notes.bin", b"\x00\x01 not a format any reader claims")
    pa = pytest.importorskip("pyarrow")
    rows = [{"id": "pq-copy", "text": _republished(SEED).replace("PARIS", "ROME"), "url": "https://rome.example/1",
             "tags": []},
            {"id": "pq-new", "text": ARTICLE, "tags": ["council"]}]
    pytest.importorskip("pyarrow.parquet").write_table(pa.Table.from_pylist(rows), root / "in" / "f-feed.parquet")
    return root


def _config(root, keep: str):
    return write(root / f"{keep}.toml", f"pipeline = {json.dumps(PIPELINE)}\n[dedup]\nkeep = \"{keep}\"\n")


def _local(root, keep: str) -> tuple[list[dict], list[dict]]:
    out = root / f"local-{keep}.jsonl"
    assert cli.main(["run", str(root / "in"), "-o", str(out), "--config", str(_config(root, keep)), "-q"]) == 0
    return read_jsonl(out), read_jsonl(out.with_name(f"local-{keep}.rejects.jsonl"))


def test_ray_run_equals_the_local_run_byte_for_byte(ray_session, corpus, monkeypatch):
    monkeypatch.setattr(shards, "SHARD_BYTES", 4000)  # several shards from these small files
    out = corpus / "ray-first"
    code = cli.main(["run", str(corpus / "in"), "-o", str(out), "--engine", "ray", "--config",
                     str(_config(corpus, "first")), "-q"])
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["shards"]) >= 3
    kept_parts = b"".join((out / s["out"]).read_bytes() for s in manifest["shards"])
    rejects_parts = b"".join((out / s["rejects"]).read_bytes() for s in manifest["shards"])
    _local(corpus, "first")
    assert kept_parts == (corpus / "local-first.jsonl").read_bytes()
    assert rejects_parts == (corpus / "local-first.rejects.jsonl").read_bytes()

    kept = {d["id"]: d for d in read_jsonl(corpus / "local-first.jsonl")}
    assert sorted(kept) == ["d-other.txt", "fish", "pq-new", "trees", "wire"]
    assert (kept["wire"]["dup_cluster"], kept["wire"]["dup_count"]) == ("wire", 7)  # 3, wire-again, b-story, 2 copies
    assert "Copyright Harbour Press Group" not in kept["trees"]["text"]  # learned boilerplate of harbour.example
    rejects = {r["id"]: r for r in read_jsonl(corpus / "local-first.rejects.jsonl")}
    assert (rejects["wire-again"]["reason"], rejects["wire-again"]["duplicate_of"]) == ("duplicate", "wire")
    assert (rejects["b-story.txt"]["reason"], rejects["b-story.txt"]["duplicate_of"]) == ("near-duplicate", "wire")
    assert rejects["c-copy/same.txt"]["duplicate_of"] == "b-story.txt"  # exact dedup runs before near dedup
    assert (rejects["pq-copy"]["reason"], rejects["pq-copy"]["duplicate_of"]) == ("near-duplicate", "wire")
    assert rejects["brief"]["reason"] == "too-short"

    assert manifest["kept"] == len(kept) and manifest["rejected"] == len(rejects)
    assert manifest["read"] == len(kept) + len(rejects)
    assert manifest["stats"]["skipped_files"] == ["e-notes.bin"]
    assert manifest["config_hash"] == shards.config_hash(config.load(_config(corpus, "first")).raw)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["manifest.json", *(n for s in manifest["shards"] for n in (s["out"], s["rejects"]))])  # no temporary files


def test_ray_run_keeps_the_longest_copy_as_the_local_run_does_in_parquet(ray_session, corpus):
    pq = pytest.importorskip("pyarrow.parquet")
    out = corpus / "ray-longest.parquet"
    code = cli.main(["run", (corpus / "in").as_uri(), "-o", out.as_uri(), "--engine", "ray", "--config",
                     str(_config(corpus, "longest")), "-q"])  # file:// URIs, read and written through pyarrow
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parts"] == "parquet"
    kept = [r for s in manifest["shards"] for r in pq.read_table(out / s["out"]).to_pylist()]
    rejected = [r for s in manifest["shards"] for r in pq.read_table(out / s["rejects"]).to_pylist()]
    local_kept, local_rejected = _local(corpus, "longest")
    assert [(r["id"], r["text"], r["dup_cluster"], r["dup_count"], json.loads(r["trail"])) for r in kept] == \
        [(r["id"], r["text"], r["dup_cluster"], r["dup_count"], r["trail"]) for r in local_kept]
    assert [(r["id"], r["stage"], r["reason"], r["duplicate_of"], r["similarity"]) for r in rejected] == \
        [(r["id"], r["stage"], r["reason"], r.get("duplicate_of"), r.get("similarity")) for r in local_rejected]
    winner = next(r for r in kept if r["id"] == "b-story.txt")  # the whole story: the longest copy, not the first
    assert (winner["dup_cluster"], winner["dup_count"]) == ("b-story.txt", 7)
    assert "wire" not in {r["id"] for r in kept}
    assert json.loads(next(r for r in kept if r["id"] == "fish")["meta"]) == {}
    assert json.loads(next(r for r in kept if r["id"] == "pq-new")["meta"]) == {"tags": ["council"]}  # a Parquet input


def test_uris_are_listed_in_the_order_and_with_the_sources_of_local_paths(tmp_path):
    pytest.importorskip("pyarrow")
    from cleaner.engines import sources

    for name in ("a/b/1.txt", "a-c/2.txt", "a/.hidden.txt", "a/0.txt", "b.jsonl"):
        write(tmp_path / "in" / name, "x")
    write(tmp_path / "more" / "c.txt", "x")
    given = [tmp_path / "in", tmp_path / "more"]
    local = [(s.file.source, s.size) for s in sources.discover([str(p) for p in given])]
    assert [source for source, _ in local] == ["in/a/0.txt", "in/a/b/1.txt", "in/a-c/2.txt", "in/b.jsonl", "more/c.txt"]
    assert [(s.file.source, s.size) for s in sources.discover([p.as_uri() for p in given])] == local
    with pytest.raises(FileNotFoundError, match="does not exist"):
        sources.discover([(tmp_path / "missing").as_uri()])


def test_without_ray_the_engine_asks_for_the_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    monkeypatch.delitem(sys.modules, "cleaner.engines.ray_engine", raising=False)
    write(tmp_path / "in" / "a.txt", STORIES[0])
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "ray", "-q"]) == 2
    assert "pip install 'cleaner[ray]'" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--resume"], "--resume works with the local engine only"),
    (["--dedup-index", "idx.bin"], "--dedup-index works with the local engine only"),
])
def test_ray_engine_refuses_local_only_options(tmp_path, capsys, args, message):
    write(tmp_path / "in" / "a.txt", STORIES[0])
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "ray", *args]) == 2
    assert message in capsys.readouterr().err


def test_ray_options_need_the_ray_engine(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", STORIES[0])
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--format", "parquet"]) == 2
    assert "--format needs --engine ray" in capsys.readouterr().err


# A user's deduplicator, as a plugin file: copies by title, through the contract only.
BY_TITLE = """
from dataclasses import dataclass

from cleaner import hookimpl


@dataclass
class Settings:
    min_words: int = 3  # a shorter title says too little to drop a document for


class SameTitle:
    def __init__(self):
        self.first, self.copies = {}, {}

    def check(self, doc, fingerprint):
        kept = self.first.setdefault(fingerprint, doc.id) if fingerprint else doc.id
        if kept == doc.id:
            doc.meta["title_key"] = fingerprint  # on every kept document, alone in its cluster or not
            return None
        self.copies[kept] = self.copies.get(kept, 1) + 1
        return {"reason": "same-title", "duplicate_of": kept}

    def cluster_sizes(self):
        return self.copies

    def blocks(self, fingerprint):  # cleaner.dedup.contract.Spreadable: copies share their title (and first word)
        return [fingerprint, fingerprint.split()[0]] if fingerprint else []


@hookimpl
def cleaner_settings():
    return Settings


@hookimpl
def cleaner_fingerprint(doc, settings):
    words = (doc.title or "").lower().split()
    return " ".join(words) if len(words) >= settings.min_words else ""


@hookimpl
def cleaner_deduplicator(settings):
    return SameTitle()
"""
TITLED = [  # two stories under one title, a near copy under another, no title, a short one
    {"id": "a", "title": "Herring returns to the north", "text": STORIES[0] * 3},
    {"id": "b", "title": "HERRING returns to the  north", "text": STORIES[1] * 3},
    {"id": "c", "title": "Fish are back", "text": STORIES[0] * 2 + STORIES[0].replace("herring", "sprat")},
    {"id": "d", "text": STORIES[2] * 3},
    {"id": "e", "title": "Herring", "text": STORIES[1] * 3},
    # a follow-up that quotes two stories, and a cut of the second closer to it than to its story
    {"id": "market", "text": MARKET}, {"id": "flood", "text": FLOOD},
    {"id": "follow-up", "text": "\n\n".join(MARKET.split("\n\n")[:2] + FLOOD.split("\n\n")[-2:])},
    {"id": "flood-cut", "text": "\n\n".join(FLOOD.split("\n\n")[-2:])},
    {"id": "f", "title": "Council votes on the budget", "text": ARTICLE},  # alone under its title and first word
]


def _titled(root):
    write(root / "titled" / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in TITLED))
    write(root / "titled" / "plugins" / "by_title.py", BY_TITLE)
    return write(root / "titled" / "c.toml", f"plugins_dir = \"plugins\"\n"
                 f"pipeline = {json.dumps(['normalize', 'by_title', 'exact_dedup', 'near_dedup'])}\n")


def test_a_users_deduplicator_runs_through_the_contract_locally_and_on_ray(ray_session, tmp_path):
    cfg = _titled(tmp_path)
    local, ray_out = tmp_path / "local.jsonl", tmp_path / "ray"
    assert cli.main(["run", str(tmp_path / "titled" / "in"), "-o", str(local), "--config", str(cfg), "-q"]) == 0
    kept = {r["id"]: r for r in read_jsonl(local)}
    rejects = {r["id"]: r for r in read_jsonl(local.with_name("local.rejects.jsonl"))}
    assert sorted(kept) == ["a", "d", "e", "f", "flood", "market"]
    assert [(r["title_key"], r["dup_cluster"]) for r in kept.values()] == [
        ("herring returns to the north", "a"), ("", "d"), ("", "e"), ("", "market"), ("", "flood"),
        ("council votes on the budget", "f")]  # the fields each deduplicator wrote, in step order
    assert list(kept["f"])[-4:] == ["title_key", "dup_cluster", "dup_count", "trail"]
    assert (rejects["b"]["stage"], rejects["b"]["reason"], rejects["b"]["duplicate_of"]) == ("by_title", "same-title", "a")
    assert (rejects["c"]["reason"], rejects["c"]["duplicate_of"]) == ("near-duplicate", "a")
    assert kept["a"]["dup_count"] == 3  # itself, b by title, c by text
    assert (rejects["follow-up"]["duplicate_of"], rejects["flood-cut"]["duplicate_of"]) == ("market", "flood")
    assert cli.main(["run", str(tmp_path / "titled" / "in"), "-o", str(ray_out), "--engine", "ray", "--config",
                     str(cfg), "-q"]) == 0
    manifest = json.loads((ray_out / "manifest.json").read_text())
    assert b"".join((ray_out / s["out"]).read_bytes() for s in manifest["shards"]) == local.read_bytes()
    assert b"".join((ray_out / s["rejects"]).read_bytes() for s in manifest["shards"]) == \
        local.with_name("local.rejects.jsonl").read_bytes()


def test_deduplicators_the_ray_engine_cannot_distribute_are_refused(tmp_path):
    pytest.importorskip("ray")
    from cleaner.engines.ray_engine import dedup_steps

    base = {"pipeline": ["normalize", "exact_dedup", "near_dedup"]}
    assert [name for name, _ in dedup_steps(config.from_dict(base))] == ["exact_dedup", "near_dedup"]
    assert [name for name, _ in dedup_steps(config.from_dict({"pipeline": ["near_dedup", "exact_dedup"]}))] == \
        ["near_dedup", "exact_dedup"]  # any order, as the local engine runs them
    for settings in ({"index": str(tmp_path / "x.bin")}, {"clusters": str(tmp_path / "c.jsonl")}):
        with pytest.raises(ConfigError, match="'near_dedup' has a NearDuplicates, which has none.*local engine only"):
            dedup_steps(config.from_dict({**base, "plugins": {"near_dedup": settings}}))

    class Unspread:
        @staticmethod
        @cleaner.hookimpl
        def cleaner_deduplicator(settings):
            return Seen()

    class Seen:
        def check(self, doc, fingerprint):
            return None

    with pytest.raises(ConfigError, match="'mine' has a Seen, which has none"):
        dedup_steps(config.from_dict({"pipeline": ["normalize", "mine"]}, register={"mine": Unspread}))


def test_sort_keys_order_like_the_tuples():
    rng = random.Random(7)
    words = ["", "a", "ab", "a\x00", "a\x00b", "b", "é", "z" * 3, "\U0001f600"]
    tuples = [(rng.random() < 0.5, rng.uniform(-1e9, 1e9) * rng.choice([1, 0, -1]), rng.randint(-2**62, 2**62),
               rng.choice(words)) for _ in range(500)]
    tuples += [(False, -0.0, 0, ""), (True, float("-inf"), -1, "a"), (True, float("inf"), 1, "b")]
    assert sorted(tuples, key=sortkey.encode) == sorted(tuples)


def test_shards_group_small_files_in_input_order_and_give_large_files_their_own():
    big = shards.SHARD_BYTES + 1
    assert shards.plan([10, 20, big, 30, shards.SHARD_BYTES - 5, 10]) == \
        [(0, False), (0, False), (1, True), (2, False), (3, False), (4, False)]
    assert shards.names(shards.shard_key(1, True, shards.SHARD_DOCS * 2 + 5), "jsonl") == \
        ("part-00001-0002.jsonl", "rejects-00001-0002.jsonl")
