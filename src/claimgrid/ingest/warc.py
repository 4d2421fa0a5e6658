"""WARC / WARC.gz files as CC-NEWS lays them out: HTML ``response`` records → pages."""
from __future__ import annotations

import logging
from collections.abc import Iterator

from ..errors import InputError
from .files import MAX_SOURCE_BYTES, os_error_reason, too_large_reason

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def html_records(path: str) -> Iterator[tuple[str, bytes, str | None] | InputError]:
    """``(target URI, HTML bytes, declared charset)`` per successful HTML response.

    Other records (requests, metadata, images, redirects, errors) are skipped
    silently; an HTML payload over ``MAX_SOURCE_BYTES`` is an InputError named
    by its URI; a damaged file ends with an InputError naming the file.
    """
    from warcio.archiveiterator import ArchiveIterator

    try:
        handle = open(path, "rb")
    except OSError as err:
        yield InputError(path, os_error_reason(err))
        return
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                media_type, _, params = (record.http_headers.get_header("Content-Type") or "").partition(";")
                if media_type.strip().lower() not in _HTML_TYPES:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path} (record at {handle.tell()})"
                payload = record.content_stream().read(MAX_SOURCE_BYTES + 1)
                if len(payload) > MAX_SOURCE_BYTES:
                    yield InputError(uri, too_large_reason(None))
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:   # the file ended inside this record
                    yield InputError(path, f"damaged WARC file (cut short inside the record of {uri})")
                    return
                yield uri, payload, _charset(params)
        except Exception as err:   # warcio and gzip raise many types on damaged archives
            logger.debug("damaged WARC %s", path, exc_info=True)
            yield InputError(path, f"damaged WARC file ({type(err).__name__}: {err})")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip().strip('"\'')
    return None
