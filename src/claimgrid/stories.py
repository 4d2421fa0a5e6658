"""Online story clustering: each new article joins the story it reports on or starts one.

Articles arrive one at a time and are never re-clustered. For each article we
keep only a small feature set (``StoryFeatures``): a multilingual embedding of
its title and lead, the folded keys of its capitalised names, its normalised
numbers and its date. A story keeps the running sum of its members'
embeddings and bounded counters of their names and numbers, so memory per
story is fixed; stories expire when the stream's clock (the latest date seen)
leaves them behind by more than ``time_window_days``, and the least recently
used ones are dropped beyond ``max_active_stories``.

The join score is a logistic combination (weights fitted on ECB+, see
docs/stories.md) of: cosine of the article to the story centroid, the
IDF-weighted share of the article's names found in the story, the same for
numbers, and time proximity when both sides are dated. Document frequencies
for IDF are kept online in a fixed-size hashed counter.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from dataclasses import dataclass, field
from typing import Iterable

import numpy
import regex

from .embed import DIM, embed_texts
from .names import fold_name as fold_words
from .model import Article
from .text import sentence_spans

logger = logging.getLogger(__name__)


LEAD_CHARS = 600          # title + first sentences up to this many characters are embedded
NAME_KEY_CHARS = 5        # names are compared by the first characters of their folded form
MAX_ARTICLE_NAMES = 40    # most frequent names kept per article
MAX_ARTICLE_NUMBERS = 24
MAX_STORY_NAMES = 64      # bounded counters per story
MAX_STORY_NUMBERS = 48
DF_BUCKETS = 1 << 18      # hashed document-frequency counter (1 MiB of int32)
CANDIDATES = 12           # stories (nearest by cosine) scored in full for each article

# Logistic weights over (bias, cosine, names, numbers, dated-and-close, dated-and-far)
# fitted on ECB+ (benchmarks/stories.py --fit); see docs/stories.md.
DEFAULT_WEIGHTS = (-50.98, 51.88, 6.56, 6.54, 6.15, 0.27)
DEFAULT_THRESHOLD = 0.2     # minimum join probability, tuned with the weights


@dataclass(frozen=True)
class StoryFeatures:
    """What the clusterer needs of one article."""
    embedding: numpy.ndarray                 # (384,) float32, L2-normalised
    entities: frozenset[str]                 # folded name keys
    numbers: frozenset[str]                  # normalised numbers ("1500", "4.6")
    published: dt.date | None = None
    language: str | None = None


# ---------------------------------------------------------------- features

def fold_name(word: str) -> str:
    """The matching key of a name: its folded form (``names.fold_name``) cut to a prefix.

    "Kirbyn" and "Kirby" -> "kirbi"; "Бахмуте", "Bahmutissa", "Bakhmut" -> "bahmu".
    """
    return fold_words(word).replace(" ", "")[:NAME_KEY_CHARS]


_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_NUMBER = regex.compile(r"(?<![\d:.,\p{L}])\d+(?:[.,  ]\d+)*(?![\d:\p{L}])")


def extract_names(text: str) -> list[str]:
    """Folded keys of capitalised words that look like names, most frequent first.

    Language-neutral rule: a capitalised word counts when it is not the first
    word of a sentence, or when the same word also appears capitalised
    elsewhere in mid-sentence. Lower-case occurrences elsewhere (a common word
    that starts a sentence) disqualify it.
    """
    mid: dict[str, int] = {}
    initial: dict[str, int] = {}
    lower: set[str] = set()
    for start, end in sentence_spans(text):
        first = True
        for m in _WORD.finditer(text, start, end):
            word = m.group().strip("'’-")
            if len(word) < 2:
                first = False
                continue
            if word[0].isupper():
                bucket = initial if first else mid
                bucket[word] = bucket.get(word, 0) + 1
            else:
                lower.add(word.lower())
            first = False
    counts: dict[str, int] = {}
    for word, n in list(mid.items()) + [(w, n) for w, n in initial.items() if w in mid]:
        if word.lower() in lower and not word.isupper():
            continue
        key = fold_name(word)
        if len(key) >= 2:
            counts[key] = counts.get(key, 0) + n
    return sorted(counts, key=lambda k: (-counts[k], k))


def normalise_number(raw: str) -> str | None:
    """Canonical form of a written number, or None when it is too small to tell stories apart.

    A separator followed by exactly three digits groups thousands ("1,500",
    "1 500", "1.500"); any other separator is a decimal point ("4.6", "4,6").
    Integers below 10 are dropped: they occur in nearly every article.
    """
    parts = regex.split(r"[.,  ]", raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        value = "".join(parts)
    elif len(parts) == 2:
        value = parts[0] + "." + parts[1]
    else:
        value = "".join(parts)
    try:
        number = float(value)
    except ValueError:
        return None
    if number == int(number):
        return None if number < 10 else str(int(number))
    return repr(number)


def extract_numbers(text: str) -> list[str]:
    """Normalised numbers written with digits, most frequent first (times like 4:08 are skipped)."""
    counts: dict[str, int] = {}
    for m in _NUMBER.finditer(text):
        value = normalise_number(m.group())
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))


def lead_text(article: Article, max_chars: int = LEAD_CHARS) -> str:
    """Title plus the first sentences of the text, up to about ``max_chars`` characters."""
    parts = [article.title.strip()] if article.title else []
    used = len(parts[0]) if parts else 0
    for start, end in sentence_spans(article.text, article.language):
        if used >= max_chars:
            break
        sentence = article.text[start:end]
        parts.append(sentence)
        used += len(sentence) + 1
    return "\n".join(parts)[: max_chars * 2]


def article_features(article: Article, embedding: numpy.ndarray | None = None) -> StoryFeatures:
    """Features of one article; pass ``embedding`` when it was computed in a batch."""
    if embedding is None:
        embedding = embed_texts([lead_text(article)])[0]
    body = article.text if not article.title else article.title + "\n" + article.text
    return StoryFeatures(
        embedding=numpy.asarray(embedding, dtype=numpy.float32),
        entities=frozenset(extract_names(body)[:MAX_ARTICLE_NAMES]),
        numbers=frozenset(extract_numbers(body)[:MAX_ARTICLE_NUMBERS]),
        published=article.published,
        language=article.language,
    )


def articles_features(articles: Iterable[Article], cache=None) -> list[StoryFeatures]:
    """``article_features`` for many articles, with their embeddings in one batched call."""
    articles = list(articles)
    vectors = embed_texts([lead_text(a) for a in articles], cache=cache)
    return [article_features(a, v) for a, v in zip(articles, vectors)]


# ---------------------------------------------------------------- clustering

def _bucket(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little") % DF_BUCKETS


@dataclass
class _Story:
    id: str
    row: int                                   # row of its embedding sum in the centroid matrix
    size: int = 0
    names: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    last_seen: int = 0                         # arrival number of its latest article


def _bounded_add(counter: dict[str, int], items: Iterable[str], limit: int) -> None:
    for item in items:
        counter[item] = counter.get(item, 0) + 1
    if len(counter) > limit:
        for item in sorted(counter, key=lambda k: (counter[k], k))[: len(counter) - limit]:
            del counter[item]


class StoryClusterer:
    """Incremental clustering of articles into stories, in arrival order.

    ``threshold`` is the minimum join probability; ``time_window_days`` is how far
    apart (in days) a dated article and a dated story may be and still join, and
    how long a dated story stays open after the latest date seen (the clock); a
    story is only expired once it has also received none of the last
    ``recent_articles`` articles. ``max_active_stories`` bounds memory whatever
    the dates: beyond it the least recently updated story is dropped.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, time_window_days: int | None = 60,
                 max_active_stories: int = 20000, recent_articles: int = 1000,
                 weights: tuple[float, ...] = DEFAULT_WEIGHTS):
        self.threshold = threshold
        self.recent_articles = recent_articles
        self.time_window_days = time_window_days
        self.max_active_stories = max_active_stories
        self.weights = numpy.asarray(weights, dtype=numpy.float64)
        self.stories: dict[str, _Story] = {}
        self.seen = 0                  # articles added so far
        self.created = 0               # stories created so far (ids are never reused)
        self.clock: dt.date | None = None
        self.document_frequency = numpy.zeros(DF_BUCKETS, dtype=numpy.int32)
        self._sums = numpy.zeros((64, DIM), dtype=numpy.float32)
        self._free_rows: list[int] = list(range(63, -1, -1))
        self._row_story: dict[int, str] = {}

    # -- scoring

    def _idf(self, features: Iterable[str]) -> dict[str, float]:
        n = self.seen + 1
        return {f: math.log((n + 1) / (self.document_frequency[_bucket(f)] + 1)) + 1.0 for f in features}

    @staticmethod
    def _share(idf: dict[str, float], counter: dict[str, int], size: int) -> float:
        """IDF-weighted share of the article's features present in the story (weighted by how many members have them)."""
        total = sum(idf.values())
        if not total:
            return 0.0
        return sum(w * counter.get(f, 0) / size for f, w in idf.items()) / total

    def pair_features(self, features: StoryFeatures, story: _Story, cosine: float,
                      name_idf: dict[str, float], number_idf: dict[str, float]) -> numpy.ndarray:
        """The inputs of the join score: (1, cosine, names, numbers, dated-close, dated-far)."""
        close = far = 0.0
        if features.published and story.first and story.last:
            gap = max((story.first - features.published).days, (features.published - story.last).days, 0)
            close = math.exp(-gap / 7.0)
            far = min(gap / 30.0, 3.0)
        return numpy.array([1.0, cosine, self._share(name_idf, story.names, story.size),
                            self._share(number_idf, story.numbers, story.size), close, far])

    def join_probability(self, x: numpy.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-float(x @ self.weights)))

    def candidates(self, features: StoryFeatures) -> list[tuple[_Story, float]]:
        """Active stories nearest by cosine to the article, with that cosine."""
        if not self.stories:
            return []
        rows = numpy.fromiter(self._row_story.keys(), dtype=numpy.int64)
        sums = self._sums[rows]
        norms = numpy.linalg.norm(sums, axis=1)
        cosines = (sums @ features.embedding) / numpy.where(norms > 0, norms, 1.0)
        top = numpy.argsort(-cosines)[:CANDIDATES]
        found = []
        for i in top:
            story = self.stories[self._row_story[int(rows[i])]]
            if not self._within_window(features.published, story):
                continue
            found.append((story, float(cosines[i])))
        return found

    def _within_window(self, published: dt.date | None, story: _Story) -> bool:
        if self.time_window_days is None or published is None or story.first is None:
            return True
        gap = max((story.first - published).days, (published - story.last).days, 0)
        return gap <= self.time_window_days

    # -- updating

    def add(self, article_id: str, features: StoryFeatures) -> str:
        """Assign one article to a story (existing or new) and return the story id."""
        self.observe(features)
        best, best_p = None, self.threshold
        for story_id, _, p in self.score_candidates(features):
            if p >= best_p:
                best, best_p = story_id, p
        story_id = self.assign(features, best)
        logger.debug("article %s -> story %s (p=%.3f)", article_id, story_id, best_p)
        return story_id

    def observe(self, features: StoryFeatures) -> None:
        """Count the article in the document frequencies and advance the clock (first step of ``add``)."""
        for f in self._df_keys(features):
            self.document_frequency[_bucket(f)] += 1
        self.seen += 1
        if features.published and (self.clock is None or features.published > self.clock):
            self.clock = features.published
            self._expire_by_time()

    def score_candidates(self, features: StoryFeatures) -> list[tuple[str, numpy.ndarray, float]]:
        """``(story id, pair features, join probability)`` for the nearest active stories."""
        name_idf = self._idf(features.entities)
        number_idf = {k[1:]: v for k, v in self._idf("#" + n for n in features.numbers).items()}
        scored = []
        for story, cosine in self.candidates(features):
            x = self.pair_features(features, story, cosine, name_idf, number_idf)
            scored.append((story.id, x, self.join_probability(x)))
        return scored

    def assign(self, features: StoryFeatures, story_id: str | None) -> str:
        """Put the article into ``story_id`` (or a new story when None); returns the story id."""
        story = self.stories[story_id] if story_id is not None else self._new_story()
        self._update(story, features)
        return story.id

    @staticmethod
    def _df_keys(features: StoryFeatures) -> set[str]:
        return set(features.entities) | {"#" + n for n in features.numbers}

    def _new_story(self) -> _Story:
        if len(self.stories) >= self.max_active_stories:
            oldest = min(self.stories.values(), key=lambda s: s.last_seen)
            self._drop(oldest)
        self.created += 1
        story = _Story(id=f"S{self.created}", row=self._take_row())
        self._sums[story.row] = 0.0
        self.stories[story.id] = story
        self._row_story[story.row] = story.id
        return story

    def _take_row(self) -> int:
        """A free row of the centroid matrix, doubling the matrix when none is left."""
        if not self._free_rows:
            grown = numpy.zeros((len(self._sums) * 2, DIM), dtype=numpy.float32)
            grown[: len(self._sums)] = self._sums
            self._free_rows = list(range(len(grown) - 1, len(self._sums) - 1, -1))
            self._sums = grown
        return self._free_rows.pop()

    def _update(self, story: _Story, features: StoryFeatures) -> None:
        self._sums[story.row] += features.embedding
        story.size += 1
        story.last_seen = self.seen
        _bounded_add(story.names, features.entities, MAX_STORY_NAMES)
        _bounded_add(story.numbers, features.numbers, MAX_STORY_NUMBERS)
        if features.published:
            story.first = min(story.first or features.published, features.published)
            story.last = max(story.last or features.published, features.published)

    def _drop(self, story: _Story) -> None:
        del self.stories[story.id]
        del self._row_story[story.row]
        self._free_rows.append(story.row)

    def _expire_by_time(self) -> None:
        if self.time_window_days is None or self.clock is None:
            return
        # A story also needs to be idle in arrival terms, so that one article dated far
        # ahead (or a backfill of old ones) does not wipe out the stories being fed now.
        horizon = self.clock - dt.timedelta(days=self.time_window_days)
        idle_before = self.seen - self.recent_articles
        for story in [s for s in self.stories.values()
                      if s.last is not None and s.last < horizon and s.last_seen < idle_before]:
            self._drop(story)

    # -- persistence

    def state(self) -> dict:
        """Everything needed to resume: ``{"meta": JSON-able dict, "arrays": {name: numpy array}}``."""
        stories = list(self.stories.values())
        meta = {
            "version": 1,
            "threshold": self.threshold,
            "time_window_days": self.time_window_days,
            "max_active_stories": self.max_active_stories,
            "recent_articles": self.recent_articles,
            "weights": [float(w) for w in self.weights],
            "seen": self.seen,
            "created": self.created,
            "clock": self.clock.isoformat() if self.clock else None,
            "stories": [
                {"id": s.id, "size": s.size, "names": s.names, "numbers": s.numbers,
                 "first": s.first.isoformat() if s.first else None,
                 "last": s.last.isoformat() if s.last else None, "last_seen": s.last_seen}
                for s in stories
            ],
        }
        arrays = {
            "centroid_sums": self._sums[[s.row for s in stories]].copy() if stories else numpy.zeros((0, DIM), numpy.float32),
            "document_frequency": self.document_frequency.copy(),
        }
        return {"meta": meta, "arrays": arrays}

    @classmethod
    def from_state(cls, state: dict) -> "StoryClusterer":
        """Rebuild a clusterer from ``state()``; it continues exactly where that one stopped."""
        meta, arrays = state["meta"], state["arrays"]
        self = cls(threshold=meta["threshold"], time_window_days=meta["time_window_days"],
                   max_active_stories=meta["max_active_stories"], recent_articles=meta["recent_articles"],
                   weights=tuple(meta["weights"]))
        self.seen, self.created = meta["seen"], meta["created"]
        self.clock = dt.date.fromisoformat(meta["clock"]) if meta["clock"] else None
        self.document_frequency = numpy.asarray(arrays["document_frequency"], dtype=numpy.int32).copy()
        sums = numpy.asarray(arrays["centroid_sums"], dtype=numpy.float32)
        for saved, vector in zip(meta["stories"], sums):
            story = _Story(id=saved["id"], row=self._take_row(), size=saved["size"],
                           names=dict(saved["names"]), numbers=dict(saved["numbers"]),
                           first=dt.date.fromisoformat(saved["first"]) if saved["first"] else None,
                           last=dt.date.fromisoformat(saved["last"]) if saved["last"] else None,
                           last_seen=saved["last_seen"])
            self._sums[story.row] = vector
            self.stories[story.id] = story
            self._row_story[story.row] = story.id
        return self
