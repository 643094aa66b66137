"""Lines of scraping debris that carry no marker, found by a small learned model.

Each non-blank line gets a debris score, P(debris), from two logistic regressions over shapes
that hold across sites, not a site's wording:
- the line alone: length in words and characters (binned), sentence punctuation, commas,
  stop-word share (a few European languages), capitalised and all-caps words, digits, a date,
  a clock time, separators ("|", "·"), a link or address, a list bullet, a comment
  signature ("NAME DATE TIME |", "Posted by NAME on DATE at TIME"), a few interface words
  ("reply", "share", "login"), how much of it repeats the title;
- where it stands: its place in the text, and against the end of the article, guessed as the
  last long prose line (after it, how much prose is left);
- its neighbours (second stage): the first stage's scores of the lines before and after it,
  and of all lines to the end (once a comment thread or a footer starts it usually runs to
  the end).
Lines scored at least ``threshold`` go; each run of consecutive removed lines is one removal
of kind ``debris-line`` whose score is the run's lowest (the trail's ``score``).
The weights ship beside this module (``debris_model.json``, plain numbers; NumPy only, no
training library), trained by ``benchmarks/train_debris_model.py`` on the wcxb-dev pages as
text scrapers save them; they are read once per process.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cleaner import Document, Removal, hookimpl
from cleaner.text.spans import lines

MODEL_FILE = Path(__file__).with_name("debris_model.json")
MODEL_FORMAT = "cleaner-debris-model/2"
KIND = "debris-line"


@dataclass
class Settings:
    """`threshold`: lines scored at least this are removed (higher keeps more, lower removes
    more debris and more article); `model`: a weights file written by
    benchmarks/train_debris_model.py ("" = the shipped one); `min_lines`: texts with fewer
    non-blank lines are left alone (too little context)."""

    threshold: float = 0.8
    model: str = ""
    min_lines: int = 4

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        load(self.model)  # a missing or wrong file is reported at config time


@hookimpl
def cleaner_settings() -> type:
    return Settings


# ----------------------------------------------------------------------------- features

_STOP = frozenset(
    # en
    "the a an and or of to in on for with at by from is are was were be been it this that as not but have has had "
    "he she they we you i his her their its which who will would can there what so if about into than them "
    # de
    "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wir sie ich er "
    # fr
    "le la les et est un une des du de pour dans que qui en au pas sur ce il elle nous vous se sont "
    # es, it, pt, nl
    "el los las y es del por con para se no al lo su una il di che per non sono della o os em um uma com não "
    "het een en van dat op te niet met zijn".split()
)
_UI = frozenset(
    "reply replies share shares comment comments login log sign subscribe newsletter follow like likes report "
    "permalink menu home search posted read more tags tag category categories previous next cookie cookies "
    "privacy terms contact copyright rights reserved advertisement related popular trending "
    "antworten teilen kommentar kommentare anmelden suche répondre partager commentaires connexion recherche "
    "responder compartir comentarios buscar".split()
)
_WORD = re.compile(r"\w+")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember"
           r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
           r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre")
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTHS})\.?\s+\d{{1,2}}\b"
    rf"|\d{{1,2}}\.?\s+(?:{_MONTHS})\b|(?:19|20)\d\d\b|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago)",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b", re.I)
_LINK = re.compile(r"https?://|www\.|\S@\S+\.\w|\.(?:com|org|net)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•·>»–—]|\d{1,3}[.)]\s)")
# A comment or post signature: a name of one to four capitalised words (after "By", "Posted
# by"), then within a few characters a date or a time.
_SIGNATURE = re.compile(
    r"^\W*(?:(?:posted|written|submitted|commented)\s+by\s+|by\s+)?[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}"
    r"\s*(?:on|at|said|says|wrote|schrieb|\||·|,|-|–)?\s*(?:\d|(?:" + _MONTHS + r")\b)",
    re.I,
)
_SEPARATORS = re.compile(r"[|·•»]")
_SENTENCE_END = frozenset('.!?:;"”’)…')
PROSE_WORDS = 20  # a line of at least this many words, ending like a sentence, is prose

WORD_BINS = np.array([1, 2, 3, 4, 6, 9, 13, 20, 30, 50])
POS_BINS = np.array([0.1, 0.25, 0.5, 0.75, 0.9])


def _one_hot(values: np.ndarray, bins: np.ndarray) -> np.ndarray:
    index = np.searchsorted(bins, values, side="right")
    out = np.zeros((len(values), len(bins) + 1))
    out[np.arange(len(values)), index] = 1.0
    return out


def line_features(contents: list[str], starts: np.ndarray, total: int, title: str | None) -> np.ndarray:
    """The first stage's features of each line (`contents`, stripped, non-blank; `starts`:
    their offsets in a text of `total` characters)."""
    n = len(contents)
    title_words = set(_WORD.findall(title.lower())) - _STOP if title else set()
    raw = np.zeros((n, 17))
    for i, c in enumerate(contents):
        low = c.lower()
        ws = low.split()
        nw = len(ws)
        tokens = _WORD.findall(low)
        nt = len(tokens) or 1
        caps = sum(1 for w in c.split() if w[:1].isupper())
        upper = sum(1 for w in c.split() if len(w) > 1 and w.isupper())
        digits = sum(ch.isdigit() for ch in c)
        content_words = [t for t in tokens if t not in _STOP]
        raw[i] = (
            c[-1] in _SENTENCE_END,
            c.count(",") / nw,
            sum(t in _STOP for t in tokens) / nt,
            caps / nw,
            upper / nw,
            digits / len(c),
            _DATE.search(c) is not None,
            _TIME.search(c) is not None,
            min(len(_SEPARATORS.findall(c)), 5) / 5,
            _LINK.search(c) is not None,
            _BULLET.match(c) is not None,
            len(c) <= 120 and _SIGNATURE.match(c) is not None,
            sum(t in _UI for t in tokens) / nt,
            (sum(t in title_words for t in content_words) / len(content_words)) if title_words and content_words else 0.0,
            c[:1].islower(),
            nw,
            len(c),
        )
    nwords = raw[:, 15]
    prose = (nwords >= PROSE_WORDS) & (raw[:, 0] > 0)
    prose_words = np.where(prose, nwords, 0.0)
    after = np.cumsum(prose_words[::-1])[::-1] - prose_words  # prose words after each line
    all_prose = max(prose_words.sum(), 1.0)
    index = np.arange(n)
    before_at = np.maximum.accumulate(np.where(prose, index, -1))  # the last prose line up to here
    after_at = np.minimum.accumulate(np.where(prose, index, n)[::-1])[::-1]  # the next from here
    inside = (before_at >= 0) & (after_at < n)
    rel = starts / max(total, 1)
    position = np.column_stack([
        rel,
        index / max(n, 1),
        after_at >= n,  # after the last prose line: past the end of the article
        before_at < 0,  # before the first
        inside,
        np.log1p(np.where(before_at >= 0, index - before_at, n)),
        np.log1p(np.where(after_at < n, after_at - index, n)),
        after / all_prose,
        np.log1p(after),
        _window_share(prose_words, nwords, 3),
        _window_share(prose_words, nwords, 10),
        np.full(n, np.log1p(n)),
        np.full(n, prose.mean() if n else 0.0),
    ])
    return np.hstack([
        raw[:, :15],
        _one_hot(nwords, WORD_BINS),
        np.log1p(raw[:, 16:17]),
        _one_hot(rel, POS_BINS),
        position,
    ])


def _window_share(part: np.ndarray, whole: np.ndarray, k: int) -> np.ndarray:
    """sum(part) / sum(whole) over the lines within `k` of each line."""
    n = len(part)
    cp, cw = np.concatenate([[0.0], np.cumsum(part)]), np.concatenate([[0.0], np.cumsum(whole)])
    hi, lo = np.minimum(np.arange(n) + k + 1, n), np.maximum(np.arange(n) - k, 0)
    return (cp[hi] - cp[lo]) / np.maximum(cw[hi] - cw[lo], 1.0)


def _shift(values: np.ndarray, by: int, fill: float) -> np.ndarray:
    out = np.full_like(values, fill)
    if by > 0:
        out[by:] = values[:-by]
    elif by < 0:
        out[:by] = values[-by:]
    return out


def context_features(p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The second stage's extra features: the first stage's scores `p` around each line
    (`words`: each line's word count, to weigh the runs to the end and from the start)."""
    n = len(p)
    weighted = p * words
    to_end = (np.cumsum(weighted[::-1])[::-1]) / np.maximum(np.cumsum(words[::-1])[::-1], 1)
    from_start = np.cumsum(weighted) / np.maximum(np.cumsum(words), 1)
    window = np.zeros(n)
    for by in (-2, -1, 1, 2):
        window += _shift(p, by, 0.5)
    return np.column_stack([
        p,
        _shift(p, 1, 0.5),
        _shift(p, -1, 0.5),
        window / 4,
        _window_share(weighted, words, 5),
        _window_share(weighted, words, 15),
        to_end,
        _shift(to_end, -1, to_end[-1] if n else 0.5),
        from_start,
        np.minimum.accumulate(p[::-1])[::-1],  # the lowest score from here to the end
        np.minimum.accumulate(p),  # and from the start to here
    ])


# ----------------------------------------------------------------------------- model


class Forest:
    """Gradient-boosted trees as flat arrays (every tree's nodes in one array; a leaf's
    children are itself), scored for all lines and trees at once, one tree level per step."""

    def __init__(self, data: dict) -> None:
        self.feature = np.asarray(data["feature"], dtype=np.intp)
        self.threshold = np.asarray(data["threshold"], dtype=float)
        self.left = np.asarray(data["left"], dtype=np.intp)
        self.right = np.asarray(data["right"], dtype=np.intp)
        self.value = np.asarray(data["value"], dtype=float)
        self.roots = np.asarray(data["roots"], dtype=np.intp)
        self.depth, self.baseline, self.features = int(data["depth"]), float(data["baseline"]), int(data["features"])

    def predict(self, x: np.ndarray) -> np.ndarray:
        """P(debris) of each row of `x`."""
        if x.shape[1] != self.features:
            raise ValueError(f"the model expects {self.features} features, got {x.shape[1]}")
        flat = np.ascontiguousarray(x, dtype=float).ravel()
        offsets = (np.arange(len(x)) * self.features)[:, None]
        node = np.broadcast_to(self.roots, (len(x), len(self.roots)))
        for _ in range(self.depth):
            go_left = flat[offsets + self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(raw, -30, 30)))


class Model:
    """The two stages: line features, then the same with the neighbours' first-stage scores."""

    def __init__(self, data: dict) -> None:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model")
        self.first, self.second = Forest(data["stage1"]), Forest(data["stage2"])

    def scores(self, x: np.ndarray, words: np.ndarray) -> np.ndarray:
        return self.second.predict(np.hstack([x, context_features(self.first.predict(x), words)]))


@lru_cache(maxsize=8)
def load(path: str = "") -> Model:
    """The model in `path` ("" = the shipped one), read once per process."""
    file = Path(path) if path else MODEL_FILE
    try:
        return Model(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as e:
        raise ValueError(f"debris model {file}: {e}") from e


def text_scores(text: str, title: str | None, model: Model) -> tuple[list, np.ndarray]:
    """The non-blank lines of `text` (`cleaner.text.spans.Line`) and their debris scores."""
    kept = [line for line in lines(text) if line.content.strip()]
    if not kept:
        return kept, np.zeros(0)
    contents = [line.content.strip() for line in kept]
    x = line_features(contents, np.array([line.start for line in kept], dtype=float), len(text), title)
    return kept, model.scores(x, np.array([len(c.split()) for c in contents], dtype=float))


@hookimpl
def cleaner_remove(doc: Document, settings: Settings) -> list[Removal]:
    text = doc.text or ""
    found, scores = text_scores(text, doc.title, load(settings.model))
    if len(found) < settings.min_lines:
        return []
    out: list[Removal] = []
    run_start = run_end = None
    low = 1.0
    for line, score in zip(found, scores):
        if score >= settings.threshold:
            if run_start is None:
                run_start, low = line.start, 1.0
            run_end, low = line.end, min(low, float(score))
        elif run_start is not None:
            out.append(Removal(run_start, run_end, KIND, round(low, 3)))
            run_start = None
    if run_start is not None:
        out.append(Removal(run_start, run_end, KIND, round(low, 3)))
    return out
