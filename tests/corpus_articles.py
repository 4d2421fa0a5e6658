"""A small news corpus written for the corpus tests: eight invented events, five reports each.

Each event (an earthquake, a flood, a fire, …) has its own place, official and
figures; each is reported by two English outlets and one German, French and
Spanish outlet, with the figures phrased differently (“at least 12”, “mindestens
12”, “au moins 12”). Facts are invented; every sentence is this project's own.
"""
from __future__ import annotations

import json
from pathlib import Path

# kind -> how each language names it (subject of the lead sentence, and in the title)
KINDS = {
    "quake": {"en": "An earthquake", "de": "Ein Erdbeben", "fr": "Un séisme", "es": "Un terremoto"},
    "flood": {"en": "Flash flooding", "de": "Eine Sturzflut", "fr": "Une crue soudaine", "es": "Una riada"},
    "fire": {"en": "A fire at a textile factory", "de": "Ein Brand in einer Textilfabrik",
             "fr": "Un incendie dans une usine textile", "es": "Un incendio en una fábrica textil"},
    "ferry": {"en": "The sinking of a ferry", "de": "Der Untergang einer Fähre",
              "fr": "Le naufrage d'un ferry", "es": "El naufragio de un ferri"},
    "train": {"en": "A train derailment", "de": "Eine Zugentgleisung", "fr": "Un déraillement de train",
              "es": "Un descarrilamiento de tren"},
    "landslide": {"en": "A landslide", "de": "Ein Erdrutsch", "fr": "Un glissement de terrain",
                  "es": "Un deslizamiento de tierra"},
    "bridge": {"en": "The collapse of a road bridge", "de": "Der Einsturz einer Straßenbrücke",
               "fr": "L'effondrement d'un pont routier", "es": "El derrumbe de un puente"},
    "storm": {"en": "A tropical storm", "de": "Ein Tropensturm", "fr": "Une tempête tropicale",
              "es": "Una tormenta tropical"},
}

EVENTS = [
    # kind, place, official, killed, injured, date
    ("quake", "Varnovo", "Ilse Marrak", 23, 140, "2024-03-04"),
    ("flood", "Bellaterra", "Tomas Quirell", 9, 31, "2024-03-09"),
    ("fire", "Oskaville", "Renata Dubrow", 17, 56, "2024-03-15"),
    ("ferry", "Port Amsel", "Karim Odanet", 41, 12, "2024-03-21"),
    ("train", "Hollerbach", "Mira Estvang", 6, 88, "2024-04-02"),
    ("landslide", "Quintaro", "Pavel Ostrin", 14, 20, "2024-04-10"),
    ("bridge", "Lindmoor", "Agnes Verhoek", 11, 37, "2024-04-18"),
    ("storm", "Cabo Serrin", "Lucia Montaver", 28, 205, "2024-04-26"),
]

TEMPLATES = {
    "en": ("{kind} in {place} kills at least {killed}",
           "{kind} hit {place} early on Monday, killing at least {killed} people, officials said.\n"
           "More than {injured} others were injured, according to the regional governor {official}.\n"
           "Rescue workers were still searching the rubble in {place} on Monday evening."),
    "en2": ("{killed} dead in {place}, governor says",
            "At least {killed} people died in {place} on Monday after {kind_lower} struck the area.\n"
            "Governor {official} told reporters that {injured} people were being treated in hospitals.\n"
            "The governor said the toll in {place} could still rise."),
    "de": ("{kind} in {place}: mindestens {killed} Tote",
           "{kind} hat am Montag in {place} mindestens {killed} Menschen getötet.\n"
           "Mehr als {injured} Menschen wurden verletzt, teilte Gouverneurin {official} mit.\n"
           "Die Rettungskräfte suchten in {place} bis in die Nacht nach Vermissten."),
    "fr": ("{place} : au moins {killed} morts",
           "{kind} a fait au moins {killed} morts lundi à {place}, selon les autorités.\n"
           "Plus de {injured} personnes ont été blessées, a déclaré le gouverneur {official}.\n"
           "Les secours poursuivaient leurs recherches à {place} dans la soirée."),
    "es": ("{place}: al menos {killed} muertos",
           "{kind} dejó el lunes al menos {killed} muertos en {place}, informaron las autoridades.\n"
           "Más de {injured} personas resultaron heridas, según el gobernador {official}.\n"
           "Los equipos de rescate seguían buscando supervivientes en {place}."),
}
OUTLETS = {"en": "Northern Wire", "en2": "Daily Ledger", "de": "Rundschau Nord", "fr": "Le Quotidien Est",
           "es": "Diario del Sur"}


def article_texts() -> list[tuple[str, str, str, dict]]:
    """``(file name, title, text, sidecar metadata)`` of all 40 articles, events interleaved by day."""
    out = []
    for variant in TEMPLATES:
        lang = variant[:2]
        for n, (kind, place, official, killed, injured, date) in enumerate(EVENTS):
            name = KINDS[kind][lang]
            title, body = TEMPLATES[variant]
            fields = dict(kind=name, kind_lower=name[0].lower() + name[1:], place=place, official=official,
                          killed=killed, injured=injured)
            meta = {"title": title.format(**fields), "outlet": OUTLETS[variant], "published": date,
                    "language": lang}
            out.append((f"{n:02d}-{kind}-{variant}.txt", meta["title"], body.format(**fields), meta))
    return out


def write_corpus(folder: Path, *, with_bad_files: bool = True) -> int:
    """Write the corpus (plus, optionally, two unreadable files) into ``folder``; returns the article count."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = article_texts()
    for name, _title, text, meta in texts:
        (folder / name).write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    if with_bad_files:
        (folder / "50-empty.txt").write_text("", encoding="utf-8")
        (folder / "51-binary.txt").write_bytes(bytes(range(256)) * 8)
    return len(texts)
