"""One plain sentence per alignment, saying what the sources share and how they differ."""
from __future__ import annotations

from ..model import Alignment, Claim
from .grid import format_number


def explain_alignment(alignment: Alignment, claims: dict[str, Claim]) -> str:
    members = [claims[cid] for cid in alignment.claims]
    first = members[0]
    who = _join([c.source for c in members])
    if first.kind != "quantity":
        kind = "quote" if first.kind == "quote" else "statement"
        base = f"{who} carry the same {kind}"
    else:
        values = sorted({format_number(c.quantity.value) for c in members})
        q = first.quantity
        counted = q.measure if q.measure != "other" or not q.unit else q.unit
        base = f"{who} give {' / '.join(values)} ({counted})"
    details = [_difference_clause(d.field, d.values, claims) for d in alignment.differences]
    details = [d for d in details if d]
    lead = {
        "agree": f"{base}; nothing differs.",
        "compatible": f"{base}, consistent",
        "conflict": f"{base} for the same measure and scope: they cannot both be true",
        "related": f"{base} but of a different scope, so they are not comparable",
    }[alignment.relation]
    if alignment.relation == "agree":
        return lead
    return lead + ("; " + "; ".join(details) if details else "") + "."


def _difference_clause(field: str, values: dict, claims: dict[str, Claim]) -> str:
    parts = []
    for cid, value in values.items():
        claim = claims[cid]
        if field == "qualifier" and claim.quantity is not None:
            shown = claim.quantity.text
        elif field == "value":
            shown = format_number(value) if isinstance(value, (int, float)) else value
        else:
            shown = value
        parts.append(f"{claim.source} {_quote(shown)}")
    label = {"qualifier": "qualifier", "value": "value", "measure": "measure", "time": "time",
             "place": "place", "subject": "subject", "attribution": "speaker", "wording": "wording"}[field]
    return f"{label}: " + ", ".join(parts)


def _quote(value) -> str:
    if value is None:
        return "(none given)"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
