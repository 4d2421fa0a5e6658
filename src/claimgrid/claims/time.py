"""Time expressions ("since December", "in the past five months", "on Monday")
found in a sentence and resolved against the publication date into date intervals.

All language knowledge comes from ``lexicons/<lang>/time.toml``: word lists
(months, weekdays, number words, duration units, relative days, plain word
classes) and *patterns*. A pattern is a regular expression written with
placeholders (a space matches any whitespace, " ?" optional whitespace, an
apostrophe any apostrophe) and says what it means:

    [[patterns]]
    match = "{since} {date}"
    means = "since"

Placeholders: ``{num}`` (digits or number words), ``{unit}`` (a duration unit),
``{date}`` / ``{date_to}`` (any of the language's ``date_formats``, built from
``{month}``, ``{monthnum}``, ``{day}``, ``{year}`` (``{year2}``: two digits, of this century), ``{weekday}``, ``{relday}``;
the digit placeholders ``{day}``, ``{monthnum}`` and ``{year}`` are never part of a longer number;
each also has a ``_to`` twin, e.g. ``{month_to}``, for the second date of a range) and any key of
the ``[words]`` table (a plain, non-capturing alternation).

What a pattern means (the same for every language):

- ``date``      the interval of the date itself ("1 May 2023", "in March", "on Monday", "yesterday")
- ``since``     the date's first day … publication ("since December")
- ``past``      publication minus ``num`` units … publication ("in the past five months")
- ``ago``       the calendar day/week/month/year that holds publication minus ``num`` units ("a decade ago")
- ``this``      start of the current calendar unit … publication ("this year", "during the year")
- ``previous``  the whole previous calendar unit ("last year", "last week")
- ``earlier``   ``num`` units before the period named earlier in the sentence ("in October, … a month
                earlier" is September; "im dritten Quartal … im Vorjahreszeitraum" the third quarter
                of the year before), or, with none named, like ``ago``
- ``range``     ``{date}``'s first day … ``{date_to}``'s last day ("from January to March"); a side
                written as a bare ``{day}`` takes its month and year from the other ("1–15 March")
- ``weekend``   the latest Saturday–Sunday that has begun by publication ("over the weekend")
- ``first``     the first ``num`` units of ``{year}``, or of the publication year when no year is
                written ("in the first nine months of 2024": 1 January … 30 September)
- ``quarter``   the calendar quarter ``{quarter}`` (an ordinal of the ``quarters`` table) of ``{year}``,
                or the latest such quarter begun by publication ("in the third quarter")
- ``open``      found but not resolvable to dates ("during the war")

Resolution policy: a date written without a year is the most recent one on or
before the publication date (news reports mostly look back); absolute dates
keep their calendar interval, relative ones end at the publication date.
With no publication date, relative expressions are still found but keep
``start``/``end`` as ``None``; absolute dates still resolve.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import math
import re
from dataclasses import dataclass, replace

from ..lexicons import load_lexicon
from ..model import TimeExpression

logger = logging.getLogger(__name__)

MEANINGS = ("date", "since", "past", "ago", "earlier", "this", "previous", "range", "weekend", "first", "quarter",
            "open")
# Duration units the resolver understands; lexicons map their words onto these.
UNITS = ("hour", "day", "week", "month", "quarter", "year", "decade")
_YEAR_RE = r"(?<![\d,])(?:1[89]|20)\d\d(?![\d]|[.,]\d)"
_YEAR2_RE = r"(?<![\d,])\d\d(?![\d]|[.,]\d)"     # only where a format writes it: "24.02.22"
_DAY_RE = r"(?<![\d.,])(?:3[01]|[12]\d|0?[1-9])(?!\d|[.,]\d\d\d)"
_MONTHNUM_RE = r"(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)"
_DIGITS_RE = r"(?<![\d.,])\d{1,3}(?:[.,]\d)?(?!\d)"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_APOSTROPHES = "'’ʼ`"


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    means: str
    unit: str | None      # fixed unit for patterns without {unit} ("since the start of the year")
    num: float | None     # fixed count for patterns without {num}
    order: int


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[_Pattern, ...]
    month_of: dict[str, int]
    weekday_of: dict[str, int]
    unit_of: dict[str, str]
    relday_of: dict[str, int]
    number_of: dict[str, float]
    quarter_of: dict[str, int]
    number_split: re.Pattern   # splits a compound number word ("twenty-four") into its words


def find_time_expressions(text: str, lang: str = "en", published: dt.date | None = None) -> list[TimeExpression]:
    """Time expressions in ``text`` with their resolved date intervals, in text order.

    Spans are offsets into ``text``. ``start``/``end`` are inclusive dates;
    both are ``None`` when the expression cannot be resolved (an event such as
    "during the war", or a relative expression with no ``published`` date).
    Raises UnsupportedLanguageError when ``lang`` has no time lexicon.
    """
    grammar = _grammar(lang)
    candidates = []
    for pattern in grammar.patterns:
        for m in pattern.regex.finditer(text):
            if m.end() > m.start():
                candidates.append((m, pattern))
    # Longest match wins; on equal length the pattern listed first in the lexicon.
    candidates.sort(key=lambda c: (-(c[0].end() - c[0].start()), c[1].order, c[0].start()))
    taken: list[tuple[int, int]] = []
    found: list[tuple[TimeExpression, re.Match, _Pattern]] = []
    for m, pattern in candidates:
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        interval = _resolve(m, pattern, grammar, published)
        if interval is None:    # matched the shape but is no real date (e.g. 31 February)
            continue
        start, end = interval
        if start is not None and end is not None and start > end:
            # "since 2001" in a text dated 2000: a window that would end before it starts is left open
            start = end = None
        taken.append((m.start(), m.end()))
        key = _undated_key(m, pattern, grammar) if start is None and end is None else None
        found.append((TimeExpression(span=(m.start(), m.end()), text=m.group(0), start=start, end=end, key=key),
                      m, pattern))
    found.sort(key=lambda item: item[0].span)
    return _anchor_earlier(found, grammar)


# periods an "earlier" expression can count back from: named ones, not windows up to publication
_ANCHORS = ("date", "quarter", "previous", "ago", "earlier")


def _anchor_earlier(found: list[tuple[TimeExpression, re.Match, _Pattern]], grammar: _Grammar) -> list[TimeExpression]:
    """Count each ``earlier`` expression back from the period the sentence named before it
    ("unemployment fell to 3.9% in October from 4.1% a month earlier": September), when that
    period is no longer than the step ("in 2025 … a month earlier" stays counted from publication)."""
    out: list[TimeExpression] = []
    anchor: TimeExpression | None = None
    for expr, m, pattern in found:
        if pattern.means == "earlier" and anchor is not None:
            n, unit = _count_and_unit(_parts(m), pattern, grammar)
            if unit in UNITS and _minus(anchor.end, n, unit) < anchor.start:
                expr = replace(expr, start=_minus(anchor.start, n, unit), end=_minus(anchor.end, n, unit), key=None)
        if pattern.means in _ANCHORS and expr.start is not None and expr.end is not None:
            anchor = expr
        out.append(expr)
    return out


# --- building the grammar from the lexicon -------------------------------------------------


def _words_regex(words: list[str]) -> str:
    """An alternation of words, longest first. A trailing ``*`` marks a stem
    (any word ending), a space any whitespace, an apostrophe any apostrophe."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        stem = word.endswith("*")
        body = word[:-1] if stem else word
        piece = ""
        for ch in body:
            if ch in _APOSTROPHES:
                piece += f"[{_APOSTROPHES}]"
            elif ch == " ":
                piece += r"\s+"
            else:
                piece += re.escape(ch)
        parts.append(piece + (r"\w*" if stem else ""))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _key(text: str) -> str:
    """Normalised form of a matched word for table look-ups."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    return text


def _lookup(table: dict[str, object], text: str):
    """Value of a matched word: exact form first, then the longest stem (``word*``) it starts with."""
    key = _key(text)
    if key in table:
        return table[key]
    best = None
    for form, value in table.items():
        if form.endswith("*") and key.startswith(form[:-1]) and (best is None or len(form) > len(best[0])):
            best = (form, value)
    return best[1] if best else None


@functools.cache
def _grammar(lang: str) -> _Grammar:
    lex = load_lexicon(lang, "time")

    month_of = {_key(w): i + 1 for i, forms in enumerate(lex["months"]) for w in forms}
    weekday_of = {_key(w): i for i, forms in enumerate(lex["weekdays"]) for w in forms}
    unit_of = {_key(w): unit for unit, forms in lex["units"].items() for w in forms}
    relday_of = {_key(w): int(offset) for offset, forms in lex.get("relative_days", {}).items() for w in forms}
    number_of = {_key(w): float(v) for w, v in lex["numbers"].items()}
    quarter_of = {_key(w): i + 1 for i, forms in enumerate(lex.get("quarters", [])) for w in forms}
    unknown = set(unit_of.values()) - set(UNITS)
    if unknown:
        raise ValueError(f"time lexicon '{lang}': unknown units {sorted(unknown)}")

    def case_sensitive(body: str, flag: bool) -> str:
        return f"(?-i:{body})" if flag else body

    number_word = _words_regex(list(lex["numbers"]))
    joiners = "(?:" + "|".join(_words_regex([j]) if j else "" for j in lex.get("number_joiners", [" "])) + ")"
    number_split = re.compile(f"(?P<a>{number_word})(?:{joiners}(?P<b>{number_word}))?", re.IGNORECASE)
    fragments = {
        "month": case_sensitive(_words_regex([w for forms in lex["months"] for w in forms]), lex.get("months_case_sensitive", False)),
        "weekday": case_sensitive(_words_regex([w for forms in lex["weekdays"] for w in forms]), lex.get("weekdays_case_sensitive", False)),
        "unit": _words_regex(list(unit_of)),
        "relday": _words_regex(list(relday_of)),
        "quarter": _words_regex(list(quarter_of)) if quarter_of else r"(?!x)x",
        "num": f"(?:{_DIGITS_RE}|{number_word}(?:{joiners}{number_word})?)",
        "day": _DAY_RE,
        "monthnum": _MONTHNUM_RE,
        "year": _YEAR_RE,
        "year2": _YEAR2_RE,
    }
    group_name = {"monthnum": "month"}   # a month written as a number fills the month slot
    words = {name: _words_regex(forms) for name, forms in lex.get("words", {}).items()}
    date_formats = lex["date_formats"]
    counter = iter(range(1, 1_000_000))

    def expand(template: str, suffix: str = "") -> str:
        def one(m: re.Match) -> str:
            name = m.group(1)
            if name in ("date", "date_to"):
                sfx = "_to" if name == "date_to" else suffix
                return "(?:" + "|".join(expand(f, sfx) for f in date_formats) + ")"
            base, sfx = (name[:-3], "_to") if name.endswith("_to") else (name, suffix)
            if base in fragments:   # "{month_to}" fills the second date of a range
                return f"(?P<{group_name.get(base, base)}{sfx}__{next(counter)}>{fragments[base]})"
            if name in words:
                return words[name]
            raise ValueError(f"time lexicon '{lang}': unknown placeholder {{{name}}} in {template!r}")
        # " ?" is an optional space, " " any whitespace, an apostrophe any apostrophe
        template = template.replace(" ?", r"\s*").replace(" ", r"\s+")
        template = re.sub(f"[{_APOSTROPHES}]", f"[{_APOSTROPHES}]", template)
        return _PLACEHOLDER.sub(one, template)

    patterns = []
    for order, p in enumerate(lex["patterns"]):
        if p["means"] not in MEANINGS:
            raise ValueError(f"time lexicon '{lang}': unknown meaning {p['means']!r}")
        regex = re.compile(r"(?<![\w-])(?:" + expand(p["match"]) + r")(?![\w-])", re.IGNORECASE)
        patterns.append(_Pattern(regex, p["means"], p.get("unit"), p.get("num"), order))
    logger.debug("time grammar for %s: %d patterns", lang, len(patterns))
    return _Grammar(tuple(patterns), month_of, weekday_of, unit_of, relday_of, number_of, quarter_of, number_split)


# --- resolving a match to dates -----------------------------------------------------------


def _parts(m: re.Match) -> dict[str, str]:
    """Matched placeholder texts by name ("month", "num", "day_to", ...)."""
    parts: dict[str, str] = {}
    for name, value in m.groupdict().items():
        if value is not None:
            parts.setdefault(name.rsplit("__", 1)[0], value)
    return parts


def _undated_key(m: re.Match, pattern: _Pattern, grammar: _Grammar) -> str | None:
    """A language-neutral name for an expression left undated ("date weekday 1" for "Tuesday",
    "am Dienstag", "во вторник"; "ago num 3.0 unit day"), or None when it names no point in
    time ("during the war")."""
    if pattern.means == "open":
        return None
    parts = _parts(m)
    values = {}
    if "unit" in parts or pattern.unit is not None:       # a count of units, fixed or written
        values["unit"] = pattern.unit
        values["num"] = pattern.num or 1.0
    tables = {"weekday": grammar.weekday_of, "month": grammar.month_of, "relday": grammar.relday_of,
              "unit": grammar.unit_of, "quarter": grammar.quarter_of}
    for name, text in parts.items():
        kind = name.split("_")[0]
        if kind == "num":
            value = _number(text, grammar)
        elif kind == "day" or (kind == "month" and text.isdigit()):
            value = int(re.match(r"\d+", text).group(0))
        elif kind in tables:
            value = _lookup(tables[kind], text)
        else:
            value = text
        if value is None:
            return None
        values[name] = value
    return " ".join([pattern.means, *(f"{k} {v}" for k, v in sorted(values.items()))]) if values else None


def _count_and_unit(parts: dict[str, str], pattern: _Pattern, grammar: _Grammar) -> tuple[float, str | None]:
    """How many of which unit an expression counts: written ("five months") or fixed by its
    pattern ("im Vormonat"); one when no count is written ("a month", "last week")."""
    unit = _lookup(grammar.unit_of, parts["unit"]) if "unit" in parts else pattern.unit
    n = _number(parts["num"], grammar) if "num" in parts else pattern.num
    return (1.0 if n is None else n), unit


def _number(text: str, grammar: _Grammar) -> float | None:
    text = text.strip()
    if text[:1].isdigit():
        return float(text.replace(",", "."))
    m = grammar.number_split.fullmatch(text)
    if not m:
        return None
    total = 0.0
    for word in (m.group("a"), m.group("b")):
        if word:
            value = _lookup(grammar.number_of, word)
            if value is None:
                return None
            total += value
    return total


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _minus(published: dt.date, n: float, unit: str) -> dt.date:
    if unit == "hour":
        return published - dt.timedelta(days=math.ceil(n / 24))
    if unit == "day":
        return published - dt.timedelta(days=math.ceil(n))
    if unit == "week":
        return published - dt.timedelta(days=math.ceil(n * 7))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return _add_months(published, -round(n * months))


def _calendar_unit(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar day / week (Monday–Sunday) / month / year holding ``day``."""
    if unit in ("hour", "day"):
        return day, day
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "quarter":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, _add_months(first, 3) - dt.timedelta(days=1)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)   # year, and a decade ago = that year


def _date_interval(parts: dict[str, str], suffix: str, grammar: _Grammar, reference: dt.date | None):
    """(start, end) of a written date; (None, None) when it needs a reference date
    that is missing; None when it is no real date."""
    get = lambda name: parts.get(name + suffix)  # noqa: E731
    if get("relday") is not None:
        offset = _lookup(grammar.relday_of, get("relday"))
        if offset is None or reference is None:
            return (None, None) if offset is not None else None
        day = reference + dt.timedelta(days=offset)
        return day, day
    if get("weekday") is not None:
        weekday = _lookup(grammar.weekday_of, get("weekday"))
        if weekday is None:
            return None
        if reference is None:
            return None, None
        day = reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
        return day, day
    # "з 24.02.22": a two-digit year is of this century
    year = int(get("year")) if get("year") else 2000 + int(get("year2")) if get("year2") else None
    if get("month") is None:
        if year is None:
            return None
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month_text = get("month")
    month = int(month_text) if month_text.isdigit() else _lookup(grammar.month_of, month_text)
    if month is None:
        return None
    day_text = get("day")
    day = int(re.match(r"\d+", day_text).group(0)) if day_text else None
    if day is not None and day > calendar.monthrange(year or 2000, month)[1]:   # 2000 was a leap year
        return None
    if year is None:
        if reference is None:
            return None, None
        year = reference.year
        if dt.date(year, month, day or 1) > reference:
            year -= 1
        if day is not None and day > calendar.monthrange(year, month)[1]:   # 29 February
            return None
    if day is not None:
        return dt.date(year, month, day), dt.date(year, month, day)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_interval(parts: dict[str, str], grammar: _Grammar, published: dt.date | None):
    """The quarter's months in its written year, else in the latest year where it has begun by
    publication ("the fourth quarter" in a February report is last year's)."""
    quarter = _lookup(grammar.quarter_of, parts["quarter"])
    if quarter is None:
        return None
    first_month = 3 * quarter - 2
    if "year" in parts:
        year = int(parts["year"])
    elif published is None:
        return None, None
    else:
        year = published.year - (dt.date(published.year, first_month, 1) > published)
    return _calendar_unit(dt.date(year, first_month, 1), "quarter")


def _first_of_year(year: int | None, n: float, unit: str, published: dt.date | None):
    """The first ``n`` days, weeks or months of ``year`` (the publication year when None)."""
    if year is None:
        if published is None:
            return None, None
        year = published.year
    start = dt.date(year, 1, 1)
    if unit == "month" and n <= 12:
        return start, _add_months(start, round(n)) - dt.timedelta(days=1)
    if unit in ("day", "week") and n * (7 if unit == "week" else 1) <= 366:
        return start, start + dt.timedelta(days=round(n * (7 if unit == "week" else 1)) - 1)
    return None


def _share_month(parts: dict[str, str]) -> None:
    """In "1–15 March" / "March 1–15" one side is a bare day: give it the other side's month and year."""
    for side, other in (("", "_to"), ("_to", "")):
        bare = "day" + side in parts and not any(k + side in parts for k in ("month", "weekday", "relday"))
        if bare and "month" + other in parts:
            parts["month" + side] = parts["month" + other]
            if "year" + other in parts and "year" + side not in parts:
                parts["year" + side] = parts["year" + other]


def _resolve(m: re.Match, pattern: _Pattern, grammar: _Grammar, published: dt.date | None):
    """(start, end) for a match, or None if the match is not a real date."""
    parts = _parts(m)
    means = pattern.means
    if means == "open":
        return None, None
    if means == "date":
        return _date_interval(parts, "", grammar, published)
    if means == "since":
        interval = _date_interval(parts, "", grammar, published)
        if interval is None:
            return None
        return interval[0], (published if interval[0] is not None else None)
    if means == "range":
        _share_month(parts)
        last = _date_interval(parts, "_to", grammar, published)
        if last is None:
            return None
        first = _date_interval(parts, "", grammar, last[1] or published)
        if first is None or (first[0] and last[1] and first[0] > last[1]):
            return None
        return first[0], last[1]

    if means == "quarter":
        return _quarter_interval(parts, grammar, published)
    if means == "weekend":
        if published is None:
            return None, None
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + dt.timedelta(days=1), published)

    n, unit = _count_and_unit(parts, pattern, grammar)
    if unit is None or n <= 0:
        return None
    if means == "first":
        return _first_of_year(int(parts["year"]) if "year" in parts else None, n, unit, published)
    if published is None:
        return None, None
    if means == "past":
        return _minus(published, n, unit), published
    if means in ("ago", "earlier"):      # "earlier" is moved onto a named period by _anchor_earlier
        return _calendar_unit(_minus(published, n, unit), unit)
    if means == "this":
        return _calendar_unit(published, unit)[0], published
    if means == "previous":
        return _calendar_unit(_minus(published, n, unit), unit)
    raise AssertionError(means)
