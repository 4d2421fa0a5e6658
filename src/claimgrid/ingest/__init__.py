"""Reading sources into Articles.

``read_source(path)`` reads one local file (``.txt``, ``.html``/``.htm``,
news-please ``.json``; other extensions are sniffed). Every failure is an
``InputError(source, reason)`` with a short reason, never a traceback.

Sidecar metadata: beside ``FILE`` an optional ``FILE.meta.json`` may give
``title``, ``url``, ``outlet``, ``published`` (ISO date) and ``language``.
It wins over everything, including the ``published`` argument, because it is
the user's word about that one file; the ``published`` argument in turn wins
over a date found in the file (see ``claimgrid.ingest.article``).

``Article.text`` is the extracted text with a BOM removed and line endings
turned into ``\\n`` — nothing else — and every later offset points into it.
"""
from .files import MAX_SOURCE_BYTES
from .local import read_source

__all__ = ["MAX_SOURCE_BYTES", "read_source"]
