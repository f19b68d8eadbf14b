"""Ratings read models as text tables, for people (`--json` prints `carewatch.schemas`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from carewatch.domain.ratings import KEY_QUESTIONS, Aspect
from carewatch.services.ratings import AuditFinding, Cell, Grid

GRID_COLUMNS = (*(Aspect.of(kq) for kq in KEY_QUESTIONS), Aspect.OVERALL)
SUMMARY_EXTRA = (Aspect.USE_OF_RESOURCES, Aspect.COMBINED)


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return "—"
    marks = "".join(
        mark for mark, on in (("*", cell.inherited), ("†", cell.stale), ("≠", cell.departs)) if on
    )
    return f"{cell.rating.label}{marks}\n{cell.rating_date.isoformat()}"


def text_console() -> Console:
    """A console for tables: the terminal's width, or a wide page when output is piped."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=160)


def print_grid(grid: Grid, console: Console) -> None:
    summary = grid.summary_row
    extras = [a for a in SUMMARY_EXTRA if summary and a in summary.cells]
    table = Table(title=f"{grid.subject_name} ({grid.subject_id})", show_lines=True)
    table.add_column("")
    for aspect in (*GRID_COLUMNS, *extras):
        table.add_column(aspect.label)
    for row in grid.rows:
        table.add_row(row.label, *(_cell_text(row.cells.get(a)) for a in (*GRID_COLUMNS, *extras)))
    if summary:
        table.add_row(
            summary.label,
            *(_cell_text(summary.cells.get(a)) for a in (*GRID_COLUMNS, *extras)),
            style="bold",
        )
    console.print(table)
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
