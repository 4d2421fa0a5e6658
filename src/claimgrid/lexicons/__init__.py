"""Per-language knowledge as data: ``lexicons/<lang>/<name>.toml``.

Adding a language is adding a folder with the same files as ``en/``
(see docs/languages.md). Code asks for a table by name and never branches
on the language itself.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from ..errors import UnsupportedLanguageError

LEXICON_DIR = Path(__file__).parent


# The tables every supported language must have (a test checks each language folder).
REQUIRED_TABLES = ("abbreviations", "entities", "measures", "numbers", "qualifiers", "speech", "time", "units")


@functools.cache
def supported_languages() -> tuple[str, ...]:
    """Languages whose folder holds every required table."""
    return tuple(sorted(p.name for p in LEXICON_DIR.iterdir()
                        if p.is_dir() and all((p / f"{t}.toml").is_file() for t in REQUIRED_TABLES)))


@functools.cache
def load_lexicon(lang: str, name: str) -> dict:
    """The table ``name`` of language ``lang``; raises UnsupportedLanguageError if absent."""
    path = LEXICON_DIR / lang / f"{name}.toml"
    if not path.is_file():
        raise UnsupportedLanguageError(f"no lexicon '{name}' for language '{lang}' (looked in {path})")
    with path.open("rb") as f:
        return tomllib.load(f)
