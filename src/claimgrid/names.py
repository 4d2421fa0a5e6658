"""Folding names into one comparable key across scripts, spellings and inflections.

"Bakhmut", "Bahmut" and "Бахмут" fold to the same key; the table lives in
``lexicons/translit.toml`` (shared by entity resolution and story clustering).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from .lexicons import LEXICON_DIR

import tomllib


@cache
def _translit() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    with (LEXICON_DIR / "translit.toml").open("rb") as f:
        table = tomllib.load(f)
    folds = tuple((a, b) for a, b in table.get("folds", {}).get("pairs", []))
    return table.get("letters", {}), folds


def fold_name(name: str) -> str:
    """A lower-case Latin key for a name: transliterated, without diacritics, spelling-folded."""
    letters, folds = _translit()
    text = "".join(letters.get(ch, ch) for ch in name.casefold())
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = re.sub(r"[^\w ]+", "", text)
    for a, b in folds:
        text = text.replace(a, b)
    return re.sub(r"(\w)\1+", r"\1", text).strip()
