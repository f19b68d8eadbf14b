"""Read models as JSON (for --json) and as text tables (for people)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.console import Console
from rich.table import Table

from carewatch.domain.ratings import KEY_QUESTIONS, Aspect
from carewatch.services.ratings import AuditFinding, Cell, Grid, GridRow

GRID_COLUMNS = (*(Aspect.of(kq) for kq in KEY_QUESTIONS), Aspect.OVERALL)
SUMMARY_EXTRA = (Aspect.USE_OF_RESOURCES, Aspect.COMBINED)


def cell_json(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "rating": cell.rating.label,
        "rating_date": cell.rating_date.isoformat(),
        "inherited": cell.inherited,
        "stale": cell.stale,
        "report_url": cell.report_url,
        "proposed": cell.proposed.label if cell.proposed else None,
        "rule": cell.rule,
        "reason": cell.reason,
        "departs": cell.departs,
        "rationale": cell.rationale,
        "explanation": cell.explanation,
    }


def row_json(row: GridRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "kind": row.kind,
        "location_id": row.location_id,
        "cells": {aspect.value: cell_json(cell) for aspect, cell in row.cells.items()},
    }


def grid_json(grid: Grid) -> dict[str, Any]:
    return {
        "subject_id": grid.subject_id,
        "subject_name": grid.subject_name,
        "subject_kind": grid.subject_kind,
        "trust_type": grid.trust_type,
        "as_of": grid.as_of.isoformat(),
        "rows": [row_json(r) for r in grid.rows],
        "summary_row": row_json(grid.summary_row) if grid.summary_row else None,
    }


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


def finding_json(finding: AuditFinding) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    data["aspect"] = finding.aspect.value
    data["published"] = finding.published.label
    data["proposed"] = finding.proposed.label
    data["published_date"] = finding.published_date.isoformat()
    data["underlying"] = {k: v.label for k, v in finding.underlying.items()}
    return data


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
