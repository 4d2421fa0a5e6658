"""Many inputs → a stream of Articles and InputErrors; one bad item never stops the batch."""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..model import Article
from .article import make_article
from .feeds import FEED_SUFFIXES, entries_from_feed, looks_like_feed
from .fetch import Fetcher, Page, is_url
from .files import MAX_SOURCE_BYTES, check_file, os_error_reason, read_file_bytes, too_large_reason
from .local import HTML_SUFFIXES, JSON_SUFFIXES, TEXT_SUFFIXES, fields_from_bytes, kind_of, parse_json, read_source
from .decode import decode_bytes
from .newsplease import fields_from_record
from .sidecar import is_sidecar
from .warc import WARC_SUFFIXES, html_records

logger = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
_JSON_MEDIA = ("application/json", "text/json")

Item = Article | InputError


def iter_sources(
    inputs: Iterable[str],
    *,
    fetch: bool = False,
    allow_private: bool = False,
    published: dt.date | None = None,
) -> Iterator[Item]:
    """Yield an Article per readable item and an InputError per unreadable one.

    Each input is an http(s) URL (a page or an RSS/Atom feed), a folder (read
    recursively in sorted order; hidden names and ``.meta.json`` sidecars are
    skipped) or a file: ``.txt``, ``.html``, news-please ``.json`` (an object,
    or a list of them), ``.jsonl`` (one record a line; errors are named
    ``file:line``), RSS/Atom (``.rss``, ``.atom``, or any ``.xml`` / unknown
    file that is a feed) and ``.warc`` / ``.warc.gz``.

    Feed entries become Articles from their title and summary or content; with
    ``fetch=True`` each entry's page is fetched and extracted instead (a page
    that cannot be fetched is an InputError, not a silent fallback to the
    summary). URLs are fetched by ``claimgrid.ingest.fetch.Fetcher``, which
    refuses private addresses unless ``allow_private``. ``published`` ranks as
    in ``read_source``: a sidecar date wins, then ``published``, then the
    item's own date.

    An unexpected exception while reading one item is logged and yielded as
    an InputError ("internal error …") so that a batch of millions survives it.
    """
    reader = _Reader(allow_private=allow_private, fetch_entries=fetch, published=published)
    try:
        for value in inputs:
            yield from reader.read(str(value))
    finally:
        reader.close()


class _Reader:
    def __init__(self, *, allow_private: bool, fetch_entries: bool, published: dt.date | None):
        self.allow_private = allow_private
        self.fetch_entries = fetch_entries
        self.published = published
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        """Created at the first URL: local batches never open an HTTP client."""
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self.allow_private)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def read(self, value: str) -> Iterator[Item]:
        if is_url(value):
            yield from self._guarded(value, self._url(value))
        elif os.path.isdir(value):
            yield from self._guarded(value, self._folder(value))
        else:
            yield from self._guarded(value, self._file(value))

    def _guarded(self, source: str, items: Iterator[Item]) -> Iterator[Item]:
        """Pass items on; turn an exception that ends the iterator into one InputError."""
        try:
            yield from items
        except InputError as err:
            yield err
        except Exception as err:   # a bug must not end a long batch; it is logged in full
            logger.exception("internal error while reading %s", source)
            yield InputError(source, f"internal error while reading ({type(err).__name__}: {err})")

    # -- sources ---------------------------------------------------------------

    def _url(self, url: str) -> Iterator[Item]:
        page = self.fetcher.fetch(url)
        if looks_like_feed(page.content, page.media_type):
            yield from self._feed(page.content, url, path=None)
        else:
            yield self._page_article(page, url)

    def _page_article(self, page: Page, source: str, defaults: dict | None = None) -> Article:
        kind = _kind_of_media(page.media_type)
        fields = fields_from_bytes(page.content, source, kind, url=page.url, declared_charset=page.charset)
        fields["url"] = page.url   # the address that served it, after redirects
        for key, value in (defaults or {}).items():
            if value:
                fields[key] = value
        return make_article(fields, source, published=self.published)

    def _folder(self, folder: str) -> Iterator[Item]:
        for path in walk_folder(folder):
            yield from self._guarded(path, self._file(path))

    def _file(self, path: str) -> Iterator[Item]:
        name = path.lower()
        if name.endswith(WARC_SUFFIXES):
            check_file(path, limit=None)
            yield from self._warc(path)
        elif name.endswith(JSONL_SUFFIXES):
            check_file(path, limit=None)
            yield from self._jsonl(path)
        elif name.endswith(".json"):
            yield from self._json(path)
        elif name.endswith(FEED_SUFFIXES):
            yield from self._feed(read_file_bytes(path), path, path=path)
        elif kind_of(path) == "unknown" and looks_like_feed(_head(path)):
            yield from self._feed(read_file_bytes(path), path, path=path)
        else:
            yield read_source(path, published=self.published)

    def _json(self, path: str) -> Iterator[Item]:
        records = parse_json(decode_bytes(read_file_bytes(path), path), path)
        if not isinstance(records, list):
            yield read_source(path, published=self.published)   # one article, with its sidecar
            return
        for n, record in enumerate(records):
            source = f"{path}[{n}]"
            try:
                yield make_article(fields_from_record(record, source), source, path=path, published=self.published)
            except InputError as err:
                yield err

    def _jsonl(self, path: str) -> Iterator[Item]:
        with open(path, "rb") as handle:
            for lineno, line in _bounded_lines(handle, MAX_SOURCE_BYTES):
                source = f"{path}:{lineno}"
                if line is None:
                    yield InputError(source, too_large_reason(None))
                    continue
                if not line.strip():
                    continue
                try:
                    text = line.decode("utf-8-sig")
                    fields = fields_from_record(parse_json(text, source), source)
                    yield make_article(fields, source, path=path, published=self.published)
                except UnicodeDecodeError:
                    yield InputError(source, "not valid UTF-8")
                except InputError as err:
                    yield err

    def _feed(self, data: bytes, source: str, *, path: str | None) -> Iterator[Item]:
        for entry in entries_from_feed(data, source):
            if isinstance(entry, InputError):
                yield entry
                continue
            entry_source = entry["url"] or source
            try:
                if self.fetch_entries and entry["url"]:
                    page = self.fetcher.fetch(entry["url"])
                    # the feed's own date and name are the publisher's word; the page fills gaps
                    defaults = {"published": entry["published"], "outlet": entry["outlet"]}
                    yield self._page_article(page, entry["url"], defaults)
                else:
                    yield make_article(entry, entry_source, path=path, published=self.published)
            except InputError as err:
                yield err

    def _warc(self, path: str) -> Iterator[Item]:
        for record in html_records(path):
            if isinstance(record, InputError):
                yield record
                continue
            uri, payload, charset = record
            try:
                fields = fields_from_bytes(payload, uri, "html", url=uri, declared_charset=charset)
                fields["url"] = uri
                yield make_article(fields, uri, path=path, published=self.published)
            except InputError as err:
                yield err


# In a folder, only files named like articles or collections of them are read (and files
# without an extension, which are sniffed): a notes.toml or a script beside the articles is
# not news. A file given by name is always read.
FOLDER_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES + (".xml",)


def walk_folder(folder: str) -> Iterator[str]:
    """Article files under ``folder`` in sorted path order (a folder's entries interleaved by name),
    without hidden names, sidecars or files of other formats (``FOLDER_SUFFIXES``; files without
    an extension are kept); symlinked folders are not followed (no loops)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        raise InputError(folder, os_error_reason(err)) from None
    for entry in entries:
        if entry.name.startswith(".") or is_sidecar(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk_folder(entry.path)
        elif not entry.is_dir() and (entry.name.lower().endswith(FOLDER_SUFFIXES) or "." not in entry.name):
            yield entry.path


def _head(path: str, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""   # read_source reports the reason


def _bounded_lines(handle, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line; ``None`` for a line longer than ``limit``, which is skipped."""
    lineno = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):   # skip the rest of the long line
                line = handle.readline(limit + 1)
            yield lineno, None
            continue
        yield lineno, line


def _kind_of_media(media_type: str) -> str:
    if "html" in media_type:
        return "html"
    if media_type in _JSON_MEDIA:
        return "json"
    if media_type == "text/plain":
        return "text"
    return "unknown"


__all__ = ["iter_sources"]
