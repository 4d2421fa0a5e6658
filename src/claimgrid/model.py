"""The data that flows between stages: frozen dataclasses, nothing else.

Every span is a half-open ``(start, end)`` pair of character offsets into the
text of the article it came from (``Article.text``, which never changes), so
``article.text[start:end]`` is always the exact evidence.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

Span = tuple[int, int]

QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "range", "fraction", "vague")
RELATIONS = ("agree", "compatible", "conflict", "related")
DIFFERENCE_FIELDS = ("value", "qualifier", "measure", "time", "place", "subject", "attribution", "wording")


def content_id(text: str) -> str:
    """Article id: a hash of the extracted text, so the same text is one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    id: str = ""

    def __post_init__(self):
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


@dataclass(frozen=True)
class Quantity:
    """A number as stated: its value, the interval the qualifier implies, unit and measure.

    ``low``/``high`` is the interval the wording allows (``None`` = unbounded):
    "more than 100,000" is low=100000, high=None; "about 20,000" keeps value as
    both bounds and lets alignment apply a tolerance.
    """
    span: Span
    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: str = "exact"
    unit: str | None = None
    measure: str = "other"
    change: str | None = None


@dataclass(frozen=True)
class TimeExpression:
    span: Span
    text: str
    start: dt.date | None = None   # None when unresolved or open
    end: dt.date | None = None
    # what an expression that could not be dated says, in words of no language ("weekday 1" for
    # "Tuesday", "am Dienstag", "во вторник"): two reports without a date still meet on it
    key: str | None = None


@dataclass(frozen=True)
class Mention:
    """A name in a text; ``entity`` is filled in by cross-source resolution."""
    span: Span
    text: str
    type: str = "other"           # person | place | organisation | group | other
    entity: str | None = None


@dataclass(frozen=True)
class Attribution:
    span: Span                    # the attributing words ("Kirby said", "according to US estimates")
    text: str
    speaker: Mention | None = None
    role: str | None = None       # "National Security Council spokesman"
    via: str | None = None        # "US intelligence", "Reuters"


@dataclass(frozen=True)
class Claim:
    id: str                       # "<source>:<n>"
    source: str                   # source id, "A", "B", …
    kind: str                     # quantity | quote | statement
    sentence: Span
    span: Span
    text: str
    quantity: Quantity | None = None
    subject: Mention | None = None
    time: TimeExpression | None = None
    place: Mention | None = None
    attribution: Attribution | None = None
    place_restricted: bool = False   # "in Tsqaltubo alone", "only in the Bahmut area": a narrower scope


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: tuple[tuple[str, Mention], ...] = ()   # (source id, mention)


@dataclass(frozen=True)
class Difference:
    field: str
    values: dict[str, object]     # claim id -> value


@dataclass(frozen=True)
class Alignment:
    id: str
    claims: tuple[str, ...]
    relation: str
    differences: tuple[Difference, ...] = ()
    explanation: str = ""
    similarity: float | None = None


@dataclass(frozen=True)
class Figure:
    measure: str
    subject: str | None
    low: float | None
    best: float | None
    high: float | None
    claims: tuple[str, ...] = ()
    scope: dict = field(default_factory=dict)
