"""Folding names into one comparable key across scripts, spellings and inflections.

"Bakhmut", "Bahmut" and "Бахмут" fold to the same key; the table lives in
``lexicons/translit.toml`` and is shared by entity resolution, alignment and
story clustering.
"""
from __future__ import annotations

import tomllib
import unicodedata
from functools import cache

import regex

from .lexicons import LEXICON_DIR


@cache
def _translit() -> tuple[dict[int, str], tuple[tuple[str, str], ...]]:
    with (LEXICON_DIR / "translit.toml").open("rb") as f:
        table = tomllib.load(f)
    letters = {ord(k): v for k, v in table.get("letters", {}).items()}
    folds = tuple((a, b) for a, b in table.get("folds", {}).get("pairs", []))
    return letters, folds


def fold_name(name: str) -> str:
    """A lower-case Latin key for a name: transliterated, without diacritics, spelling-folded.

    Words stay separated by one space; anything but letters is dropped.
    """
    letters, folds = _translit()
    text = name.lower().translate(letters)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(letters)          # letters NFKD leaves alone (ø, ł)
    words = [regex.sub(r"[^\p{L}]", "", w) for w in text.split()]
    folded = []
    for word in filter(None, words):
        for a, b in folds:
            word = word.replace(a, b)
        folded.append(regex.sub(r"(.)\1+", r"\1", word))   # doubled letters: "Hiller"/"Hiler"
    return " ".join(folded)


def lookup_inflected(key: str, table: dict[str, object], min_stem: int, max_ending: int):
    """``table[key]`` for a folded name, or the entry whose name ``key`` extends by a short
    inflectional ending ("venajan" finds "venaja"); None when nothing fits."""
    if key in table:
        return table[key]
    for name, value in table.items():
        if len(name) >= min_stem and key.startswith(name) and len(key) - len(name) <= max_ending:
            return value
    return None
