"""`carewatch actions evidence`, `verify`, `schedule` and `link-metric`: what shows an
action worked.
"""

from __future__ import annotations

from pathlib import Path

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, optional_date, parse_date, parse_moment, run
from carewatch.cli.output import emit_json, fail
from carewatch.schemas.plans import EvidenceAddedPublic
from carewatch.services import plans
from carewatch.store.database import Database


def actions_evidence_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    kind: str = typer.Option(..., "--kind", help="note, file or link."),
    supplied_by: str = typer.Option(..., "--supplied-by", help="Who supplied it."),
    effective_from: str | None = typer.Option(
        None,
        "--from",
        help="First day of the period it speaks for (YYYY-MM-DD; default: the day received).",
    ),
    effective_to: str | None = typer.Option(
        None, "--to", help="Last day of that period (default: the first)."
    ),
    received: str | None = typer.Option(
        None,
        "--received",
        help="The day it was produced or received (YYYY-MM-DD; default today; not in the "
        "future). It counts from that day for moves and verdicts.",
    ),
    uploaded_at: str | None = typer.Option(
        None,
        "--uploaded-at",
        help="Instead of --received: the moment it arrived (YYYY-MM-DDTHH:MM, UTC).",
    ),
    note: str = typer.Option("", "--note", help="The note's text (kind note)."),
    file: Path | None = typer.Option(None, "--file", help="The file to attach (kind file)."),
    url: str = typer.Option("", "--url", help="The link (kind link)."),
    title: str = typer.Option("", "--title", help="A short title."),
    media_type: str | None = typer.Option(
        None, "--media-type", help="The file's media type (e.g. application/pdf)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    db: str | None = db_option(),
) -> None:
    """Attach evidence to an action; says when the content duplicates earlier evidence."""
    if received is not None and uploaded_at is not None:
        fail("--received and --uploaded-at say the same thing: give one")
    if uploaded_at is not None:
        moment = parse_moment(uploaded_at, "--uploaded-at")
    else:
        moment = plans.received_at(optional_date(received, "--received"))
    start = optional_date(effective_from, "--from") or moment.date()
    end = optional_date(effective_to, "--to")
    content: bytes | None = None
    if file is not None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            fail(f"--file: cannot read {file.name} ({exc.strerror})")
    result = run(
        db,
        lambda database: plans.add_evidence(
            db=database,
            action_id=action_id,
            kind=kind,
            supplied_by=supplied_by,
            uploaded_at=moment,
            effective_from=start,
            effective_to=end,
            title=title,
            note=note,
            url=url,
            content=content,
            filename=file.name if file is not None else "",
            media_type=media_type,
            actor=acting_as(ctx, database),
        ),
    )
    if as_json:
        emit_json(EvidenceAddedPublic.from_result(result))
        return
    said = "recorded" if result.created else "already attached"
    typer.echo(f"action {action_id}: evidence {result.evidence_id} {said}")
    if result.duplicate and result.created:
        earlier = ", ".join(str(i) for i in result.duplicate_of)
        typer.echo(f"  the same content is already evidence {earlier}")


def actions_verify_command(
    ctx: typer.Context,
    evidence_id: int = typer.Argument(..., help="The evidence's id."),
    accept: bool = typer.Option(
        ..., "--accept/--reject", help="Accept the evidence, or reject it."
    ),
    by: str = typer.Option(..., "--by", help="The verifier (not the supplier)."),
    on: str = typer.Option(..., "--on", help="The day of the verdict (YYYY-MM-DD)."),
    note: str = typer.Option("", "--note", help="The verifier's note (internal)."),
    db: str | None = db_option(),
) -> None:
    """Accept or reject a piece of evidence. Verifying it again adds a verdict, which becomes
    its verdict; the earlier ones stay, and all are printed, oldest first."""
    day = parse_date(on, "--on")

    def verify(database: Database) -> tuple[plans.VerdictView, ...]:
        actor = acting_as(ctx, database)
        given = plans.verify_evidence(
            db=database,
            evidence_id=evidence_id,
            accepted=accept,
            by=by,
            on=day,
            note=note,
            actor=actor,
        )
        return plans.evidence_verdicts(db=database, evidence_id=given.evidence_id, actor=actor)

    verdicts = run(db, verify)
    typer.echo(f"evidence {evidence_id}: {'accepted' if accept else 'rejected'}")
    for v in verdicts:
        said = f": {v.note}" if v.note else ""
        typer.echo(f"  {v.on.isoformat()}  {v.verdict.label} by {v.by or '-'}{said}")


def actions_schedule_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    frequency: str = typer.Option(..., "--frequency", help="monthly or quarterly."),
    starts: str = typer.Option(..., "--starts", help="First day of the first period."),
    grace_days: int = typer.Option(
        plans.DEFAULT_GRACE_DAYS, "--grace-days", help="Days after a period its evidence is due."
    ),
    ends: str | None = typer.Option(None, "--ends", help="Last day the schedule runs."),
    description: str = typer.Option("", "--description", help="What is due (e.g. the audit)."),
    db: str | None = db_option(),
) -> None:
    """Require recurring evidence; a missing period makes the action overdue."""
    start, end = parse_date(starts, "--starts"), optional_date(ends, "--ends")
    run(
        db,
        lambda database: plans.set_evidence_schedule(
            db=database,
            action_id=action_id,
            frequency=frequency,
            starts_on=start,
            grace_days=grace_days,
            ends_on=end,
            description=description,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"action {action_id}: {frequency} evidence from {start.isoformat()}")


def actions_link_metric_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    metric_code: str = typer.Argument(..., help="A metric code from the catalogue."),
    target: float = typer.Option(..., "--target", help="The value that proves the fix."),
    direction: str = typer.Option(..., "--direction", help="at_least or at_most."),
    db: str | None = db_option(),
) -> None:
    """Link a metric as the action's measure of success."""
    run(
        db,
        lambda database: plans.link_metric(
            db=database,
            action_id=action_id,
            metric_code=metric_code,
            target=target,
            direction=direction,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"action {action_id}: measured by {metric_code} ({direction} {target:g})")
