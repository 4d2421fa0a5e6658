"""Reconciling the figures of a set of sources into low / best / high estimates.

One figure per alignment of quantity claims (agree, compatible or conflict:
the same measure and scope) and one per quantity claim that stands alone, as
conflict-data sets do: ``low`` is the lowest value any source allows, ``high``
the highest (None when a source says "more than" and none caps it), ``best``
the median of the stated values.
"""
from __future__ import annotations

import statistics

from .align import measure_ancestors
from .model import Alignment, Claim, Figure

COUNTED_MEASURES_EXCLUDED = {"other"}


def reconcile_figures(claims: list[Claim], alignments: list[Alignment],
                      subject_of: dict[str, str | None]) -> list[Figure]:
    """Figures for every measured quantity claim, grouped by the alignments that join them."""
    by_id = {c.id: c for c in claims}
    grouped: set[str] = set()
    groups: list[list[Claim]] = []
    for al in alignments:
        if al.relation == "related":
            continue
        members = [by_id[cid] for cid in al.claims if by_id[cid].kind == "quantity"]
        if members:
            groups.append(members)
            grouped.update(c.id for c in members)
    for claim in claims:
        if claim.kind == "quantity" and claim.id not in grouped:
            groups.append([claim])
    figures = [_figure(members, subject_of) for members in groups]
    return [f for f in figures if f.measure not in COUNTED_MEASURES_EXCLUDED]


def _figure(members: list[Claim], subject_of: dict[str, str | None]) -> Figure:
    quantities = [c.quantity for c in members]
    lows = [q.low for q in quantities]
    highs = [q.high for q in quantities]
    low = min((v for v in lows if v is not None), default=None)
    high = None if any(h is None for h in highs) else max(highs)
    best = statistics.median(q.value for q in quantities)
    measure = _most_specific_measure([q.measure for q in quantities])
    subject = next((subject_of.get(c.id) for c in members if subject_of.get(c.id)), None)
    first = members[0]
    scope = {
        "time": {"start": first.time.start.isoformat() if first.time and first.time.start else None,
                 "end": first.time.end.isoformat() if first.time and first.time.end else None,
                 "text": first.time.text if first.time else None},
        "unit": quantities[0].unit,
    }
    return Figure(measure=measure, subject=subject, low=low, best=best, high=high,
                  claims=tuple(c.id for c in members), scope=scope)


def _most_specific_measure(measures: list[str]) -> str:
    return max(measures, key=lambda m: len(measure_ancestors(m)))
