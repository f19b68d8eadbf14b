"""`carewatch report board ODS [--period Q | --as-of DATE] -o FILE.pdf|FILE.html`: the
trust's integrated quality and performance report for its board
(`carewatch.reports.board`), as a PDF or as one HTML file, chosen by the file's suffix.

The report is the public's unless `--as EMAIL` names someone who may read the trust's
restricted data: then it names owners below board level as the plan does for them.

Exit codes: 2 for a suffix other than .pdf or .html, a period or date it cannot read, or
both given; 3 for an unknown trust; 1 when the file cannot be written.
"""

from __future__ import annotations

from pathlib import Path

import typer

from carewatch.cli.common import ODS_HELP, db_option, exit_codes, open_database, parse_date
from carewatch.cli.context import AS_KEY
from carewatch.cli.output import EXIT_FAILURE, fail

__all__ = ["app"]

app = typer.Typer(help="Reports: the board's integrated quality and performance report.")

SUFFIXES = (".pdf", ".html")


@app.command("board")
def board_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    output: Path = typer.Option(
        ..., "--output", "-o", help="The file to write: FILE.pdf or FILE.html."
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        help="A quarter: 2024-Q1 (calendar, January to March) or 'Q4 2023/24' (financial). "
        "The report is as of its last day.",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As things stood at the end of this date (default today)."
    ),
    db: str | None = db_option(),
) -> None:
    """Write the board report: the measures' Making Data Count summary and SPC charts, the
    improvement plan's exceptions, oversight and enforcement, incidents and feedback."""
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        fail(f"--output: {output.name!r} does not end in .pdf or .html")
    if period is not None and as_of is not None:
        fail("--period and --as-of: give one or the other")
    # The report, its templates and (for a PDF) WeasyPrint load only when a report is made.
    import datetime as dt

    from carewatch.cli.acting import acting_as
    from carewatch.domain.access import PUBLIC
    from carewatch.reports.board import (
        InvalidPeriod,
        ReportPeriod,
        board_html,
        board_inputs,
        board_pdf,
        build_board_report,
    )

    try:
        chosen = (
            ReportPeriod.quarter(period)
            if period is not None
            else ReportPeriod.on(parse_date(as_of, "--as-of") if as_of else dt.date.today())
        )
    except InvalidPeriod as exc:
        fail(f"--period: {exc}")
    with exit_codes(), open_database(db) as database:
        # Without --as the report is the public's (a PDF travels), not the operator's.
        root = ctx.find_root().obj
        named = isinstance(root, dict) and root.get(AS_KEY)
        actor = acting_as(ctx, database) if named else PUBLIC
        inputs = board_inputs(db=database, provider_id=provider_id, period=chosen, actor=actor)
    report = build_board_report(inputs)
    try:
        if suffix == ".pdf":
            output.write_bytes(board_pdf(report))
        else:
            output.write_text(board_html(report), encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})", EXIT_FAILURE)
    sections = ", ".join(s.title for s in report.sections)
    typer.echo(
        f"{provider_id}: board report for {chosen.label} (data version {report.data_version}) "
        f"written to {output}: {sections}"
    )
