"""The embedded store: one SQLite file in WAL mode, written through one connection.

A ``Store`` owns one ``sqlite3`` connection and is meant for one thread (the
writer); readers may open their own ``Store`` on the same file at the same time
(WAL lets them read while a writer writes). Migrations are the numbered
``migrations/NNNN_name.sql`` files, applied in order once each and recorded in
``schema_migrations`` (as sqlite-utils does).

Everything an ingest writes for one batch of articles — the articles, their
sentences, mentions and claims, their story assignment, the errors met and the
clusterer's state — goes into one transaction (``Store.transaction()``), so the
file is consistent whenever the process dies.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Iterator, Sequence

import numpy

from ..embed import read_vectors, write_vectors
from ..errors import InputError, StoreError
from ..model import Article, Claim, Mention, Span

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
BUSY_TIMEOUT_MS = 30_000


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of every migration file, in version order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(f"{path}: migration file names must look like 0001_name.sql")
        found.append((int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    return found


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def claim_json(claim: Claim) -> str:
    """The claim as JSON: the dataclass fields, spans as lists, dates as ISO strings."""
    return json.dumps(dataclasses.asdict(claim), default=_json_default, ensure_ascii=False, sort_keys=True)


@dataclasses.dataclass(frozen=True)
class StoredStory:
    """A story row with its articles in ingest order."""
    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    articles: list[Article]


class Store:
    """A claimgrid database file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputError(str(path), "no such database (run 'claimgrid ingest' first, or give --db)")
        if self.path.is_dir():
            raise InputError(str(path), "is a directory, not a database file")
        try:
            # isolation_level=None: no implicit transactions; we BEGIN/COMMIT explicitly.
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against a killed process in WAL mode (only a power cut can lose the last commit).
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as err:
            raise InputError(str(path), f"not a claimgrid database ({err})") from None

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def migrate(self) -> list[int]:
        """Apply the migrations not yet recorded in ``schema_migrations``; returns their versions."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        applied = []
        for version, name, sql in migrations():
            if version in done:
                continue
            logger.debug("applying migration %04d_%s", version, name)
            try:
                # executescript commits first; the script runs in its own transaction with the record.
                self.db.executescript(f"BEGIN;\n{sql}\n;INSERT INTO schema_migrations VALUES "
                                      f"({version}, '{name}', '{_now()}');\nCOMMIT;")
            except sqlite3.Error as err:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {version:04d}_{name} failed: {err}") from None
            applied.append(version)
        return applied

    def schema_version(self) -> int:
        row = self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside commits together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- articles ------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, sentences: Sequence[Span], mentions: Sequence[Mention],
                    claims: Sequence[Claim]) -> bool:
        """Insert an article and what was read from it; False (and nothing written) if it is already stored."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO articles (id, text, path, url, title, outlet, published, language, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.text, article.path, article.url, article.title, article.outlet,
             article.published.isoformat() if article.published else None, article.language, _now()))
        if cur.rowcount == 0:
            return False
        self.db.executemany('INSERT INTO sentences (article_id, n, start, "end") VALUES (?, ?, ?, ?)',
                            [(article.id, n, s, e) for n, (s, e) in enumerate(sentences)])
        self.db.executemany('INSERT INTO mentions (article_id, n, start, "end", text, type) VALUES (?, ?, ?, ?, ?, ?)',
                            [(article.id, n, m.span[0], m.span[1], m.text, m.type) for n, m in enumerate(mentions)])
        self.db.executemany(
            "INSERT INTO claims (id, article_id, kind, span_start, span_end, text, sentence, measure, qualifier,"
            " value, low, high, unit, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.id, article.id, c.kind, c.span[0], c.span[1], c.text, article.text[c.sentence[0]:c.sentence[1]],
              c.quantity.measure if c.quantity else None, c.quantity.qualifier if c.quantity else None,
              c.quantity.value if c.quantity else None, c.quantity.low if c.quantity else None,
              c.quantity.high if c.quantity else None, c.quantity.unit if c.quantity else None,
              claim_json(c)) for c in claims])
        return True

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT text, path, url, title, outlet, published, language, id FROM articles"
                              " WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise InputError(article_id, f"no such article in {self.path}")
        return _article(row)

    def article_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- stories -------------------------------------------------------------

    def assign_story(self, story_id: str, article: Article, title: str | None = None,
                     topic: str | None = None) -> None:
        """Record that ``article`` (already stored) belongs to ``story_id``, creating the story if new.

        ``title`` names a new story (default: the article's title); ``topic`` is its topic
        when the story is created (``set_story_topics`` moves it later)."""
        title = title if title is not None else article.title
        published = article.published.isoformat() if article.published else None
        self.db.execute(
            "INSERT INTO stories (id, seq, title, first_seen, last_seen, size, topic)"
            " VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM stories), ?, ?, ?, 0, ?)"
            " ON CONFLICT(id) DO NOTHING", (story_id, title, published, published, topic))
        self.db.execute(
            "UPDATE stories SET size = size + 1,"
            " first_seen = CASE WHEN first_seen IS NULL OR ? < first_seen THEN COALESCE(?, first_seen) ELSE first_seen END,"
            " last_seen = CASE WHEN last_seen IS NULL OR ? > last_seen THEN COALESCE(?, last_seen) ELSE last_seen END"
            " WHERE id = ?", (published, published, published, published, story_id))
        self.db.execute("INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)", (story_id, article.id))

    def set_story_topics(self, topics: dict[str, str]) -> None:
        """Move stories to other topics (``{story id: topic id}``), as when the clusterer merges topics."""
        self.db.executemany("UPDATE stories SET topic = ? WHERE id = ?", [(t, s) for s, t in topics.items()])

    def move_articles(self, moves: list[tuple[str, str, str]], title_of=None) -> None:
        """Move articles between stories (``(article id, from story, to story)``, as the clusterer's
        second look and split do); a target not stored yet is created in the source's topic
        (a split); both stories' size and dates are recomputed, a story left empty is
        deleted (with its cached report), and one that lost its first article is renamed by
        ``title_of(first remaining article)`` when given."""
        touched: set[str] = set()
        for article_id, source, target in moves:
            self.db.execute(
                "INSERT INTO stories (id, seq, title, first_seen, last_seen, size, topic)"
                " SELECT ?, (SELECT MAX(seq) + 1 FROM stories), title, NULL, NULL, 0, topic"
                " FROM stories WHERE id = ? ON CONFLICT(id) DO NOTHING", (target, source))
            self.db.execute("UPDATE story_articles SET story_id = ? WHERE article_id = ? AND story_id = ?",
                            (target, article_id, source))
            touched |= {source, target}
        for story_id in sorted(touched):
            size, first, last = self.db.execute(
                "SELECT COUNT(*), MIN(a.published), MAX(a.published) FROM story_articles sa"
                " JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?", (story_id,)).fetchone()
            if size == 0:
                self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                continue
            self.db.execute("UPDATE stories SET size = ?, first_seen = ?, last_seen = ? WHERE id = ?",
                            (size, first, last, story_id))
            if title_of is not None:
                first_article = _article(self.db.execute(
                    "SELECT a.text, a.path, a.url, a.title, a.outlet, a.published, a.language, a.id"
                    " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                    " WHERE sa.story_id = ? ORDER BY a.seq LIMIT 1", (story_id,)).fetchone())
                self.db.execute("UPDATE stories SET title = ? WHERE id = ?", (title_of(first_article), story_id))

    def story_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY seq")]

    def story(self, story_id: str) -> StoredStory:
        """One story and its articles in ingest order; InputError when there is none by that id."""
        row = self.db.execute("SELECT id, title, first_seen, last_seen FROM stories WHERE id = ?",
                              (story_id,)).fetchone()
        if row is None:
            raise InputError(story_id, f"no such story in {self.path}; a story whose articles all moved to "
                                       "another one is gone (see 'claimgrid stories')")
        articles = [_article(r) for r in self.db.execute(
            "SELECT a.text, a.path, a.url, a.title, a.outlet, a.published, a.language, a.id"
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.seq", (story_id,))]
        return StoredStory(id=row[0], title=row[1], first_seen=row[2], last_seen=row[3], articles=articles)

    def stories_listing(self) -> list[dict]:
        """Every story with its articles' metadata (no text), in creation order."""
        stories: dict[str, dict] = {}
        for sid, title, first, last, topic in self.db.execute(
                "SELECT id, title, first_seen, last_seen, topic FROM stories ORDER BY seq"):
            stories[sid] = {"id": sid, "title": title, "topic": topic, "first_seen": first, "last_seen": last,
                            "languages": [], "articles": []}
        for sid, aid, path, url, outlet, language, published, title in self.db.execute(
                "SELECT sa.story_id, a.id, a.path, a.url, a.outlet, a.language, a.published, a.title"
                " FROM story_articles sa JOIN articles a ON a.id = sa.article_id ORDER BY a.seq"):
            story = stories[sid]
            story["articles"].append({"id": aid, "path": path, "url": url, "outlet": outlet,
                                      "language": language, "published": published, "title": title})
            if language and language not in story["languages"]:
                story["languages"].append(language)
        return list(stories.values())

    def cached_report(self, story_id: str, articles_key: str) -> dict | None:
        row = self.db.execute("SELECT report FROM story_reports WHERE story_id = ? AND articles_key = ?",
                              (story_id, articles_key)).fetchone()
        return json.loads(row[0]) if row else None

    def save_report(self, story_id: str, articles_key: str, report: dict) -> None:
        """Cache a story's report and its alignments (replacing an older one) in one transaction."""
        with self.transaction():
            self.db.execute("DELETE FROM story_reports WHERE story_id = ?", (story_id,))
            self.db.execute("INSERT INTO story_reports (story_id, articles_key, report, computed_at)"
                            " VALUES (?, ?, ?, ?)",
                            (story_id, articles_key, json.dumps(report, ensure_ascii=False), _now()))
            self.db.executemany(
                "INSERT INTO alignments (story_id, id, relation, claims, explanation) VALUES (?, ?, ?, ?, ?)",
                [(story_id, al["id"], al["relation"], json.dumps(al["claims"]), al.get("explanation") or "")
                 for al in report.get("alignments", [])])

    # -- errors --------------------------------------------------------------

    def record_error(self, source: str, reason: str) -> None:
        """Note an unreadable input: a new row, or one more sighting of a known (input, reason)."""
        now = _now()
        self.db.execute(
            "INSERT INTO errors (input, reason, first_seen, last_seen, count) VALUES (?, ?, ?, ?, 1)"
            " ON CONFLICT(input, reason) DO UPDATE SET last_seen = excluded.last_seen, count = count + 1",
            (source, reason, now, now))

    def errors(self) -> list[dict]:
        return [{"input": i, "reason": r, "first_seen": f, "last_seen": l, "count": c}
                for i, r, f, l, c in self.db.execute(
                    "SELECT input, reason, first_seen, last_seen, count FROM errors ORDER BY first_seen, input")]

    # -- ingest state --------------------------------------------------------

    def save_state(self, name: str, meta: dict, arrays: dict[str, numpy.ndarray]) -> None:
        """Store a named state (JSON metadata plus numpy arrays); call inside the batch's transaction."""
        buffer = io.BytesIO()
        numpy.savez_compressed(buffer, **arrays)
        self.db.execute(
            "INSERT INTO ingest_state (name, meta, arrays, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET meta = excluded.meta, arrays = excluded.arrays,"
            " updated_at = excluded.updated_at",
            (name, json.dumps(meta, sort_keys=True), buffer.getvalue(), _now()))

    def load_state(self, name: str) -> dict | None:
        """``{"meta": ..., "arrays": ...}`` as saved, or None when there is none yet."""
        row = self.db.execute("SELECT meta, arrays FROM ingest_state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        with numpy.load(io.BytesIO(row[1])) as data:
            arrays = {key: data[key] for key in data.files}
        return {"meta": json.loads(row[0]), "arrays": arrays}

    # -- embeddings cache (same interface as embed.EmbeddingCache, same connection) --

    def get_many(self, keys: Sequence[str]) -> dict[str, numpy.ndarray]:
        return read_vectors(self.db, "embeddings", keys)

    def put_many(self, items: dict[str, numpy.ndarray]) -> None:
        """Cache vectors; inside a transaction they commit (or vanish) with it."""
        write_vectors(self.db, "embeddings", items)

    # -- search --------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> dict:
        """Articles and claims matching an FTS5 ``query``, best first, with snippets.

        A query that is not valid FTS5 syntax is retried with each word quoted,
        so plain words with punctuation ("al-Bab", "U.S.") still search.
        """
        try:
            return self._search(query, limit)
        except sqlite3.OperationalError:   # FTS5 syntax ("no such column: Ford" for "Merrow-Ford", …)
            quoted = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
            if not quoted:
                raise InputError(query, "empty search query") from None
            try:
                return self._search(quoted, limit)
            except sqlite3.OperationalError as err2:
                raise InputError(query, f"not a valid search query ({err2})") from None

    def _search(self, query: str, limit: int) -> dict:
        articles = [
            {"id": aid, "title": title, "path": path, "url": url, "story": story, "snippet": snippet}
            for aid, title, path, url, story, snippet in self.db.execute(
                "SELECT a.id, a.title, a.path, a.url, sa.story_id,"
                " snippet(articles_fts, -1, '[', ']', '…', 16)"
                " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
                " LEFT JOIN story_articles sa ON sa.article_id = a.id"
                " WHERE articles_fts MATCH ? ORDER BY rank, a.seq LIMIT ?", (query, limit))]
        claims = [
            {"id": cid, "article": aid, "kind": kind, "measure": measure, "value": value,
             "story": story, "text": text, "snippet": snippet}
            for cid, aid, kind, measure, value, story, text, snippet in self.db.execute(
                "SELECT c.id, c.article_id, c.kind, c.measure, c.value, sa.story_id,"
                " c.text, snippet(claims_fts, -1, '[', ']', '…', 16)"
                " FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid"
                " LEFT JOIN story_articles sa ON sa.article_id = c.article_id"
                " WHERE claims_fts MATCH ? ORDER BY rank, c.rowid LIMIT ?", (query, limit))]
        return {"query": query, "articles": articles, "claims": claims}


def _article(row) -> Article:
    text, path, url, title, outlet, published, language, aid = row
    return Article(text=text, path=path, url=url, title=title, outlet=outlet,
                   published=dt.date.fromisoformat(published) if published else None,
                   language=language, id=aid)


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """Open (and create or migrate) the database at ``path``; ``create=False`` requires it to exist."""
    return Store(path, create=create)
