"""wcxb-dev's articles as wire stories republished by other sites, for the deduplication benchmarks.

Built deterministically from a seed out of the ``main_content`` of the wcxb-dev articles: each
"wire story" is republished several times (dateline or lead line added, ending truncated,
paragraphs dropped or reordered, words edited, quotes straightened, the site's debris
appended), other articles appear once, and "hard negatives" are different articles that quote
sentences of, or take the background paragraph from, another article of the corpus. Also: the
pairwise scores of a clustering of the corpus, and the clusters cleaner's ``near_dedup`` makes.

Data: the WCXB development split (Murrough Foley, WCXB, 2026; CC-BY-4.0), not copied here.
"""
from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cleaner import Document
from cleaner.dedup import near
from cleaner_plugins import near_dedup

CITIES = ["WASHINGTON", "LONDON", "NEW YORK", "PARIS", "BERLIN", "TOKYO", "SYDNEY", "CHICAGO",
          "NAIROBI", "MADRID", "TORONTO", "MUMBAI"]
AGENCIES = ["AP", "Reuters", "AFP", "dpa", "Bloomberg", "PA Media", "CNN Wire"]
NAMES = ["Maria Lopez", "James Carter", "Aisha Khan", "Tom Becker", "Lena Novak", "David Osei",
         "Sofia Rossi", "Kenji Mori", "Grace Mensah", "Paul Girard"]
SITES = [f"{a} {b}" for a in ("Daily", "Evening", "Metro", "County", "Valley", "Coastal", "Northern",
                                  "City", "Morning", "Weekly") for b in ("Herald", "Post", "Times", "Gazette")]
DEBRIS = [
    "Subscribe to the {site} newsletter for the day's top stories.",
    "Follow {site} on Facebook, Twitter and Instagram.",
    "© 2025 {site}. All rights reserved.",
    "Share this article: Facebook Twitter Email WhatsApp",
    "Advertisement",
    "Comments are closed.",
    "Sign up for breaking news alerts from {site}.",
    "Click here to report a typo or an error in this story.",
    "Copyright {site} Media Group. This material may not be published, broadcast, rewritten or redistributed.",
    "Have a news tip? Email the {site} newsroom or call our tips line.",
    "Download the {site} app for the latest local news, weather and sports.",
    "Support local journalism: become a {site} member today.",
]
EDITS = {"said": "says", "says": "said", "percent": "per cent", "however": "but", "about": "around",
         "also": "too", "because": "as", "many": "several", "big": "large", "shows": "indicates"}
GENERIC_TAGS = frozenset({"guide", "blog", "verified", "pool-import", "news", "opinion", "how-to", "tutorial"})
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


@dataclass
class Article:
    id: str
    title: str
    tags: frozenset[str]
    paragraphs: list[str]


@dataclass
class Item:
    id: str
    text: str
    label: str  # the story it is a copy of
    role: str  # copy, single or negative


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def load_articles(data: Path) -> list[Article]:
    """wcxb-dev articles with at least 150 words, as paragraphs (lines of main_content)."""
    files = json.loads((data / "metadata.json").read_text())["files"]
    out = []
    for fid, meta in sorted(files.items()):
        if meta["page_type"] != "article":
            continue
        record = json.loads((data / "ground-truth" / f"{fid}.json").read_text())
        truth, tags = record["ground_truth"], record["_internal"]["page_type"].get("tags", [])
        text = truth.get("main_content") or ""
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        if len(text.split()) >= 150:
            out.append(Article(fid, truth.get("title") or "", frozenset(tags) - GENERIC_TAGS, paragraphs))
    return out


def distinct(articles: list[Article], limit: float = 0.3) -> list[Article]:
    """The articles without those that share `limit` of their word 3-grams (exact sets) with
    an earlier one: wcxb-dev has a few pages twice (one URL with and without a slash)."""
    owners: dict[tuple[str, ...], list[int]] = {}
    sizes: list[int] = []
    out = []
    for a in articles:
        w = tokens(" ".join(a.paragraphs))
        grams = {tuple(w[i : i + 3]) for i in range(len(w) - 2)}
        shared = Counter(o for g in grams for o in owners.get(g, ()))
        if any(n >= limit * min(len(grams), sizes[o]) for o, n in shared.items()):
            continue
        for g in grams:
            owners.setdefault(g, []).append(len(out))
        sizes.append(len(grams))
        out.append(a)
    return out


def story(article: Article, rng: random.Random) -> list[str]:
    """The first paragraphs of the article, about 250-900 words (long paragraphs split)."""
    target, out, words = rng.randint(250, 900), [], 0
    for p in article.paragraphs:
        sentences = SENTENCE.split(p)
        chunks = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)] if len(p.split()) > 150 else [p]
        for c in chunks:
            out.append(c)
            words += len(c.split())
            if words >= target:
                return out
    return out


def site_footer(site: str, rng: random.Random, titles: list[str]) -> list[str]:
    lines = [d.format(site=site) for d in rng.sample(DEBRIS, rng.randint(2, 5))]
    lines.insert(rng.randint(0, len(lines)), "Related: " + rng.choice(titles))
    return lines


def edit_words(paragraph: str, rate: float, rng: random.Random) -> str:
    out = []
    for w in paragraph.split(" "):
        r = rng.random()
        if r < rate / 3:
            continue  # deleted
        if r < rate:
            w = EDITS.get(w, w) if w in EDITS and rng.random() < 0.7 else rng.choice(["the", "new", "local", w + "s"])
        out.append(w)
    return " ".join(out)


def republish(title: str, paragraphs: list[str], rng: random.Random, titles: list[str], light: bool) -> str:
    """One site's copy of a wire story (`light`: only lead, quotes and debris may change)."""
    ps = list(paragraphs)
    if not light:
        if len(ps) >= 4 and rng.random() < 0.5:  # ending truncated
            words, keep, cut = sum(len(p.split()) for p in ps), [], rng.uniform(0.3, 0.9)
            for p in ps:
                keep.append(p)
                if sum(len(k.split()) for k in keep) >= cut * words:
                    break
            if rng.random() < 0.5:
                keep[-1] = " ".join(keep[-1].split()[: max(3, len(keep[-1].split()) // 2)]) + "…"
            ps = keep
        if len(ps) >= 5 and rng.random() < 0.35:  # paragraphs dropped
            for _ in range(rng.randint(1, len(ps) // 4 + 1)):
                ps.pop(rng.randrange(1, len(ps)))
        if len(ps) >= 3 and rng.random() < 0.25:  # two paragraphs swapped
            i = rng.randrange(1, len(ps) - 1)
            ps[i], ps[i + 1] = ps[i + 1], ps[i]
        if rng.random() < 0.7:  # a few words edited
            rate = rng.uniform(0.005, 0.05)
            ps = [edit_words(p, rate, rng) for p in ps]
    if rng.random() < 0.5:  # dateline
        ps[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) — {ps[0]}"
    if rng.random() < 0.5:  # lead line
        byline = f"By {rng.choice(NAMES)}, {rng.choice(AGENCIES)}"
        updated = f"Updated {rng.randint(1, 12)}:{rng.randint(10, 59)} p.m. ET, March {rng.randint(1, 28)}, 2025"
        lead = rng.choice([byline, updated, title or rng.choice(titles)])
        ps.insert(0, lead)
    text = "\n\n".join(ps)
    if rng.random() < 0.5:  # quotes straightened
        text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    if rng.random() < 0.85:  # the site's debris
        text += "\n\n" + "\n".join(site_footer(rng.choice(SITES), rng, titles))
    return text


def quotes(paragraphs: list[str], rng: random.Random, k: int) -> list[str]:
    """k sentences of a story (quoted ones first), as another outlet would quote them."""
    sentences = [s for p in paragraphs for s in SENTENCE.split(p) if 8 <= len(s.split()) <= 45]
    quoted = [s for s in sentences if '"' in s or "“" in s]
    pool = quoted if len(quoted) >= k else sentences
    picked = rng.sample(pool, min(k, len(pool)))
    return [f"“{s.strip(chr(34) + '“”')}” {rng.choice(NAMES)} said." if s not in quoted else s for s in picked]


def hard_negative(body: list[str], source: list[str], rng: random.Random, titles: list[str]) -> str:
    """A different story that quotes `source`, and half the time also reuses its first
    sentences as background (another story on the same event)."""
    ps = list(body)
    for q in quotes(source, rng, rng.randint(1, 4)):
        ps.insert(rng.randint(1, len(ps)), q)
    if rng.random() < 0.5:
        background = " ".join(SENTENCE.split(source[0])[:3])
        ps.insert(rng.randint(1, min(3, len(ps))), "Background: " + background)
    text = "\n\n".join(ps)
    if rng.random() < 0.85:
        text += "\n\n" + "\n".join(site_footer(rng.choice(SITES), rng, titles))
    return text


COPIES = [2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 12]


def build_corpus(articles: list[Article], seed: int = 1) -> list[Item]:
    """Wire stories (45 % of articles) with 2-12 copies each, singles (20 %) and hard
    negatives (35 %) quoting a wire story or a single, on the same topic when one shares a
    tag with it; shuffled."""
    rng = random.Random(seed)
    articles = list(articles)
    rng.shuffle(articles)
    titles = [a.title for a in articles if a.title]
    n_wire, n_single = int(0.45 * len(articles)), int(0.2 * len(articles))
    sources = {a.id: story(a, rng) for a in articles[: n_wire + n_single]}
    items = []
    for a in articles[:n_wire]:
        for c in range(rng.choice(COPIES)):
            text = republish(a.title, sources[a.id], rng, titles, light=c == 0 and rng.random() < 0.5)
            items.append(Item(f"{a.id}-{c}", text, a.id, "copy"))
    for a in articles[n_wire : n_wire + n_single]:
        items.append(Item(a.id, republish(a.title, sources[a.id], rng, titles, light=True), a.id, "single"))
    pool = articles[: n_wire + n_single]
    for a in articles[n_wire + n_single :]:
        same_topic = [s.id for s in pool if s.tags & a.tags]
        src = rng.choice(same_topic or [s.id for s in pool])
        items.append(Item(f"{a.id}-q{src}", hard_negative(story(a, rng), sources[src], rng, titles), a.id, "negative"))
    rng.shuffle(items)
    return items


def windows(articles: list[Article], size: int = 500) -> list[str]:
    """Non-overlapping `size`-word windows of the articles: distinct 500-word documents."""
    out = []
    for a in articles:
        w = " ".join(a.paragraphs).split(" ")
        out += [" ".join(w[i : i + size]) for i in range(0, len(w) - size + 1, size)]
    return out


# ---------------------------------------------------------------------------- scores


def pair_scores(truth: list[str], pred: list[str]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and the adjusted Rand index of two clusterings."""
    def pairs(counts):
        return sum(c * (c - 1) // 2 for c in counts)

    both = pairs(Counter(zip(truth, pred)).values())
    true_pairs, pred_pairs = pairs(Counter(truth).values()), pairs(Counter(pred).values())
    total = pairs([len(truth)])
    p = both / pred_pairs if pred_pairs else 1.0
    r = both / true_pairs if true_pairs else 1.0
    expected = true_pairs * pred_pairs / total
    ari = (both - expected) / ((true_pairs + pred_pairs) / 2 - expected)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "ari": ari}


def negatives_merged(items: list[Item], pred: list[str]) -> int:
    """Hard negatives put in a cluster with other documents (each is a story of its own)."""
    size = Counter(pred)
    return sum(1 for it, p in zip(items, pred) if it.role == "negative" and size[p] > 1)


# ---------------------------------------------------------------------------- clusters


def run_plugin(
    texts: list[str], ids: list[str], settings: near_dedup.Settings
) -> tuple[list[str], float, near.NearDuplicates]:
    """Fingerprint + check every text in order, as the pipeline does: the cluster ids, the CPU
    seconds, the deduplicator."""
    dedup = near_dedup.cleaner_deduplicator(settings)
    near_dedup.cleaner_fingerprint(Document("warm-up", ""), settings)
    pred = []
    t0 = time.process_time()
    for doc_id, text in zip(ids, texts):
        doc = Document(doc_id, "bench", text=text)
        drop = dedup.check(doc, near_dedup.cleaner_fingerprint(doc, settings))
        pred.append(drop["duplicate_of"] if drop else doc.id)
    return pred, time.process_time() - t0, dedup
