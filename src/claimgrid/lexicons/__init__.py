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


def supported_languages() -> list[str]:
    return sorted(p.name for p in LEXICON_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


@functools.cache
def load_lexicon(lang: str, name: str) -> dict:
    """The table ``name`` of language ``lang``; raises UnsupportedLanguageError if absent."""
    path = LEXICON_DIR / lang / f"{name}.toml"
    if not path.is_file():
        raise UnsupportedLanguageError(f"no lexicon '{name}' for language '{lang}' (looked in {path})")
    with path.open("rb") as f:
        return tomllib.load(f)
