"""Attribution, quotes and names per language: gold sentences, lexicon completeness, stem matching."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgrid.claims.attribution import find_attribution
from claimgrid.claims.mentions import find_mentions, tokens, word_set
from claimgrid.claims.quotes import find_quotes
from claimgrid.lexicons import LEXICON_DIR, REQUIRED_TABLES, load_lexicon
from claimgrid.text import sentence_spans

GOLD_DIR = Path(__file__).parent / "gold"
LANGUAGES = ("fi", "de", "ru", "uk", "fr", "es")
# The tables a teammate adds for quantities (issue 5); reported as a skip until they exist.
QUANTITY_TABLES = ("numbers", "qualifiers", "units", "measures")
SPEECH_TABLES = ("speech", "entities", "abbreviations")

# Minimum share of gold sentences read right, per language and field: a little
# below what was measured when the lexicons were written (the gold sentences
# were also the development set, so held-back text will score lower).
MINIMUM = {   # regression floors just under the measured scores (these are development sets)
    "fi": {"speaker": 0.93, "via": 0.97, "quotes": 0.97},   # measured 0.95 / 1.00 / 1.00
    "de": {"speaker": 0.93, "via": 0.93, "quotes": 0.97},   # measured 0.95 / 0.95 / 1.00
    "ru": {"speaker": 0.93, "via": 0.93, "quotes": 0.97},   # measured 0.95 / 0.95 / 1.00
    "uk": {"speaker": 0.93, "via": 0.93, "quotes": 0.97},   # measured 0.95 / 0.95 / 1.00
    "fr": {"speaker": 0.97, "via": 0.97, "quotes": 0.97},   # measured 1.00 / 1.00 / 1.00
    "es": {"speaker": 0.97, "via": 0.97, "quotes": 0.97},   # measured 1.00 / 1.00 / 1.00
}

def _gold(lang: str) -> list[dict]:
    path = GOLD_DIR / f"attribution_{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_sentence(text: str, lang: str):
    """Speaker text, via and quotes of the text's last sentence, reading earlier ones for "he added"."""
    last_speaker = None
    attribution = None
    for sent in sentence_spans(text, lang):
        mentions = find_mentions(text, sent, lang)
        attribution = find_attribution(text, sent, lang, mentions, last_speaker)
        if attribution and attribution.speaker and attribution.speaker.type == "person":
            last_speaker = attribution.speaker
    speaker = attribution.speaker.text if attribution and attribution.speaker else None
    via = attribution.via if attribution else None
    quotes = [text[a:b] for a, b in find_quotes(text, (0, len(text)), lang)]
    return speaker, via, quotes


def _via_matches(found: str | None, gold: str | None) -> bool:
    # The channel's extent is loose ("US intelligence" / "newly declassified US intelligence").
    if found is None or gold is None:
        return found is gold
    return gold in found or found in gold


def score(lang: str) -> tuple[dict[str, float], list[str]]:
    """Share of gold sentences with the right speaker, via and quotes, and the misses."""
    rows = _gold(lang)
    right = {"speaker": 0, "via": 0, "quotes": 0}
    misses = []
    for row in rows:
        speaker, via, quotes = read_sentence(row["text"], lang)
        checks = {"speaker": speaker == row["speaker"], "via": _via_matches(via, row["via"]),
                  "quotes": quotes == row["quotes"]}
        for field, ok in checks.items():
            right[field] += ok
            if not ok:
                misses.append(f"{field}: {row['text']!r} -> speaker={speaker!r} via={via!r} quotes={quotes!r}")
    return {k: v / len(rows) for k, v in right.items()}, misses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gold_file_is_large_and_varied(lang):
    rows = _gold(lang)
    assert len(rows) >= 15
    assert sum(r["speaker"] is not None for r in rows) >= 8
    assert any(r["speaker"] is None and r["via"] is None for r in rows), "needs sentences with no attribution"
    assert any(r["via"] for r in rows) and any(r["quotes"] for r in rows)
    for r in rows:
        for part in [r["speaker"], r["via"], *r["quotes"]]:
            assert part is None or part in r["text"], part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gold_attribution_scores(lang):
    scores, misses = score(lang)
    for field, minimum in MINIMUM[lang].items():
        assert scores[field] >= minimum, f"{lang} {field} {scores[field]:.2f} < {minimum}\n" + "\n".join(misses)


@pytest.mark.parametrize("lang", sorted(p.name for p in LEXICON_DIR.iterdir() if p.is_dir()))
def test_every_language_folder_has_every_table(lang):
    folder = LEXICON_DIR / lang
    missing = [t for t in REQUIRED_TABLES if not (folder / f"{t}.toml").is_file()]
    not_quantity = [t for t in missing if t not in QUANTITY_TABLES]
    assert not not_quantity, f"{lang} lacks {not_quantity}"
    if missing:
        pytest.skip(f"{lang}: quantity tables {missing} not written yet (issue 5, another part)")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("table", SPEECH_TABLES)
def test_speech_tables_load_and_hold_the_english_keys(lang, table):
    english = set(load_lexicon("en", table))
    own = set(load_lexicon(lang, table))
    assert english <= own, f"{lang}/{table}.toml lacks {sorted(english - own)}"


def test_stems_match_by_prefix_and_suffix():
    words = word_set(["sagte", "minister*", "*sprecher"])
    assert "sagte" in words and "Sagte".lower() in words
    assert "ministerin" in words and "innenminister" not in word_set(["minister*"])
    assert "regierungssprecher" in words and "sprecher" not in word_set(["*sprecher"])
    assert "sagten" not in words


def test_elided_article_is_split_from_a_name():
    text = "selon l'ONU et d’après l'armée"
    assert [t.text for t in tokens(text, (0, len(text)))] == ["selon", "l'", "ONU", "et", "d’après", "l'armée"]
    text = "it's Kyiv's call"
    assert [t.text for t in tokens(text, (0, len(text)))] == ["it's", "Kyiv's", "call"]


def test_postposition_puts_the_source_before_it():
    speaker, via, _ = read_sentence("Kirbyn mukaan kaatuneita on noin 20 000.", "fi")
    assert speaker == "Kirbyn"
    speaker, via, _ = read_sentence("Pentagonin tiedustelun mukaan kaatuneita on noin 20 000.", "fi")
    assert speaker is None and via == "Pentagonin tiedustelun"


def test_german_common_nouns_are_not_names_but_signalled_names_are():
    text = "Die Behörden teilten mit, dass Innenminister Lewan Kapanadse in Kutaissi sei und Kirby zufolge Russland helfe."
    found = {m.text: m.type for m in find_mentions(text, (0, len(text)), "de")}
    assert "Behörden" not in found and "Die" not in found
    assert found["Lewan Kapanadse"] == "person"
    assert found["Kutaissi"] == "place"
    assert found["Kirby"] == "person"
    assert "Russland" in found


def test_german_districts_and_names_with_their_article_are_places():
    text = "Im Landkreis Görlitz und in der Slowakei stieg das Wasser, aus der Schweiz kam Hilfe."
    found = {m.text: m.type for m in find_mentions(text, (0, len(text)), "de")}
    assert found["Landkreis Görlitz"] == "place"
    assert found["Slowakei"] == "place" and found["Schweiz"] == "place"


def test_finnish_case_ending_marks_a_place():
    text = "Taistelut jatkuvat Bahmutissa ja Avdijivkassa, kertoi Zelenskyi."
    found = {m.text: m.type for m in find_mentions(text, (0, len(text)), "fi")}
    assert found["Bahmutissa"] == "place" and found["Avdijivkassa"] == "place"


def test_french_spaced_guillemets_open_a_quote():
    text = "« Nous tiendrons », a dit le général. «\u00a0Pas un pas en arrière\u00a0», a-t-il ajouté."
    assert [text[a:b] for a, b in find_quotes(text, (0, len(text)), "fr")] == ["Nous tiendrons",
                                                                              "Pas un pas en arrière"]


def test_inverted_pronoun_takes_the_last_speaker():
    speaker, _, _ = read_sentence("Kirby sagte, die Zahl sei hoch. Sie sei aber geschätzt, fügte er hinzu.", "de")
    assert speaker == "Kirby"
    speaker, _, _ = read_sentence("Кирби заявил, что цифра высока. Она основана на оценках, добавил он.", "ru")
    assert speaker == "Кирби"


@pytest.mark.parametrize("lang,text,count", [
    ("de", "Das sind z. B. 2,5 Mio. Euro. Dr. Weber sagte das.", 2),
    ("ru", "Потери составили 100 тыс. человек. Об этом сообщил т. е. штаб.", 2),
    ("uk", "Станом на 1 січня 2023 р. Генштаб повідомив про 100 тис. втрат. Це багато.", 2),
    ("fi", "Esim. Bahmutissa kuoli ns. vapaaehtoisia. Luku on arvio.", 2),
    ("fr", "M. Macron a parlé. Mme Borne aussi.", 2),
    ("es", "El Sr. Sánchez habló. La Sra. Díaz también.", 2),
])
def test_abbreviations_do_not_end_sentences(lang, text, count):
    assert len(sentence_spans(text, lang)) == count


@pytest.mark.parametrize("lang, text, name, kind", [
    ("uk", "Генеральний штаб ЗСУ повідомив про втрати.", "Генеральний штаб ЗСУ", "organisation"),
    ("uk", "Міністерство оборони України заявило про втрати.", "Міністерство оборони України", "organisation"),
    ("ru", "Министерство иностранных дел России сообщило об эвакуации.", "Министерство иностранных дел России",
     "organisation"),
    ("uk", "Державна служба з надзвичайних ситуацій повідомила про пожежу.", "Державна служба", "organisation"),
    ("fi", "Espanjan ilmatieteen laitos AEMET kertoi helteestä.", "Espanjan ilmatieteen laitos AEMET", "organisation"),
    ("fi", "Suomen hallitus päätti tuesta.", "Suomen hallitus", "organisation"),
    ("fr", "Le ministère de la Santé a annoncé 12 morts.", "ministère de la Santé", "organisation"),
    ("es", "El ministerio de Defensa informó de 12 muertos.", "ministerio de Defensa", "organisation"),
])
def test_an_institution_name_runs_on_in_lower_case(lang, text, name, kind):
    mentions = find_mentions(text, (0, len(text)), lang)
    assert (mentions[0].text, mentions[0].type) == (name, kind)


@pytest.mark.parametrize("lang, text, first", [
    # a lower-case verb and an unknown name after it do not join the institution's name
    ("uk", "Міністерство оборони отримало Patriot від партнерів.", "Міністерство"),
    ("uk", "Генеральний штаб повідомив Зеленському про втрати.", "Генеральний штаб"),
])
def test_an_institution_name_stops_before_a_verb(lang, text, first):
    assert find_mentions(text, (0, len(text)), lang)[0].text == first


@pytest.mark.parametrize("lang, text, governed, kind", [
    ("uk", "Мер Києва Віталій Кличко сказав, що загиблих п'ятеро.", "Києва", "other"),
    ("ru", "Губернатор края Имерети Нино Джапаридзе заявил о жертвах.", "Имерети", "place"),
    ("ru", "Губернатор Ростовской области Василий Голубев заявил о жертвах.", "Ростовской", "place"),
    ("ru", "Представитель Пентагона Джон Кирби сказал это.", "Пентагона", "organisation"),
])
def test_what_a_role_governs_is_not_the_person(lang, text, governed, kind):
    mentions = {m.text: m.type for m in find_mentions(text, (0, len(text)), lang)}
    assert mentions[governed] == kind


@pytest.mark.parametrize("lang, text, place", [
    ("en", "Most of the dead were in the town of Kestrelby.", "Kestrelby"),
    ("fr", "La plupart des victimes se trouvaient dans la ville de Kestrelby.", "Kestrelby"),
    ("es", "La mayoría de los muertos estaban en la ciudad de Kestrelby.", "Kestrelby"),
    ("de", "Die meisten Toten stammten aus der Stadt Kestrelby.", "Stadt Kestrelby"),
])
def test_a_name_after_a_place_word_and_of_is_a_place(lang, text, place):
    mentions = {m.text: m.type for m in find_mentions(text, (0, len(text)), lang)}
    assert mentions[place] == "place"


def test_an_organisation_after_an_inverted_tag_and_its_article_speaks():
    for lang, text, name in [("en", '"It is over," said the Pentagon.', "Pentagon"),
                             ("de", "„Es ist vorbei“, sagte der Kreml.", "Kreml")]:
        mentions = find_mentions(text, (0, len(text)), lang)
        found = find_attribution(text, (0, len(text)), lang, mentions)
        assert found is not None and found.speaker is not None and found.speaker.text == name


@pytest.mark.parametrize("lang, text, via", [
    # a common noun after "according to" is the channel, in every language
    ("en", "Two hikers were hurt, according to mountain rescuers.", "mountain rescuers"),
    ("en", "According to witnesses, the blast came shortly after midnight.", "witnesses"),
    ("de", "Nach Angaben von Anwohnern brach das Feuer im Dachgeschoss aus.", "Anwohnern"),
    ("fr", "Deux randonneurs ont été blessés, selon les gendarmes.", "les gendarmes"),
    ("es", "Según testigos, la explosión se produjo poco después de medianoche.", "testigos"),
    ("ru", "По данным синоптиков, снег пойдет в четверг.", "синоптиков"),
    ("uk", "За даними рятувальників, пожежу локалізовано.", "рятувальників"),
    # "nach Angaben" is the marker, not part of the channel named after it
    ("de", "Auf der A7 bei Kassel sind nach Angaben der Polizei zwei Lastwagen zusammengestoßen.", "der Polizei"),
    # a role after an indefinite article is an unnamed person, quoted as the channel
    ("en", "Four barns burned down, a fire brigade spokeswoman said.", "a fire brigade spokeswoman"),
    ("de", "Vier Scheunen brannten nieder, sagte eine Feuerwehrsprecherin.", "eine Feuerwehrsprecherin"),
])
def test_an_unnamed_source_is_the_channel(lang, text, via):
    mentions = find_mentions(text, (0, len(text)), lang)
    found = find_attribution(text, (0, len(text)), lang, mentions)
    assert found is not None and found.speaker is None and found.via == via


@pytest.mark.parametrize("lang, text", [
    ("fi", "Yhtiö aikoo sulkea tehtaan Porissa, se kertoi maanantaina."),
    ("ru", "Компания закроет завод, это сообщили в понедельник."),
])
def test_a_pronoun_alone_is_no_source(lang, text):
    mentions = find_mentions(text, (0, len(text)), lang)
    found = find_attribution(text, (0, len(text)), lang, mentions)
    assert found is None or (found.speaker is None and found.via is None)


@pytest.mark.parametrize("lang, text, name", [
    # a full name after a role and the place the role governs is the person's
    ("ru", "По словам главы региона Сергея Иванова, погибли три человека.", "Сергея Иванова"),
    ("ru", "Ветер осложняет работу, заявила глава службы спасения острова Ньевес Родригес.", "Ньевес Родригес"),
])
def test_a_name_after_a_role_and_its_place_is_the_speaker(lang, text, name):
    mentions = find_mentions(text, (0, len(text)), lang)
    found = find_attribution(text, (0, len(text)), lang, mentions)
    assert found is not None and found.speaker is not None and found.speaker.text == name
