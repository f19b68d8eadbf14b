"""Ratings read models as text tables, for people (`--json` prints `carewatch.schemas`)."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TextIO

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
        mark
        for mark, on in (
            ("*", cell.inherited),
            ("†", cell.stale),
            ("≠", cell.departs),
            ("^", cell.predates_beneath),
        )
        if on
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
        "re-inspection interval for that rating   ≠ departs from what the rules propose   "
        "^ what the rules gave when published; ratings beneath it came later"
    )
    departures = [
        (row.label, aspect, cell)
        for row in [*grid.rows, *([summary] if summary else [])]
        for aspect, cell in row.cells.items()
        if cell.departs or cell.predates_beneath
    ]
    for label, aspect, cell in departures:
        proposed = cell.proposed.label if cell.proposed else "—"
        console.print(
            f"{'≠' if cell.departs else '^'} {label}, {aspect.label}: published "
            f"{cell.rating.label}; the rules propose "
            f"{proposed} [{cell.rule}]. {cell.reason}"
            + (f" Recorded rationale: {cell.rationale}" if cell.rationale else "")
            + (f" Likely explanation: {cell.explanation}" if cell.explanation else ""),
            markup=False,
        )


def findings_lines(findings: Iterable[AuditFinding]) -> Iterator[tuple[str, bool]]:
    """The audit for people, line by line, each with whether it heads a finding: per finding,
    the aggregate and the rules' proposal, then why the rules say so and the likely
    explanation; last, how many departures there are."""
    count = 0
    for f in findings:
        count += 1
        yield (
            f"{f.subject_name} ({f.subject_id}) — {f.row_label}, {f.aspect.label}: "
            f"published {f.published.label} on {f.published_date.isoformat()}; the rules "
            f"propose {f.proposed.label} [{f.rule}]",
            True,
        )
        yield f"  Why the rules say so: {f.reason}", False
        yield f"  Likely explanation: {f.explanation}", False
    if not count:
        yield "Every stored aggregate matches what the rules propose.", False
        return
    noun = "departure" if count == 1 else "departures"
    yield f"{count} {noun} from the rules.", False


LINES_PER_WRITE = 5000
"""Lines written to a file or pipe at a time: the national audit's 19 MB of text goes out
in a few dozen writes, without holding it all at once."""


def write_findings(findings: Iterable[AuditFinding], out: TextIO) -> None:
    """The audit as text on `out`. To a file or a pipe each line is whole, so that grep finds
    a finding's line whatever its length; to a terminal each finding's first line is bold
    and lines are wrapped at words to the terminal's width."""
    lines = findings_lines(findings)
    if not out.isatty():
        while chunk := [f"{text}\n" for text, _ in islice(lines, LINES_PER_WRITE)]:
            out.write("".join(chunk))
        out.flush()
        return
    width = shutil.get_terminal_size(fallback=(80, 24)).columns
    wrapper = textwrap.TextWrapper(width=width, break_on_hyphens=False)
    styled = os.environ.get("TERM") != "dumb"
    for text, heading in lines:
        wrapped = "\n".join(wrapper.fill(part) for part in text.split("\n"))
        out.write(f"\x1b[1m{wrapped}\x1b[0m\n" if heading and styled else f"{wrapped}\n")
    out.flush()
