"""Quantities in fi, de, ru, uk, fr, es: gold sentences written for this project, number styles."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from claimgrid.claims.quantities import extract_quantities
from claimgrid.evaluation import field_matches, gold_f1, load_gold, value_matches
from claimgrid.lexicons import load_lexicon

GOLD_DIR = Path(__file__).parent / "gold"
LANGS = ("fi", "de", "ru", "uk", "fr", "es")

# Minimum F1 per language on its gold file (measured 1.00 on value and qualifier in every
# language, and on measure fi 0.978, de 0.981, fr 0.981, ru / uk / es 1.00, after rules were fixed
# on these very files: these are regression floors, not held-out scores; one new miss in ru, uk
# or es fails them).
MIN_F1 = {
    "value": 0.95,
    "qualifier": 0.95,
    "measure": {"fi": 0.97, "de": 0.97, "ru": 0.99, "uk": 0.99, "fr": 0.97, "es": 0.99},
}


CHECKS = {
    "value": value_matches,
    "qualifier": field_matches("qualifier"),
    "measure": field_matches("measure"),
}


def _gold(lang):
    return load_gold(GOLD_DIR / f"quantities_{lang}.jsonl")


@pytest.mark.parametrize("lang", LANGS)
def test_gold_file_is_large_and_has_non_quantities(lang):
    items = _gold(lang)
    assert len(items) >= 40
    assert sum(1 for x in items if not x["quantities"]) >= 8


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("field", ["value", "qualifier", "measure"])
def test_gold_f1(lang, field):
    floor = MIN_F1[field][lang] if isinstance(MIN_F1[field], dict) else MIN_F1[field]
    assert gold_f1(_gold(lang), lang, CHECKS[field]) >= floor


@pytest.mark.parametrize("lang, text, value", [
    ("fi", "Paikalla oli 100 000 ihmistä.", 100_000),
    ("fi", "Paikalla oli 100\u00a0000 ihmistä.", 100_000),
    ("fi", "Paikalla oli 100\u202f000 ihmistä.", 100_000),
    ("fi", "Hanke maksaa 2,5 milj. euroa.", 2_500_000),
    ("fi", "Hanke maksaa 1,2 mrd. euroa.", 1_200_000_000),
    ("fi", "Kaksikymmentäviisi ihmistä kuoli.", 25),
    ("fi", "Sadan ihmisen joukko.", 100),
    ("fi", "Tuhannen euron sakko.", 1_000),
    ("de", "Es kamen 100.000 Menschen.", 100_000),
    ("de", "Der Preis stieg um 2,5 Prozent.", 2.5),
    ("de", "Das kostet 2,5 Mrd. Euro.", 2_500_000_000),
    ("de", "Es kamen zwanzigtausend Menschen.", 20_000),
    ("de", "Es starben dreiundzwanzig Menschen.", 23),
    ("ru", "Пришли 100 тыс. человек.", 100_000),
    ("ru", "Выделено 2,5 млн рублей.", 2_500_000),
    ("ru", "Выделено 1,2 млрд рублей.", 1_200_000_000),
    ("ru", "Пришли двадцать тысяч человек.", 20_000),
    ("ru", "Около двадцати тысяч человек.", 20_000),
    ("uk", "Прийшли двадцять тисяч людей.", 20_000),
    ("uk", "Понад двадцять тисяч людей.", 20_000),
    ("fr", "Il y avait 100 000 personnes.", 100_000),
    ("fr", "Il y avait vingt mille personnes.", 20_000),
    ("fr", "Il y avait quatre-vingt-dix personnes.", 90),
    ("es", "Había 100.000 personas.", 100_000),
    ("es", "Había veinte mil personas.", 20_000),
    ("es", "Había treinta y cinco personas.", 35),
])
def test_number_styles(lang, text, value):
    values = [q.value for q in extract_quantities(text, lang)]
    assert any(math.isclose(v, value) for v in values), values


@pytest.mark.parametrize("lang, text, qualifier", [
    ("fi", "Kuolleita on yli 40.", "more_than"), ("fi", "Ainakin 40 kuoli.", "at_least"),
    ("fi", "Noin 40 kuoli.", "about"), ("fi", "Alle 40 kuoli.", "less_than"),
    ("de", "Mehr als 40 starben.", "more_than"), ("de", "Mindestens 40 starben.", "at_least"),
    ("de", "Rund 40 starben.", "about"), ("de", "Bis zu 40 starben.", "at_most"),
    ("ru", "Погибли более 40 человек.", "more_than"), ("ru", "Погибли не менее 40 человек.", "at_least"),
    ("ru", "Погибли около 40 человек.", "about"), ("ru", "Погибли до 40 человек.", "at_most"),
    ("uk", "Загинули понад 40 людей.", "more_than"), ("uk", "Загинули щонайменше 40 людей.", "at_least"),
    ("uk", "Загинули близько 40 людей.", "about"), ("uk", "Загинули майже 40 людей.", "about"),
    ("fr", "Plus de 40 morts.", "more_than"), ("fr", "Au moins 40 morts.", "at_least"),
    ("fr", "Environ 40 morts.", "about"), ("fr", "Moins de 40 morts.", "less_than"),
    ("es", "Más de 40 muertos.", "more_than"), ("es", "Al menos 40 muertos.", "at_least"),
    ("es", "Alrededor de 40 muertos.", "about"), ("es", "Unos 40 muertos.", "about"),
])
def test_qualifiers(lang, text, qualifier):
    qs = extract_quantities(text, lang)
    assert [q.qualifier for q in qs] == [qualifier]


@pytest.mark.parametrize("lang, text, measure", [
    ("fi", "Tulvassa kuoli 12 ihmistä.", "killed"), ("fi", "Tulvassa haavoittui 12 ihmistä.", "wounded"),
    ("fi", "Kadoksissa on 12 ihmistä.", "missing"), ("fi", "Alueelta evakuoitiin 12 ihmistä.", "displaced"),
    ("de", "12 Menschen wurden getötet.", "killed"), ("de", "Es gab 12 Verletzte.", "wounded"),
    ("de", "12 Menschen werden vermisst.", "missing"), ("de", "12 Menschen wurden evakuiert.", "displaced"),
    ("ru", "Погибли 12 человек.", "killed"), ("ru", "Ранены 12 человек.", "wounded"),
    ("ru", "Пропали 12 человек.", "missing"), ("ru", "Эвакуированы 12 человек.", "displaced"),
    ("uk", "Загинули 12 людей.", "killed"), ("uk", "Поранено 12 людей.", "wounded"),
    ("uk", "Зникли 12 людей.", "missing"), ("uk", "Евакуйовано 12 людей.", "displaced"),
    ("fr", "12 personnes ont été tuées.", "killed"), ("fr", "12 personnes ont été blessées.", "wounded"),
    ("fr", "12 personnes ont disparu.", "missing"), ("fr", "12 personnes ont été évacuées.", "displaced"),
    ("es", "12 personas murieron.", "killed"), ("es", "12 personas resultaron heridas.", "wounded"),
    ("es", "12 personas están desaparecidas.", "missing"), ("es", "12 personas fueron evacuadas.", "displaced"),
    # arrests count as captured (detained) in every language
    ("en", "Police arrested 12 people.", "captured"), ("es", "La policía detuvo a 12 personas.", "captured"),
    ("ru", "Полиция задержала 12 человек.", "captured"), ("uk", "Поліція затримала 12 людей.", "captured"),
    ("fr", "La police a interpellé 12 personnes.", "captured"), ("de", "12 Menschen wurden festgenommen.", "captured"),
])
def test_measures(lang, text, measure):
    assert [q.measure for q in extract_quantities(text, lang)] == [measure]


@pytest.mark.parametrize("lang, text, measures", [
    # the cue right before a number governs it, not the next coordinated verb's cue
    ("en", "The storm hit at night, killing 14 people and injuring more than 90.", ["killed", "wounded"]),
    ("en", "The blast wounded 20 people, killing 4.", ["wounded", "killed"]),
    ("es", "El sismo mató a 14 personas e hirió a más de 90.", ["killed", "wounded"]),
    ("fr", "L'explosion a tué 14 personnes et blessé 90 autres.", ["killed", "wounded"]),
    # a cue before a comma belongs to the clause before it
    ("de", "14 Menschen kamen ums Leben, rund 90 wurden verletzt.", ["killed", "wounded"]),
    ("uk", "Загинули 14 людей, понад 90 отримали поранення.", ["killed", "wounded"]),
    # a cue before "and" belongs to the number before it
    ("en", "The raid left 14 civilians dead and 30 wounded.", ["killed", "wounded"]),
    ("es", "Hubo 14 muertos y 30 heridos.", ["killed", "wounded"]),
    ("ru", "14 погибших и 30 раненых.", ["killed", "wounded"]),
    # the next number's own cue is not this one's
    ("en", "A bus carrying 40 passengers overturned on Monday, killing 3 people and injuring 12.",
     ["people", "killed", "wounded"]),
    ("fr", "Un bus transportant 40 passagers s'est renversé lundi, tuant 3 personnes.", ["people", "killed"]),
    # a cue between two numbers of one clause is the first one's predicate
    ("en", "At least 17 people died and 40 were missing after a boat carrying about 90 migrants capsized.",
     ["killed", "missing", "people"]),
    ("es", "Al menos 17 personas murieron y 40 están desaparecidas tras volcar una barca con unos 90 migrantes.",
     ["killed", "missing", "people"]),
])
def test_each_number_takes_the_measure_of_its_own_verb(lang, text, measures):
    assert [q.measure for q in extract_quantities(text, lang)] == measures


@pytest.mark.parametrize("lang, text, unit", [
    ("fi", "Hinta on 20 000 euroa.", "EUR"), ("fi", "Hinta nousi 5 prosenttia.", "percent"),
    ("de", "Der Preis liegt bei 20.000 Euro.", "EUR"), ("de", "Er stieg um 5 Prozent.", "percent"),
    ("ru", "Цена 20 000 евро.", "EUR"), ("ru", "Рост на 5 процентов.", "percent"), ("ru", "Цена 500 рублей.", "RUB"),
    ("uk", "Ціна 20 000 євро.", "EUR"), ("uk", "Зростання на 5 відсотків.", "percent"), ("uk", "Ціна 500 гривень.", "UAH"),
    ("fr", "Le prix est de 20 000 €.", "EUR"), ("fr", "Hausse de 5 pour cent.", "percent"),
    ("es", "El precio es de 20.000 dólares.", "USD"), ("es", "Subió un 5 por ciento.", "percent"),
    # counted people and things share one English unit across languages
    ("de", "Vor Ort halfen 12 Sanitäter.", "medic"), ("fi", "Paikalla oli 30 vapaaehtoista.", "volunteer"),
    ("ru", "Задержаны 12 мигрантов.", "migrant"), ("uk", "Затримали 12 мігрантів.", "migrant"),
    ("fr", "Trois ambulanciers ont été blessés.", "medic"), ("es", "Llegaron 5 finlandeses.", "finn"),
    ("fi", "Paikalla oli neljä helikopteria.", "helicopter"), ("de", "Rund 9000 Haushalte waren ohne Strom.", "home"),
    ("es", "El fuego afecta a cuatro municipios.", "town"), ("ru", "Эвакуированы четыре посёлка.", "town"),
    ("fr", "Quatre communes sont touchées.", "town"), ("es", "Trabajan unos 400 efectivos.", "people"),
    ("de", "Nordwerk streicht 1.200 Stellen.", "job"), ("fi", "Nordwerk vähentää 1 200 työpaikkaa.", "job"),
    ("fr", "Nordwerk va supprimer 1 200 emplois.", "job"), ("es", "Nordwerk recortará 1.200 empleos.", "job"),
    ("ru", "В порты зашли около 1 600 судов.", "ship"), ("uk", "До портів зайшли майже 1 700 суден.", "ship"),
    ("fi", "Satamiin saapui noin 1 600 alusta.", "ship"),
    # an earthquake's magnitude, named before or after the number
    ("de", "Ein Beben der Stärke 6,1 traf die Stadt.", "magnitude"), ("fr", "Un séisme de magnitude 6,1.", "magnitude"),
    ("es", "Un sismo de magnitud 6,1 golpeó la ciudad.", "magnitude"), ("fi", "Magnitudiltaan 6,1 järistys.", "magnitude"),
    ("ru", "Землетрясение магнитудой 6,1 произошло ночью.", "magnitude"),
    ("uk", "Землетрус магнітудою 6,1 стався вночі.", "magnitude"), ("fi", "Järistys oli 6,1 magnitudia.", "magnitude"),
    ("de", "Die Einheit hat eine Stärke von 800 Soldaten.", "soldier"),   # a strength, not a magnitude
    ("de", "Es gab 40 Nachbeben.", "aftershock"), ("fr", "On a compté 40 répliques.", "aftershock"),
    ("ru", "Произошло 40 афтершоков.", "aftershock"), ("es", "Hubo 40 réplicas.", "aftershock"),
    ("uk", "Рятувальники працюють у 9 районах.", "district"), ("de", "Schulen in neun Bezirken bleiben zu.", "district"),
    ("en", "About 300 demonstrators gathered.", "protester"), ("fr", "Environ 300 manifestants.", "protester"),
    ("en", "Crews fought 17 wildfires.", "fire"), ("es", "Hay 17 incendios forestales.", "fire"),
    ("de", "Die Retter zogen 33 Überlebende aus dem Wasser.", "survivor"), ("es", "Rescataron a 33 supervivientes.", "survivor"),
    ("fr", "Les secouristes ont repêché 33 survivants.", "survivor"), ("ru", "Спасены 33 выживших.", "survivor"),
    ("uk", "Рятувальники витягли 33 вцілілих.", "survivor"), ("fi", "Vedestä nostettiin 33 eloonjäänyttä.", "survivor"),
    ("fi", "Alueella on 17 maastopaloa.", "fire"), ("uk", "Горять 17 лісових пожеж.", "fire"),
    ("fi", "Lämpötila nousi 44,6 asteeseen.", "degree"), ("uk", "Температура сягнула 44,6 градуса.", "degree"),
])
def test_units(lang, text, unit):
    assert [q.unit for q in extract_quantities(text, lang)] == [unit]


def _group(n: int, sep: str) -> str:
    s = str(n)
    head = len(s) % 3 or 3
    return s[:head] + "".join(sep + s[i:i + 3] for i in range(head, len(s), 3))


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1_000, max_value=999_999_999))
def test_grouped_numbers_in_the_language_style_come_back(lang, n):
    """Any integer written with the language's thousands separator and a counted noun keeps its value."""
    sep = load_lexicon(lang, "numbers")["thousands_separators"][0]
    noun = next(w for w in load_lexicon(lang, "units")["persons"]["generic_person_words"])
    text = f"{_group(n, sep)} {noun}"
    values = [q.value for q in extract_quantities(text, lang)]
    assert values == [float(n)], (text, values)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200))
def test_never_raises_and_spans_slice(lang, text):
    for q in extract_quantities(text, lang):
        assert text[q.span[0]:q.span[1]] == q.text


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le bénéfice a reculé à 512 millions d'euros, contre 640 millions un an plus tôt."),
    ("es", "El beneficio cayó a 512 millones de euros, frente a 640 millones un año antes."),
    ("de", "Der Gewinn sank auf 512 Millionen Euro, nach 640 Millionen im Vorjahr."),
    ("ru", "Прибыль снизилась до 512 млн евро против 640 млн годом ранее."),
    ("uk", "Прибуток знизився до 512 млн євро проти 640 млн роком раніше."),
])
def test_the_figure_a_number_is_compared_with_counts_the_same(lang, text):
    assert [(q.value, q.unit) for q in extract_quantities(text, lang)] == [(512e6, "EUR"), (640e6, "EUR")]


@pytest.mark.parametrize("lang, text", [
    ("en", "The incidence rose to 312 cases per 100,000 inhabitants."),
    ("de", "Die Inzidenz stieg auf 312 Fälle pro 100.000 Einwohner."),
    ("fr", "Le taux d'incidence est passé à 312 cas pour 100 000 habitants."),
    ("es", "La incidencia subió a 312 casos por cada 100.000 habitantes."),
    ("ru", "Заболеваемость выросла до 312 случаев на 100 тысяч жителей."),
    ("uk", "Захворюваність зросла до 312 випадків на 100 тисяч жителів."),
    ("fi", "Ilmaantuvuus nousi 312 tapaukseen 100 000 asukasta kohden."),
])
def test_a_count_per_a_round_number_is_one_rate(lang, text):
    assert [(q.value, q.unit) for q in extract_quantities(text, lang)] == [(312, "case per 100,000")]


@pytest.mark.parametrize("lang, text, expected", [
    # a separable verb around the number: the verb before it, the particle closing the clause
    ("de", "Beamte nahmen in der Nacht 31 Verdächtige fest.", [(31, "captured", None)]),
    ("de", "Die Zahl der Touristen nahm im Sommer um 8 Prozent zu.", [(8, "percent", "increase")]),
    ("de", "Der Absatz ging im Mai um 2,5 Prozent zurück, teilte der Verband mit.", [(2.5, "percent", "decrease")]),
    # without its verb the particle is no cue ("stellte … fest" is to find, not to arrest)
    ("de", "Die Prüfer stellten 31 Mängel fest.", [(31, "other", None)]),
    # the verb without its particle neither ("nahm 31 Schüler auf" took them in)
    ("de", "Die Schule nahm 31 Schüler auf.", [(31, "people", None)]),
    # custody and arrest idioms
    ("fi", "Poliisi otti kiinni 31 epäiltyä.", [(31, "captured", None)]),
    ("en", "Officers took 31 suspects into custody.", [(31, "captured", None)]),
    ("ru", "Суд отправил под стражу 31 подозреваемого.", [(31, "captured", None)]),
])
def test_verbs_split_around_the_number(lang, text, expected):
    assert [(q.value, q.measure, q.change) for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize("lang, text, value", [
    # without articles a fraction word stands alone ("треть" is a third, not "the third")
    ("ru", "Треть жителей района осталась без света.", 1 / 3),
    ("uk", "Чверть опитаних не визначилися.", 1 / 4),
    ("fi", "Kolmannes vastaajista kannatti esitystä.", 1 / 3),
])
def test_a_fraction_word_alone_is_a_share(lang, text, value):
    qs = extract_quantities(text, lang)
    assert [(round(q.value, 4), q.unit) for q in qs] == [(round(value, 4), "fraction")]


@pytest.mark.parametrize("lang, text", [
    ("ru", "В первой четверти матча хозяева вели."),
    ("uk", "У першій чверті гри гості вели."),
])
def test_a_quarter_of_a_game_is_no_share(lang, text):
    assert extract_quantities(text, lang) == []


@pytest.mark.parametrize("lang, text, measure", [
    # a verb right after a vague amount is its predicate, not its counted noun
    ("fi", "Satoja evakuoitiin kylistä yön aikana.", "displaced"),
    ("fr", "Des dizaines d'autres ont été évacuées vers Nice.", "displaced"),
])
def test_a_verb_after_a_vague_amount_ends_its_noun(lang, text, measure):
    assert [q.measure for q in extract_quantities(text, lang)] == [measure]


@pytest.mark.parametrize("lang, text, units", [
    # a bare part counts what its whole counts
    ("en", "Rebels hold 14 of the 20 districts.", ["district", "district"]),
    ("de", "Die Partei errang 87 der 150 Mandate.", ["seat", "seat"]),
    ("es", "La coalición logró 87 de los 150 escaños.", ["seat", "seat"]),
    ("fr", "La coalition a obtenu 87 des 150 sièges.", ["seat", "seat"]),
    ("ru", "Коалиция получила 87 из 150 мест.", ["seat", "seat"]),
    ("uk", "Коаліція отримала 87 з 150 місць.", ["seat", "seat"]),
    ("uk", "Коаліція отримала 55 зі 101 місця.", ["seat", "seat"]),
])
def test_a_part_counts_what_its_whole_counts(lang, text, units):
    assert [q.unit for q in extract_quantities(text, lang)] == units


@pytest.mark.parametrize("lang, text, value", [
    # a share out of a small or round whole: "three of ten" (not "87 of 150 seats")
    ("de", "Drei von zehn Befragten lehnen den Plan ab.", 0.3),
    ("es", "Tres de cada diez encuestados rechazan el plan.", 0.3),
    ("fr", "Trois sur dix rejettent le projet.", 0.3),
    ("fr", "Trois électeurs sur dix rejettent le projet.", 0.3),     # the counted noun inside
    ("ru", "Трое из десяти опрошенных против плана.", 0.3),
    ("uk", "Троє з десяти опитаних проти плану.", 0.3),
])
def test_a_share_out_of_a_round_whole(lang, text, value):
    assert [(round(q.value, 3), q.unit) for q in extract_quantities(text, lang)] == [(value, "fraction")]


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le courant est revenu chez 40 000 foyers, contre 95 000 dimanche."),
    ("en", "Power returned to 40,000 homes, up from 25,000 Monday."),
])
def test_a_weekday_is_no_counted_noun(lang, text):
    assert [q.unit for q in extract_quantities(text, lang)] == ["home", "home"]


@pytest.mark.parametrize("lang, text, measures", [
    # a counted noun no table knows takes the life measure of its own verb
    ("en", "Two climbers died on the glacier.", ["killed"]),
    ("de", "Vor der Küste ertranken zwei Segler.", ["killed"]),
    ("fr", "Deux alpinistes sont morts sur le glacier.", ["killed"]),
    ("es", "Dos alpinistas resultaron heridos en el glaciar.", ["wounded"]),
    # but not a thing in another clause of the sentence
    ("en", "The flood killed 3 people and damaged 40 barns.", ["killed", "other"]),
    # a cue that describes a place is no measure ("the affected districts")
    ("ru", "В пострадавших районах работают 300 спасателей.", ["people"]),
    ("uk", "У постраждалих районах працюють 300 рятувальників.", ["people"]),
])
def test_the_verb_of_a_count_of_beings(lang, text, measures):
    assert [q.measure for q in extract_quantities(text, lang)] == measures


@pytest.mark.parametrize("lang, text, units", [
    # "21.000 mehr": the number before "more" counts what the previous number counted
    ("de", "Es gab 276.000 Arbeitslose, rund 21.000 mehr als vor einem Jahr.", ["arbeitslos", "arbeitslos"]),
    ("fr", "On comptait 276 000 chômeurs, soit 21 000 de plus qu'il y a un an.", ["chômeur", "chômeur"]),
    ("es", "Había 276.000 parados, unos 21.000 más que hace un año.", ["parado", "parado"]),
])
def test_a_number_more_than_another_counts_the_same(lang, text, units):
    assert [q.unit for q in extract_quantities(text, lang)] == units


@pytest.mark.parametrize("lang, text, values", [
    ("ru", "Безработных стало на 21 тысячу больше.", [21000]),
    ("uk", "Безробітних стало на 21 тисячу більше.", [21000]),
])
def test_thousands_in_the_accusative(lang, text, values):
    assert [q.value for q in extract_quantities(text, lang)] == values


@pytest.mark.parametrize("lang, text", [
    ("en", "More than 280,000 voters cast ballots abroad."), ("fr", "Plus de 280 000 électeurs ont voté."),
    ("de", "Mehr als 280.000 Wähler stimmten ab."), ("es", "Votaron más de 280.000 electores."),
    ("ru", "Проголосовали более 280 тысяч избирателей."), ("uk", "Проголосували понад 280 тисяч виборців."),
    ("fi", "Yli 280 000 äänestäjää äänesti."),
])
def test_voters_are_one_unit_in_every_language(lang, text):
    assert [(q.value, q.unit, q.measure) for q in extract_quantities(text, lang)] == [(280000, "voter", "people")]


@pytest.mark.parametrize("lang, text, measure", [
    # what the losses were, said after the counted noun, narrows them
    ("en", "The army has lost about 900 troops killed or wounded over the past day.", "casualties"),
    # a clause break inside a cue phrase is none ("убитыми и ранеными" is one cue)
    ("ru", "Потери армии убитыми и ранеными за сутки составили около 900 человек.", "casualties"),
    ("uk", "Втрати армії вбитими і пораненими за добу склали близько 900 осіб.", "casualties"),
])
def test_losses_narrowed_by_what_they_were(lang, text, measure):
    assert [q.measure for q in extract_quantities(text, lang)][:1] == [measure]


@pytest.mark.parametrize("lang, text, change", [
    # a fraction as the amount of a change
    ("fr", "Le résultat opérationnel a chuté d'un cinquième.", "decrease"),
    ("ru", "Операционная прибыль сократилась на пятую часть.", "decrease"),
    ("uk", "Операційний прибуток скоротився на п'яту частину.", "decrease"),
    ("fi", "Liikevoitto putosi viidenneksellä.", "decrease"),
])
def test_a_fraction_can_be_the_change(lang, text, change):
    assert [(round(q.value, 3), q.change) for q in extract_quantities(text, lang)] == [(0.2, change)]


@pytest.mark.parametrize("lang, text", [
    ("ru", "Организаторы говорят о 10 тысячах участников."),
    ("uk", "Організатори кажуть про 10 тисячах учасників."),
])
def test_thousands_in_the_prepositional_case(lang, text):
    assert [q.value for q in extract_quantities(text, lang)] == [10000]


def test_a_quarter_of_the_year_is_no_share():
    assert extract_quantities("Liikevaihto kasvoi kolmannella neljänneksellä.", "fi") == []


@pytest.mark.parametrize("lang, text", [
    # the noun of the shared table is the head, not the adjective before it; compounds end in it
    ("es", "Se notificaron 1.243 nuevos casos de cólera."), ("fr", "On a signalé 1 243 nouveaux cas de choléra."),
    ("uk", "Виявлено 1243 нові випадки холери."), ("ru", "Выявлено 1243 новых случая холеры."),
    ("de", "Gemeldet wurden 1243 neue Cholerafälle."), ("fi", "Raportoitiin 1 243 uutta koleratapausta."),
])
def test_new_cases_are_cases(lang, text):
    assert [q.unit for q in extract_quantities(text, lang)] == ["case"]


@pytest.mark.parametrize("lang, text", [
    # a person noun before a noun of the shared table is still the head: residents, not districts
    ("ru", "Власти эвакуировали около 4500 жителей прибрежных районов."),
    ("uk", "Влада евакуювала близько 4500 мешканців прибережних районів."),
])
def test_people_of_a_place_are_the_people(lang, text):
    assert [q.measure for q in extract_quantities(text, lang)] == ["displaced"]


def test_a_german_verb_that_closes_the_clause_gives_the_change():
    qs = extract_quantities("Die Zentralbank hat am Donnerstag ihren Leitzins um 0,25 Prozentpunkte auf "
                            "4,75 Prozent angehoben.", "de")
    assert [(q.value, q.change) for q in qs] == [(0.25, "increase"), (4.75, None)]


@pytest.mark.parametrize("lang, text, expected", [
    # "30 others" counts what the number before counted, with a measure of its own
    ("en", "The fire destroyed 14 homes and damaged 30 others.", [("home", "other"), ("home", "other")]),
    ("en", "Five people died and 30 others were injured.", [("people", "killed"), ("people", "wounded")]),
    ("de", "Bei dem Unglück starben 9 Menschen, 23 weitere wurden verletzt.", [("people", "killed"), ("people", "wounded")]),
    ("fr", "Cinq personnes sont mortes et 30 autres ont été blessées.", [("people", "killed"), ("people", "wounded")]),
])
def test_others_count_what_came_before(lang, text, expected):
    assert [(q.unit, q.measure) for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize("lang, text", [
    ("ru", "Центробанк повысил ставку на 200 базисных пунктов."), ("uk", "НБУ підвищив ставку на 200 базисних пунктів."),
    ("es", "El banco subió los tipos en 200 puntos básicos."), ("fr", "La banque a relevé ses taux de 200 points de base."),
    ("fi", "Keskuspankki nosti korkoa 200 korkopistettä."),
])
def test_basis_points_in_every_language(lang, text):
    assert [q.unit for q in extract_quantities(text, lang)] == ["basis point"]


@pytest.mark.parametrize("lang, text, value", [
    # a round figure said as one word is that figure, approximately
    ("fr", "Une vingtaine de maisons ont été inondées.", 20),
    ("fr", "Un millier de manifestants ont défilé samedi.", 1000),
    ("es", "Una decena de vecinos fueron evacuados.", 10),
    ("es", "Un centenar de agentes participan en la búsqueda.", 100),
    ("ru", "Около десятка домов остались без света.", 10),
    ("ru", "Два десятка домов повреждены.", 20),
    ("uk", "Близько десятка будинків знеструмлено.", 10),
    ("fi", "Kymmenkunta taloa jäi ilman sähköä.", 10),
    ("fi", "Paikalle kokoontui satakunta mielenosoittajaa.", 100),
])
def test_a_round_figure_said_as_one_word(lang, text, value):
    assert [(q.value, q.qualifier) for q in extract_quantities(text, lang)] == [(value, "about")]


@pytest.mark.parametrize("lang, text", [
    ("fr", "Les passagers ont été placés en quarantaine."),       # quarantine, not forty
    ("es", "Los viajeros guardaron cuarentena en casa."),
    ("fi", "Satakunnassa satoi lunta yöllä."),                   # the region, not a hundred
])
def test_a_round_figure_word_needs_its_article_or_form(lang, text):
    assert extract_quantities(text, lang) == []


@pytest.mark.parametrize("lang, text, unit", [
    # a participle before its noun is an adjective, not the predicate that ends the noun phrase
    ("en", "The city plans to install 400 charging stations.", "station"),
    ("en", "The defence gave up 517 rushing yards.", "yard"),
    ("de", "Der Sturm hinterließ 50 beschädigte Häuser.", "home"),
    # where the verb can come first, it ends the phrase ("satoja loukkaantui lautan upotessa")
    ("fi", "Satoja loukkaantui lautan upotessa.", None),
])
def test_a_participle_before_its_noun_is_an_adjective(lang, text, unit):
    assert [q.unit for q in extract_quantities(text, lang)] == [unit]


@pytest.mark.parametrize("lang, text, value, unit", [
    # a share of the scale or unit after it is one figure, not a fraction and a scale
    ("en", "Half a million people fled the floods.", 500_000, "people"),
    ("en", "A quarter of a million homes lost power.", 250_000, "home"),
    ("en", "The bank raised rates by half a percentage point.", 0.5, "percentage point"),
    ("en", "Two and a half million people voted.", 2_500_000, "people"),
    ("de", "Eine halbe Million Menschen flohen.", 500_000, "people"),
    ("de", "Die Notenbank senkte den Zins um einen halben Prozentpunkt.", 0.5, "percentage point"),
    ("de", "Zweieinhalb Millionen Menschen sind betroffen.", 2_500_000, "people"),
    ("fr", "Un demi-million de personnes ont fui.", 500_000, "people"),
    ("es", "Medio millón de personas huyeron.", 500_000, "people"),
    ("es", "El Banco Central subió medio punto porcentual.", 0.5, "percentage point"),
    ("ru", "Полмиллиона человек бежали.", 500_000, "people"),
    ("ru", "Полтора миллиона человек остались без света.", 1_500_000, "people"),
    ("ru", "Два с половиной миллиона человек проголосовали.", 2_500_000, "people"),
    ("ru", "Ставка снижена на полпроцента.", 0.5, "percent"),
    ("uk", "Пів мільйона людей виїхали.", 500_000, "people"),
    ("uk", "Півтора мільйона людей проголосували.", 1_500_000, "people"),
    ("fi", "Puoli miljoonaa ihmistä pakeni.", 500_000, "people"),
    ("fi", "Kaksi ja puoli miljoonaa ihmistä äänesti.", 2_500_000, "people"),
    ("fi", "Korko nousi puoli prosenttiyksikköä.", 0.5, "percentage point"),
])
def test_a_share_of_the_scale_or_unit_after_it(lang, text, value, unit):
    assert [(q.value, q.unit) for q in extract_quantities(text, lang)] == [(value, unit)]


@pytest.mark.parametrize("lang, text", [
    ("es", "La media de edad de los detenidos es de 40 años."),   # the average, not a half
    ("ru", "Полиция задержала 12 человек."),                       # "пол…" only before a scale or unit
])
def test_a_half_word_alone_is_no_share(lang, text):
    assert all(q.value >= 1 for q in extract_quantities(text, lang))


@pytest.mark.parametrize("lang, text, value, low, high", [
    # after a change verb, "from X to Y" goes from one level to the next: the figure is the level
    # reached, the range keeps both
    ("en", "The death toll rose from 146 to 158.", 158, 146, 158),
    ("en", "Inflation slowed from 3.1% to 2.9%.", 2.9, 2.9, 3.1),
    ("de", "Die Zahl der Toten stieg von 146 auf 158.", 158, 146, 158),
    ("fr", "Le nombre de morts est passé de 146 à 158.", 158, 146, 158),
    ("es", "El número de muertos pasó de 146 a 158.", 158, 146, 158),
    ("es", "La inflación bajó del 3,1 % al 2,9 %.", 2.9, 2.9, 3.1),
    ("ru", "Число погибших выросло со 146 до 158.", 158, 146, 158),
    ("uk", "Кількість загиблих зросла зі 146 до 158.", 158, 146, 158),
    # without one it is a range, and its figure the middle
    ("en", "Temperatures ranged from 5 to 7 degrees.", 6, 5, 7),
    ("fr", "De 10 à 15 personnes sont mortes.", 12.5, 10, 15),
    ("ru", "Погибли от 10 до 15 человек.", 12.5, 10, 15),
])
def test_from_one_level_to_the_next(lang, text, value, low, high):
    assert [(q.value, q.low, q.high) for q in extract_quantities(text, lang)] == [(value, low, high)]


def test_a_spanish_more_than_word_is_none_where_it_opens_a_movement():
    assert [q.qualifier for q in extract_quantities("El número de muertos pasó de 100.", "es")] == ["more_than"]
    assert [q.qualifier for q in extract_quantities("El número de muertos pasó de 146 a 158.", "es")] == ["range"]


def test_shooting_down_is_no_decrease():
    assert [q.change for q in extract_quantities("Air defences shot down 20 drones overnight.", "en")] == [None]


@pytest.mark.parametrize("lang, text, expected", [
    # a change and the level it led to count the same thing
    ("en", "Registered unemployment fell by 27,000 people to 2.6 million.",
     [(27_000, "people", "decrease"), (2_600_000, "people", None)]),
    ("de", "Die Zahl der Arbeitslosen stieg um 34.000 Personen auf 2,8 Millionen.",
     [(34_000, "people", "increase"), (2_800_000, "people", None)]),
    ("es", "El paro registrado bajó en 27.000 personas en octubre, hasta 2,6 millones.",
     [(27_000, "people", "decrease"), (2_600_000, "people", None)]),
    ("ru", "Число безработных выросло на 34 тысячи человек до 2,8 миллиона.",
     [(34_000, "people", "increase"), (2_800_000, "people", None)]),
    # French "de" after a change verb is "by" where the figures do not move the verb's way
    ("fr", "Le nombre de chômeurs a baissé de 27 000 personnes à 2,6 millions.",
     [(27_000, "people", "decrease"), (2_600_000, "people", None)]),
    # a rate is no count of the level ("rose 5% to 2.8 million")
    ("en", "Sales rose 5% to 2.8 million.", [(5, "percent", "increase"), (2_800_000, None, None)]),
])
def test_a_change_and_its_level_count_the_same(lang, text, expected):
    assert [(q.value, q.unit, q.change) for q in extract_quantities(text, lang)] == expected


def test_a_figure_compared_with_a_year_leaves_the_year_out():
    text = "Im vergangenen Jahr kamen 2839 Menschen ums Leben, 7 Prozent weniger als 2022."
    assert [q.value for q in extract_quantities(text, "de")] == [2839, 7]
    assert [q.value for q in extract_quantities("Es kamen mehr als 2000.", "de")] == [2000]


def test_a_finnish_place_in_a_where_case_labels_no_number():
    assert [q.value for q in extract_quantities("Tapauksia todettiin Euroopassa 127 000.", "fi")] == [127_000]


@pytest.mark.parametrize("lang, text, unit", [
    # a change in points to a percentage is in percentage points
    ("fr", "La banque a abaissé jeudi son taux d'un quart de point, à 3,25 %.", "percentage point"),
    ("de", "Die Arbeitslosenquote sank um 0,3 Punkte auf 7,1 Prozent.", "percentage point"),
    ("es", "El paro bajó 0,3 puntos, hasta el 7,1 %.", "percentage point"),
    # an index's points beside its change in percent stay points
    ("en", "The Dow lost 190 points, or 0.6%.", "point"),
    # a change in points of a rate the sentence names
    ("de", "Die Notenbank senkte den Leitzins um 0,25 Punkte.", "percentage point"),
    ("fi", "Työttömyysaste laski 0,3 pistettä.", "percentage point"),
    ("fr", "Le CAC 40 a perdu 120 points.", "point"),
])
def test_points_beside_a_percentage(lang, text, unit):
    assert extract_quantities(text, lang)[0].unit == unit


@pytest.mark.parametrize("lang, text, value, unit", [
    ("en", "The central bank cut rates by a quarter point.", 0.25, "percentage point"),   # points of a rate
    ("de", "Die Bank senkte den Leitzins um einen Viertelprozentpunkt.", 0.25, "percentage point"),
    ("fi", "Keskuspankki laski korkoa neljänneksen prosenttiyksikön.", 0.25, "percentage point"),
    ("ru", "ЦБ снизил ставку на четверть процентного пункта.", 0.25, "percentage point"),
    ("es", "El banco bajó los tipos un cuarto de punto.", 0.25, "point"),
])
def test_a_quarter_of_a_point(lang, text, value, unit):
    assert [(q.value, q.unit) for q in extract_quantities(text, lang)] == [(value, unit)]


@pytest.mark.parametrize("lang, text, expected", [
    # the verb after "residents of eleven villages" is the residents'
    ("en", "Some 4,500 residents of eleven villages have been evacuated.", ["displaced", "other"]),
    ("fr", "Quelque 4 500 habitants de onze villages ont été évacués.", ["displaced", "other"]),
    ("ru", "Около 4500 жителей одиннадцати деревень были эвакуированы.", ["displaced", "other"]),
])
def test_a_count_that_qualifies_a_noun_leaves_the_verb_to_it(lang, text, expected):
    assert [q.measure for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize("lang, text, unit, measure", [
    # more of what was counted before; its measure only when nothing else follows in its clause
    ("en", "Twelve people were killed in Kharkiv and another three in Sumy.", "people", "killed"),
    ("en", "Some 4,500 residents were evacuated and a further 2,000 told to stay indoors.", "resident", "people"),
    ("de", "Drei Menschen starben, weitere 20 wurden verletzt.", "people", "wounded"),
])
def test_a_further_number_counts_what_came_before(lang, text, unit, measure):
    last = extract_quantities(text, lang)[-1]
    assert (last.unit, last.measure) == (unit, measure)


def test_a_word_that_begins_like_a_share_is_none():
    assert [q.value for q in extract_quantities("Trabajan con el apoyo de 18 medios aéreos.", "es")] == [18]


def test_a_spanish_verb_in_the_present_ends_the_counted_noun():
    text = "Unos 4.500 vecinos fueron desalojados, y otros 2.000 permanecen confinados en sus casas."
    assert [q.unit for q in extract_quantities(text, "es")] == ["people", "people"]


@pytest.mark.parametrize("text, value, unit", [
    # a Finnish clause may name what it counts before "on/oli" and the number
    ("Tapauksia on ollut 9 800.", 9800, "case"),
    ("Vuonna 2022 tapauksia oli 500.", 500, "case"),
    # a number after "vuonna" is a year only when it can be one
    ("Tapauksia todettiin viime vuonna 127 000.", 127_000, None),
])
def test_finnish_counted_noun_before_the_verb_to_be(text, value, unit):
    assert [(q.value, q.unit) for q in extract_quantities(text, "fi")] == [(value, unit)]
