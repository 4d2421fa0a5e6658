"""Quantity extractor: gold sentences written for this project, each supported style, properties."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from claimgrid.claims.quantities import extract_quantities, quantities_json
from claimgrid.evaluation import field_matches, gold_f1, value_matches
from claimgrid.model import QUALIFIERS

GOLD = Path(__file__).parent / "gold" / "quantities_en.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"
NEWSQUANT = SHARED / "data" / "newsquant" / "dev.json"
FIELDS = ("qualifier", "unit", "measure", "change")


def _f1(items, ok):
    return gold_f1(items, "en", ok)


_value_ok = value_matches
_all_ok = field_matches(*FIELDS)


@pytest.fixture(scope="module")
def gold_items():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_is_large_and_covers_non_quantities(gold_items):
    assert len(gold_items) >= 120
    assert sum(1 for x in gold_items if not x["quantities"]) >= 20


def test_gold_value_f1(gold_items):
    assert _f1(gold_items, _value_ok) >= 0.97


def test_gold_all_fields_f1(gold_items):
    assert _f1(gold_items, _all_ok) >= 0.95


def test_gold_each_field_f1(gold_items):
    for field in FIELDS:
        assert _f1(gold_items, field_matches(field)) >= 0.96, field


def test_gold_non_quantities_yield_nothing(gold_items):
    empty = [x["text"] for x in gold_items if not x["quantities"]]
    wrong = [t for t in empty if extract_quantities(t)]
    assert len(wrong) <= 2, wrong


# ---------------------------------------------------------------- each style

@pytest.mark.parametrize("text, value, unit", [
    ("It cost $2.3bn.", 2.3e9, "USD"),
    ("It cost €3m.", 3e6, "EUR"),
    ("It cost 1.2 billion euros.", 1.2e9, "EUR"),
    ("It cost £450,000.", 450000, "GBP"),
    ("It cost USD10m.", 1e7, "USD"),
    ("Prices rose 6.5%.", 6.5, "percent"),
    ("Prices rose 6.5 per cent.", 6.5, "percent"),
    ("Rates rose 2 percentage points.", 2, "percentage point"),
    ("They walked 12 km.", 12, "kilometre"),
    ("They walked 12km.", 12, "kilometre"),
    ("We counted twenty-five boats.", 25, "boat"),
    ("We counted two million votes.", 2e6, "vote"),
    ("We counted 3,400 votes.", 3400, "vote"),
    ("A dozen boats sank.", 12, "boat"),
    ("The deal is worth Rs 800 crore.", 8e9, "INR"),
    ("Profit reached $42 mln.", 42e6, "USD"),
    ("Output hit 1.1 million bpd.", 1.1e6, "barrel per day"),
    ("Inflation hit 7pc.", 7, "percent"),
    ("It cost S$2.1bn.", 2.1e9, "SGD"),
])
def test_styles_value_and_unit(text, value, unit):
    qs = extract_quantities(text)
    assert len(qs) == 1, qs
    assert qs[0].value == pytest.approx(value)
    assert qs[0].unit == unit


def test_qualifier_is_in_span_and_bounds():
    text = "Officials said more than 100,000 troops were killed or wounded."
    (q,) = extract_quantities(text)
    assert q.text == "more than 100,000" == text[q.span[0]:q.span[1]]
    assert (q.low, q.high, q.qualifier, q.measure) == (100000, None, "more_than", "casualties")


def test_range_and_vague_bounds():
    (r,) = extract_quantities("Between 5 and 7 people were hurt.")
    assert (r.qualifier, r.low, r.high, r.value) == ("range", 5, 7, 6)
    (v,) = extract_quantities("Hundreds of thousands of people fled.")
    assert (v.qualifier, v.low, v.high) == ("vague", 200000, 999999)


def test_fraction_takes_measure_from_its_noun():
    (q,) = extract_quantities("Half of those killed were civilians.")
    assert (q.value, q.unit, q.measure, q.qualifier) == (0.5, "fraction", "killed", "fraction")


def test_change_direction():
    qs = extract_quantities("Exports to China dropped 7% to $2.3 billion.")
    assert [q.change for q in qs] == ["decrease", None]


@pytest.mark.parametrize("text", [
    "It happened in 2023.", "It happened on May 1.", "It happened on 1 May 2023.",
    "It happened at 10:45 pm.", "It was the second year.", "Call 555-123-4567.",
    "See section 12 of the act.", "The Boeing 787 landed.", "It was the 1990s.",
])
def test_not_quantities(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, low, high", [
    ("Fares fell from $75 a seat to $45.", 45, 75),
    ("Rents run from $900 up to $1,400 a month.", 900, 1400),
    ("Flats measure from 40 square metres up to 90 square metres.", 40, 90),
])
def test_enclosed_ranges_across_words(text, low, high):
    (q,) = extract_quantities(text)
    assert (q.qualifier, q.low, q.high) == ("range", low, high)


@pytest.mark.parametrize("text, value", [
    ("Light covers 3×10^8 metres per second.", 3e8),
    ("The grain is 2.5 x 10⁻⁶ metres wide.", 2.5e-6),
    ("The probe weighs 4.1×10−3 kilograms.", 4.1e-3),
    ("The disk holds 1.2e9 bytes.", 1.2e9),
])
def test_scientific_notation(text, value):
    (q,) = extract_quantities(text)
    assert q.value == pytest.approx(value)


def test_compared_level_counts_the_same_thing():
    qs = extract_quantities("Thieves took 460 bikes this year, compared with 63 last year.")
    assert [(q.value, q.unit) for q in qs] == [(460, "bike"), (63, "bike")]
    qs = extract_quantities("Sales rose 5% from 100.")  # a change's base is not a percent
    assert qs[1].unit is None


def test_relative_pronoun_counts_people():
    (q,) = extract_quantities("The agency found 1,200 who had lost their homes.")
    assert (q.unit, q.measure) == ("people", "displaced")


@pytest.mark.parametrize("text", [
    "The memo of Oct 3 2019 researchers cite is lost.", "Seas could be higher by 2150.",
])
def test_more_years(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, change", [
    ("The trade gap widened by $4bn.", "increase"),
    ("Stocks rebounded 2% on Friday.", "increase"),
    ("The lira weakened 1.5% overnight.", "decrease"),
    ("The airline slashed 900 jobs.", "decrease"),
])
def test_more_change_verbs(text, change):
    assert extract_quantities(text)[0].change == change


def test_ratio_is_a_fraction():
    (q,) = extract_quantities("Nearly one in four voters stayed home.")
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(0.25), "fraction", "about")
    assert [q.value for q in extract_quantities("She ran 5 in 12 minutes.")] == [5, 12]


def test_comparative_after_a_bare_number_keeps_the_noun():
    qs = extract_quantities("The flood ruined 900 farms and damaged 400 more.")
    assert [q.unit for q in qs] == ["farm", "farm"]


def test_elliptic_clause_keeps_the_change():
    qs = extract_quantities("Shares of Acme were down 2.3%, Bolt by 2.6% and Crux was down 1.9%.")
    assert [q.change for q in qs] == ["decrease"] * 3
    qs = extract_quantities("Sales rose 3%, driven by 12 new stores.")  # a participle, not an ellipsis
    assert qs[1].change is None


def test_second_conversion_keeps_the_qualifier():
    qs = extract_quantities("The motor gives just under 150 hp (112 kW / 152 PS).")
    assert [q.qualifier for q in qs] == ["less_than"] * 3


def test_counted_noun_after_coordination_and_not_a_verb():
    assert extract_quantities("Thieves took 300 Ford and Honda cars.")[0].unit == "car"
    assert extract_quantities("About 1000 come from abroad each year.")[0].unit is None


def test_an_average_is_exact():
    (q,) = extract_quantities("Houses sell in an average of 70 days.")
    assert (q.text, q.qualifier) == ("an average of 70 days", "exact")


def test_quantities_json_shape():
    line = quantities_json("Exports to China dropped 7% to $2.3 billion.")
    assert line["text"].startswith("Exports")
    first = line["quantities"][0]
    assert first == {"span": [25, 27], "text": "7%", "value": 7, "low": 7, "high": 7, "qualifier": "exact",
                     "unit": "percent", "measure": "percent", "change": "decrease"}
    assert json.loads(json.dumps(line)) == line


# ---------------------------------------------------------------- properties

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _in_words(n: int) -> str:
    if n < 20:
        return _WORDS[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _WORDS[n % 10] if n % 10 else "")
    return _WORDS[n // 100] + " hundred" + (" and " + _in_words(n % 100) if n % 100 else "")


@st.composite
def written_number(draw):
    n = draw(st.integers(min_value=2, max_value=999_999_999))
    style = draw(st.sampled_from(["plain", "commas", "magnitude", "words", "decimal"]))
    if style == "plain":
        return str(n), float(n)
    if style == "commas":
        return f"{n:,}", float(n)
    if style == "magnitude":
        whole = draw(st.integers(min_value=1, max_value=999))
        word, factor = draw(st.sampled_from([("million", 1e6), ("billion", 1e9), ("thousand", 1e3), ("bn", 1e9), ("m", 1e6), ("k", 1e3)]))
        sep = "" if len(word) <= 2 else " "
        return f"{whole}{sep}{word}", whole * factor
    if style == "decimal":
        cents = draw(st.integers(min_value=1, max_value=99))
        return f"{n % 1000}.{cents:02d}", float(f"{n % 1000}.{cents:02d}")
    small = n % 1000 or 7
    return _in_words(small), float(small)


@settings(max_examples=150, deadline=None)
@given(written_number(), st.sampled_from(["Officials counted {} boats.", "Some {} boats were seen.",
                                          "The bill reached ${}.", "It grew by {}%."]))
def test_any_supported_style_comes_back_with_its_value(number, template):
    surface, value = number
    if "$" in template and surface[0].isalpha():
        template = "The bill reached {} dollars."
    text = template.format(surface)
    values = [q.value for q in extract_quantities(text)]
    assert any(math.isclose(v, value, rel_tol=1e-9) for v in values), (text, values)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_are_exact(text):
    for q in extract_quantities(text):
        assert text[q.span[0]:q.span[1]] == q.text
        assert q.qualifier in QUALIFIERS


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["1", ",", "000", " ", "-", "to", "million", "more than", "$", "%", "half", "of",
                                 "dozens", "and", "between", ".", "5", "k", "A.D.", "May", ":"]), max_size=200))
def test_never_raises_on_number_soup(parts):
    extract_quantities(" ".join(parts))
    extract_quantities("".join(parts))


# ---------------------------------------------------------------- NewsQuant dev (shared data)

@pytest.mark.skipif(not NEWSQUANT.exists(), reason="../shared/data/newsquant is absent")
def test_newsquant_dev_value_f1():
    items = json.loads(NEWSQUANT.read_text())

    def parse(v):
        try:
            return (float(v),) * 2
        except ValueError:
            import re
            m = re.fullmatch(r"\s*(-?[\d.]+)\s*-\s*(-?[\d.]+)\s*", v)
            return tuple(sorted((float(m.group(1)), float(m.group(2)))))

    def ok(gold, q):
        lo, hi = parse(gold["value"])
        if lo == hi:
            return q.qualifier not in ("range", "vague") and math.isclose(q.value, lo, rel_tol=1e-3)
        if q.low is None or q.high is None or q.qualifier not in ("range", "vague"):
            return False
        return q.low <= hi and lo <= q.high

    assert _f1(items, ok) >= 0.93


def test_two_close_figures_after_a_change_verb_are_a_range():
    # "fell 5 to 7 degrees" is one range; "fell 150 to 34,500" a change and the level it led to
    assert [(q.low, q.high, q.unit) for q in extract_quantities("Temperatures fell 5 to 7 degrees overnight.")] == \
        [(5, 7, "degree")]
    assert [(q.value, q.change) for q in extract_quantities("The Dow fell 150 to 34,500.")] == \
        [(150, "decrease"), (34500, None)]


def test_a_dotted_abbreviation_modifies_the_noun_after_it():
    qs = extract_quantities("The plan was confirmed by two U.S. officials.")
    assert [(q.value, q.unit, q.measure) for q in qs] == [(2, "official", "people")]


@pytest.mark.parametrize("text, measures", [
    # a toll is a death toll, the idiom "a heavy toll on" is not
    ("The ministry raised its previous toll of 1,300.", ["killed"]),
    ("The toll rose to 46 on Thursday.", ["killed"]),
    ("The storm took a heavy toll on 300 farms.", ["other"]),
])
def test_a_toll_counts_the_dead(text, measures):
    assert [q.measure for q in extract_quantities(text)] == measures
