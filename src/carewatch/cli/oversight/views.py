"""`carewatch oversight status` and `timeline`: a trust's oversight as of a date, and its
events by date. `--json` prints what GET /api/v1/trusts/{id}/oversight and /timeline return.
The timeline holds the trust's serious patient-safety incidents as the actor may see them
(`--as EMAIL`, else the operator, who sees them all)."""

from __future__ import annotations

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, optional_date, run
from carewatch.cli.output import emit_json
from carewatch.schemas.oversight import OversightStatusPublic, TimelineEventPublic, TimelinePublic
from carewatch.services.incidents import timeline_with_incidents
from carewatch.services.oversight import oversight_status


def status_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="The status as of this date (YYYY-MM-DD; default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
    db: str | None = db_option(),
) -> None:
    """Which regime the trust is in and since when, its segment, how often it was rated
    Inadequate, its time in special measures or the Recovery Support Programme, when the next
    inspection is due, open enforcement and overdue commitments."""
    when = optional_date(as_of, "--as-of")
    status = run(
        db, lambda database: oversight_status(db=database, provider_id=provider_id, as_of=when)
    )
    document = OversightStatusPublic.from_status(status)
    if as_json:
        emit_json(document)
        return
    typer.echo(f"{provider_id} as of {status.as_of.isoformat()}")
    since = f" since {status.since.isoformat()}" if status.since else ""
    typer.echo(f"  regime: {status.regime.label}{since}")
    typer.echo(f"  times rated Inadequate: {status.times_rated_inadequate}")
    typer.echo(
        f"  days in special measures or the RSP: {status.days_in_special_measures_or_rsp} "
        f"(longest spell {status.longest_spell_days})"
    )
    due = status.next_inspection_due.isoformat() if status.next_inspection_due else "unknown"
    typer.echo(f"  next inspection due: {due} ({status.next_inspection_basis})")
    for item in document.open_enforcement:
        deadlines = ", ".join(d.isoformat() for d in item.deadlines) or "none"
        typer.echo(
            f"  open: {item.title} (issued {item.issued.isoformat()}; deadlines {deadlines})"
        )
    for c in document.overdue_commitments:
        typer.echo(f"  overdue: {c.by}: {c.what} (due {c.due.isoformat() if c.due else None})")


def timeline_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    start: str | None = typer.Option(None, "--from", help="First date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print the events as JSON."),
    db: str | None = db_option(),
) -> None:
    """Ratings, regime decisions, enforcement, escalation, meetings, commitments and serious
    patient-safety incidents (deaths, Never Events, Serious Incidents, PSIIs), by date."""
    first, last = optional_date(start, "--from"), optional_date(end, "--to")
    events = run(
        db,
        lambda database: timeline_with_incidents(
            db=database,
            actor=acting_as(ctx, database),
            provider_id=provider_id,
            start=first,
            end=last,
        ),
    )
    if as_json:
        # As the API gives it: newest first.
        data = [TimelineEventPublic.from_event(e) for e in reversed(events)]
        emit_json(TimelinePublic(data=data, count=len(data)))
        return
    for event in events:
        typer.echo(f"{event.date.isoformat()}  {event.kind.value:<18}  {event.title}")
