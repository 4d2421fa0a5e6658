"""One local file → one Article (``.txt``, ``.html``/``.htm``, news-please ``.json``)."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .article import make_article
from .decode import decode_bytes, html_declared_charset
from .files import read_file_bytes
from .html_page import fields_from_html
from .newsplease import fields_from_record
from .sidecar import read_sidecar

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSON_SUFFIXES = (".json",)
# Files that hold many articles: iter_sources reads them, read_source refuses them.
COLLECTION_SUFFIXES = (".jsonl", ".ndjson", ".warc", ".warc.gz", ".rss", ".atom")
_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)[\s>]", re.I)


def read_source(path: str | os.PathLike, published: dt.date | None = None) -> Article:
    """Read one article from a local file, or raise ``InputError(path, reason)``.

    The format comes from the extension (``.txt``; ``.html``/``.htm``;
    news-please ``.json``); any other extension is sniffed: markup is HTML,
    anything else plain text. ``published`` is the caller's date; see
    ``claimgrid.ingest.article`` for how it ranks against the sidecar
    (``<file>.meta.json``, see ``claimgrid.ingest.sidecar``) and the file's own
    metadata. ``Article.language`` is detected from the text.
    """
    source = os.fspath(path)
    if source.lower().endswith(COLLECTION_SUFFIXES):
        raise InputError(source, "holds many articles; read it with iter_sources (claimgrid ingest)")
    data = read_file_bytes(path)
    fields = fields_from_bytes(data, source, kind=kind_of(source))
    return make_article(fields, source, path=source, sidecar=read_sidecar(path), published=published)


def kind_of(name: str) -> str:
    """``"html"``, ``"text"``, ``"json"`` or ``"unknown"`` from a file name."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "unknown"


def fields_from_bytes(data: bytes, source: str, kind: str = "unknown", *, url: str | None = None,
                      declared_charset: str | None = None) -> dict:
    """Decode and extract one document of ``kind`` (sniffed when ``"unknown"``)."""
    if kind == "html":
        declared_charset = declared_charset or html_declared_charset(data)
    text = decode_bytes(data, source, declared=declared_charset)
    if not text.strip():
        raise InputError(source, "empty file")
    if kind == "unknown":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        return fields_from_html(text, source, url=url)
    if kind == "json":
        return fields_from_record(parse_json(text, source), source)
    return {"text": text, "url": url}


def looks_like_html(text: str) -> bool:
    return bool(_MARKUP.search(text[:4096]))


def parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(source, f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
