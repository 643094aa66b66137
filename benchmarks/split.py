"""wcxb-dev split by site into a fixed tuning half and a held-out half.

A page's site is the domain metadata.json gives for it, or, for the pages metadata.json does
not list, the host of its ground-truth url; lower-cased, without a leading ``www.``. A site
is held out when the first byte of the SHA-256 of its name is odd: the same sites on every
machine, and all pages of one site on the same side. Tune on ``tuning`` pages; report on
``held-out`` ones.

    python benchmarks/split.py [--data ../shared/data/wcxb-dev]   # prints the two halves
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Iterable, TypeVar
from urllib.parse import urlsplit

HALVES = ("tuning", "held-out")
P = TypeVar("P")


def site(domain: str | None, url: str | None) -> str:
    """The site of a page: `domain`, or else the host of `url`; lower-cased, without ``www.``."""
    name = (domain or urlsplit(url or "").hostname or "").lower()
    return name.removeprefix("www.")


def half(site_name: str) -> str:
    """``"held-out"`` or ``"tuning"``: fixed by a hash of the site's name."""
    return HALVES[hashlib.sha256(site_name.encode()).digest()[0] & 1]


def sites(data: Path) -> dict[str, str]:
    """Page id -> site, for every page of the ground truth under `data`."""
    meta = json.loads((data / "metadata.json").read_text(encoding="utf-8"))["files"]
    out = {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        fid = path.name[: -len(".json")]
        domain = (meta.get(fid) or {}).get("domain")
        url = None if domain else json.loads(path.read_text(encoding="utf-8")).get("url")
        out[fid] = site(domain, url)
    return out


def select(data: Path, pages: Iterable[P], which: str) -> list[P]:
    """The pages (objects with an ``id``) of half `which`, or all of them for ``"all"``."""
    if which == "all":
        return list(pages)
    if which not in HALVES:
        raise ValueError(f"half must be one of {HALVES + ('all',)}, got {which!r}")
    of = sites(data)
    return [p for p in pages if half(of[p.id]) == which]  # type: ignore[attr-defined]


def main() -> None:
    from wcxb_quality import DEFAULT_DATA, load_pages

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
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
