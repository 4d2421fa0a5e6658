"""Online story clustering: each new article joins the story it reports on or starts one.

Articles arrive one at a time and are never re-clustered. For each article we
keep only a small feature set (``StoryFeatures``): a multilingual embedding of
its title and lead, the folded keys of its capitalised names, its normalised
numbers and its date. A story keeps the running sum of its members'
embeddings and bounded counters of their names and numbers, so memory per
story is fixed; stories expire when the stream's clock (the latest date seen)
leaves them behind by more than ``time_window_days``, and the least recently
used ones are dropped beyond ``max_active_stories``.

The embedded lead is short (a token budget, ``LEAD_TOKENS``) because the
model's cost grows with tokens; the event identity lost there is carried by a
cheap lexical feature over the whole text: the TF-IDF cosine of the article's
folded content words to the story's bounded TF-IDF centroid.

The join score is a logistic combination (weights fitted on ECB+, see
docs/stories.md) of: cosine of the article to the story centroid, the
IDF-weighted share of the article's names found in the story, the same for
numbers, distance in time when both sides are dated, the IDF-weighted share of
the story's core names (in at least half its members) that the article lacks,
and the term cosine.
Document frequencies for IDF are kept online in a fixed-size hashed counter.

Two later decisions correct the first one: an article still alone (or in a pair)
``SECOND_LOOK_AFTER`` articles later is scored again and may move to a story that
grew meanwhile, and a story of up to ``SPLIT_MAX_SIZE`` articles whose reports fall
into two groups naming different people, places and figures is split in two.

Stories are grouped into topics (similar events): every story starts a topic of
its own, and every ``TOPIC_REGROUP_EVERY`` articles the topics of the stories that
grew are merged with their nearest topic when the two are similar enough on
average over their stories; see ``StoryClusterer``.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

import numpy
import regex

from .embed import DIM, embed_texts, truncate_to_tokens
from .names import fold_name as fold_words
from .model import Article
from .text import sentence_spans

logger = logging.getLogger(__name__)


LEAD_TOKENS = 32          # title + first sentences up to this many model tokens are embedded
TERM_KEY_CHARS = 6        # content words are compared by the first characters of their folded form
MIN_TERM_CHARS = 3
MIN_ARTICLES_FOR_TERMS = 200  # before that many articles, IDF is too noisy: the term cosine is left out
TERM_IDF_POWER = 2        # terms weigh tf * idf²: shared rare words (places, names) dominate shared phrasing
MAX_ARTICLE_TERMS = 200   # most frequent terms kept per article
MAX_STORY_LANGUAGES = 16  # term centroids per story (one per language)
MAX_STORY_TERMS = 100     # bounded term counter per story (and per topic)
NAME_KEY_CHARS = 5        # names are compared by the first characters of their folded form
MAX_ARTICLE_NAMES = 40    # most frequent names kept per article
MAX_ARTICLE_NUMBERS = 24
MAX_STORY_NAMES = 64      # bounded counters per story
MAX_STORY_NUMBERS = 48
DF_BUCKETS = 1 << 18      # hashed document-frequency counter (1 MiB of int32)
CANDIDATES = 32           # stories (nearest by cosine) scored in full for each article
CORE_NAME_SHARE = 0.5     # a story's core names are those in at least this share of its members
SECOND_LOOK_AFTER = 300   # an article still in a small story this many articles later is scored again
SECOND_LOOK_MAX_SIZE = 2  # "small": stories of at most this many articles
SPLIT_MAX_SIZE = 24       # a story's members are kept (names, numbers) and split-tested up to this size
SPLIT_MIN_GROUP = 3       # each side of a split has at least this many articles
SPLIT_MAX_RATIO = 0.45    # split when the name similarity across the sides is at most this share of within
SPLIT_HELD_SHARE = 0.6    # a side's own names: held by this share of its members ...
SPLIT_LACKED_SHARE = 0.1  # ... and by at most this share of the other side's

# Logistic weights over (bias, cosine, names, numbers, dated-and-far, missing core names, terms)
# fitted on ECB+ (benchmarks/stories.py --fit); see docs/stories.md.
DEFAULT_WEIGHTS = (-16.86, 13.33, 6.11, 6.34, 0.2, -2.58, 12.43)
# The same without the term cosine, for an article in a language none of the story's
# members is written in: words cannot match across languages, so the term cosine says
# nothing there and is left out rather than read as "no overlap".
CROSS_LANGUAGE_WEIGHTS = (-31.64, 33.85, 8.55, 6.8, 0.09, -4.51)
DEFAULT_THRESHOLD = 0.15    # minimum join probability, tuned with the weights
# Two topics merge when their stories' mean pairwise similarity (embedding cosine + term cosine
# + name cosine, each 0..1) reaches DEFAULT_TOPIC_THRESHOLD (chosen on ECB+ topics, docs/stories.md).
DEFAULT_TOPIC_THRESHOLD = 1.1
TOPIC_REGROUP_EVERY = 16  # articles between two topic merge passes (deterministic: counted in the stream)


@dataclass(frozen=True)
class StoryFeatures:
    """What the clusterer needs of one article."""
    embedding: numpy.ndarray                 # (384,) float32, L2-normalised
    entities: frozenset[str]                 # folded name keys
    numbers: frozenset[str]                  # normalised numbers ("1500", "4.6")
    published: dt.date | None = None
    language: str | None = None
    terms: dict[str, float] = field(default_factory=dict)   # folded content word -> 1 + log(count)


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


_TERM = regex.compile(r"[\p{L}\p{M}]+")


def extract_terms(text: str) -> dict[str, float]:
    """Folded content-word keys of ``text`` with log-scaled counts (``1 + log(count)``).

    Lower-cased, diacritics removed, cut to ``TERM_KEY_CHARS`` characters (a
    crude, language-neutral stem); words shorter than ``MIN_TERM_CHARS`` are
    skipped. Function words need no list: online IDF gives them no weight.
    """
    counts: dict[str, int] = {}
    for m in _TERM.finditer(text):
        word = m.group()
        if len(word) < MIN_TERM_CHARS:
            continue
        word = unicodedata.normalize("NFKD", word.lower())
        key = "".join(c for c in word if not unicodedata.combining(c))[:TERM_KEY_CHARS]
        counts[key] = counts.get(key, 0) + 1
    top = sorted(counts, key=lambda k: (-counts[k], k))[:MAX_ARTICLE_TERMS]
    return {k: 1.0 + math.log(counts[k]) for k in top}


def lead_text(article: Article, max_tokens: int = LEAD_TOKENS) -> str:
    """Title plus the first sentences of the text, cut to at most ``max_tokens`` model tokens."""
    parts = [article.title.strip()] if article.title else []
    used = len(parts[0]) if parts else 0
    for start, end in sentence_spans(article.text, article.language):
        if used >= max_tokens * 6:          # more characters than the budget can hold
            break
        sentence = article.text[start:end]
        parts.append(sentence)
        used += len(sentence) + 1
    return truncate_to_tokens("\n".join(parts)[: max_tokens * 8], max_tokens)


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
        terms=extract_terms(body),
    )


def articles_features(articles: Iterable[Article], cache=None) -> list[StoryFeatures]:
    """``article_features`` for many articles, with their embeddings in one batched call."""
    articles = list(articles)
    vectors = embed_texts([lead_text(a) for a in articles], cache=cache)
    return [article_features(a, v) for a, v in zip(articles, vectors)]


# ---------------------------------------------------------------- clustering

@functools.lru_cache(maxsize=1 << 16)
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
    # bounded TF-IDF centroid (sum over members) per language ("" when unknown): words only
    # meet words of their own language, and other languages' words would dilute the norm
    terms: dict[str, dict[str, float]] = field(default_factory=dict)
    topic: str | None = None
    # its members while it is at most SPLIT_MAX_SIZE articles (None after: no more split tests)
    members: list["_Member"] | None = field(default_factory=list)


@dataclass(frozen=True)
class _Member:
    """What a story keeps of each member for a split test (and to recount its names after one)."""
    article_id: str
    language: str
    published: dt.date | None
    entities: frozenset[str]
    numbers: frozenset[str]


@dataclass
class _Pending:
    """An article that may get a second look: its features and what it added to its story."""
    article_id: str
    arrival: int                               # its arrival number (``seen`` after it)
    story_id: str
    features: StoryFeatures
    added_terms: dict[str, float]              # the TF-IDF weights it added to its story's term centroid


@dataclass
class _Topic:
    id: str
    stories: int = 0                           # active stories in it (dropped at 0)


def _members(saved: list | None) -> list[_Member] | None:
    """Story members from a saved state (None: not kept, as for big stories and older states)."""
    if saved is None:
        return None
    return [_Member(article_id, language, dt.date.fromisoformat(published) if published else None,
                    frozenset(entities), frozenset(numbers))
            for article_id, language, published, entities, numbers in saved]


def _bounded_add(counter: dict, items, limit: int) -> None:
    """Add ``items`` (keys, or a key -> weight dict) to ``counter``; keep the ``limit`` heaviest keys."""
    weighted = items.items() if isinstance(items, dict) else ((item, 1) for item in items)
    for item, weight in weighted:
        counter[item] = counter.get(item, 0) + weight
    if len(counter) > limit:
        for item in sorted(counter, key=lambda k: (counter[k], k))[: len(counter) - limit]:
            del counter[item]


def _unit(vector: dict[str, float]) -> dict[str, float]:
    """A sparse vector (dict) scaled to length 1 (empty stays empty)."""
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {k: w / norm for k, w in vector.items()} if norm else {}


def _unit_dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors (the cosine when both are ``_unit``)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


class _Rows:
    """A growable matrix of embedding sums with free-row reuse."""

    def __init__(self):
        self.sums = numpy.zeros((64, DIM), dtype=numpy.float32)
        self.free: list[int] = list(range(63, -1, -1))
        self.owner: dict[int, str] = {}

    def take(self, owner: str) -> int:
        if not self.free:
            grown = numpy.zeros((len(self.sums) * 2, DIM), dtype=numpy.float32)
            grown[: len(self.sums)] = self.sums
            self.free = list(range(len(grown) - 1, len(self.sums) - 1, -1))
            self.sums = grown
        row = self.free.pop()
        self.sums[row] = 0.0
        self.owner[row] = owner
        return row

    def release(self, row: int) -> None:
        del self.owner[row]
        self.free.append(row)

    def cosines(self, vector: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(rows in use, cosine of ``vector`` to each of their sums)."""
        rows = numpy.fromiter(self.owner.keys(), dtype=numpy.int64, count=len(self.owner))
        sums = self.sums[rows]
        norms = numpy.linalg.norm(sums, axis=1)
        return rows, (sums @ vector) / numpy.where(norms > 0, norms, 1.0)


class StoryClusterer:
    """Incremental clustering of articles into stories, and of stories into topics, in arrival order.

    ``threshold`` is the minimum join probability; ``time_window_days`` is how far
    apart (in days) a dated article and a dated story may be and still join, and
    how long a dated story stays open after the latest date seen (the clock); a
    story is only expired once it has also received none of the last
    ``recent_articles`` articles. ``max_active_stories`` bounds memory whatever
    the dates: beyond it the least recently updated story is dropped.

    Topics are a coarser grouping (similar events: two earthquakes). A new story
    starts a topic of its own; every ``TOPIC_REGROUP_EVERY`` articles, the topic of
    each story that grew is merged into the nearest other topic when the mean
    ``story_similarity`` over their pairs of stories (average link) reaches
    ``topic_threshold``. Topics only merge, never split, and the older id is kept;
    ``take_topic_changes()`` tells the caller which stories changed topic. Deciding
    late matters: a story's first article is rarely enough to place it next to the
    other event of its kind, its grown centroid and name counts are. A topic lives
    while one of its stories is active, so topics are bounded by stories.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, time_window_days: int | None = 60,
                 max_active_stories: int = 20000, recent_articles: int = 1000,
                 weights: tuple[float, ...] = DEFAULT_WEIGHTS,
                 cross_language_weights: tuple[float, ...] = CROSS_LANGUAGE_WEIGHTS,
                 topic_threshold: float = DEFAULT_TOPIC_THRESHOLD):
        self.threshold = threshold
        self.recent_articles = recent_articles
        self.time_window_days = time_window_days
        self.max_active_stories = max_active_stories
        self.weights = numpy.asarray(weights, dtype=numpy.float64)
        self.cross_language_weights = numpy.asarray(cross_language_weights, dtype=numpy.float64)
        self.topic_threshold = topic_threshold
        self.stories: dict[str, _Story] = {}
        self.topics: dict[str, _Topic] = {}
        self.seen = 0                  # articles added so far
        self.created = 0               # stories created so far (ids are never reused)
        self.topics_created = 0
        self.clock: dt.date | None = None
        self.grown: set[str] = set()   # stories that received articles since the last topic pass
        self.topic_changes: dict[str, str] = {}   # story -> new topic, until taken by the caller
        self.pending: list[_Pending] = []   # recent articles of small stories, in arrival order
        self.moves: list[tuple[str, str, str]] = []   # second-look moves, until taken by the caller
        self._last_added_terms: dict[str, float] = {}
        self.document_frequency = numpy.zeros(DF_BUCKETS, dtype=numpy.int32)
        self._story_rows = _Rows()

    # -- scoring

    def _idf(self, features: Iterable[str]) -> dict[str, float]:
        n = self.seen + 1
        return {f: math.log((n + 1) / (self.document_frequency[_bucket(f)] + 1)) + 1.0 for f in features}

    def _term_idf(self, terms: dict[str, float]) -> dict[str, float]:
        """IDF of terms without the +1 floor: a word in every article (boilerplate, function
        words) weighs nothing, so templated or wire-copy phrasing does not look like one story."""
        return {k[1:]: (v - 1.0) ** TERM_IDF_POWER for k, v in self._idf("~" + t for t in terms).items()}

    @staticmethod
    def _share(idf: dict[str, float], counter: dict[str, int], size: int) -> float:
        """IDF-weighted share of the article's features present in the story (weighted by how many members have them)."""
        total = sum(idf.values())
        if not total:
            return 0.0
        return sum(w * counter.get(f, 0) / size for f, w in idf.items()) / total

    @staticmethod
    def _term_cosine(terms: dict[str, float], term_idf: dict[str, float], centroid: dict[str, float]) -> float:
        """TF-IDF cosine of the article's terms to a bounded TF-IDF centroid (a story's or a topic's)."""
        if not terms or not centroid:
            return 0.0
        dot = norm_a = 0.0
        for t, tf in terms.items():
            weight = tf * term_idf[t]
            norm_a += weight * weight
            dot += weight * centroid.get(t, 0.0)
        norm_c = sum(w * w for w in centroid.values())
        return dot / math.sqrt(norm_a * norm_c) if norm_a and norm_c else 0.0

    def _tfidf(self, terms: dict[str, float]) -> dict[str, float]:
        """The article's TF-IDF weights as of now (what a centroid accumulates)."""
        return {t: tf * idf for (t, tf), idf in zip(terms.items(), self._term_idf(terms).values())}

    def pair_features(self, features: StoryFeatures, story: _Story, cosine: float,
                      name_idf: dict[str, float], number_idf: dict[str, float],
                      term_idf: dict[str, float] | None = None) -> numpy.ndarray:
        """The inputs of the join score: (1, cosine, names, numbers, dated-far, missing core names, terms).

        Time counts only against a join (distance), never for it: in a live stream
        similar events a day apart are common, so closeness is no evidence of sameness.
        Missing core names are evidence against: a report of the other event of a topic
        (another earthquake) lacks the place and people most of the story's reports name.
        """
        far = 0.0
        if features.published and story.first and story.last:
            gap = max((story.first - features.published).days, (features.published - story.last).days, 0)
            far = min(gap / 30.0, 3.0)
        if term_idf is None:
            term_idf = self._term_idf(features.terms)
        return numpy.array([1.0, cosine, self._share(name_idf, story.names, story.size),
                            self._share(number_idf, story.numbers, story.size), far,
                            self._missing_core_names(features, story),
                            self._term_cosine(features.terms, term_idf, story.terms.get(features.language or "", {}))])

    def _missing_core_names(self, features: StoryFeatures, story: _Story) -> float:
        """IDF-weighted share of the story's core names (held by ``CORE_NAME_SHARE`` of its members) absent from the article."""
        idf = self._idf(k for k, count in story.names.items() if count >= CORE_NAME_SHARE * story.size)
        total = sum(idf.values())
        return sum(w for k, w in idf.items() if k not in features.entities) / total if total else 0.0

    def join_probability(self, x: numpy.ndarray, same_language: bool = True) -> float:
        """Join probability from the pair features; without the term cosine across languages."""
        z = x @ self.weights if same_language else x[: len(self.cross_language_weights)] @ self.cross_language_weights
        return 1.0 / (1.0 + math.exp(-float(z)))

    @staticmethod
    def same_language(features: StoryFeatures, story: "_Story") -> bool:
        """Whether the article's words can be compared with the story's (unknown languages count as same)."""
        return not story.terms or (features.language or "") in story.terms

    def candidates(self, features: StoryFeatures) -> list[tuple[_Story, float]]:
        """Active stories nearest by cosine to the article, with that cosine."""
        if not self.stories:
            return []
        rows, cosines = self._story_rows.cosines(features.embedding)
        top = numpy.argsort(-cosines)[:CANDIDATES]
        found = []
        for i in top:
            story = self.stories[self._story_rows.owner[int(rows[i])]]
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
        story_id = self.assign(features, best, article_id)
        logger.debug("article %s -> story %s (p=%.3f)", article_id, story_id, best_p)
        story = self.stories[story_id]
        if story.size <= SECOND_LOOK_MAX_SIZE:
            self.pending.append(_Pending(article_id, self.seen, story_id, features, self._last_added_terms))
        else:      # a story that grew past small never shrinks again: its members need no second look
            self.pending = [e for e in self.pending if e.story_id != story_id]
        while self.pending and self.pending[0].arrival <= self.seen - SECOND_LOOK_AFTER:
            self._look_again(self.pending.pop(0))
        if self.seen % TOPIC_REGROUP_EVERY == 0:
            self.revise()
        return story_id

    def revise(self) -> None:
        """The periodic pass over the stories that grew: split those that hold two events,
        then merge topics. Runs every ``TOPIC_REGROUP_EVERY`` articles, and once at the end of an input."""
        self.split_mixed_stories()
        self.regroup_topics()

    def look_again_now(self) -> None:
        """Give every article still waiting for its second look that look now (end of an ingest)."""
        while self.pending:
            self._look_again(self.pending.pop(0))

    def _look_again(self, entry: _Pending) -> None:
        """Score an article of a small story against the stories as they are now; move it
        when another story would take it and is likelier than its own (without it)."""
        story = self.stories.get(entry.story_id)
        if story is None or story.size > SECOND_LOOK_MAX_SIZE:
            return
        features = entry.features
        rest = self._without(story, entry)          # its story as it would be without it
        rest_vector = self._story_rows.sums[story.row] - features.embedding
        rest_norm = float(numpy.linalg.norm(rest_vector))
        own_p, best, best_p = 0.0, None, self.threshold
        idfs = self._article_idfs(features)
        for candidate, cosine in self.candidates(features):
            if candidate.id == story.id:
                if rest.size == 0:
                    continue
                candidate, cosine = rest, float(rest_vector @ features.embedding) / rest_norm if rest_norm else 0.0
            _, p = self._score_pair(features, candidate, cosine, idfs)
            if candidate is rest:
                own_p = p
            elif p >= best_p:
                best, best_p = candidate.id, p
        if best is None or best_p <= own_p:
            return
        # move: its story keeps the rest (or is dropped when it was alone), the other story takes it
        if rest.size == 0:
            self._drop(story)
        else:
            self._story_rows.sums[story.row] = rest_vector
            story.size, story.names, story.numbers, story.terms = rest.size, rest.names, rest.numbers, rest.terms
            if story.members is not None:
                story.members = [m for m in story.members if m.article_id != entry.article_id]
        target = self.stories[best]
        self._update(target, features, entry.article_id)
        self.grown.add(target.id)
        self.moves.append((entry.article_id, story.id, target.id))
        if target.size > SECOND_LOOK_MAX_SIZE:
            self.pending = [e for e in self.pending if e.story_id != target.id]
        logger.debug("article %s moved %s -> %s (p=%.3f over %.3f)", entry.article_id, story.id, target.id,
                     best_p, own_p)

    @staticmethod
    def _without(story: _Story, entry: _Pending) -> _Story:
        """A copy of ``story``'s counters with one member's contribution taken out (dates are kept)."""
        def minus(counter: dict, items) -> dict:
            out = dict(counter)
            for item, weight in (items.items() if isinstance(items, dict) else ((i, 1) for i in items)):
                if item in out:
                    out[item] -= weight
                    if out[item] <= 1e-9:
                        del out[item]
            return out
        language = entry.features.language or ""
        terms = {lang: dict(c) for lang, c in story.terms.items()}
        if language in terms:
            terms[language] = minus(terms[language], entry.added_terms)
            if not terms[language]:
                del terms[language]
        return _Story(id=story.id, row=story.row, size=story.size - 1,
                      names=minus(story.names, entry.features.entities),
                      numbers=minus(story.numbers, entry.features.numbers),
                      first=story.first, last=story.last, last_seen=story.last_seen, terms=terms, topic=story.topic)

    def take_moves(self) -> list[tuple[str, str, str]]:
        """``(article id, from story, to story)`` for the articles moved by a second look since the last call.
        A story left with no article is gone (``topic_of`` gives None)."""
        moves, self.moves = self.moves, []
        return moves

    def topic_of(self, story_id: str) -> str | None:
        """The topic (``T1``, ``T2``, …) of an active story, or None when the story has expired."""
        story = self.stories.get(story_id)
        return story.topic if story else None

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
        idfs = self._article_idfs(features)
        return [(story.id, *self._score_pair(features, story, cosine, idfs))
                for story, cosine in self.candidates(features)]

    def _article_idfs(self, features: StoryFeatures) -> tuple[dict, dict, dict]:
        """The article's name, number and term IDF weights as of now, read by every pair score."""
        number_idf = {k[1:]: v for k, v in self._idf("#" + n for n in features.numbers).items()}
        return self._idf(features.entities), number_idf, self._term_idf(features.terms)

    def _score_pair(self, features: StoryFeatures, story: _Story, cosine: float,
                    idfs: tuple[dict, dict, dict]) -> tuple[numpy.ndarray, float]:
        """(pair features, join probability) of the article and one story."""
        x = self.pair_features(features, story, cosine, *idfs)
        use_terms = self.seen > MIN_ARTICLES_FOR_TERMS and self.same_language(features, story)
        return x, self.join_probability(x, use_terms)

    def assign(self, features: StoryFeatures, story_id: str | None, article_id: str) -> str:
        """Put the article into ``story_id`` (or a new story when None); returns the story id."""
        if story_id is not None:
            story = self.stories[story_id]
        else:
            story = self._new_story()
            self._start_topic(story)
        self._update(story, features, article_id)
        self.grown.add(story.id)
        return story.id

    # -- splitting a story that holds two events

    def split_mixed_stories(self) -> None:
        """Split each grown story (of ``2 * SPLIT_MIN_GROUP`` to ``SPLIT_MAX_SIZE`` articles) whose
        members fall into two groups that name different people, places and figures.

        Two similar events (the same chain's store burning in two towns, one boxer's two
        title defences) can share one story when the first report of the second event
        joins before its own names add up. Their reports then form two groups, each with
        names most of its members give and the other group's lack; a story of one event
        has subgroups too (witnesses, later figures) but they keep sharing the event's
        names. See ``_split_test``.
        """
        for story_id in sorted(self.grown, key=lambda sid: int(sid[1:])):
            story = self.stories.get(story_id)
            if story is None or story.members is None or story.size < 2 * SPLIT_MIN_GROUP:
                continue
            moving = self._split_test(story)
            if moving:
                self._split(story, moving)

    def _split_test(self, story: _Story) -> set[str] | None:
        """The article ids of the side to split off, or None to keep the story whole.

        Only members of the story's main language are compared (names are folded across
        scripts, but not translated). Each name or number held by at least
        ``SPLIT_MIN_GROUP`` members (and lacked by as many) seeds a two-way partition;
        it is refined three times by moving each member to the side whose own names
        (held by ``SPLIT_HELD_SHARE`` of a side, at most ``SPLIT_LACKED_SHARE`` of the
        other) it carries more of, IDF-weighted. The partition kept is the one whose
        mean IDF-weighted name cosine across the sides is the smallest share of the
        mean within the less coherent side; it splits when that share is at most
        ``SPLIT_MAX_RATIO``. The side without the story's first member moves.
        """
        languages: dict[str, int] = {}
        for member in story.members:
            languages[member.language] = languages.get(member.language, 0) + 1
        main = max(sorted(languages), key=languages.get)
        members = [m for m in story.members if m.language == main]
        n = len(members)
        if n < 2 * SPLIT_MIN_GROUP:
            return None
        keys = sorted({k for m in members for k in m.entities} | {"#" + x for m in members for x in m.numbers})
        column = {k: j for j, k in enumerate(keys)}
        held = numpy.zeros((n, len(keys)), dtype=numpy.float64)
        for i, m in enumerate(members):
            held[i, [column[k] for k in m.entities]] = 1.0
            held[i, [column["#" + x] for x in m.numbers]] = 1.0
        idf = self._idf(keys)
        weight = numpy.array([idf[k] for k in keys])
        vectors = held * weight
        vectors /= numpy.maximum(numpy.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        similarity = vectors @ vectors.T
        counts = held.sum(axis=0)
        best_ratio, best_side, tried = SPLIT_MAX_RATIO, None, set()
        for j in numpy.flatnonzero((counts >= SPLIT_MIN_GROUP) & (counts <= n - SPLIT_MIN_GROUP)):
            side = held[:, j] > 0
            for _ in range(3):
                if not (SPLIT_MIN_GROUP <= side.sum() <= n - SPLIT_MIN_GROUP):
                    break
                share_in, share_out = held[side].mean(axis=0), held[~side].mean(axis=0)
                own_in = (share_in >= SPLIT_HELD_SHARE) & (share_out <= SPLIT_LACKED_SHARE)
                own_out = (share_out >= SPLIT_HELD_SHARE) & (share_in <= SPLIT_LACKED_SHARE)
                refined = held[:, own_in] @ weight[own_in] >= held[:, own_out] @ weight[own_out]
                if (refined == side).all():
                    break
                side = refined
            key = side.tobytes()
            if key in tried or not (SPLIT_MIN_GROUP <= side.sum() <= n - SPLIT_MIN_GROUP):
                continue
            tried.add(key)
            ratio = self._cohesion_ratio(similarity, side)
            if ratio <= best_ratio:
                best_ratio, best_side = ratio, side
        if best_side is None:
            return None
        if best_side[0]:      # the side of its earliest member stays (it named the story)
            best_side = ~best_side
        return {m.article_id for m, moves in zip(members, best_side) if moves}

    @staticmethod
    def _cohesion_ratio(similarity: numpy.ndarray, side: numpy.ndarray) -> float:
        """Mean similarity across the two sides over the mean within the less coherent side."""
        def within(mask: numpy.ndarray) -> float:
            block = similarity[numpy.ix_(mask, mask)]
            k = int(mask.sum())
            return float(block.sum() - numpy.trace(block)) / (k * (k - 1))
        across = float(similarity[numpy.ix_(side, ~side)].mean())
        return across / max(min(within(side), within(~side)), 1e-12)

    def _split(self, story: _Story, moving: set[str]) -> None:
        """Move the members ``moving`` out of ``story`` into a new story of the same topic.

        Names, numbers, sizes and dates of both are recounted from the kept members. The
        embedding sum and the term centroids are not kept per member: each side gets the
        story's centroid scaled to its size and a copy of its term centroids, so they stay
        equally near the articles of either event and the names tell the later ones apart.
        """
        if len(self.stories) >= self.max_active_stories:
            return           # a new story would push out another one; keep this one whole
        total = self._story_rows.sums[story.row].copy()
        size = story.size
        staying = [m for m in story.members if m.article_id not in moving]
        leaving = [m for m in story.members if m.article_id in moving]
        other = self._new_story()
        other.topic = story.topic
        if story.topic in self.topics:
            self.topics[story.topic].stories += 1
        other.terms = {lang: dict(terms) for lang, terms in story.terms.items()}
        for part, members in ((story, staying), (other, leaving)):
            self._story_rows.sums[part.row] = total * (len(members) / size)
            part.size, part.members, part.names, part.numbers = len(members), members, {}, {}
            part.last_seen = self.seen
            for m in members:
                _bounded_add(part.names, m.entities, MAX_STORY_NAMES)
                _bounded_add(part.numbers, m.numbers, MAX_STORY_NUMBERS)
            dates = [m.published for m in members if m.published]
            part.first, part.last = (min(dates), max(dates)) if dates else (None, None)
        self.topic_changes[other.id] = other.topic
        self.moves.extend((m.article_id, story.id, other.id) for m in leaving)
        self.grown |= {story.id, other.id}
        logger.debug("story %s split: %d articles to %s", story.id, len(leaving), other.id)

    def story_similarity(self, a: _Story, b: _Story, profiles: dict | None = None) -> float:
        """How alike two stories are, 0..3: centroid cosine + term cosine (in their best shared
        language; 0 when they share none, or before ``MIN_ARTICLES_FOR_TERMS`` articles) +
        cosine of their IDF-weighted name shares.
        ``profiles`` caches each story's normalised vectors within one pass."""
        profiles = {} if profiles is None else profiles
        vector_a, names_a, terms_a = self._profile(a, profiles)
        vector_b, names_b, terms_b = self._profile(b, profiles)
        terms = 0.0
        if self.seen > MIN_ARTICLES_FOR_TERMS:     # before that, IDF is too noisy (as for joins)
            terms = max((_unit_dot(terms_a[lang], terms_b[lang]) for lang in terms_a if lang in terms_b), default=0.0)
        return float(vector_a @ vector_b) + terms + _unit_dot(names_a, names_b)

    def _profile(self, story: _Story, profiles: dict) -> tuple:
        """(unit centroid, unit IDF-weighted name shares, unit term centroid per language) of a story."""
        if story.id not in profiles:
            vector = self._story_rows.sums[story.row]
            names = {k: w * story.names[k] / story.size for k, w in self._idf(story.names).items()}
            profiles[story.id] = (vector / (numpy.linalg.norm(vector) or 1.0), _unit(names),
                                  {lang: _unit(terms) for lang, terms in story.terms.items()})
        return profiles[story.id]

    def regroup_topics(self) -> None:
        """Merge the topic of each story that grew into its nearest topic when similar enough.

        Candidates are the topics of the ``CANDIDATES`` stories nearest by cosine; a
        topic pair scores the mean ``story_similarity`` over its pairs of stories.
        """
        if not self.grown:
            return
        members: dict[str, list[_Story]] = {}
        profiles: dict = {}
        for story in self.stories.values():
            members.setdefault(story.topic, []).append(story)
        for story_id in sorted(self.grown, key=lambda sid: int(sid[1:])):
            story = self.stories.get(story_id)
            if story is None:          # dropped since it grew
                continue
            rows, cosines = self._story_rows.cosines(self._story_rows.sums[story.row])
            candidates = []
            for i in numpy.argsort(-cosines)[:CANDIDATES]:
                topic = self.stories[self._story_rows.owner[int(rows[i])]].topic
                if topic != story.topic and topic not in candidates:
                    candidates.append(topic)
            best, best_score = None, self.topic_threshold
            for topic in candidates:
                pairs = [self.story_similarity(a, b, profiles)
                         for a in members[story.topic] for b in members[topic]]
                score = sum(pairs) / len(pairs)
                if score >= best_score:
                    best, best_score = topic, score
            if best is not None:
                self._merge_topics(story.topic, best, members)
        self.grown.clear()

    def _merge_topics(self, one: str, other: str, members: dict[str, list[_Story]]) -> None:
        keep, gone = sorted((one, other), key=lambda t: int(t[1:]))
        for story in members.pop(gone):
            story.topic = keep
            members[keep].append(story)
            self.topic_changes[story.id] = keep
        self.topics[keep].stories += self.topics.pop(gone).stories

    def take_topic_changes(self) -> dict[str, str]:
        """``{story id: topic id}`` for the active stories whose topic changed since the last call."""
        changes, self.topic_changes = self.topic_changes, {}
        return changes

    def _start_topic(self, story: _Story) -> None:
        self.topics_created += 1
        topic = _Topic(id=f"T{self.topics_created}", stories=1)
        self.topics[topic.id] = topic
        story.topic = topic.id

    @staticmethod
    def _df_keys(features: StoryFeatures) -> set[str]:
        return set(features.entities) | {"#" + n for n in features.numbers} | {"~" + t for t in features.terms}

    def _new_story(self) -> _Story:
        if len(self.stories) >= self.max_active_stories:
            oldest = min(self.stories.values(), key=lambda s: s.last_seen)
            self._drop(oldest)
        self.created += 1
        story = _Story(id=f"S{self.created}", row=-1)
        story.row = self._story_rows.take(story.id)
        self.stories[story.id] = story
        return story

    def _update(self, story: _Story, features: StoryFeatures, article_id: str) -> None:
        self._story_rows.sums[story.row] += features.embedding
        story.size += 1
        story.last_seen = self.seen
        if story.members is not None:
            if story.size > SPLIT_MAX_SIZE:
                story.members = None
            else:
                story.members.append(_Member(article_id, features.language or "", features.published,
                                             features.entities, features.numbers))
        _bounded_add(story.names, features.entities, MAX_STORY_NAMES)
        _bounded_add(story.numbers, features.numbers, MAX_STORY_NUMBERS)
        language = features.language or ""
        self._last_added_terms = {}
        if language in story.terms or len(story.terms) < MAX_STORY_LANGUAGES:
            self._last_added_terms = self._tfidf(features.terms)
            _bounded_add(story.terms.setdefault(language, {}), self._last_added_terms, MAX_STORY_TERMS)
        if features.published:
            story.first = min(story.first or features.published, features.published)
            story.last = max(story.last or features.published, features.published)

    def _drop(self, story: _Story) -> None:
        del self.stories[story.id]
        self._story_rows.release(story.row)
        topic = self.topics.get(story.topic) if story.topic else None
        if topic is not None:
            topic.stories -= 1
            if topic.stories <= 0:
                del self.topics[topic.id]

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
            "version": 4,
            "threshold": self.threshold,
            "time_window_days": self.time_window_days,
            "max_active_stories": self.max_active_stories,
            "recent_articles": self.recent_articles,
            "weights": [float(w) for w in self.weights],
            "cross_language_weights": [float(w) for w in self.cross_language_weights],
            "topic_threshold": self.topic_threshold,
            "grown": sorted(self.grown),
            "topic_changes": self.topic_changes,
            "moves": [list(m) for m in self.moves],
            "pending": [
                {"article": e.article_id, "arrival": e.arrival, "story": e.story_id,
                 "entities": sorted(e.features.entities), "numbers": sorted(e.features.numbers),
                 "published": e.features.published.isoformat() if e.features.published else None,
                 "language": e.features.language, "terms": e.features.terms, "added_terms": e.added_terms}
                for e in self.pending
            ],
            "seen": self.seen,
            "created": self.created,
            "topics_created": self.topics_created,
            "clock": self.clock.isoformat() if self.clock else None,
            "stories": [
                {"id": s.id, "size": s.size, "names": s.names, "numbers": s.numbers, "terms": s.terms,
                 "topic": s.topic,
                 "members": None if s.members is None else [
                     [m.article_id, m.language, m.published.isoformat() if m.published else None,
                      sorted(m.entities), sorted(m.numbers)] for m in s.members],
                 "first": s.first.isoformat() if s.first else None,
                 "last": s.last.isoformat() if s.last else None, "last_seen": s.last_seen}
                for s in stories
            ],
            "topics": [{"id": t.id, "stories": t.stories} for t in self.topics.values()],
        }
        rows = [s.row for s in stories]
        arrays = {
            "centroid_sums": self._story_rows.sums[rows].copy() if rows else numpy.zeros((0, DIM), numpy.float32),
            "document_frequency": self.document_frequency.copy(),
            "pending_embeddings": (numpy.stack([e.features.embedding for e in self.pending]) if self.pending
                                   else numpy.zeros((0, DIM), numpy.float32)),
        }
        return {"meta": meta, "arrays": arrays}

    @classmethod
    def from_state(cls, state: dict) -> "StoryClusterer":
        """Rebuild a clusterer from ``state()``; it continues exactly where that one stopped.

        A version-1 state (before terms and topics) keeps its stories; it gets the
        current default weights, and its stories have no topic. A version-2 state
        (topics decided once, at a story's start) gets the current topic threshold.
        Stories saved before version 4 kept no members: they are never split.
        """
        meta, arrays = state["meta"], state["arrays"]
        # weights saved for another feature set (an older version) are replaced by the defaults
        weights = tuple(meta["weights"]) if len(meta["weights"]) == len(DEFAULT_WEIGHTS) else DEFAULT_WEIGHTS
        cross = tuple(meta.get("cross_language_weights", ()))
        cross = cross if len(cross) == len(CROSS_LANGUAGE_WEIGHTS) else CROSS_LANGUAGE_WEIGHTS
        self = cls(threshold=meta["threshold"], time_window_days=meta["time_window_days"],
                   max_active_stories=meta["max_active_stories"], recent_articles=meta["recent_articles"],
                   weights=weights,
                   cross_language_weights=cross,
                   topic_threshold=meta["topic_threshold"] if meta.get("version", 1) >= 3 else DEFAULT_TOPIC_THRESHOLD)
        self.seen, self.created = meta["seen"], meta["created"]
        self.topics_created = meta.get("topics_created", 0)
        self.grown = set(meta.get("grown", []))
        self.topic_changes = dict(meta.get("topic_changes", {}))
        self.moves = [tuple(m) for m in meta.get("moves", [])]
        vectors = numpy.asarray(arrays.get("pending_embeddings", numpy.zeros((0, DIM))), dtype=numpy.float32)
        for saved, vector in zip(meta.get("pending", []), vectors):
            features = StoryFeatures(
                embedding=vector.copy(), entities=frozenset(saved["entities"]), numbers=frozenset(saved["numbers"]),
                published=dt.date.fromisoformat(saved["published"]) if saved["published"] else None,
                language=saved["language"], terms=dict(saved["terms"]))
            self.pending.append(_Pending(saved["article"], saved["arrival"], saved["story"], features,
                                         dict(saved["added_terms"])))
        self.clock = dt.date.fromisoformat(meta["clock"]) if meta["clock"] else None
        self.document_frequency = numpy.asarray(arrays["document_frequency"], dtype=numpy.int32).copy()
        for saved in meta.get("topics", []):
            self.topics[saved["id"]] = _Topic(id=saved["id"], stories=saved["stories"])
        sums = numpy.asarray(arrays["centroid_sums"], dtype=numpy.float32)
        for saved, vector in zip(meta["stories"], sums):
            story = _Story(id=saved["id"], row=-1, size=saved["size"],
                           names=dict(saved["names"]), numbers=dict(saved["numbers"]),
                           first=dt.date.fromisoformat(saved["first"]) if saved["first"] else None,
                           last=dt.date.fromisoformat(saved["last"]) if saved["last"] else None,
                           last_seen=saved["last_seen"],
                           terms={lang: dict(c) for lang, c in saved.get("terms", {}).items()},
                           topic=saved.get("topic"),
                           members=_members(saved.get("members")))
            story.row = self._story_rows.take(story.id)
            self._story_rows.sums[story.row] = vector
            self.stories[story.id] = story
            if story.topic is None:      # saved before topics existed
                self._start_topic(story)
        return self
