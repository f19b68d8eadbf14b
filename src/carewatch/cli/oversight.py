"""`carewatch oversight ...`: a trust's oversight status and timeline, and recording decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_NOT_FOUND, emit_json, fail
from carewatch.domain.oversight import (
    IllegalTransition,
    OversightStatus,
    TimelineEvent,
    UnknownDecisionKind,
    UnknownRegime,
)
from carewatch.services.oversight import (
    oversight_status,
    oversight_timeline,
    record_regime_decision,
)
from carewatch.services.read_models import NotFound

app = typer.Typer(
    help="Oversight regimes, enforcement, escalation and commitments: status and timeline."
)


@app.command("status")
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
    when = _date(as_of, "--as-of")
    try:
        with open_database(db) as database:
            status = oversight_status(db=database, provider_id=provider_id, as_of=when)
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    document = status_json(status)
    if as_json:
        emit_json(document)
        return
    typer.echo(f"{provider_id} as of {status.as_of.isoformat()}")
    since = f" since {document['since']}" if document["since"] else ""
    typer.echo(f"  regime: {status.regime.label}{since}")
    typer.echo(f"  times rated Inadequate: {status.times_rated_inadequate}")
    typer.echo(
        f"  days in special measures or the RSP: {status.days_in_special_measures_or_rsp} "
        f"(longest spell {status.longest_spell_days})"
    )
    due = document["next_inspection_due"] or "unknown"
    typer.echo(f"  next inspection due: {due} ({status.next_inspection_basis})")
    for item in document["open_enforcement"]:
        deadlines = ", ".join(item["deadlines"]) or "none"
        typer.echo(f"  open: {item['title']} (issued {item['issued']}; deadlines {deadlines})")
    for item in document["overdue_commitments"]:
        typer.echo(f"  overdue: {item['by']}: {item['what']} (due {item['due']})")


@app.command("timeline")
def timeline_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    start: str | None = typer.Option(None, "--from", help="First date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print the events as JSON."),
    db: str | None = db_option(),
) -> None:
    """Ratings, regime decisions, enforcement, escalation, meetings and commitments, by date."""
    first, last = _date(start, "--from"), _date(end, "--to")
    try:
        with open_database(db) as database:
            events = oversight_timeline(db=database, provider_id=provider_id, start=first, end=last)
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    if as_json:
        emit_json([event_json(e) for e in events])
        return
    for event in events:
        typer.echo(f"{event.date.isoformat()}  {event.kind.value:<18}  {event.title}")


@app.command("record-decision")
def record_decision_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    kind: str = typer.Option(..., "--kind", help="entered, exited, retained or segment_changed."),
    regime_from: str = typer.Option(..., "--from-regime", help="The regime it leaves or keeps."),
    regime_to: str = typer.Option(..., "--to-regime", help="The regime it goes to or keeps."),
    on: str = typer.Option(..., "--date", help="The decision's date (YYYY-MM-DD)."),
    recommended_by: str = typer.Option("", "--recommended-by", help="Role and organisation."),
    decided_by: str = typer.Option("", "--decided-by", help="Role and organisation."),
    rationale: str = typer.Option("", "--rationale", help="Why, in the source's words."),
    conditions: list[str] = typer.Option([], "--condition", help="A condition; repeatable."),
    evidence: list[str] = typer.Option([], "--evidence", help="A report link id; repeatable."),
    source: str = typer.Option("", "--source", help="The public source (URL)."),
    db: str | None = db_option(),
) -> None:
    """Record a regime decision; an illegal transition is refused (exit code 2)."""
    when = _day(on, "--date")
    try:
        with open_database(db) as database:
            record_regime_decision(
                db=database,
                provider_id=provider_id,
                kind=kind,
                regime_from=regime_from,
                regime_to=regime_to,
                date=when,
                recommended_by=recommended_by,
                decided_by=decided_by,
                rationale=rationale,
                conditions=conditions,
                evidence=evidence,
                source=source,
            )
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    except (IllegalTransition, UnknownRegime, UnknownDecisionKind) as exc:
        fail(str(exc))
    typer.echo(f"{provider_id}: recorded {kind} on {when.isoformat()}")


def status_json(status: OversightStatus) -> dict[str, Any]:
    """The status as the CLI's (and the API's) JSON document."""
    return {
        "as_of": status.as_of.isoformat(),
        "regime": status.regime.value,
        "regime_label": status.regime.label,
        "segment": status.segment,
        "since": status.since.isoformat() if status.since else None,
        "times_rated_inadequate": status.times_rated_inadequate,
        "days_in_special_measures_or_rsp": status.days_in_special_measures_or_rsp,
        "longest_spell_days": status.longest_spell_days,
        "next_inspection_due": (
            status.next_inspection_due.isoformat() if status.next_inspection_due else None
        ),
        "next_inspection_basis": status.next_inspection_basis,
        "open_enforcement": [
            {
                "kind": o.kind,
                "title": o.title,
                "issued": o.issued.isoformat(),
                "deadlines": [d.isoformat() for d in o.deadlines],
                "source": o.source,
            }
            for o in status.open_enforcement
        ],
        "overdue_commitments": [
            {
                "what": c.what,
                "by": c.by,
                "made_on": c.made_on.isoformat(),
                "due": c.due.isoformat() if c.due else None,
                "source": c.source,
            }
            for c in status.overdue_commitments
        ],
    }


def event_json(event: TimelineEvent) -> dict[str, str]:
    return {
        "date": event.date.isoformat(),
        "kind": event.kind.value,
        "title": event.title,
        "detail": event.detail,
        "source": event.source,
    }


def _date(text: str | None, option: str) -> dt.date | None:
    return None if text is None else _day(text, option)


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")
