"""Ray engine benchmark: the local engine against Ray's local mode with 1 and 2 workers, on
corpora of real text at three sizes; docs/s, peak memory, and whether the outputs agree.

The corpus is built, deterministically from a seed, from the ``main_content`` of the
wcxb-dev pages: each new story is 3-6 paragraphs of 2-5 sentences drawn from all articles
(recombined at the sentence level, so that 100,000 stories do not share whole paragraphs);
a fifth of the documents republish an earlier story (a dateline, a dropped paragraph, a few
words edited), one in twenty copies one exactly. It is written as 32 JSONL files, and run in text mode
(normalize without ftfy, min_length, exact_dedup, near_dedup): the subject is how the
engines scale, not HTML extraction. Each run is a subprocess; its peak memory is sampled
every 0.2 s over the process and its descendants (the Ray workers): RSS, which counts the
object-store pages a worker maps, and private memory (smaps_rollup), which does not.

    python benchmarks/ray_scale.py                        # 10k, 30k and 100k documents
    python benchmarks/ray_scale.py --sizes 2000 --runs local ray1

Data: the WCXB development split (Murrough Foley, WCXB, 2026; CC-BY-4.0), not copied here.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus import DATA

FILES = 32
CONFIG = """pipeline = ["normalize", "min_length", "exact_dedup", "near_dedup"]
[plugins.normalize]
fix_encoding = false
"""
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CITIES = ["WASHINGTON", "LONDON", "PARIS", "BERLIN", "TOKYO", "NAIROBI", "MADRID", "TORONTO"]


def sentences(data: Path) -> list[str]:
    """The sentences of the articles' main text, each once."""
    out: dict[str, None] = {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or ""
        for paragraph in text.split("\n\n"):
            out.update((s, None) for s in SENTENCE_END.split(paragraph.strip()) if len(s.split()) >= 6)
    return list(out)


def corpus(pool: list[str], size: int, seed: int = 1) -> list[dict[str, str]]:
    """`size` documents: new stories of 3-6 paragraphs of 2-5 sentences drawn from the pool;
    a fifth republish an earlier story, one in twenty copy one exactly."""
    rng = random.Random(seed)
    docs: list[dict[str, str]] = []
    for n in range(size):
        roll = rng.random()
        if docs and roll < 0.05:
            text = rng.choice(docs)["text"]
        elif docs and roll < 0.25:
            parts = rng.choice(docs)["text"].split("\n\n")
            if len(parts) > 3:
                del parts[rng.randrange(len(parts))]
            words = "\n\n".join(parts).split(" ")
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(["said", "told", "reported", "added"])
            text = f"{rng.choice(CITIES)} (Wire) - " + " ".join(words)
        else:
            text = "\n\n".join(" ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
                                for _ in range(rng.randint(3, 6)))
        docs.append({"id": f"doc-{n:07d}", "text": text})
    return docs


def write_corpus(docs: list[dict[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    per_file = -(-len(docs) // FILES)
    for i in range(FILES):
        with open(folder / f"part-{i:03d}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(d) + "\n" for d in docs[i * per_file : (i + 1) * per_file])


def child(engine: str, corpus_dir: Path, config: Path, out: Path) -> dict[str, float]:
    """One run in this process: seconds for ray.init (Ray) and for the run itself."""
    from cleaner import cli

    init = 0.0
    if engine != "local":
        import ray

        started = time.perf_counter()
        ray.init(num_cpus=int(engine[-1]), include_dashboard=False, object_store_memory=1_000_000_000,
                 logging_level="ERROR", log_to_driver=False)
        init = time.perf_counter() - started
    args = ["run", str(corpus_dir), "-o", str(out), "--config", str(config), "-q"]
    args += ["--engine", "ray", "-j", engine[-1]] if engine != "local" else []
    started = time.perf_counter()
    assert cli.main(args) == 0
    return {"init_s": init, "run_s": time.perf_counter() - started}


def _private(pid: int) -> int:
    """The bytes of memory process `pid` holds alone (not the object store's shared pages)."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        return sum(int(fields[k].split()[0]) for k in ("Private_Clean", "Private_Dirty")) * 1024
    except (OSError, KeyError, ValueError):
        return 0


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, RSS bytes, command line) of every process, from /proc (Linux)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                rss = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                out[int(entry.name)] = (int(fields["PPid"]), rss, cmdline)
            except (OSError, KeyError, ValueError):
                continue
    return out


def measure(engine: str, corpus_dir: Path, config: Path, out: Path) -> dict[str, float]:
    """Run `child` in a subprocess; add the peak RSS of it and of its largest Ray worker."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", engine, str(corpus_dir), str(config), str(out)],
                            stdout=subprocess.PIPE, text=True)
    peaks = {"driver": 0, "worker": 0, "private": 0}

    def sample() -> None:
        while proc.poll() is None:
            table, family, size = _processes(), {proc.pid}, 0
            while len(family) > size:  # the descendants of the run
                size = len(family)
                family |= {pid for pid, (ppid, _, _) in table.items() if ppid in family}
            peaks["driver"] = max(peaks["driver"], table.get(proc.pid, (0, 0, ""))[1])
            workers = [p for p in family if p in table and "ray::" in table[p][2]]
            peaks["worker"] = max([peaks["worker"], *(table[p][1] for p in workers)])
            peaks["private"] = max([peaks["private"], *map(_private, workers)])
            time.sleep(0.2)

    thread = threading.Thread(target=sample)
    thread.start()
    stdout, _ = proc.communicate()
    thread.join()
    if proc.returncode:
        raise SystemExit(f"{engine} run failed")
    return {**json.loads(stdout.strip().splitlines()[-1]), "driver_mb": peaks["driver"] / 2**20,
            "worker_mb": peaks["worker"] / 2**20, "private_mb": peaks["private"] / 2**20}


def same_output(local: Path, ray_dir: Path) -> bool:
    manifest = json.loads((ray_dir / "manifest.json").read_text())
    parts = b"".join((ray_dir / s["out"]).read_bytes() for s in manifest["shards"])
    rejects = b"".join((ray_dir / s["rejects"]).read_bytes() for s in manifest["shards"])
    return parts == local.read_bytes() and rejects == local.with_name(local.stem + ".rejects.jsonl").read_bytes()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(sys.argv[2], *map(Path, sys.argv[3:6]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--runs", nargs="+", default=["local", "ray1", "ray2"], choices=["local", "ray1", "ray2"])
    args = ap.parse_args()
    pool = sentences(args.data)
    print(f"{len(pool)} sentences from {args.data}", file=sys.stderr)
    print("| documents | run | init s | run s | docs/s | ratio to local | peak RSS driver MB | peak RSS per worker MB "
          "| peak private per worker MB | kept | same output as local |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = root / "config.toml"
        config.write_text(CONFIG)
        for size in args.sizes:
            write_corpus(corpus(pool, size), root / f"in-{size}")
            local_rate = None
            for run in args.runs:
                out = root / f"out-{size}-{run}" / ("clean.jsonl" if run == "local" else "")
                r = measure(run, root / f"in-{size}", config, out)
                rate = size / r["run_s"]
                local_rate = rate if run == "local" else local_rate
                if run == "local":
                    kept, same = sum(1 for _ in open(out)), "(baseline)"
                else:
                    kept = json.loads((out / "manifest.json").read_text())["kept"]
                    local = root / f"out-{size}-local" / "clean.jsonl"
                    same = ("yes" if same_output(local, out) else "NO") if local.exists() else "-"
                ratio = f"{rate / local_rate:.2f}" if local_rate else "-"
                worker = f"{r['worker_mb']:.0f} | {r['private_mb']:.0f}" if run != "local" else "- | -"
                print(f"| {size:,} | {run} | {r['init_s']:.1f} | {r['run_s']:.1f} | {rate:.0f} | {ratio} | "
                      f"{r['driver_mb']:.0f} | {worker} | {kept:,} | {same} |", flush=True)


if __name__ == "__main__":
    main()
