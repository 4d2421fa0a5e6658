"""The claim grid as plain rows, shared by the terminal, HTML and Markdown renderers.

Renderers read a ``claimgrid.report/1`` dict (see contract/report.md). This module
turns it into what every view shows: a row per alignment with each source's
claims, the words that differ, unique claims per source and the figures, with
unknown values shown as "—" and never as "None". It never raises on odd input
(a missing claim id, a span past the text): a report view must always render.
"""
from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass, field

import regex

UNKNOWN = "—"
RELATIONS = ("agree", "compatible", "conflict", "related")

# Share of a claim's words that may differ before a word diff stops being useful
# (two wordings in different languages differ everywhere; highlighting all is noise).
MAX_DIFFERING_SHARE = 0.6

_WORD = regex.compile(r"\w+|[^\w\s]")

# Difference fields whose evidence is a part of the claim that carries its own text.
_PART_OF_FIELD = {"time": "time", "place": "place", "subject": "subject", "attribution": "attribution"}


@dataclass
class GridRow:
    """One alignment: its claims grouped by source, in the report's source order."""
    id: str
    relation: str
    cells: dict[str, list[dict]]                 # source id -> claims (usually one)
    differences: list[dict]
    explanation: str
    highlights: dict[str, list[tuple[int, int]]] = field(default_factory=dict)   # claim id -> ranges in claim text
    notes: dict[str, list[str]] = field(default_factory=dict)                    # claim id -> differing values not in its text

    @property
    def fields(self) -> str:
        """The names of the differing fields: "value, qualifier"."""
        return ", ".join(str(d.get("field")) for d in self.differences)


def format_number(number: object) -> str:
    """14 -> "14", 3000.0 -> "3,000", 6.8 -> "6.8", None -> "—"."""
    if number is None:
        return UNKNOWN
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return str(number)
    if isinstance(number, float) and not math.isfinite(number):
        return str(number)
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.6g}" if abs(number) < 1e6 else f"{number:,.0f}"


def format_value(value: object) -> str:
    """Any JSON value as short readable text: numbers grouped, enum words spaced, None as "—"."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, str):
        return value.replace("_", " ") if regex.fullmatch(r"[a-z]+(_[a-z]+)+", value) else value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def text_or_unknown(value: object) -> str:
    return UNKNOWN if value is None or value == "" else str(value)


def source_label(source: dict) -> str:
    """The best short name of a source: outlet, else title, else path, else url, else its id."""
    for key in ("outlet", "title", "path", "url"):
        if source.get(key):
            return str(source[key])
    return str(source.get("id", UNKNOWN))


def claims_by_id(report: dict) -> dict[str, dict]:
    return {claim.get("id"): claim for claim in report.get("claims") or []}


def entity_names(report: dict) -> dict[str, str]:
    return {entity.get("id"): entity.get("name") for entity in report.get("entities") or []}


def source_ids(report: dict) -> list[str]:
    return [source.get("id") for source in report.get("sources") or []]


def source_of(claim_id: str, claims: dict[str, dict]) -> str:
    claim = claims.get(claim_id)
    if claim and claim.get("source"):
        return claim["source"]
    return claim_id.split(":", 1)[0]


def describe_difference(difference: dict) -> str:
    """'qualifier: A:3 more than · B:1 at least'."""
    values = difference.get("values") or {}
    parts = [f"{claim_id} {format_value(value)}" for claim_id, value in values.items()]
    return f"{difference.get('field', UNKNOWN)}: " + " · ".join(parts)


def describe_subject(subject: object, names: dict[str, str]) -> str:
    if subject is None:
        return UNKNOWN
    return names.get(subject) or str(subject)


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def word_diff(text: str, others: list[str]) -> list[tuple[int, int]]:
    """Ranges of the words in ``text`` that differ from the most similar of ``others``.

    Empty when there is nothing to compare or when nearly every word differs.
    """
    words = _words(text)
    if not words or not others:
        return []
    best: difflib.SequenceMatcher | None = None
    for other in others:
        matcher = difflib.SequenceMatcher(a=[w for w, _, _ in words], b=[w for w, _, _ in _words(other)], autojunk=False)
        if best is None or matcher.ratio() > best.ratio():
            best = matcher
    ranges = []
    for tag, i1, i2, _, _ in best.get_opcodes():
        if tag in ("replace", "delete"):
            ranges.extend((words[i][1], words[i][2]) for i in range(i1, i2) if words[i][0].isalnum() or len(words[i][0]) > 1)
    if len(ranges) > MAX_DIFFERING_SHARE * len(words):
        return []
    return ranges


def _find(haystack: str, needle: object) -> tuple[int, int] | None:
    if not isinstance(needle, str) or not needle.strip():
        return None
    at = haystack.casefold().find(needle.casefold())
    # casefold can change lengths (ß -> ss); only trust a match where lengths agree.
    if at < 0 or len(haystack.casefold()) != len(haystack):
        return None
    return (at, at + len(needle))


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same characters."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def differing_ranges(claim: dict, alignment: dict, claims: dict[str, dict]) -> tuple[list[tuple[int, int]], list[str]]:
    """Where in ``claim['text']`` the alignment's differences show, and the rest as notes.

    Returns the ranges of the words to highlight, and "field: value" notes for
    the differing values that cannot be pointed at inside the claim's text
    (an attribution outside the span, a time window the claim lacks: "time: —").
    """
    text = claim.get("text") or ""
    claim_id = claim.get("id")
    others = [claims[c].get("text") or "" for c in alignment.get("claims") or [] if c != claim_id and c in claims]
    ranges: list[tuple[int, int]] = []
    notes: list[str] = []
    for difference in alignment.get("differences") or []:
        name = difference.get("field")
        values = difference.get("values") or {}
        value = values.get(claim_id)
        if name in ("wording", "measure"):
            found = word_diff(text, others) or [r for r in [_find(text, value)] if r]
        elif name in ("value", "qualifier"):
            found = [r for r in [_find(text, (claim.get("quantity") or {}).get("text")), _find(text, value)] if r]
        elif name in _PART_OF_FIELD:
            part = claim.get(_PART_OF_FIELD[name]) or {}
            found = [r for r in [_find(text, part.get("text")), _find(text, value)] if r]
        else:
            found = [r for r in [_find(text, value)] if r]
        ranges.extend(found)
        if not found and claim_id in values:
            notes.append(f"{name}: {format_value(value)}")
    merged = merge_ranges([(max(0, s), min(len(text), e)) for s, e in ranges])
    # Words apart only by spaces read as one changed phrase: "[never seen]", not "[never] [seen]".
    joined: list[tuple[int, int]] = []
    for start, end in merged:
        if joined and not text[joined[-1][1]:start].strip():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined, notes


def build_rows(report: dict) -> list[GridRow]:
    """A row per alignment, cells in source order, with the words to highlight per claim."""
    claims = claims_by_id(report)
    order = source_ids(report)
    rows = []
    for alignment in report.get("alignments") or []:
        cells: dict[str, list[dict]] = {source_id: [] for source_id in order}
        highlights, notes = {}, {}
        for claim_id in alignment.get("claims") or []:
            claim = claims.get(claim_id) or {"id": claim_id, "text": claim_id, "source": source_of(claim_id, claims)}
            cells.setdefault(claim.get("source") or source_of(claim_id, claims), []).append(claim)
            highlights[claim_id], notes[claim_id] = differing_ranges(claim, alignment, claims)
        rows.append(GridRow(
            id=str(alignment.get("id", UNKNOWN)),
            relation=str(alignment.get("relation", UNKNOWN)),
            cells=cells,
            differences=list(alignment.get("differences") or []),
            explanation=alignment.get("explanation") or "",
            highlights=highlights,
            notes=notes,
        ))
    return rows


def unique_claims(report: dict) -> dict[str, list[dict]]:
    """Source id -> its claims aligned with nothing, for every source (empty lists kept)."""
    claims = claims_by_id(report)
    unique = report.get("unique") or {}
    result = {source_id: [] for source_id in source_ids(report)}
    for source_id, ids in unique.items():
        result.setdefault(source_id, []).extend(claims.get(c) or {"id": c, "text": c, "source": source_id} for c in ids or [])
    return result


def figure_sources(figure: dict, claims: dict[str, dict]) -> list[str]:
    """The source ids behind a figure, in first-seen order."""
    seen: list[str] = []
    for claim_id in figure.get("claims") or []:
        source_id = source_of(claim_id, claims)
        if source_id not in seen:
            seen.append(source_id)
    return seen


def split_by_ranges(text: str, ranges: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) pieces; the pieces join back to ``text``."""
    pieces = []
    at = 0
    for start, end in merge_ranges(ranges):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
