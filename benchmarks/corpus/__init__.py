"""The corpora the benchmarks share: scripts import this package (and cleaner), not each other.

- ``DATA``: where wcxb-dev is (``shared/data/wcxb-dev`` beside the checkout; scripts take
  ``--data`` to read it elsewhere); ``ROOT``: the checkout (its ``config.toml``).
- `corpus.wcxb`: wcxb-dev's pages and ground truth, its split by site into a tuning and a
  held-out half, word-F1 and snippet scores, trafilatura's extraction cached per page, and
  texts joined and cut into documents of one size.
- `corpus.wire`: wcxb-dev's articles republished as wire stories (copies, singles, hard
  negatives) for the deduplication benchmarks, and the pairwise scores of a clustering.
- `corpus.textmode`: wcxb-dev's pages as scrapers that save text store them, each block
  labelled (``python -m corpus.textmode`` in ``benchmarks/`` builds and summarises it).
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "wcxb-dev"
