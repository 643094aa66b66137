"""The command line: `cleaner run`, `cleaner plugins`, `cleaner explain`, `cleaner report`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from . import __version__, inputs, plugins, report
from .api import Cleaner, configure
from .config import Config, ConfigError
from .config import load as load_config
from .dedup.contract import index_steps, shared_steps
from .explain import explain
from .failures import SystematicFailure
from .output import ResumeError, RunOutput
from .pipeline import StopRun
from .stats import Stats

EPILOG = """examples:
  cleaner run seeds -o out/clean.jsonl            clean a folder with the default pipeline
  cleaner run crawl/ more.jsonl.gz -o out.jsonl -j 2 --config my.toml
  cleaner run crawl/ -o out/ --engine ray --address ray://head:10001   on a Ray cluster (sharded output)
  cleaner plugins                                 what is loaded, from where, with which hooks
  cleaner explain seeds/003_c63b3b5783eb788a.txt  what each plugin removed from one document
  cleaner report out/clean.jsonl -o report.html  an HTML page: what was removed and why

The config is --config, else $CLEANER_CONFIG, else ./config.toml, else the built-in default.
Set CLEANER_DISABLE_PLUGIN_AUTOLOAD=1 to skip plugins installed through entry points."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner",
        description="Clean and deduplicate scraped pages (HTML or text) into JSONL.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="clean input files or folders into JSONL", description=(
        "Read .txt, .html/.htm and .jsonl files (also .gz) from the inputs, recursively, run the "
        "pipeline and write every kept document to OUT and every dropped one, with its reason, "
        "to the rejects file. Output is identical for any -j."))
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="files or folders (--engine ray: also URIs, e.g. s3://bucket/crawl/)")
    run.add_argument("-o", "--output", required=True,
                     help="JSONL file for kept documents (--engine ray: a folder or URI for part files)")
    run.add_argument("--rejects", type=Path, help="JSONL file for dropped documents (default: OUT.rejects.jsonl)")
    run.add_argument("--config", type=Path, help="pipeline config (TOML)")
    run.add_argument("-j", "--jobs", type=int, help="worker processes (default 1; --engine ray: all CPUs)")
    run.add_argument("--engine", choices=["local", "ray"], default="local",
                     help="local (default), or ray: Ray Data, sharded output with a manifest")
    run.add_argument("--address", metavar="ADDRESS",
                     help="--engine ray: the Ray cluster to join, e.g. ray://head:10001 (default: a local Ray)")
    run.add_argument("--format", choices=["jsonl", "parquet"],
                     help="--engine ray: part file format (default: parquet if OUT ends in .parquet, else jsonl)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    run.add_argument("--resume", action="store_true",
                     help="carry on from where an interrupted run of the same command stopped")
    run.add_argument("--checkpoint", type=float, default=5.0, metavar="SECONDS",
                     help="how often progress is saved for --resume (default 5)")
    run.add_argument("--dedup-index", metavar="PATH|URL",
                     help="a near-duplicate index kept across runs: loaded at the start, saved at the end, so "
                          "this batch is deduplicated against all earlier ones; or redis://HOST:PORT/DB, an "
                          "index of every dedup step shared with concurrent runs")
    run.add_argument("--report", type=Path, metavar="FILE",
                     help="at the end, write an HTML report of the run to FILE (as `cleaner report` does)")

    sub.add_parser("plugins", help="list loaded plugins, their origin and hooks").add_argument(
        "--config", type=Path, help="pipeline config (TOML)")

    ex = sub.add_parser("explain", help="show what the pipeline removes from one document")
    ex.add_argument("file", type=Path, help="an input file (.txt, .html, .jsonl, ...)")
    ex.add_argument("--record", type=int, default=1, help="which record of a .jsonl file (1-based)")
    ex.add_argument("--config", type=Path, help="pipeline config (TOML)")
    ex.add_argument("--color", choices=["auto", "always", "never"], default="auto")

    rep = sub.add_parser("report", help="an HTML report of a run's output: what was removed and why", description=(
        "Write one self-contained HTML page (no scripts, no network) from the files of an earlier run: "
        "documents kept and dropped by reason, characters removed per plugin, languages, lengths before "
        "and after, duplicate clusters and a sample of removed spans per plugin."))
    rep.add_argument("output", type=Path, metavar="OUT", help="the kept documents (JSONL) of a run")
    rep.add_argument("rejects", type=Path, nargs="?", metavar="REJECTS",
                     help="its rejects (default: OUT.rejects.jsonl)")
    rep.add_argument("-o", dest="report", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    rep.add_argument("--samples", type=int, default=report.SAMPLES,
                     help=f"removed spans shown per plugin (default {report.SAMPLES})")
    rep.add_argument("--clusters", type=int, default=report.CLUSTERS,
                     help=f"duplicate clusters shown (default {report.CLUSTERS})")
    rep.add_argument("--inputs", type=Path, nargs="+", metavar="INPUT",
                     help="the run's inputs: show the sampled removed spans in context (as `run --report` does)")
    rep.add_argument("--config", type=Path, help="the run's pipeline config, with --inputs (TOML)")
    return p


# What stops a command: its message's prefix and the exit code (the first class that matches).
FAILURES: tuple[tuple[type[Exception], str, int], ...] = (
    (ConfigError, "config error: ", 2),
    (FileNotFoundError, "", 2),
    (SystematicFailure, "run stopped, nothing written: ", 4),
    (StopRun, "run stopped: ", 3),
)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"run": cmd_run, "plugins": cmd_plugins, "explain": cmd_explain,
                "report": cmd_report}[args.command](args)
    except tuple(cls for cls, _, _ in FAILURES) as e:
        prefix, code = next((prefix, code) for cls, prefix, code in FAILURES if isinstance(e, cls))
        print(f"cleaner: {prefix}{e}", file=sys.stderr)
        return code


def _dedup_index(config: Config, index: str) -> Config:
    """`config` with `index` as the index of every dedup step whose settings take one
    (`cleaner.dedup.contract.IndexSettings`): a file for those that keep one, a redis:// URL
    for all."""
    steps = [name for name in index_steps(config.pipeline, config.settings, index)
             if "cleaner_deduplicator" in plugins.hooks_of(config.pm, name)]
    if not steps:
        raise ConfigError("--dedup-index needs a dedup step that keeps an index (near_dedup) in the pipeline")
    return configure(config, plugins={name: {"index": index} for name in steps})


def cmd_run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("cleaner: -j must be at least 1", file=sys.stderr)
        return 2
    if args.engine == "ray":
        return run_on_ray(args)
    unused = [flag for flag, value in (("--address", args.address), ("--format", args.format)) if value]
    if unused:
        print(f"cleaner: {unused[0]} needs --engine ray", file=sys.stderr)
        return 2
    args.inputs, args.output, args.jobs = [Path(i) for i in args.inputs], Path(args.output), args.jobs or 1
    config = load_config(args.config)
    if args.dedup_index:
        config = _dedup_index(config, args.dedup_index)
    files = list(inputs.discover(args.inputs))
    rejects = args.rejects or args.output.with_name(args.output.name.removesuffix(".jsonl") + ".rejects.jsonl")
    key = {"version": __version__, "inputs": [str(p.resolve()) for p in args.inputs], "config": config.raw,
           "output": str(args.output.resolve()), "rejects": str(rejects.resolve())}
    try:
        output = RunOutput(args.output, rejects, key, resume=args.resume)
    except ResumeError as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return 2
    shared = shared_steps(config.settings)
    if shared:  # the same name on --resume, so the run finds its own verdicts in the shared index
        config = configure(config, plugins={name: {"writer": output.key[:16]} for name in shared})
    with Cleaner(config, jobs=args.jobs) as cleaner:
        if output.finished:
            print(f"cleaner: {args.output} is already complete; nothing to resume", file=sys.stderr)
        elif not _clean_into(output, cleaner, files, args):
            return 3
    output.cleanup()
    if not args.quiet and not output.finished:
        print(cleaner.stats.summary(), file=sys.stderr)
        print(f"wrote {args.output} and {rejects}", file=sys.stderr)
    if args.report:
        report.write(args.output, rejects, args.report,
                     context=report.from_inputs(files, config, cleaner.pipeline.models))
        if not args.quiet:
            print(f"wrote report {args.report}", file=sys.stderr)
    return 0


def _clean_into(output: RunOutput, cleaner: Cleaner, files: list[inputs.InputFile], args: argparse.Namespace) -> bool:
    """Clean `files` into `output`, carrying on from its saved progress, with a progress bar
    and checkpoints; False if the run had to stop (its progress is saved for --resume)."""
    if output.saved_stats:
        cleaner.stats = Stats.restore(output.saved_stats)
        if not cleaner.order_free:  # an order-free policy deduplicates the whole input again
            for doc_id, fingerprints in output.journal():
                cleaner.dedup.replay(doc_id, fingerprints)
    skipped = cleaner.stats.skipped_files
    config = cleaner.config
    docs = inputs.read(files, config.pm, config.limits.max_bytes, on_skip=lambda f: skipped.append(f.source))
    bar = tqdm(desc="cleaning", unit="doc", file=sys.stderr, initial=output.done, disable=True if args.quiet else None)
    last = time.monotonic()
    try:
        for doc in cleaner.stream(docs, skip=output.done):
            output.write(doc)
            bar.update()
            if time.monotonic() - last >= args.checkpoint:
                output.checkpoint(cleaner.stats.as_dict())
                last = time.monotonic()
    except SystematicFailure:
        raise
    except StopRun as e:
        output.checkpoint(cleaner.stats.as_dict())
        print(f"cleaner: run stopped: {e}\ncleaner: the {output.done} documents done are saved; run the "
              "same command with --resume to carry on", file=sys.stderr)
        return False
    finally:
        bar.close()
    output.finish(cleaner.stats.as_dict(), cleaner.dedup.cluster_sizes())
    return True


def run_on_ray(args: argparse.Namespace) -> int:
    """`cleaner run --engine ray`: part files and a manifest in the folder OUT."""
    unused = [flag for flag, value in (("--resume", args.resume), ("--dedup-index", args.dedup_index),
                                       ("--report", args.report), ("--rejects", args.rejects)) if value]
    if unused:
        print(f"cleaner: {unused[0]} works with the local engine only", file=sys.stderr)
        return 2
    try:
        from .engines import sources
        from .engines.ray_engine import RayRun
    except ImportError as e:
        print(f"cleaner: --engine ray needs Ray ({e}): pip install 'cleaner[ray]'", file=sys.stderr)
        return 2
    config = load_config(args.config)
    files = sources.discover(args.inputs)
    fmt = args.format or ("parquet" if args.output.rstrip("/").endswith(".parquet") else "jsonl")
    try:
        manifest, stats = RayRun(config, args.jobs, args.address, quiet=args.quiet).run(files, args.output, fmt)
    except ConfigError:
        raise
    except Exception as e:  # a worker that died, a cluster that went away, a filesystem error
        print(f"cleaner: the Ray run failed, its output is incomplete (no manifest): {type(e).__name__}: {e}",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(stats.summary(), file=sys.stderr)
        print(f"wrote {len(manifest['shards'])} shards and the manifest to {args.output}", file=sys.stderr)
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    pm = config.pm
    others = sorted(name for name, _ in pm.list_name_plugin() if name not in config.pipeline)
    for name in [*config.pipeline, *others]:
        hooks = plugins.hooks_of(pm, name)
        if name in config.pipeline:
            place = f"step {config.pipeline.index(name) + 1}"
        else:
            place = "reader" if "cleaner_read" in hooks else "not in pipeline"
        print(f"{name:<16} {place:<16} {plugins.origin(pm, name)}")
        print(f"{'':<16} hooks: {', '.join(hooks)}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    files = list(inputs.discover([args.file]))
    docs = inputs.read(files, config.pm, config.limits.max_bytes)
    for number, doc in enumerate(docs, 1):
        if number == args.record:
            color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
            sys.stdout.write(explain(Cleaner(config).pipeline, doc, color))
            return 0
    print(f"cleaner: {args.file} has no record {args.record} that a reader claims", file=sys.stderr)
    return 1


def cmd_report(args: argparse.Namespace) -> int:
    rejects = args.rejects or report.default_rejects(args.output)
    context = report.from_inputs(inputs.discover(args.inputs), load_config(args.config)) if args.inputs else None
    report.write(args.output, rejects, args.report, samples=max(0, args.samples), clusters=max(0, args.clusters),
                 context=context)
    print(f"wrote {args.report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
