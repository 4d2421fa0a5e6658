"""Assembles an Article from what a reader found, the sidecar and the caller's date.

Precedence, most specific first:

* ``published``: the sidecar's date, then the date the file itself carries
  (page metadata, ``date_publish``, feed entry date), then the date the caller
  passed (``--published``: for files that carry none).
* ``title``, ``url``, ``outlet``: the sidecar, then the file.
* ``language``: the sidecar, then detection on the text (when confident),
  then the language the file declares.
"""
from __future__ import annotations

import datetime as dt

from ..errors import InputError
from ..lang import detect_language
from ..model import Article


def make_article(
    fields: dict,
    source: str,
    *,
    path: str | None = None,
    sidecar: dict | None = None,
    published: dt.date | None = None,
) -> Article:
    text = fields["text"]
    if not text.strip():
        raise InputError(source, "no text")
    sidecar = sidecar or {}
    declared_language = fields.get("language")
    language = sidecar.get("language") or detect_language(text) or _language_code(declared_language)
    return Article(
        text=text,
        path=path,
        url=sidecar.get("url") or fields.get("url"),
        title=sidecar.get("title") or fields.get("title"),
        outlet=sidecar.get("outlet") or fields.get("outlet"),
        published=sidecar.get("published") or fields.get("published") or published,
        language=language,
    )


def _language_code(value: str | None) -> str | None:
    """``"en-GB"`` → ``"en"``; anything that is not a plain code → None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
