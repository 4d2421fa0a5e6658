"""Scoring extracted quantities against gold quantities: shared by the tests and benchmarks.

Gold files are JSON lines ``{"text": …, "quantities": [{"value", "low", "high", "qualifier",
"unit", "measure", "change"}, …]}``. Gold and predicted quantities are paired one to one (a
maximum bipartite matching, so nothing is credited twice).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Callable, Sequence

from .claims.quantities import extract_quantities
from .model import Quantity

Criterion = Callable[[dict, Quantity], bool]


def close(a: float | None, b: float | None) -> bool:
    """Equal within 0.1 % (both None also counts as equal)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6)


def value_matches(gold: dict, q: Quantity) -> bool:
    """Same value and the same interval."""
    return close(gold["value"], q.value) and close(gold["low"], q.low) and close(gold["high"], q.high)


def field_matches(*fields: str) -> Criterion:
    """A criterion: the value and each of ``fields`` match."""
    return lambda gold, q: value_matches(gold, q) and all(gold[f] == getattr(q, f) for f in fields)


def one_to_one_matches(golds: Sequence, preds: Sequence, ok: Callable) -> int:
    """Size of a maximum one-to-one matching between gold and predicted items under ``ok``."""
    owner = [-1] * len(preds)

    def augment(i: int, seen: list[bool]) -> bool:
        for j, p in enumerate(preds):
            if not seen[j] and ok(golds[i], p):
                seen[j] = True
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, [False] * len(preds)) for i in range(len(golds)))


def precision_recall_f1(items: Sequence[dict], predictions: Sequence[Sequence], ok: Callable) -> tuple[float, float, float]:
    """Micro precision, recall and F1 of ``predictions`` (one list per item) against the items' gold."""
    matched = sum(one_to_one_matches(it["quantities"], pr, ok) for it, pr in zip(items, predictions))
    n_pred = sum(len(pr) for pr in predictions)
    n_gold = sum(len(it["quantities"]) for it in items)
    p = matched / n_pred if n_pred else 1.0
    r = matched / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_f1(items: Sequence[dict], lang: str, ok: Criterion) -> float:
    """F1 of the extractor on gold items of one language."""
    return precision_recall_f1(items, [extract_quantities(it["text"], lang) for it in items], ok)[2]


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
