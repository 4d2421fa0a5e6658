"""Which time expression a figure takes, on sentences written for the project (real extractor)."""
from __future__ import annotations

import datetime as dt

from claimgrid.claims.extract import extract_claims
from claimgrid.model import Article

DAY = dt.date(2024, 8, 1)


def _times(text: str, lang: str) -> dict[float, str | None]:
    claims = extract_claims(Article(text=text, language=lang, published=DAY), "A", lang).claims
    return {c.quantity.value: (c.time.text if c.time else None) for c in claims if c.quantity}


def test_a_time_after_another_number_belongs_to_that_number():
    times = _times("Загальні втрати противника з 24 лютого 2022 року становлять близько 590 тисяч осіб, "
                   "з них 1 130 — за минулу добу.", "uk")
    assert times[590000] == "з 24 лютого 2022 року"
    assert times[1130] == "за минулу добу"
    times = _times("Since March, 4,000 homes have been repaired, 120 of them in the past week.", "en")
    assert times[4000] == "Since March"
    assert times[120] == "in the past week"


def test_a_time_after_the_number_still_comes_first():
    assert _times("Rescuers found 14 survivors on Tuesday.", "en")[14] == "on Tuesday"
