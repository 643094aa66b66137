"""wcxb-dev split by site into a fixed tuning half and a held-out half: the halves, printed.

The split is corpus.wcxb's (``select``): a site is held out when the first byte of the SHA-256
of its name is odd. Tune on ``tuning`` pages; report on ``held-out`` ones.

    python benchmarks/split.py [--data ../shared/data/wcxb-dev]   # prints the two halves
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from corpus import DATA
from corpus.wcxb import HALVES, half, load_pages, sites


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    of = sites(args.data)
    pages = load_pages(args.data, None)
    for name in HALVES:
        chosen = [p for p in pages if half(of[p.id]) == name]
        types = Counter(p.meta_type or p.gt_type for p in chosen)
        print(f"{name}: {len(chosen)} pages, {len({of[p.id] for p in chosen})} sites; "
              + ", ".join(f"{t} {n}" for t, n in types.most_common()))


if __name__ == "__main__":
    main()
