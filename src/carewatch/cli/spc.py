"""`carewatch spc analyse FILE.csv`: an XmR chart of one column of a CSV file by NHS England's
Making Data Count rules, with the variation of the latest point and the assurance against a
target.

Reads the file only; stores nothing. Exit code 2 for input it cannot analyse: the message
names the file, row (the header is row 1) and column, and never quotes a cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import typer

from carewatch.cli.common import parse_date
from carewatch.cli.output import emit_json, fail
from carewatch.domain.spc import (
    Improvement,
    Recalculation,
    SpcInputError,
    SpcOptions,
    SpcResult,
    UnknownSpcWord,
    X,
    analyse,
    assurance_icon,
    variation_icon,
)
from carewatch.ingest.metric_csv import CsvFile
from carewatch.ingest.records import IngestError
from carewatch.schemas.spc import ChartPublic

app = typer.Typer(
    help="Statistical process control (XmR charts) by NHS England's Making Data Count rules."
)

DEFAULT_REASON = "recalculation given on the command line"


@dataclass(frozen=True)
class Series:
    """The points read from the file, in chart order, with the file row of each."""

    xs: list[X]
    ys: list[float | None]
    rows: list[int]


@app.command("analyse")
def analyse_command(
    file: str = typer.Argument(..., help="A CSV file with a header row."),
    value_column: str = typer.Option(
        ..., "--value-column", help="The column holding the values; an empty cell is missing."
    ),
    date_column: str | None = typer.Option(
        None,
        "--date-column",
        help="The column holding each point's date (YYYY-MM-DD); points are put in date "
        "order. Without it the points are numbered 1, 2, 3 ... in file order.",
    ),
    where: list[str] = typer.Option(
        [], "--where", help="Keep only rows whose COLUMN equals VALUE: 'COLUMN=VALUE'; repeatable."
    ),
    date_from: str | None = typer.Option(
        None, "--from", help="Keep only points on or after this date (needs --date-column)."
    ),
    date_to: str | None = typer.Option(
        None, "--to", help="Keep only points on or before this date (needs --date-column)."
    ),
    improvement: str = typer.Option(
        "neither", "--improvement", help="Which direction is better: increase, decrease, neither."
    ),
    target: float | None = typer.Option(
        None, "--target", help="The target to assure against (needs increase or decrease)."
    ),
    fix_after: int | None = typer.Option(
        None, "--fix-after", help="Fix each phase's mean and limits after its first N points."
    ),
    recalculate_at: list[str] = typer.Option(
        [],
        "--recalculate-at",
        help="Start a new phase (recalculate the limits) at this point: 'DATE' or "
        "'DATE|REASON' (a point number without --date-column); repeatable.",
    ),
    no_screen_outliers: bool = typer.Option(
        False,
        "--no-screen-outliers",
        help="Keep outlying moving ranges (>= 3.267 × the mean) in the mean moving range.",
    ),
    run_length: int = typer.Option(7, "--run-length", help="Points in a run on one side."),
    trend_length: int = typer.Option(7, "--trend-length", help="Points in a trend."),
    as_json: bool = typer.Option(False, "--json", help="Print the chart as JSON."),
) -> None:
    """Analyse one column of a CSV file as an XmR chart (points, limits, variation,
    assurance)."""
    by_date = date_column is not None
    try:
        options = SpcOptions(
            improvement=Improvement.parse(improvement),
            target=target,
            fix_after=fix_after,
            recalculate_at=tuple(_recalculation(text, by_date) for text in recalculate_at),
            screen_outliers=not no_screen_outliers,
            run_length=run_length,
            trend_length=trend_length,
        )
    except UnknownSpcWord as error:
        fail(f"--improvement: {error}")
    except SpcInputError as error:
        fail(_option_message(error))
    bounds = (_date_option("--from", date_from, by_date), _date_option("--to", date_to, by_date))
    filters = [_filter(text) for text in where]
    try:
        series = read_series(file, value_column, date_column, filters, bounds)
        result = analyse(series.xs, series.ys, options)
    except IngestError as error:
        fail(str(error))
    except SpcInputError as error:
        fail(_analysis_message(error, file, series, date_column))
    if as_json:
        emit_json(ChartPublic.from_result(result))
    else:
        typer.echo(to_table(result))


def _recalculation(text: str, by_date: bool) -> Recalculation:
    at_text, _, reason = text.partition("|")
    at: X
    if by_date:
        at = parse_date(at_text.strip(), "--recalculate-at")
    else:
        try:
            at = int(at_text.strip())
        except ValueError:
            fail("--recalculate-at: without --date-column give a point number (1, 2, 3 ...)")
    return Recalculation(at=at, reason=reason.strip() or DEFAULT_REASON)


def _date_option(option: str, text: str | None, by_date: bool) -> dt.date | None:
    if text is None:
        return None
    if not by_date:
        fail(f"{option} needs --date-column")
    return parse_date(text, option)


def _filter(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        fail("--where: give 'COLUMN=VALUE'")
    return column.strip(), value.strip()


def _option_message(error: SpcInputError) -> str:
    option = {
        "options.target": "--target",
        "options.fix_after": "--fix-after",
        "options.run_length": "--run-length",
        "options.trend_length": "--trend-length",
        "options.recalculate_at": "--recalculate-at",
        "recalculation.at": "--recalculate-at",
    }.get(error.argument, error.argument)
    return f"{option}: {error.reason}"


def _analysis_message(
    error: SpcInputError, file: str, series: Series, date_column: str | None
) -> str:
    if error.argument == "xs" and error.position is not None and date_column:
        row = series.rows[error.position]
        return str(
            IngestError(
                "repeats the date of an earlier row",
                file=Path(file).name,
                row=row,
                column=date_column,
            )
        )
    return _option_message(error)


def read_series(
    file: str,
    value_column: str,
    date_column: str | None,
    filters: list[tuple[str, str]],
    bounds: tuple[dt.date | None, dt.date | None],
) -> Series:
    """The points of `value_column` (ordered by `date_column` when given), keeping only rows
    that match every filter and whose date lies within `bounds` (inclusive).

    Raises IngestError naming file, row and column for a missing column, a value that is not
    a number or a date that is not a date.
    """
    csv_file = CsvFile(Path(file))
    wanted = [value_column, *([date_column] if date_column else []), *(c for c, _ in filters)]
    at = csv_file.need(wanted)
    found: list[tuple[dt.date | int, float | None, int]] = []
    for number, cells in csv_file.rows():
        if any(cells[at[column]] != value for column, value in filters):
            continue
        x: dt.date | int = len(found) + 1
        if date_column:
            try:
                x = dt.date.fromisoformat(cells[at[date_column]])
            except ValueError:
                raise csv_file.error("is not a date like 2024-04-30", number, date_column) from None
            if (bounds[0] and x < bounds[0]) or (bounds[1] and x > bounds[1]):
                continue
        value = _number(cells[at[value_column]], csv_file.name, number, value_column)
        found.append((x, value, number))
    if date_column:
        found.sort(key=lambda point: point[0])
    return Series(
        xs=[x for x, _, _ in found], ys=[y for _, y, _ in found], rows=[r for _, _, r in found]
    )


def _number(text: str, file: str, row: int, column: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise IngestError("is not a number", file=file, row=row, column=column) from None
    if not math.isfinite(value):
        raise IngestError("is not a finite number", file=file, row=row, column=column)
    return value


def _x(value: X) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def to_table(result: SpcResult) -> str:
    """A readable table of the points, then the variation and assurance lines."""
    head = ("x", "y", "mean", "lower limit", "upper limit", "variation")
    rows = [
        (
            _x(point.x),
            "missing" if point.y is None else _fmt(point.y),
            _fmt(point.mean),
            _fmt(point.lpl),
            _fmt(point.upl),
            point.point_type.value if point.point_type else "",
        )
        for point in result.points
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in [head, *rows]
    ]
    for phase in result.phases[1:]:
        lines.append(f"Phase {phase.index + 1} from {_x(phase.start_x)}: {phase.reason}")
    variation = variation_icon(result)
    assurance = assurance_icon(result)
    lines.append(f"Variation: {variation.label if variation else 'none (no values)'}")
    if assurance:
        lines.append(f"Assurance: {assurance.label}")
    elif result.options.target is None:
        lines.append("Assurance: none (no target given)")
    elif result.options.improvement is Improvement.NEITHER:
        lines.append("Assurance: none (neither direction is better)")
    else:
        lines.append("Assurance: none (no values)")
    return "\n".join(lines)
