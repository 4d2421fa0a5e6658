"""Building the ``claimgrid.report/1`` document (see docs and the JSON Schema in schemas/)."""
from __future__ import annotations

from ..model import Alignment, Article, Claim, Entity, Figure, Mention, Quantity
from .explain import explain_alignment

SCHEMA = "claimgrid.report/1"


def build_report(sources: list[tuple[str, Article]], claims: list[Claim], entities: list[Entity],
                 entity_of: dict[tuple[str, tuple[int, int]], str], alignments: list[Alignment],
                 figures: list[Figure], warnings: list[str] = ()) -> dict:
    """The report as plain JSON-ready data; every span indexes its source's ``text``."""
    by_id = {c.id: c for c in claims}
    in_alignment = {cid for al in alignments if al.relation != "related" for cid in al.claims}
    unique = {sid: [c.id for c in claims if c.source == sid and c.id not in in_alignment] for sid, _ in sources}
    return {
        "schema": SCHEMA,
        "sources": [_source(sid, a) for sid, a in sources],
        "claims": [_claim(c, entity_of) for c in claims],
        "entities": [_entity(e) for e in entities],
        "alignments": [_alignment(al, by_id) for al in alignments],
        "figures": [_figure(f) for f in figures],
        "unique": unique,
        "warnings": list(warnings),
    }


def _source(sid: str, a: Article) -> dict:
    return {"id": sid, "path": a.path, "url": a.url, "title": a.title, "outlet": a.outlet,
            "language": a.language, "published": a.published.isoformat() if a.published else None,
            "article_id": a.id, "text": a.text}


def _mention(m: Mention | None, source: str, entity_of) -> dict | None:
    if m is None:
        return None
    return {"text": m.text, "span": list(m.span), "entity": entity_of.get((source, m.span))}


def _quantity(q: Quantity | None) -> dict | None:
    if q is None:
        return None
    return {"value": _num(q.value), "low": _num(q.low), "high": _num(q.high), "qualifier": q.qualifier,
            "unit": q.unit, "measure": q.measure, "change": q.change, "text": q.text, "span": list(q.span)}


def _claim(c: Claim, entity_of) -> dict:
    att = c.attribution
    return {
        "id": c.id, "source": c.source, "kind": c.kind, "sentence": list(c.sentence), "span": list(c.span),
        "text": c.text, "quantity": _quantity(c.quantity),
        "subject": _mention(c.subject, c.source, entity_of),
        "time": None if c.time is None else {
            "text": c.time.text, "span": list(c.time.span),
            "start": c.time.start.isoformat() if c.time.start else None,
            "end": c.time.end.isoformat() if c.time.end else None},
        "place": None if c.place is None else {**_mention(c.place, c.source, entity_of),
                                               "restricted": c.place_restricted},
        "attribution": None if att is None else {
            "speaker": entity_of.get((c.source, att.speaker.span)) if att.speaker else None,
            "speaker_name": att.speaker.text if att.speaker else None,
            "role": att.role, "text": att.text, "span": list(att.span), "via": att.via},
    }


def _entity(e: Entity) -> dict:
    return {"id": e.id, "name": e.name, "type": e.type,
            "mentions": [{"source": s, "span": list(m.span), "text": m.text} for s, m in e.mentions]}


def _alignment(al: Alignment, by_id: dict[str, Claim]) -> dict:
    return {"id": al.id, "claims": list(al.claims), "relation": al.relation,
            "differences": [{"field": d.field, "values": {k: _num(v) if isinstance(v, float) else v
                                                           for k, v in d.values.items()}}
                            for d in al.differences],
            "explanation": explain_alignment(al, by_id), "similarity": al.similarity}


def _figure(f: Figure) -> dict:
    return {"measure": f.measure, "subject": f.subject, "low": _num(f.low), "best": _num(f.best),
            "high": _num(f.high), "claims": list(f.claims), "scope": f.scope}


def _num(v):
    if v is None:
        return None
    return int(v) if float(v).is_integer() and abs(v) < 1e15 else v
