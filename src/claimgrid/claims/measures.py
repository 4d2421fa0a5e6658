"""Which measures a stretch of text names, from the cues in ``measures.toml``.

Used where a sentence speaks about an earlier figure without a number of its
own ("The figure covers both the dead and the wounded").
"""
from __future__ import annotations

import re
from functools import cache

from ..lexicons import load_lexicon


@cache
def _cue_patterns(lang: str) -> dict[str, re.Pattern]:
    patterns = {}
    for measure, cues in load_lexicon(lang, "measures").get("measures", {}).items():
        parts = [re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c) for c in cues]
        patterns[measure] = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)
    return patterns


def measures_mentioned(text: str, lang: str) -> set[str]:
    """The measures whose cue words occur in ``text``."""
    return {measure for measure, pattern in _cue_patterns(lang).items() if pattern.search(text)}
