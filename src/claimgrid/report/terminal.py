"""The claim grid for a terminal, rendered with rich to a string.

Sources header, then a row per alignment with a column per source (the relation
coloured, the differing words highlighted), then the claims unique to each
source, then the figures. With colour off the output is plain text; when the
terminal is too narrow for a column per source, each alignment is printed as a
block of lines instead.
"""
from __future__ import annotations

import io
import os
import shutil
import sys

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from claimgrid.report.grid import (
    UNKNOWN, build_rows, claims_by_id, describe_difference, describe_subject, entity_names,
    figure_sources, format_number, format_value, source_label, split_by_ranges, text_or_unknown, unique_claims,
)

RELATION_STYLES = {
    "agree": "bold green",
    "compatible": "bold yellow",
    "conflict": "bold red",
    "related": "bold blue",
}
HIGHLIGHT_STYLE = "bold underline magenta"

# Below this many columns per source, a table row would wrap every few words.
MIN_COLUMN_WIDTH = 22


def _claim_text(claim: dict, ranges: list[tuple[int, int]], *, color: bool) -> Text:
    """The claim's words, the differing ones highlighted (bracketed when colour is off)."""
    text = Text()
    for piece, highlighted in split_by_ranges(claim.get("text") or "", ranges):
        if highlighted and color:
            text.append(piece, style=HIGHLIGHT_STYLE)
        elif highlighted:
            text.append(f"[{piece}]")
        else:
            text.append(piece)
    return text


def _relation(relation: str) -> Text:
    return Text(relation, style=RELATION_STYLES.get(relation, "bold"))


def _sources_table(report: dict) -> Table:
    table = Table(title="Sources", box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for name in ("id", "source", "language", "published"):
        table.add_column(name, overflow="fold")
    for source in report.get("sources") or []:
        label = source_label(source)
        if source.get("title") and source.get("title") != label:
            label += f" — {source['title']}"
        table.add_row(text_or_unknown(source.get("id")), label,
                      text_or_unknown(source.get("language")), text_or_unknown(source.get("published")))
    return table


def _grid_table(report: dict, *, color: bool) -> Table:
    table = Table(title="Claim grid", box=box.SQUARE, show_lines=True, title_justify="left", expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("relation", no_wrap=True)
    for source_id in [s.get("id") for s in report.get("sources") or []]:
        table.add_column(str(source_id), ratio=3, overflow="fold")
    table.add_column("differences", ratio=3, overflow="fold")
    for row in build_rows(report):
        cells = []
        for claims in row.cells.values():
            cell = Text()
            for claim in claims:
                if cell:
                    cell.append("\n")
                cell.append(f"{claim.get('id')} ", style="dim")
                cell.append(_claim_text(claim, row.highlights.get(claim.get("id"), []), color=color))
                for note in row.notes.get(claim.get("id"), []):
                    cell.append(f"\n≠ {note}", style="dim italic")
            cells.append(cell if claims else Text(UNKNOWN, style="dim"))
        notes = Text(row.fields or "none", style="bold")
        if row.explanation:
            notes.append("\n" + row.explanation, style="italic")
        table.add_row(row.id, _relation(row.relation), *cells, notes)
    return table


def _grid_blocks(report: dict, *, color: bool) -> Group:
    """The grid as one block per alignment, for terminals too narrow for a column per source."""
    parts = [Text("Claim grid", style="italic")]
    for row in build_rows(report):
        head = Text(f"{row.id}  ")
        head.append(_relation(row.relation))
        parts.append(Text(""))
        parts.append(head)
        for source_id, claims in row.cells.items():
            for claim in claims:
                line = Text()
                line.append(f"  {claim.get('id')}  ", style="bold")
                line.append(_claim_text(claim, row.highlights.get(claim.get("id"), []), color=color))
                parts.append(line)
        for difference in row.differences:
            parts.append(Text(f"  ≠ {describe_difference(difference)}"))
        if row.explanation:
            parts.append(Text(f"  {row.explanation}", style="italic"))
    return Group(*parts)


def _unique_section(report: dict) -> Group:
    parts = [Text("Unique claims", style="italic")]
    labels = {s.get("id"): source_label(s) for s in report.get("sources") or []}
    for source_id, claims in unique_claims(report).items():
        parts.append(Text(f"unique to {source_id} ({labels.get(source_id, source_id)}): "
                          + ("none" if not claims else f"{len(claims)}"), style="bold"))
        for claim in claims:
            line = Text()
            line.append(f"  {claim.get('id')}  ", style="dim")
            line.append(claim.get("text") or "")
            parts.append(line)
    return Group(*parts)


def _figures_table(report: dict) -> Table:
    claims = claims_by_id(report)
    names = entity_names(report)
    table = Table(title="Figures", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("measure", overflow="fold")
    table.add_column("subject", overflow="fold")
    for name in ("low", "best", "high"):
        table.add_column(name, justify="right")
    table.add_column("sources", overflow="fold")
    for figure in report.get("figures") or []:
        table.add_row(format_value(figure.get("measure")), describe_subject(figure.get("subject"), names),
                      format_number(figure.get("low")), format_number(figure.get("best")),
                      format_number(figure.get("high")), ", ".join(figure_sources(figure, claims)) or UNKNOWN)
    return table


def _detect_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def render_terminal(report: dict, *, width: int | None = None, color: bool | None = None) -> str:
    """The report as terminal text: sources, claim grid, unique claims, figures.

    ``width`` defaults to the terminal's; ``color`` defaults to whether stdout is a
    terminal (and NO_COLOR unset). With color off the text has no escape codes and
    highlighted words are shown in [brackets].
    """
    width = width or shutil.get_terminal_size((100, 24)).columns
    color = _detect_color() if color is None else color
    console = Console(file=io.StringIO(), width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False, markup=False)
    sources = report.get("sources") or []
    console.print(Text(f"claimgrid report — {len(sources)} sources, {len(report.get('alignments') or [])} alignments",
                       style="bold"))
    console.print(_sources_table(report))
    if report.get("alignments"):
        fits = (width - 30) / max(1, len(sources) + 1) >= MIN_COLUMN_WIDTH
        console.print(_grid_table(report, color=color) if fits else _grid_blocks(report, color=color))
    else:
        console.print(Text("No claims line up across the sources.", style="italic"))
    console.print()
    console.print(_unique_section(report))
    if report.get("figures"):
        console.print()
        console.print(_figures_table(report))
    return console.file.getvalue()
