"""CPU time of the debris_model plugin per 10,000-character document, against the comments rule
plugin on the same documents in the same run (a ratio: the machine is shared).

    python benchmarks/debris_model_speed.py [--data ../shared/data/wcxb-dev] [--docs 500] [--repeat 3]

Documents: the `page` variant of the text-mode corpus (benchmarks/corpus/textmode.py), each cut to
its first 10,000 characters at a line end (pages shorter than that are left out). Each plugin's
``cleaner_remove`` runs on every document `--repeat` times; the best round counts.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus import textmode as corpus

from cleaner import Document
from cleaner_plugins import comments, debris_model

CHARS = 10_000


def documents(pages: list[corpus.Page], count: int) -> list[Document]:
    out = []
    for page in pages:
        text = page.text("page")
        if len(text) < CHARS:
            continue
        cut = text.rfind("\n", 0, CHARS)
        out.append(Document(id=page.id, source=page.domain, text=text[: cut if cut > 0 else CHARS], title=page.title))
        if len(out) == count:
            break
    return out


def best_ms(module, settings, docs: list[Document], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            module.cleaner_remove(doc=doc, settings=settings)
        best = min(best, time.process_time() - start)
    return 1000 * best / len(docs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=corpus.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    docs = documents(corpus.load(args.data, args.cache), args.docs)
    debris_model.load("")  # loaded once per process, as in a worker
    lines = sum(len([x for x in d.text.split("\n") if x.strip()]) for d in docs) / len(docs)
    base = best_ms(comments, comments.Settings(), docs, args.repeat)
    model = best_ms(debris_model, debris_model.Settings(), docs, args.repeat)
    print(f"{len(docs)} documents of about {CHARS:,} characters ({lines:.0f} non-blank lines each), "
          f"best of {args.repeat}, CPU ms per document:")
    print(f"comments (rules, baseline): {base:.3f}")
    print(f"debris_model: {model:.3f} ({model / base:.2f}x comments)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
