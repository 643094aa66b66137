"""The `[dedup] keep` policy: which copy of a story is kept, whatever the input order and -j."""
from __future__ import annotations

import json
import types

import pytest

from cleaner import Cleaner, cli, config, hookimpl
from cleaner.dedup.keep import priority, timestamp
from cleaner.document import Document
from cleaner.output import RunOutput
from conftest import SEEDS, STORIES, read_jsonl, write

SEED = (SEEDS / "003_c63b3b5783eb788a.txt").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED.split("\n\n") if len(p.split()) > 8]
STORY = "\n\n".join(PARAGRAPHS[2:-4])

# Copies of one story as three sites ran it, and two other stories.
RECORDS = [
    {"id": "wire", "text": STORY, "date": "2024-02-03T09:30:00Z"},
    {"id": "long", "text": STORY + "\n\n" + "\n\n".join(PARAGRAPHS[-4:-1]), "date": "2024-02-03T14:00:00+01:00"},
    {"id": "early", "text": "CARACAS (Wire) - " + STORY.replace("largely", "mostly"),
     "date": "Sat, 03 Feb 2024 08:15:00 GMT"},
    {"id": "fish", "text": STORIES[0] * 3, "date": "2024-01-01"},
    {"id": "trees", "text": STORIES[1] * 3},
]
PIPELINE = ["normalize", "exact_dedup", "near_dedup"]


def test_dates_are_read_as_iso_8601_or_rfc_2822():
    assert timestamp("2024-02-03T09:30:00Z") == timestamp("2024-02-03T10:30:00+01:00") == 1706952600.0
    assert timestamp("Sat, 03 Feb 2024 09:30:00 GMT") == 1706952600.0
    assert timestamp("2024-02-03") == timestamp("2024-02-03T00:00:00+00:00")  # naive means UTC
    assert timestamp("last Tuesday") is None and timestamp(None) is None and timestamp("") is None


def test_priority_never_falls_back_to_input_order():
    a, b = (Document(id=i, source=i, text="same words", date="2024-05-01") for i in "ab")
    undated = Document(id="c", source="z", text="a much longer text than the others")
    assert priority(a, "longest") < priority(b, "longest")  # equal texts: the id decides
    assert priority(a, "earliest") < priority(undated, "earliest")  # no date comes last
    assert priority(a, "score", score=1.0) > priority(b, "score", score=2.0)
    with pytest.raises(ValueError):
        priority(a, "first")


def _run(tmp_path, keep: str, records: list[dict], jobs: str, name: str):
    write(tmp_path / name / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    cfg = write(tmp_path / name / "config.toml", f"pipeline = {json.dumps(PIPELINE)}\n[dedup]\nkeep = \"{keep}\"\n")
    out = tmp_path / name / "clean.jsonl"
    assert cli.main(["run", str(tmp_path / name / "in"), "-o", str(out), "--config", str(cfg), "-j", jobs, "-q"]) == 0
    kept = {d["id"]: (d["dup_cluster"], d["dup_count"]) for d in read_jsonl(out)}
    rejected = {r["id"]: (r["reason"], r["duplicate_of"]) for r in read_jsonl(out.with_name("clean.rejects.jsonl"))}
    return kept, rejected, [d["id"] for d in read_jsonl(out)]


@pytest.mark.parametrize("keep, winner", [("longest", "long"), ("earliest", "early")])
def test_order_free_policies_keep_the_same_copy_for_any_input_order_and_jobs(tmp_path, keep, winner):
    results = [_run(tmp_path, keep, records, jobs, f"{keep}-{n}")
               for n, (records, jobs) in enumerate([(RECORDS, "1"), (RECORDS[::-1], "1"), (RECORDS[1:] + RECORDS[:1], "2")])]
    kept, rejected, order = results[0]
    assert kept == {winner: (winner, 3), "fish": ("fish", 1), "trees": ("trees", 1)}
    assert rejected == {c: ("near-duplicate", winner) for c in ("wire", "long", "early") if c != winner}
    assert all(r[:2] == (kept, rejected) for r in results)
    assert order == [i for i in ("wire", "long", "early", "fish", "trees") if i in kept]  # written in input order


def test_first_policy_keeps_the_first_copy_in_input_order(tmp_path):
    assert _run(tmp_path, "first", RECORDS, "1", "a")[0]["wire"] == ("wire", 3)
    assert _run(tmp_path, "first", RECORDS[::-1], "1", "b")[0]["early"] == ("early", 3)


def _scorer(points: dict[str, float]) -> types.ModuleType:
    plugin = types.ModuleType("scorer")

    @hookimpl
    def cleaner_score(doc: Document) -> float | None:
        return points.get(doc.id)

    plugin.cleaner_score = cleaner_score
    return plugin


def test_score_policy_keeps_the_copy_the_plugins_score_highest():
    scorer = _scorer({"wire": 0.5, "early": 2.0})  # "long" scores None, counted as 0
    for records in (RECORDS, RECORDS[::-1]):
        with Cleaner(pipeline=[*PIPELINE, "scorer"], dedup={"keep": "score"}, register={"scorer": scorer}) as cleaner:
            kept = [d.id for d in cleaner.clean(records)]
        assert sorted(kept) == ["early", "fish", "trees"]


def test_a_failing_score_drops_only_that_document():
    def boom(doc: Document) -> float:
        if doc.id == "fish":
            raise RuntimeError("no model")
        return 1.0

    plugin = types.ModuleType("scorer")
    plugin.cleaner_score = hookimpl(boom)
    dropped: list[Document] = []
    with Cleaner(pipeline=[*PIPELINE, "scorer"], dedup={"keep": "score"}, register={"scorer": plugin}) as cleaner:
        kept = [d.id for d in cleaner.clean(RECORDS, on_drop=dropped.append)]
    assert "trees" in kept and "fish" not in kept
    fish = next(d for d in dropped if d.id == "fish")
    assert (fish.dropped.stage, fish.dropped.reason) == ("scorer", "plugin-error")
    assert "no model" in fish.dropped.detail["error"]


def test_one_at_a_time_use_refuses_an_order_free_policy():
    with Cleaner(pipeline=PIPELINE, dedup={"keep": "longest"}) as cleaner:
        with pytest.raises(ValueError, match="needs the whole input"):
            cleaner.process(RECORDS[0])


@pytest.mark.parametrize("table, message", [
    ({"keep": "newest"}, "keep must be one of first, longest, earliest, score"),
    ({"keep": "score"}, "needs a pipeline step with a cleaner_score hook"),
    ({"policy": "first"}, "unknown key 'policy'"),
])
def test_a_bad_dedup_table_names_the_problem(table, message):
    with pytest.raises(config.ConfigError, match=message):
        config.from_dict({"pipeline": PIPELINE, "dedup": table})


def test_an_order_free_run_stopped_while_writing_resumes_to_the_same_output(tmp_path, monkeypatch):
    kept, rejected, _ = _run(tmp_path, "longest", RECORDS, "1", "whole")
    write(tmp_path / "cut" / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in RECORDS))
    cfg = write(tmp_path / "cut" / "config.toml", f"pipeline = {json.dumps(PIPELINE)}\n[dedup]\nkeep = \"longest\"\n")
    out = tmp_path / "cut" / "clean.jsonl"
    args = ["run", str(tmp_path / "cut" / "in"), "-o", str(out), "--config", str(cfg), "-q", "--checkpoint", "0"]
    write_one = RunOutput.write

    def crash_after_three(self, doc):
        if self.done == 3:
            raise KeyboardInterrupt
        write_one(self, doc)

    monkeypatch.setattr(RunOutput, "write", crash_after_three)
    with pytest.raises(KeyboardInterrupt):
        cli.main(args)
    monkeypatch.undo()
    assert not out.exists()
    assert json.loads(out.with_name(".clean.jsonl.manifest.json").read_text())["done"] == 3
    assert cli.main([*args, "--resume"]) == 0
    assert out.read_bytes() == (tmp_path / "whole" / "clean.jsonl").read_bytes()
    assert out.with_name("clean.rejects.jsonl").read_bytes() == (tmp_path / "whole" / "clean.rejects.jsonl").read_bytes()


def test_an_order_free_policy_is_refused_with_a_shared_redis_index():
    plugins = {"near_dedup": {"index": "redis://127.0.0.1:1/0"}}  # refused before any connection
    with pytest.raises(config.ConfigError, match="use keep = \"first\" with it"):
        Cleaner(pipeline=PIPELINE, dedup={"keep": "earliest"}, plugins=plugins)
