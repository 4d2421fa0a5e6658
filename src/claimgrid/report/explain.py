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
        "conflict": f"{base} for the same measure and scope: "
                    + ("they cannot both be true" if len(members) == 2 else "they cannot all be true"),
        "related": f"{base} but of a different scope, so they are not comparable",
    }[alignment.relation]
    if alignment.relation == "agree":
        # agree may still list a detail that only some sources give (a place, a time): say so
        omitted = [_given_by(d.field, d.values, claims) for d in alignment.differences]
        omitted = [o for o in omitted if o]
        return lead if not omitted else lead[:-1] + " but what one source leaves out: " + "; ".join(omitted) + "."
    return lead + ("; " + "; ".join(details) if details else "") + "."


def _given_by(field: str, values: dict, claims: dict[str, Claim]) -> str:
    """"place 'Ростовка' (only A)" for a detail that only some of the sources give."""
    given = {claims[cid].source: value for cid, value in values.items() if value is not None}
    if not given:
        return ""
    shown = sorted({str(v) for v in given.values()})
    return f"{field} {', '.join(_quote(v) for v in shown)} (only {_join(sorted(given))})"


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
