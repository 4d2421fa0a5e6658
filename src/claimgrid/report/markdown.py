"""The report as Markdown (GitHub-flavoured tables), for pasting into a ticket or a story draft."""
from __future__ import annotations

import regex

from claimgrid.report.grid import (
    UNKNOWN, build_rows, claims_by_id, describe_difference, describe_subject, entity_names,
    figure_sources, format_number, format_value, source_label, split_by_ranges, text_or_unknown, unique_claims,
)


_MARKUP = regex.compile(r"[\\`*_<>\[\]|]")


def _inline(text: str) -> str:
    """Escape Markdown punctuation (so pipes never split a cell and "<b>" or "*" stay literal)
    and flatten line breaks, keeping edge spaces."""
    escaped = _MARKUP.sub(lambda m: "\\" + m.group(), text)
    return escaped.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _code(value: object) -> str:
    """A short id inside a code span, where backslash escapes do not apply."""
    return "`" + text_or_unknown(value).replace("`", "'").replace("|", "\\|") + "`"


def escape_cell(value: object) -> str:
    """A table cell's text: pipes escaped, line breaks flattened, empty or None shown as "—"."""
    return " ".join(_inline(text_or_unknown(value)).split()) or UNKNOWN


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _claim_markdown(claim: dict, ranges: list[tuple[int, int]], notes: list[str]) -> str:
    """Claim id and text with the differing words in bold, then notes; escaped for a table cell."""
    pieces = []
    for piece, hit in split_by_ranges(claim.get("text") or "", ranges):
        core = piece.strip()
        if hit and core:
            # Bold only the words: "** x**" does not render, so spaces stay outside the stars.
            lead, trail = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
            pieces.append(f"{_inline(lead)}**{_inline(core)}**{_inline(trail)}")
        else:
            pieces.append(_inline(piece))
    text = " ".join("".join(pieces).split()) or UNKNOWN
    extra = "".join(f" (≠ {escape_cell(note)})" for note in notes)
    return f"{_code(claim.get('id'))} {text}{extra}"


def render_markdown(report: dict) -> str:
    """The report as Markdown: title, sources, claim grid, unique claims, figures."""
    sources = report.get("sources") or []
    lines = ["# Cross-check: " + escape_cell(", ".join(source_label(s) for s in sources)), ""]

    lines += ["## Sources", ""]
    lines += _table(["id", "outlet", "title", "language", "published", "file / url"], [
        [escape_cell(s.get("id")), escape_cell(s.get("outlet")), escape_cell(s.get("title")),
         escape_cell(s.get("language")), escape_cell(s.get("published")),
         escape_cell(" ".join(str(v) for v in (s.get("path"), s.get("url")) if v))]
        for s in sources])

    lines += ["", "## Claim grid", ""]
    rows = build_rows(report)
    if rows:
        header = ["#", "relation", *(escape_cell(f"{s.get('id')} · {source_label(s)}") for s in sources),
                  "differences", "explanation"]
        table_rows = []
        for row in rows:
            cells = [" <br> ".join(_claim_markdown(c, row.highlights.get(c.get("id"), []), row.notes.get(c.get("id"), []))
                                   for c in claims) or UNKNOWN
                     for claims in row.cells.values()]
            # Claims from sources missing in "sources" would add cells: keep the column count fixed.
            cells = cells[:len(sources)] + [UNKNOWN] * (len(sources) - len(cells))
            differences = "; ".join(escape_cell(describe_difference(d)) for d in row.differences) or UNKNOWN
            table_rows.append([escape_cell(row.id), f"**{escape_cell(row.relation)}**", *cells,
                               differences, escape_cell(row.explanation)])
        lines += _table(header, table_rows)
    else:
        lines.append("No claims line up across the sources.")

    lines += ["", "## Unique claims", ""]
    labels = {s.get("id"): source_label(s) for s in sources}
    for source_id, claims in unique_claims(report).items():
        lines.append(f"**Unique to {escape_cell(source_id)} ({escape_cell(labels.get(source_id, source_id))})**")
        lines.append("")
        lines += [f"- {_code(c.get('id'))} {escape_cell(c.get('text'))}" for c in claims] or ["- none"]
        lines.append("")

    figures = report.get("figures") or []
    if figures:
        claims = claims_by_id(report)
        names = entity_names(report)
        lines += ["## Figures", ""]
        lines += _table(["measure", "subject", "low", "best", "high", "sources", "claims"], [
            [escape_cell(format_value(f.get("measure"))), escape_cell(describe_subject(f.get("subject"), names)),
             format_number(f.get("low")), format_number(f.get("best")), format_number(f.get("high")),
             escape_cell(", ".join(figure_sources(f, claims)) or UNKNOWN),
             escape_cell(", ".join(map(str, f.get("claims") or [])))]
            for f in figures])
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
