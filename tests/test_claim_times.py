"""Which time expression a figure takes, on sentences written for the project (real extractor)."""
from __future__ import annotations

import datetime as dt

import pytest

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



@pytest.mark.parametrize("lang, text, whole, part, time, place", [
    ("en", "More than 60,000 people marched across Norland on Saturday, including 9,000 in Kestrelby.",
     60000, 9000, "on Saturday", "Kestrelby"),
    ("de", "Am Samstag gingen landesweit 60.000 Menschen auf die Straße, davon 9000 in Kestrelby.",
     60000, 9000, "Am Samstag", "Kestrelby"),
    ("fr", "60 000 personnes ont manifesté samedi dans tout le pays, dont 9 000 à Kestrelby.",
     60000, 9000, "samedi", "Kestrelby"),
    ("es", "Unas 60.000 personas se manifestaron el sábado en todo el país, 9.000 de ellas en Kestrelby.",
     60000, 9000, "el sábado", "Kestrelby"),
    ("ru", "В субботу по всей стране на улицы вышли 60 000 человек, из них 9000 в Кестрелби.",
     60000, 9000, "В субботу", "Кестрелби"),
])
def test_a_part_keeps_the_whole_time_and_measure_and_its_place_is_not_the_whole(lang, text, whole, part, time, place):
    claims = {c.quantity.value: c for c in
              extract_claims(Article(text=text, language=lang, published=DAY), "A", lang).claims if c.quantity}
    assert claims[part].time is not None and claims[part].time.text == time
    assert claims[part].place is not None and claims[part].place.text == place
    assert claims[whole].place is None or claims[whole].place.text != place
    assert claims[part].quantity.measure == claims[whole].quantity.measure == "people"   # it counts the same


@pytest.mark.parametrize("lang, text, value, time", [
    ("en", "In October, consumer prices rose 3.2%, Eurostat said on Friday.", 3.2, "In October"),
    ("fi", "Kuluttajahinnat nousivat lokakuussa 3,2 prosenttia, kertoi Eurostat perjantaina.", 3.2, "lokakuussa"),
    ("fr", "En octobre, les prix ont augmenté de 3,2 %, a indiqué vendredi Eurostat.", 3.2, "En octobre"),
    ("es", "En octubre, los precios subieron un 3,2 %, informó el viernes Eurostat.", 3.2, "En octubre"),
    ("ru", "В октябре цены выросли на 3,2%, сообщил в пятницу Евростат.", 3.2, "В октябре"),
    ("uk", "У жовтні ціни зросли на 3,2%, повідомив у п'ятницю Євростат.", 3.2, "У жовтні"),
    # with no other time in the sentence, the day of the statement still dates the figure
    ("fi", "Kuolleita on 46, kertoi kuvernööri torstaina.", 46, "torstaina"),
])
def test_the_day_of_a_statement_yields_to_the_figure_own_time(lang, text, value, time):
    assert _times(text, lang)[value] == time


@pytest.mark.parametrize("lang, text, times", [
    # a time past a comma belongs to the next clause's figure; the one before the number is its own
    ("fi", "Työttömyysaste nousi lokakuussa 9,8 prosenttiin, kun se vuotta aiemmin oli 8,9 prosenttia.",
     {9.8: "lokakuussa", 8.9: "vuotta aiemmin"}),
    ("en", "In October the jobless rate rose to 9.8%, against 8.9% a year earlier.",
     {9.8: "In October", 8.9: "a year earlier"}),
    ("de", "Im dritten Quartal sank der Gewinn auf 512 Millionen Euro, nach 640 Millionen im Vorjahreszeitraum.",
     {512e6: "Im dritten Quartal", 640e6: "im Vorjahreszeitraum"}),
])
def test_a_time_past_a_comma_belongs_to_the_next_clause(lang, text, times):
    assert _times(text, lang) == times


def test_a_short_quote_with_no_speaker_is_a_name_not_a_claim():
    text = ('Партія "Дія і солідарність" отримала 50,2% голосів. '
            '"Ми збудуємо нову країну разом з усіма громадянами", сказала Мая Санду.')
    claims = extract_claims(Article(text=text, language="uk", published=DAY), "A", "uk").claims
    quotes = [c.text for c in claims if c.kind == "quote"]
    assert quotes == ["Ми збудуємо нову країну разом з усіма громадянами"]


@pytest.mark.parametrize("lang, text, times", [
    # coordinated figures share the time after them; a time past ";" is the next clause's
    ("en", "Officials reported 1,243 new cholera cases and 17 deaths in the past week.",
     {1243: "in the past week", 17: "in the past week"}),
    ("de", "Die Behörden meldeten in der vergangenen Woche 1243 neue Cholerafälle und 17 Todesfälle; "
           "seit Januar sind es damit 9800 Fälle.",
     {1243: "in der vergangenen Woche", 17: "in der vergangenen Woche", 9800: "seit Januar"}),
    ("fr", "Les autorités ont signalé 1 243 nouveaux cas de choléra et 17 décès au cours de la semaine écoulée.",
     {1243: "au cours de la semaine écoulée", 17: "au cours de la semaine écoulée"}),
])
def test_coordinated_figures_share_their_time(lang, text, times):
    assert _times(text, lang) == times


def test_a_decimal_comma_is_no_clause_break():
    times = _times("Die Zentralbank hat am Donnerstag ihren Leitzins um 0,25 Prozentpunkte auf 4,75 Prozent "
                   "angehoben, den höchsten Stand seit 2008.", "de")
    assert times == {0.25: "am Donnerstag", 4.75: "am Donnerstag"}


@pytest.mark.parametrize("lang, text, times", [
    # a figure set against another ("после", "nach", "après") takes its own time; a time right
    # before a figure is that figure's (the Finnish genitive month)
    ("ru", "Инфляция в октябре ускорилась до 8,6% после 8,3% в сентябре.", {8.6: "в октябре", 8.3: "в сентябре"}),
    ("fi", "Inflaatio kiihtyi lokakuussa 1,8 prosenttiin syyskuun 1,5 prosentista.",
     {1.8: "lokakuussa", 1.5: "syyskuun"}),
])
def test_a_figure_set_against_another_has_its_own_time(lang, text, times):
    assert _times(text, lang) == times


def test_a_part_keeps_the_whole_measure_and_what_follows_counts_the_whole():
    text = "В результате удара погибли не менее 12 человек, в том числе двое детей, еще 57 получили ранения."
    claims = extract_claims(Article(text=text, published=dt.date(2026, 11, 20)), "A", "ru").claims
    assert [(c.quantity.value, c.quantity.unit, c.quantity.measure) for c in claims] == [
        (12, "people", "killed"), (2, "child", "killed"), (57, "people", "wounded")]
