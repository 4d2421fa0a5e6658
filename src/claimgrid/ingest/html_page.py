"""HTML pages: main text and metadata through trafilatura."""
from __future__ import annotations

import logging

from ..errors import InputError
from .dates import parse_date
from .decode import normalise_newlines

logger = logging.getLogger(__name__)

NO_MAIN_TEXT = "no main text found in the HTML"
# Dates only from the page's markup and URL: trafilatura's extensive search
# would otherwise take any date mentioned in the body for the publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def fields_from_html(html: str, source: str, url: str | None = None) -> dict:
    """``text``, ``title``, ``url``, ``outlet``, ``published`` of one page, or InputError.

    ``outlet`` is the site name the page declares, else its host name. A page
    whose extracted text is nothing but the words of its links (menus, footers)
    has no main text.
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise InputError(source, NO_MAIN_TEXT)
    link_texts = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as err:  # trafilatura/lxml raise many types on broken markup
        logger.debug("trafilatura failed on %s", source, exc_info=True)
        raise InputError(source, f"cannot parse the HTML ({type(err).__name__})") from None
    text = normalise_newlines(doc.text or "") if doc is not None else ""
    if not _has_main_text(text, link_texts):
        raise InputError(source, NO_MAIN_TEXT)
    return {
        "text": text,
        "title": doc.title or None,
        "url": doc.url or url,
        "outlet": doc.sitename or doc.hostname or None,
        "published": parse_date(doc.date),
        "language": doc.language or None,
    }


def _has_main_text(text: str, link_texts: set[str]) -> bool:
    """True when some line keeps letters once the texts of the page's links are taken out."""
    links = sorted((t for t in link_texts if t), key=len, reverse=True)
    for line in text.split("\n"):
        rest = " ".join(line.split())
        for link in links:
            if link in rest:
                rest = rest.replace(link, " ")
        if any(ch.isalpha() for ch in rest):
            return True
    return False
