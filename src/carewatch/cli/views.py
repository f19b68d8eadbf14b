"""Ratings read models as text tables, for people (`--json` prints `carewatch.schemas`)."""

from __future__ import annotations

import shutil

from rich import box
from rich.console import Console
from rich.table import Table

from carewatch.domain.ratings import KEY_QUESTIONS, Aspect
from carewatch.services.ratings import AuditFinding, Cell, Grid

GRID_COLUMNS = (*(Aspect.of(kq) for kq in KEY_QUESTIONS), Aspect.OVERALL)
SUMMARY_EXTRA = (Aspect.USE_OF_RESOURCES, Aspect.COMBINED)


FULL_WIDTH = 120
"""The narrowest terminal that shows the grid with ratings in words and full dates; a
narrower one gets the compact grid (initials, months) with a key to the initials."""

SHORT_HEADINGS = {
    "Effective": "Effect.",
    "Responsive": "Respons.",
    "Use of resources": "Resour.",
    "Combined": "Combin.",
}


def initials(label: str) -> str:
    """A rating's initials: "RI" for Requires improvement, "G" for Good."""
    return "".join(word[0].upper() for word in label.split())


def _cell_text(cell: Cell | None, compact: bool) -> str:
    if cell is None:
        return "—"
    marks = "".join(
        mark for mark, on in (("*", cell.inherited), ("†", cell.stale), ("≠", cell.departs)) if on
    )
    if compact:
        return f"{initials(cell.rating.label)}{marks}\n{cell.rating_date.isoformat()[:7]}"
    return f"{cell.rating.label}{marks}\n{cell.rating_date.isoformat()}"


def text_console() -> Console:
    """A console for tables as wide as the terminal (or $COLUMNS; 80 when there is neither,
    as when output is piped)."""
    return Console(highlight=False, width=shutil.get_terminal_size(fallback=(80, 24)).columns)


def print_grid(grid: Grid, console: Console) -> None:
    """The grid as a table that fits the console: ratings in words and full dates when it is
    at least FULL_WIDTH wide, else their initials and months, with a key to the initials."""
    compact = console.width < FULL_WIDTH
    summary = grid.summary_row
    extras = [a for a in SUMMARY_EXTRA if summary and a in summary.cells]
    aspects = (*GRID_COLUMNS, *extras)
    table = Table(
        title=f"{grid.subject_name} ({grid.subject_id})",
        show_lines=True,
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        collapse_padding=compact,
        pad_edge=not compact,
    )
    table.add_column("", ratio=1, overflow="fold")
    for aspect in aspects:
        heading = SHORT_HEADINGS.get(aspect.label, aspect.label) if compact else aspect.label
        table.add_column(heading, no_wrap=compact)
    for row in grid.rows:
        table.add_row(row.label, *(_cell_text(row.cells.get(a), compact) for a in aspects))
    if summary:
        table.add_row(
            summary.label,
            *(_cell_text(summary.cells.get(a), compact) for a in aspects),
            style="bold",
        )
    console.print(table)
    if compact:
        shown = sorted(
            {
                cell.rating.label
                for row in [*grid.rows, *([summary] if summary else [])]
                for cell in row.cells.values()
            }
        )
        key = "; ".join(f"{initials(label)} {label}" for label in shown)
        console.print(f"{key}; dates are the month of the rating.", markup=False)
    console.print(
        "* inherited from a predecessor registration   † stale: older than CQC's normal "
        "re-inspection interval for that rating   ≠ departs from what the rules propose"
    )
    departures = [
        (row.label, aspect, cell)
        for row in [*grid.rows, *([summary] if summary else [])]
        for aspect, cell in row.cells.items()
        if cell.departs
    ]
    for label, aspect, cell in departures:
        proposed = cell.proposed.label if cell.proposed else "—"
        console.print(
            f"≠ {label}, {aspect.label}: published {cell.rating.label}; the rules propose "
            f"{proposed} [{cell.rule}]. {cell.reason}"
            + (f" Recorded rationale: {cell.rationale}" if cell.rationale else "")
            + (f" Likely explanation: {cell.explanation}" if cell.explanation else ""),
            markup=False,
        )


def print_findings(findings: list[AuditFinding], console: Console) -> None:
    if not findings:
        console.print("Every stored aggregate matches what the rules propose.")
        return
    for f in findings:
        console.print(
            f"{f.subject_name} ({f.subject_id}) — {f.row_label}, {f.aspect.label}: "
            f"published {f.published.label} on {f.published_date.isoformat()}; the rules "
            f"propose {f.proposed.label} [{f.rule}]",
            markup=False,
            style="bold",
        )
        console.print(f"  Why the rules say so: {f.reason}", markup=False)
        console.print(f"  Likely explanation: {f.explanation}", markup=False)
    noun = "departure" if len(findings) == 1 else "departures"
    console.print(f"{len(findings)} {noun} from the rules.")
