"""`carewatch findings add` and `list`: a trust's must-dos and should-dos."""

from __future__ import annotations

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import ODS_HELP, db_option, optional_date, run
from carewatch.cli.output import emit_json
from carewatch.schemas.plans import FindingPublic
from carewatch.services import plans


def findings_add_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Option(..., "--reference", help="The trust's key, e.g. 2020-MD1."),
    kind: str = typer.Option(..., "--kind", help="must_do (a breach) or should_do."),
    words: str = typer.Option(..., "--words", help="The report's own words."),
    summary: str = typer.Option("", "--summary", help="Plain-English summary for the public."),
    regulation: str | None = typer.Option(
        None, "--regulation", help="The regulation breached, 9 to 20A (required for must_do)."
    ),
    core_services: list[str] = typer.Option(
        [], "--core-service", help="A core service it concerns; repeatable."
    ),
    key_question: str | None = typer.Option(
        None, "--key-question", help="Safe, effective, caring, responsive or well-led."
    ),
    report_date: str | None = typer.Option(None, "--report-date", help="YYYY-MM-DD."),
    report: str | None = typer.Option(None, "--report", help="The report's link id."),
    enforcement_id: int | None = typer.Option(
        None, "--enforcement-id", help="The stored requirement or warning notice it led to."
    ),
    requirement: int | None = typer.Option(
        None, "--requirement", help="The warning notice requirement's position (from 1)."
    ),
    illustrative: bool = typer.Option(
        False, "--illustrative", help="Mark it as illustrative, not public record."
    ),
    source: str = typer.Option("", "--source", help="The public source (URL)."),
    reason: str = typer.Option(
        "",
        "--reason",
        help="Why, when the finding is recorded already with other values (required then): "
        "each changed field is kept in its history.",
    ),
    db: str | None = db_option(),
) -> None:
    """Record a finding. Recording the same reference again with the same values changes
    nothing; with other values (a must-do become a should-do, new words, ...) it needs
    --reason, and each change is kept (refused with exit code 2 without one)."""
    when = optional_date(report_date, "--report-date")
    finding_id = run(
        db,
        lambda database: plans.record_finding(
            db=database,
            provider_id=provider_id,
            reference=reference,
            kind=kind,
            report_words=words,
            public_summary=summary,
            regulation=regulation,
            core_services=core_services,
            key_question=key_question,
            report_date=when,
            report_link_id=report,
            enforcement_id=enforcement_id,
            requirement_position=requirement,
            illustrative=illustrative,
            source=source,
            reason=reason,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"{provider_id}: finding {reference} recorded (id {finding_id})")


def findings_list_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every finding of the trust, must-dos first."""
    found = run(db, lambda database: plans.list_findings(db=database, provider_id=provider_id))
    if as_json:
        emit_json([FindingPublic.from_view(f) for f in found])
        return
    for f in found:
        regulation = f" (Regulation {f.regulation.value})" if f.regulation else ""
        mark = " [illustrative]" if f.illustrative else ""
        typer.echo(f"{f.reference}  {f.kind.label}{regulation}{mark}: {f.summary}")
