"""CPU time of the debris_model plugin per 10,000-character document, against baselines on the
same documents in the same run (ratios: the machine is shared).

    python benchmarks/debris_model_speed.py [--data ../shared/data/wcxb-dev] [--docs 500] [--repeat 3]

Documents: the `page` variant of the text-mode corpus (benchmarks/corpus/textmode.py), each cut to
its first 10,000 characters at a line end (pages shorter than that are left out). Each side runs on
every document `--repeat` times; the best round counts. Sides: ``ftfy.fix_text`` (baseline), the
comments rule plugin's ``cleaner_remove``, and the debris_model plugin's, with its two parts: the
line features alone, the two tree stages alone (on features computed before).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import ftfy
import numpy as np

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


def best_ms(run: Callable[[object], object], items: list, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for item in items:
            run(item)
        best = min(best, time.process_time() - start)
    return 1000 * best / len(items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=corpus.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    docs = documents(corpus.load(args.data, args.cache), args.docs)
    model = debris_model.load("")  # loaded once per process, as in a worker
    settings, rules = debris_model.Settings(), comments.Settings()
    parts = []
    for doc in docs:
        found = [line for line in debris_model.lines(doc.text) if line.content.strip()]
        contents = [line.content.strip() for line in found]
        parts.append((contents, np.array([line.start for line in found], dtype=float), len(doc.text), doc.title))
    features = [debris_model.line_features(*p) for p in parts]
    sides = {
        "ftfy.fix_text (baseline)": best_ms(lambda d: ftfy.fix_text(d.text), docs, args.repeat),
        "comments (rules)": best_ms(lambda d: comments.cleaner_remove(doc=d, settings=rules), docs, args.repeat),
        "debris_model": best_ms(lambda d: debris_model.cleaner_remove(doc=d, settings=settings), docs, args.repeat),
        "  its line features": best_ms(lambda p: debris_model.line_features(*p), parts, args.repeat),
        "  its two tree stages": best_ms(lambda f: model.scores(*f), features, args.repeat),
    }
    lines = sum(len(p[0]) for p in parts) / len(parts)
    print(f"{len(docs)} documents of about {CHARS:,} characters ({lines:.0f} non-blank lines each), "
          f"best of {args.repeat}, CPU ms per document:")
    base = sides["ftfy.fix_text (baseline)"]
    for name, ms in sides.items():
        print(f"{name}: {ms:.3f} ({ms / base:.2f}x ftfy.fix_text)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
