"""RSS and Atom feeds: one set of Article fields per entry (feedparser)."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from ..errors import InputError
from .dates import parse_date

FEED_SUFFIXES = (".rss", ".atom")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_FEED_MEDIA = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """True when the bytes (or the HTTP media type) say RSS, Atom or RDF."""
    if media_type in _FEED_MEDIA:
        return True
    head = data[:4096]
    return bool(_FEED_ROOT.search(head)) and b"<html" not in head.lower()


def entries_from_feed(data: bytes, source: str) -> Iterator[dict | InputError]:
    """Fields per entry: ``text`` (title, then summary or content as plain text),
    ``title``, ``url`` (the entry's link), ``published``, ``outlet`` (the feed's
    title) and ``language`` (the feed's declared one). An entry without any text
    is an InputError named by its link or position."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))   # a stream: a str could be taken for a URL
    if not parsed.entries and parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        raise InputError(source, f"not a valid RSS/Atom feed ({problem})")
    feed = parsed.get("feed", {})
    outlet = (feed.get("title") or "").strip() or None
    language = feed.get("language")
    for n, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or None
        title = " ".join((entry.get("title") or "").split()) or None
        body = html_to_text(_entry_html(entry))
        if title and body.startswith(title):
            title_and_body = body
        else:
            title_and_body = "\n".join(part for part in (title, body) if part)
        if not title_and_body.strip():
            yield InputError(link or f"{source} (entry {n})", "feed entry has no text")
            continue
        yield {
            "text": title_and_body,
            "title": title,
            "url": link,
            "outlet": outlet,
            "published": parse_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            "language": language,
        }


def _entry_html(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)   # full content beats a teaser
    return entry.get("summary", "") or ""


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}
_SKIPPED_TAGS = {"script", "style", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed summary): one line per block, spaces collapsed."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
