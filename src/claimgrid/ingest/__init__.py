"""Reading sources into Articles.

``read_source(path)`` reads one local file (``.txt``, ``.html``/``.htm``,
news-please ``.json``; other extensions are sniffed). ``iter_sources(inputs)``
reads many: folders, ``.jsonl``, RSS/Atom feeds, WARC files and http(s) URLs,
yielding an ``InputError`` for each unreadable item instead of stopping.
Every failure is an ``InputError(source, reason)`` with a short reason, never
a traceback.

Sidecar metadata: beside ``FILE`` an optional ``FILE.meta.json`` may give
``title``, ``url``, ``outlet``, ``published`` (ISO date) and ``language``.
It wins over everything, including the ``published`` argument, because it is
the user's word about that one file. The ``published`` argument (``--published``)
only fills in a date for files that carry none (see ``claimgrid.ingest.article``).

``Article.text`` is the extracted text with a BOM removed and line endings
turned into ``\\n`` — nothing else — and every later offset points into it.
"""
from .fetch import USER_AGENT, Fetcher
from .files import MAX_SOURCE_BYTES
from .local import read_source
from .stream import iter_sources

__all__ = ["MAX_SOURCE_BYTES", "USER_AGENT", "Fetcher", "iter_sources", "read_source"]
