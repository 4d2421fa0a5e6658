"""Comparing whose figure a claim gives, across metonyms and demonyms.

"The Kremlin's forces" and "Russia" count the same party's losses; the table
is ``lexicons/subjects.toml``. A subject not in the table is its entity.
"""
from __future__ import annotations

import tomllib
from functools import cache

from .lexicons import LEXICON_DIR
from .names import fold_name, lookup_inflected

MAX_ENDING = 3   # an inflected form may add this many letters ("Venäjän" after "Venäjä")


@cache
def _parties() -> dict[str, str]:
    with (LEXICON_DIR / "subjects.toml").open("rb") as f:
        table = tomllib.load(f)
    return {fold_name(form): party for party, forms in table.get("parties", {}).items() for form in forms}


def party_of(name: str) -> str | None:
    """The canonical party a name stands for, or None."""
    return lookup_inflected(fold_name(name), _parties(), min_stem=4, max_ending=MAX_ENDING)
