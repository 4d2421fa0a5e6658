"""Sentence spans over text that is never modified.

Sentences are ``(start, end)`` offsets into the original string, trimmed of
surrounding whitespace. Splitting is rule-based and language-neutral: a
sentence ends at ., ! or ? (plus any closing quotes/brackets) followed by
whitespace and an upper-case letter, digit or opening quote, or at a line
break; known abbreviations of the language ("Mr.", "z. B.", "г.") do not end one.
"""
from __future__ import annotations

import re

from .lexicons import load_lexicon
from .errors import UnsupportedLanguageError

Span = tuple[int, int]

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«„(["
_END = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_NEXT_START = re.compile(r"\s+([" + re.escape(_OPENERS) + r"]*)(\S)")


def _abbreviations(lang: str | None) -> frozenset[str]:
    words: set[str] = set()
    for code in {lang or "en", "en"}:
        try:
            words.update(w.lower() for w in load_lexicon(code, "abbreviations").get("abbreviations", []))
        except UnsupportedLanguageError:
            pass
    return frozenset(words)


def sentence_spans(text: str, lang: str | None = None) -> list[Span]:
    """Split ``text`` into sentence spans; paragraphs (line breaks) always split."""
    abbreviations = _abbreviations(lang)
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        spans.extend(_split_paragraph(text, para.start(), para.end(), abbreviations))
    return spans


def _split_paragraph(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    for m in _END.finditer(text, start, end):
        nxt = _NEXT_START.match(text, m.end(), end)
        if not nxt:
            continue
        first = nxt.group(2)
        if not (first.isupper() or first.isdigit() or nxt.group(1)):
            continue
        if text[m.start()] == "." and _is_abbreviation(text, cursor, m.start(), abbreviations):
            continue
        spans.append(_trim(text, cursor, m.end()))
        cursor = m.end()
    if text[cursor:end].strip():
        spans.append(_trim(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def _is_abbreviation(text: str, floor: int, dot: int, abbreviations: frozenset[str]) -> bool:
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    token = text[word_start:dot + 1].lstrip(_OPENERS).lower()
    if token in abbreviations:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S.") do not end a sentence.
    bare = token.rstrip(".")
    return len(bare) == 1 and bare.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w?", token)) and len(bare) <= 4


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
