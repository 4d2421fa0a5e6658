"""Claims: what an article states, sentence by sentence, with exact spans.

``extract_claims`` is the one entry point; the modules beside it each read one
thing (quantities, time expressions, name mentions, attribution, quotes).
"""
from .extract import ArticleClaims, extract_claims

__all__ = ["ArticleClaims", "extract_claims"]
