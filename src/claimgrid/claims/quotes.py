"""Direct quotes: the text between a language's quotation marks.

Marks come from ``speech.toml`` as [opening, closing] pairs. Real copy mixes
them (“…" or „…"), so any opening mark may be closed by any closing mark of
the language; a straight quote opens when nothing is open and closes otherwise.
A mark may include its space ("« " and " »" in French); such a mark opens
even though a space follows it.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicons import load_lexicon
from ..model import Span

MIN_QUOTE_WORDS = 2


@cache
def _marks(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Opening and closing marks, longest first so that "« " wins over "«"."""
    pairs = load_lexicon(lang, "speech").get("quote_pairs", [])
    by_length = lambda marks: tuple(sorted(set(marks), key=len, reverse=True))  # noqa: E731
    return by_length(p[0] for p in pairs), by_length(p[1] for p in pairs)


@cache
def _mark_starts(lang: str) -> regex.Pattern:
    """Every position where some mark of the language starts (zero-width, so overlapping
    candidates such as " »" and "»" are all found): only there can a quote open or close."""
    openers, closers = _marks(lang)
    marks = sorted(set(openers) | set(closers), key=len, reverse=True)
    return regex.compile("(?=" + "|".join(regex.escape(m) for m in marks) + ")") if marks else regex.compile(r"(?!)")


def find_quotes(text: str, span: Span, lang: str) -> list[Span]:
    """Spans of quoted text (marks and edge punctuation excluded) inside ``text[span]``."""
    openers, closers = _marks(lang)
    quotes: list[Span] = []
    open_at: int | None = None
    i = span[0]
    for candidate in _mark_starts(lang).finditer(text, span[0], span[1]):
        if candidate.start() < i:       # inside a mark already taken
            continue
        i = candidate.start()
        if open_at is None:
            mark = next((m for m in openers if text.startswith(m, i, span[1])
                         and (len(m) > 1 or _opens(text, i, span))), None)
            if mark is not None:
                open_at = i + len(mark)
                i = open_at
                continue
        else:
            mark = next((m for m in closers if text.startswith(m, i, span[1])), None)
            if mark is not None and i > open_at:
                quotes.append(_trim(text, open_at, i))
                open_at = None
                i += len(mark)
                continue
    return [q for q in quotes if len(text[q[0]:q[1]].split()) >= MIN_QUOTE_WORDS]


def _opens(text: str, i: int, span: Span) -> bool:
    # An apostrophe inside a word ("it's", "Kyiv’s") is not a quote mark.
    before = text[i - 1] if i > span[0] else " "
    after = text[i + 1] if i + 1 < span[1] else " "
    return not (before.isalnum() and after.isalnum()) and not after.isspace()


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] in ".,;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return start, end
