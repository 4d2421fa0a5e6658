"""The report as ONE self-contained HTML file: no external CSS, scripts, fonts or images.

Sections: the sources, the claim grid (a row per alignment, linked to the spans),
the claims unique to each source, a chart of the figures with their intervals
(inline SVG), and the full text of every source side by side with each claim span
highlighted in its relation's colour and linked to its row (and back).

Every string taken from the report is escaped with ``html.escape``: an article
containing ``<script>`` shows that text and never runs it.
"""
from __future__ import annotations

import html
import math
from importlib import resources

import regex

from claimgrid.report.grid import (
    RELATIONS, UNKNOWN, build_rows, claims_by_id, describe_difference, describe_subject, entity_names,
    figure_sources, format_number, format_value, source_label, split_by_ranges, text_or_unknown, unique_claims,
)

# Relation a highlight takes when a claim sits in several alignments: the most telling one.
RELATION_PRIORITY = ("conflict", "compatible", "related", "agree")


def _e(value: object) -> str:
    """Escape any report value for text or attribute use; unknown shows as "—"."""
    return html.escape(text_or_unknown(value), quote=True)


class _Anchors:
    """Stable, unique, HTML-safe element ids for claims and rows (claim ids may hold any character)."""

    def __init__(self):
        self._ids: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def __call__(self, kind: str, key: object) -> str:
        slot = (kind, str(key))
        if slot not in self._ids:
            base = f"{kind}-" + regex.sub(r"[^\w-]+", "-", str(key)).strip("-")
            anchor, n = base, 1
            while anchor in self._taken:
                n += 1
                anchor = f"{base}-{n}"
            self._ids[slot] = anchor
            self._taken.add(anchor)
        return self._ids[slot]


def _claim_targets(report: dict) -> dict[str, tuple[str, str, list[str]]]:
    """Claim id -> (relation class, anchor kind + key of the row it links to, alignment ids)."""
    memberships: dict[str, list[dict]] = {}
    for alignment in report.get("alignments") or []:
        for claim_id in alignment.get("claims") or []:
            memberships.setdefault(claim_id, []).append(alignment)
    unique_ids = {c for ids in (report.get("unique") or {}).values() for c in ids or []}
    targets = {}
    for claim in report.get("claims") or []:
        claim_id = claim.get("id")
        alignments = memberships.get(claim_id, [])
        if alignments:
            relations = [a.get("relation") for a in alignments]
            relation = next((r for r in RELATION_PRIORITY if r in relations), "other")
            first = next(a for a in alignments if a.get("relation") == relation) if relation != "other" else alignments[0]
            targets[claim_id] = (relation, ("row", first.get("id")), [str(a.get("id")) for a in alignments])
        elif claim_id in unique_ids:
            targets[claim_id] = ("unique", ("unique", claim_id), [])
        else:
            targets[claim_id] = ("other", None, [])
    return targets


def _highlighted_text(text: str, claims: list[dict], targets: dict, anchors: _Anchors) -> str:
    """The source text with claim spans wrapped in links; nested and overlapping spans are split
    into pieces, each coloured by the innermost claim covering it. No character is dropped."""
    spans = []
    for claim in claims:
        span = claim.get("span") or [0, 0]
        try:
            start, end = max(0, min(int(span[0]), len(text))), max(0, min(int(span[1]), len(text)))
        except (TypeError, ValueError, IndexError):
            continue
        spans.append((start, max(start, end), claim))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    placed: set[str] = set()
    for left, right in zip(cuts, cuts[1:]):
        # Claims that start here but do not own this piece still get an anchor to jump to.
        covering = [(e - s, -s, c) for s, e, c in spans if s <= left and e >= right and s < e]
        top = min(covering, key=lambda t: (t[0], t[1]))[2] if covering else None
        for s, _, claim in spans:
            claim_id = claim.get("id")
            if s == left and claim is not top and claim_id not in placed:
                out.append(f'<span class="anchor" id="{anchors("claim", claim_id)}"></span>')
                placed.add(claim_id)
        piece = html.escape(text[left:right])
        if top is None:
            out.append(piece)
            continue
        claim_id = top.get("id")
        relation, row, alignment_ids = targets.get(claim_id, ("other", None, []))
        classes = f"claim rel-{relation}" + (" nested" if len(covering) > 1 else "")
        id_attr = ""
        if claim_id not in placed:
            id_attr = f' id="{anchors("claim", claim_id)}"'
            placed.add(claim_id)
        href = f' href="#{anchors(*row)}"' if row else ""
        title = f"{claim_id} · {relation}" + (f" ({', '.join(alignment_ids)})" if alignment_ids else "")
        out.append(f'<a class="{classes}"{id_attr}{href} title="{_e(title)}">{piece}</a>')
    # Zero-length or clamped-away claims still need their anchor.
    for _, _, claim in spans:
        if claim.get("id") not in placed:
            out.append(f'<span class="anchor" id="{anchors("claim", claim.get("id"))}"></span>')
            placed.add(claim.get("id"))
    return "".join(out)


def _claim_cell(claim: dict, ranges: list[tuple[int, int]], notes: list[str], anchors: _Anchors) -> str:
    text = "".join(f'<mark class="diff">{html.escape(piece)}</mark>' if hit else html.escape(piece)
                   for piece, hit in split_by_ranges(claim.get("text") or "", ranges))
    link = f'<a class="cid" href="#{anchors("claim", claim.get("id"))}" title="show in the text">{_e(claim.get("id"))}</a>'
    notes_html = "".join(f'<div class="note">≠ {_e(note)}</div>' for note in notes)
    return f"<div>{link}{text}{notes_html}</div>"


def _sources_section(report: dict) -> str:
    rows = []
    for source in report.get("sources") or []:
        url = source.get("url")
        # Article URLs are shown as text only: the page must not fetch or link anything outside itself.
        rows.append(
            "<tr>"
            f"<td><strong>{_e(source.get('id'))}</strong></td><td>{_e(source.get('outlet'))}</td>"
            f"<td>{_e(source.get('title'))}</td><td>{_e(source.get('language'))}</td>"
            f"<td>{_e(source.get('published'))}</td>"
            f'<td class="muted">{_e(source.get("path"))}{"<br>" + _e(url) if url else ""}</td>'
            "</tr>")
    head = "".join(f"<th>{name}</th>" for name in ("id", "outlet", "title", "language", "published", "file / url"))
    return f'<table class="sources"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _grid_section(report: dict, anchors: _Anchors) -> str:
    rows = build_rows(report)
    if not rows:
        return '<p class="muted">No claims line up across the sources.</p>'
    sources = report.get("sources") or []
    head = "<th>#</th><th>relation</th>" + "".join(
        f"<th>{_e(s.get('id'))} · {_e(source_label(s))}</th>" for s in sources) + "<th>differences</th>"
    body = []
    for row in rows:
        relation = row.relation if row.relation in RELATIONS else "other"
        cells = []
        for claims in row.cells.values():
            inner = "".join(_claim_cell(c, row.highlights.get(c.get("id"), []), row.notes.get(c.get("id"), []), anchors)
                            for c in claims)
            cells.append(f'<td class="claim">{inner or "<span class=muted>—</span>"}</td>')
        details = "".join(f"<li>{_e(describe_difference(d))}</li>" for d in row.differences)
        notes = (f'<div class="fields">{_e(row.fields or "no differences")}</div>'
                 + (f'<div class="explanation">{_e(row.explanation)}</div>' if row.explanation else "")
                 + (f'<details class="note"><summary>values</summary><ul>{details}</ul></details>' if details else ""))
        body.append(f'<tr class="row rel-{relation}" id="{anchors("row", row.id)}"><td>{_e(row.id)}</td>'
                    f'<td><span class="badge">{_e(row.relation)}</span></td>{"".join(cells)}<td>{notes}</td></tr>')
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _unique_section(report: dict, anchors: _Anchors) -> str:
    labels = {s.get("id"): source_label(s) for s in report.get("sources") or []}
    parts = []
    for source_id, claims in unique_claims(report).items():
        items = "".join(
            f'<li id="{anchors("unique", c.get("id"))}" class="rel-unique">'
            f'<a class="cid" href="#{anchors("claim", c.get("id"))}">{_e(c.get("id"))}</a>{_e(c.get("text"))}</li>'
            for c in claims)
        parts.append(f"<h3>Unique to {_e(source_id)} · {_e(labels.get(source_id, source_id))}</h3>"
                     + (f'<ul class="unique">{items}</ul>' if items else '<p class="muted">none</p>'))
    return "".join(parts)


def _nice_ceiling(number: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``number``: a readable axis end."""
    magnitude = 10 ** math.floor(math.log10(number))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if step * magnitude >= number)


def _figures_chart(report: dict) -> str:
    """Inline SVG: a row per figure, a bar from low to high (an arrow when high is open),
    a dot at best and each source's value marked. Each row has its own scale from zero,
    since figures of different measures differ by orders of magnitude."""
    figures = report.get("figures") or []
    claims = claims_by_id(report)
    names = entity_names(report)
    left, right, width, row_height, top = 290, 40, 900, 66, 10
    plot = width - left - right
    out = []
    for i, figure in enumerate(figures):
        y = top + i * row_height + 34
        values = [(claims.get(c) or {}).get("quantity") or {} for c in figure.get("claims") or []]
        marks = [((claims.get(c) or {}).get("source") or c.split(":")[0], q.get("value"))
                 for c, q in zip(figure.get("claims") or [], values) if isinstance(q.get("value"), (int, float))]
        low, best, high = (figure.get(k) if isinstance(figure.get(k), (int, float)) else None for k in ("low", "best", "high"))
        known = [v for v in (low, best, high, *(v for _, v in marks)) if v is not None]
        label = f"{format_value(figure.get('measure'))}"
        subject = describe_subject(figure.get("subject"), names)
        if subject != UNKNOWN:
            label += f" · {subject}"
        out.append(f'<text class="label" x="0" y="{y - 8}">{_e(label)}</text>')
        out.append(f'<text class="small" x="0" y="{y + 7}">best {_e(format_number(best))}</text>')
        out.append(f'<text class="small" x="0" y="{y + 21}">low {_e(format_number(low))} · high {_e(format_number(high))}</text>')
        if not known:
            out.append(f'<text class="small" x="{left}" y="{y + 4}">no numbers</text>')
            continue
        lowest = min(0.0, *known)
        highest = _nice_ceiling(max(known) * 1.1) if max(known) > 0 else 1.0
        scale = lambda v: left + (v - lowest) / (highest - lowest) * plot
        out.append(f'<line class="axis" x1="{left}" y1="{y}" x2="{left + plot}" y2="{y}"/>')
        out.append(f'<text class="small" x="{left}" y="{y + 20}">{_e(format_number(lowest))}</text>')
        out.append(f'<text class="small" x="{left + plot}" y="{y + 20}" text-anchor="end">{_e(format_number(highest))}</text>')
        x_low = scale(low) if low is not None else left
        if high is not None:
            x_high = scale(high)
            out.append(f'<line class="bar{" open" if low is None else ""}" x1="{x_low:.1f}" y1="{y}" x2="{max(x_high, x_low):.1f}" y2="{y}"/>')
        else:
            # Open upper bound: the bar runs to the edge and ends in an arrow.
            tip = left + plot + 14
            out.append(f'<line class="bar open" x1="{x_low:.1f}" y1="{y}" x2="{tip - 8:.1f}" y2="{y}"/>')
            out.append(f'<polygon class="best" points="{tip},{y} {tip - 10},{y - 6} {tip - 10},{y + 6}"><title>no upper bound</title></polygon>')
        if best is not None:
            out.append(f'<circle class="best" cx="{scale(best):.1f}" cy="{y}" r="6"><title>best {_e(format_number(best))}</title></circle>')
        stacked: dict[int, list[str]] = {}
        for source_id, value in marks:
            stacked.setdefault(round(scale(value) / 14), []).append(str(source_id))
            x = scale(value)
            out.append(f'<line class="mark" x1="{x:.1f}" y1="{y - 12}" x2="{x:.1f}" y2="{y + 12}">'
                       f'<title>{_e(source_id)}: {_e(format_number(value))}</title></line>')
        for bucket, ids in stacked.items():
            x = bucket * 14
            text = ",".join(dict.fromkeys(ids))
            out.append(f'<text class="marklabel" x="{x}" y="{y - 16}" text-anchor="middle">{_e(text)}</text>')
    height = top + len(figures) * row_height + 10
    return (f'<svg class="figures" viewBox="0 0 {width + 20} {height}" '
            f'role="img" aria-label="figures with their intervals">{"".join(out)}</svg>')


def _figures_section(report: dict) -> str:
    figures = report.get("figures") or []
    if not figures:
        return '<p class="muted">No figures.</p>'
    claims = claims_by_id(report)
    names = entity_names(report)
    rows = "".join(
        f"<tr><td>{_e(format_value(f.get('measure')))}</td><td>{_e(describe_subject(f.get('subject'), names))}</td>"
        f'<td class="num">{_e(format_number(f.get("low")))}</td><td class="num">{_e(format_number(f.get("best")))}</td>'
        f'<td class="num">{_e(format_number(f.get("high")))}</td>'
        f"<td>{_e(', '.join(figure_sources(f, claims)) or UNKNOWN)}</td><td class=\"muted\">{_e(', '.join(map(str, f.get('claims') or [])))}</td></tr>"
        for f in figures)
    head = "".join(f"<th>{n}</th>" for n in ("measure", "subject", "low", "best", "high", "sources", "claims"))
    legend = ('<p class="muted">Bar: low to high (dashed arrow: no upper bound); dot: best estimate; '
              'red ticks: each source\'s value. Each row has its own scale.</p>')
    return legend + _figures_chart(report) + f'<table class="figures"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _texts_section(report: dict, anchors: _Anchors) -> str:
    targets = _claim_targets(report)
    claims = report.get("claims") or []
    sources = report.get("sources") or []
    articles = []
    for source in sources:
        own = [c for c in claims if c.get("source") == source.get("id")]
        meta = " · ".join(_e(v) for v in (source.get("outlet"), source.get("language"), source.get("published")) if v)
        articles.append(
            f'<article><h3>{_e(source.get("id"))} · {_e(source.get("title") or source_label(source))}</h3>'
            f'<p class="meta">{meta or "—"}</p>'
            f'<div class="text">{_highlighted_text(source.get("text") or "", own, targets, anchors)}</div></article>')
    return f'<div class="texts" style="--n: {min(max(len(sources), 1), 3)}">{"".join(articles)}</div>'


def _legend() -> str:
    names = [*RELATIONS, "unique"]
    return '<div class="legend">' + "".join(f'<span class="badge rel-{n}">{n}</span>' for n in names) + "</div>"


def render_html(report: dict) -> str:
    """The report as one self-contained, offline HTML page (inline CSS, inline SVG, no scripts)."""
    css = resources.files("claimgrid.report").joinpath("templates/report.css").read_text("utf-8")
    anchors = _Anchors()
    sources = report.get("sources") or []
    alignments = report.get("alignments") or []
    counts = {r: sum(1 for a in alignments if a.get("relation") == r) for r in RELATIONS}
    unique_count = sum(len(v or []) for v in (report.get("unique") or {}).values())
    summary = (f"{len(sources)} sources · {len(report.get('claims') or [])} claims · {len(alignments)} alignments ("
               + ", ".join(f"{n} {r}" for r, n in counts.items() if n) + f") · {unique_count} unique")
    title = "Cross-check: " + ", ".join(source_label(s) for s in sources)
    body = (
        f"<header><h1>{_e(title)}</h1><p class=\"summary\">{_e(summary)}</p>"
        f"{_sources_section(report)}{_legend()}</header>"
        f'<section id="grid"><h2>Claim grid</h2>{_grid_section(report, anchors)}</section>'
        f'<section id="unique"><h2>Unique claims</h2>{_unique_section(report, anchors)}</section>'
        f'<section id="figures"><h2>Figures</h2>{_figures_section(report)}</section>'
        f'<section id="texts"><h2>Sources side by side</h2>'
        f'<p class="muted">Highlights are claims, coloured by how they line up; click one to jump to its row, '
        f'click a claim id in the grid to jump back.</p>{_texts_section(report, anchors)}</section>'
        f"<footer>Generated by claimgrid from a {_e(report.get('schema'))} report.</footer>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(title)}</title><style>{css}</style></head><body>{body}</body></html>\n"
    )
