"""What ``compare`` finds in short report sets written for the project (tests/fixtures/crosscheck).

Each set reports one invented event in four languages with a few planted differences; the
checks name the figures by value and unit, so they hold whatever the claim ids are.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgrid.compare import compare

SETS = Path(__file__).parent / "fixtures" / "crosscheck"
_reports: dict[str, dict] = {}


def report(name: str) -> dict:
    if name not in _reports:
        _reports[name] = compare(sorted((SETS / name).glob("*.txt")))
    return _reports[name]


def claims(name: str) -> dict[str, dict]:
    return {c["id"]: c for c in report(name)["claims"]}


def alignments_with(name: str, values: set[float], unit: str | None = None) -> list[dict]:
    """Alignments whose quantity claims carry exactly these values (and this unit, when given)."""
    found = []
    by_id = claims(name)
    for al in report(name)["alignments"]:
        qs = [by_id[c]["quantity"] for c in al["claims"] if by_id[c]["quantity"]]
        if qs and {q["value"] for q in qs} == values and (unit is None or {q["unit"] for q in qs} <= {unit}):
            found.append(al)
    return found


def values_of(name: str, al: dict) -> set[float]:
    return {claims(name)[c]["quantity"]["value"] for c in al["claims"] if claims(name)[c]["quantity"]}


def sources_of(name: str, al: dict) -> set[str]:
    return {claims(name)[c]["source"] for c in al["claims"]}


@pytest.mark.parametrize("name, values, unit", [
    ("quake", {6.3, 6.4}, "magnitude"),          # Stärke 6,3 against magnitude 6.4
    ("protest", {80000, 87000}, "people"),       # davon 80.000 in Paris against 87,000
    ("train", {212, 218}, "passenger"),          # 212 passengers against 218 pasajeros
    ("train", {160, 190}, None),                 # 190 Stundenkilometer against 160 km/h
    ("inflation", {1.4, 1.6}, "percent"),        # energy prices down 1.6 % (ru) against 1.4 %
    ("results", {4.9, 9.4}, "percent"),          # shares down 4.9 % (fr) against 9.4 %
    ("rates", {1.1, 1.2}, "percent"),            # growth forecast 1.2 % (fr) against 1.1 % (en, de, fi)
])
def test_planted_conflicts_are_found(name, values, unit):
    found = alignments_with(name, values, unit)
    assert found and all(al["relation"] == "conflict" for al in found), [al["explanation"] for al in found]


@pytest.mark.parametrize("name, value, unit, sources", [
    ("quake", 214, "aftershock", 4),     # 214 aftershocks / Nachbeben / répliques / афтершоків
    ("quake", 12, "district", 4),        # 12 districts / zwölf Bezirken / 12 districts / 12 районах
    ("quake", 140, "building", 4),
    ("quake", 5.1, "magnitude", 4),
    ("train", 74, None, 4),              # the injured, each in its own words
    ("inflation", 2.9, "percent", 4),
    ("results", 512e6, "EUR", 4),        # net profit
    ("results", 640e6, "EUR", 4),        # the year before, written without its currency in en, fr, es
    ("results", 4.3e9, "EUR", 4),        # "4.300 millones de euros" is "4,3 Milliarden Euro"
    ("results", 1200, "job", 4),
    ("shipwreck", 33, "survivor", 4),    # Überlebende / survivors / supervivientes / survivants
    ("shipwreck", 40, None, 4),          # the missing
    ("storm", 9, None, 4),               # detained / nahm … fest / задержала / otti kiinni
    ("storm", 1200, None, 4),            # the evacuated
    ("undated", 2400, None, 2),          # ihre Häuser verlassen / залишити свої будинки
    ("undated", 1600, "rescuer", 2),     # Helfer / рятувальників (not the wounded of "постраждалих районах")
    ("rates", 0.25, "percentage point", 4),   # a quarter of a percentage point / Viertelprozentpunkt / …
    ("rates", 2.6, "percent", 4),        # the month before: "a month earlier", "im Vormonat", …
    ("rates", 7.4, "percent", 4),        # the quarter before: "the previous quarter", "im Vorquartal", …
    ("losses", 20000, None, 4),          # killed or wounded / убитими та пораненими / durch Tod oder Verwundung
    ("losses", 1230, None, 3),           # the General Staff's daily figure (not in ru)
    ("wildfire", 400, None, 4),          # firefighters, efectivos, pompiers, пожарных
    ("wildfire", 11, "village", 3),      # eleven villages (es: "once núcleos de población")
])
def test_shared_figures_line_up_across_all_languages(name, value, unit, sources):
    found = [al for al in alignments_with(name, {value}, unit) if len(sources_of(name, al)) == sources]
    assert found and found[0]["relation"] in ("agree", "compatible"), \
        [al["explanation"] for al in report(name)["alignments"]]


def test_a_part_takes_its_place_and_the_whole_does_not():
    by_value = {}
    for c in report("protest")["claims"]:
        if c["quantity"]:
            by_value.setdefault(c["quantity"]["value"], []).append(c)
    for whole in by_value[1100000]:
        assert (whole["place"] or {}).get("text") not in ("Paris", "París")
    assert all(c["quantity"]["measure"] == "people" for c in by_value[87000])


def test_a_figure_takes_the_measure_of_its_own_verb():
    passengers = [c for c in report("train")["claims"] if c["quantity"] and c["quantity"]["value"] == 212]
    assert passengers and all(c["quantity"]["measure"] == "people" for c in passengers)


def test_the_month_of_a_figure_is_not_the_day_it_was_reported():
    # fi: "nousivat euroalueella lokakuussa 3,2 prosenttia …, kertoi Eurostat perjantaina"
    found = [al for al in alignments_with("inflation", {3.2}, "percent") if len(sources_of("inflation", al)) == 4]
    assert found and all(al["relation"] == "agree" for al in found), [al["explanation"] for al in found]


def test_two_lower_bounds_are_compatible_not_a_conflict():
    # "more than 1,800" against "plus de 2 800": both can be true
    found = alignments_with("shipwreck", {1800, 2800})
    assert found and all(al["relation"] == "compatible" for al in found), [al["explanation"] for al in found]


def test_the_people_on_board_are_not_the_missing():
    on_board = [c for c in report("shipwreck")["claims"] if c["quantity"] and c["quantity"]["value"] == 90]
    assert len(on_board) == 4 and all(c["quantity"]["measure"] == "people" for c in on_board)


def test_a_fraction_word_and_a_percentage_compare_as_shares():
    # "nearly a third" (en, ru) and "rund 32 Prozent" (de) can both be true; "neljännes" (fi,
    # a quarter) cannot be either
    third, quarter = 1 / 3, 0.25
    together = alignments_with("storm", {32, third})
    assert together and all(al["relation"] == "compatible" for al in together), [al["explanation"] for al in together]
    # the quarter stands against the group that agrees on a third (one conflict, not one per pair)
    against = [al for al in report("storm")["alignments"] if quarter in values_of("storm", al)
               and values_of("storm", al) & {32, third}]
    assert against and all(al["relation"] == "conflict" for al in against), [al["explanation"] for al in against]


def test_arrests_count_as_captured_however_the_verb_is_split():
    detained = [c for c in report("storm")["claims"] if c["quantity"] and c["quantity"]["value"] == 9]
    assert len(detained) == 4 and all(c["quantity"]["measure"] == "captured" for c in detained)


def test_reports_without_a_date_meet_on_the_weekday_they_name():
    # "teilte die Polizei am Mittwoch mit" / "повідомила в середу поліція": one day, undated
    found = alignments_with("undated", {2, 3})
    assert found and all(al["relation"] == "conflict" for al in found), [al["explanation"] for al in found]


def test_the_period_before_is_counted_from_the_period_named():
    # "2.1% in October from 2.6% a month earlier": September, in every language
    months = {(c["time"]["start"], c["time"]["end"]) for c in claims("rates").values()
              if c["quantity"] and c["quantity"]["value"] == 2.6}
    assert months == {("2026-09-01", "2026-09-30")}
    quarters = {(c["time"]["start"], c["time"]["end"]) for c in claims("rates").values()
                if c["quantity"] and c["quantity"]["value"] == 7.4}
    assert quarters == {("2026-04-01", "2026-06-30")}


def test_a_claim_against_a_group_that_agrees_is_one_conflict():
    found = alignments_with("rates", {1.1, 1.2}, "percent")
    assert len(found) == 1 and len(found[0]["claims"]) == 4


def test_killed_or_wounded_is_one_measure_in_every_language():
    measures = {c["quantity"]["measure"] for c in claims("losses").values()
                if c["quantity"] and c["quantity"]["value"] == 20000}
    assert measures == {"casualties"}


def test_leftover_figures_of_other_windows_are_not_linked():
    # the daily 1,230 and the three-month 20,000 are no scope of each other
    linked = [al for al in report("losses")["alignments"] if {1230, 20000} <= values_of("losses", al)
              or {1230, 7000} <= values_of("losses", al)]
    assert linked == []


def test_two_abouts_within_reach_are_compatible():
    found = alignments_with("losses", {7000, 7500})     # "about 7,000" against "близько 7,5 тисячі" (uk)
    assert len(found) == 1 and found[0]["relation"] == "compatible" and len(sources_of("losses", found[0])) == 4


def test_a_headline_figure_is_aligned_with_its_restatement_in_the_text():
    # "forces 4,500 from their homes" over "Some 4,500 residents … have been evacuated"
    by_id = claims("wildfire")
    evacuated = [al for al in report("wildfire")["alignments"] if values_of("wildfire", al) == {4500}]
    assert len(evacuated) == 1
    per_source = {}
    for cid in evacuated[0]["claims"]:
        per_source.setdefault(by_id[cid]["source"], []).append(cid)
    assert len(per_source) == 4 and any(len(ids) == 2 for ids in per_source.values())
    assert not any(by_id[c]["quantity"] and by_id[c]["quantity"]["value"] == 4500
                   for ids in report("wildfire")["unique"].values() for c in ids)


def test_residents_of_villages_take_the_residents_verb():
    measures = {c["quantity"]["measure"] for c in claims("wildfire").values()
                if c["quantity"] and c["quantity"]["value"] == 4500 and c["quantity"]["unit"] != None}
    assert measures == {"displaced"}
