"""Exact and near copies in a `cleaner run`: rejects with duplicate_of, dup_cluster and
dup_count on kept records, a persistent --dedup-index across batches, -j independence."""
from __future__ import annotations

from cleaner import cli
from conftest import SEEDS, STORIES, read_jsonl, write

SEED = (SEEDS / "003_c63b3b5783eb788a.txt").read_text(encoding="utf-8")


def _republished(text: str) -> str:
    """The story as another site runs it: a dateline, a few words edited, the ending cut."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "\n\n".join(paragraphs[3:-6]).replace("Saturday", "the weekend").replace("largely", "mostly")
    return "CARACAS (Wire) - " + body + "\n\nSubscribe to our newsletter for daily updates."


def _batch(root, name: str, texts: dict[str, str]):
    for file, text in texts.items():
        write(root / name / file, text)
    return root / name


def test_copies_are_dropped_and_kept_records_count_their_cluster(tmp_path):
    batch = _batch(tmp_path, "in", {"a-original.txt": SEED, "b-exact.txt": SEED + "\n",
                                    "c-near.txt": _republished(SEED), "d-other.txt": STORIES[0] * 3})
    out = tmp_path / "o" / "clean.jsonl"
    outputs = []
    for jobs in ("1", "2"):
        assert cli.main(["run", str(batch), "-o", str(out), "-j", jobs, "-q"]) == 0
        outputs.append((out.read_bytes(), out.with_name("clean.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    kept = {d["id"]: d for d in read_jsonl(out)}
    assert sorted(kept) == ["a-original.txt", "d-other.txt"]
    assert (kept["a-original.txt"]["dup_cluster"], kept["a-original.txt"]["dup_count"]) == ("a-original.txt", 3)
    assert (kept["d-other.txt"]["dup_cluster"], kept["d-other.txt"]["dup_count"]) == ("d-other.txt", 1)
    rejects = {r["id"]: r for r in read_jsonl(out.with_name("clean.rejects.jsonl"))}
    assert (rejects["b-exact.txt"]["reason"], rejects["b-exact.txt"]["duplicate_of"]) == ("duplicate", "a-original.txt")
    near = rejects["c-near.txt"]
    assert (near["stage"], near["reason"], near["duplicate_of"]) == ("near_dedup", "near-duplicate", "a-original.txt")
    assert 0.2 <= near["similarity"] < 1


def test_dedup_index_carries_over_to_the_next_batch(tmp_path):
    index = tmp_path / "state" / "index.bin"
    first = _batch(tmp_path, "monday", {"story.txt": SEED, "other.txt": STORIES[1] * 3})
    second = _batch(tmp_path, "tuesday", {"copy.txt": _republished(SEED), "new.txt": STORIES[2] * 3})
    assert cli.main(["run", str(first), "-o", str(tmp_path / "1.jsonl"), "--dedup-index", str(index), "-q"]) == 0
    assert index.exists()
    assert cli.main(["run", str(second), "-o", str(tmp_path / "2.jsonl"), "--dedup-index", str(index), "-q"]) == 0
    assert [d["id"] for d in read_jsonl(tmp_path / "2.jsonl")] == ["new.txt"]
    [copy] = read_jsonl(tmp_path / "2.rejects.jsonl")
    assert (copy["id"], copy["reason"], copy["duplicate_of"]) == ("copy.txt", "near-duplicate", "story.txt")


def test_dedup_index_with_other_parameters_is_refused(tmp_path, capsys):
    index = tmp_path / "index.bin"
    batch = _batch(tmp_path, "in", {"story.txt": SEED})
    assert cli.main(["run", str(batch), "-o", str(tmp_path / "1.jsonl"), "--dedup-index", str(index), "-q"]) == 0
    cfg = write(tmp_path / "c.toml", 'extends = "default"\n[plugins.near_dedup]\nngram = 2\n')
    code = cli.main(["run", str(batch), "-o", str(tmp_path / "2.jsonl"), "--dedup-index", str(index),
                     "--config", str(cfg), "-q"])
    assert code == 2
    assert "ngram" in capsys.readouterr().err
