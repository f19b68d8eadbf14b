"""`carewatch actions export ODS --format csv|xlsx -o FILE`: a trust's improvement plan as a
CSV file or an Excel workbook, one row per action (`carewatch.reports.plan_export`).

Exit codes: 2 for an unknown format or a date that is not one, 3 for an unknown trust.
"""

from __future__ import annotations

from pathlib import Path

import typer

from carewatch.cli.common import db_option, optional_date, run
from carewatch.cli.output import EXIT_FAILURE, fail
from carewatch.reports.plan_export import plan_csv, plan_xlsx
from carewatch.services import plans

__all__ = ["export_command"]

FORMATS = ("csv", "xlsx")


def export_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    fmt: str = typer.Option("csv", "--format", help="csv or xlsx."),
    output: Path = typer.Option(..., "--output", "-o", help="The file to write."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As things stood at the end of this date (default today)."
    ),
    db: str | None = db_option(),
) -> None:
    """Write the trust's improvement plan, one row per action: finding, regulation, core
    service, owner role, due date, status, RAG, evidence count, last evidenced, metric."""
    if fmt not in FORMATS:
        fail(f"--format: {fmt!r} is not csv or xlsx")
    day = optional_date(as_of, "--as-of")
    plan = run(
        db, lambda database: plans.improvement_plan(db=database, provider_id=provider_id, as_of=day)
    )
    try:
        if fmt == "csv":
            output.write_text(plan_csv(plan), encoding="utf-8", newline="")
        else:
            output.write_bytes(plan_xlsx(plan))
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})", EXIT_FAILURE)
    rows = len(plan.actions)
    typer.echo(f"{provider_id}: {rows} actions as of {plan.as_of.isoformat()} written to {output}")
