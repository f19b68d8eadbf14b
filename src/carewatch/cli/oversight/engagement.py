"""`carewatch oversight record-escalation`, `record-meeting`, `record-statement`,
`record-commitment` and `mark-commitment`: escalation, meetings, public statements and the
commitments made in them.
"""

from __future__ import annotations

from functools import partial

import typer

from carewatch.cli.common import ODS_HELP, db_option, optional_date, parse_date
from carewatch.cli.output import fail
from carewatch.cli.oversight.inputs import (
    SOURCE_HELP,
    optional_text,
    parsed,
    participant,
    position,
    record,
    required,
)
from carewatch.domain.oversight import (
    CommitmentStatus,
    EscalationOption,
    EscalationOutcome,
    MeetingFormat,
)
from carewatch.services.oversight import (
    mark_commitment,
    record_commitment,
    record_escalation,
    record_meeting,
    record_statement,
)

ESCALATION_OPTIONS = ", ".join(option.value for option in EscalationOption) + "."
ESCALATION_OUTCOMES = ", ".join(outcome.value for outcome in EscalationOutcome) + "."
MEETING_FORMATS = ", ".join(format.value for format in MeetingFormat) + "."


def record_escalation_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    option: str = typer.Option(
        ...,
        "--option",
        help=ESCALATION_OPTIONS,
    ),
    proposed_by: str = typer.Option(
        ..., "--proposed-by", help="Who proposed it: role and organisation."
    ),
    on: str = typer.Option(..., "--date", help="The date it was proposed (YYYY-MM-DD)."),
    outcome: str = typer.Option(
        EscalationOutcome.PENDING.value,
        "--outcome",
        help=ESCALATION_OUTCOMES,
    ),
    positions: list[str] = typer.Option(
        [],
        "--position",
        help="A public position on it: 'WHO|ORGANISATION|POSITION' (WHO a role); repeatable.",
    ),
    detail: str = typer.Option("", "--detail", help="More, in the source's words."),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record an escalation proposed for a failing trust (trust special administration, a
    buddy trust, an improvement director, a change of leadership, ...), what became of it and
    who stood where."""
    chosen = parsed(EscalationOption.parse, option, "--option")
    result = parsed(EscalationOutcome.parse, outcome, "--outcome")
    when = parse_date(on, "--date")
    record(
        ctx,
        db,
        partial(
            record_escalation,
            provider_id=provider_id,
            option=chosen,
            proposed_by=required(proposed_by, "--proposed-by"),
            date=when,
            outcome=result,
            positions=[position(text) for text in positions],
            detail=detail,
            source=source,
        ),
    )
    typer.echo(
        f"{provider_id}: recorded escalation {chosen.value} proposed {when.isoformat()} "
        f"({result.value})"
    )


def record_meeting_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    on: str = typer.Option(..., "--date", help="The meeting's date (YYYY-MM-DD)."),
    format: str = typer.Option(..., "--format", help=MEETING_FORMATS),
    title: str = typer.Option(..., "--title", help="What the meeting was, e.g. who met whom."),
    participants: list[str] = typer.Option(
        [], "--participant", help="Who took part: 'ROLE|ORGANISATION'; repeatable."
    ),
    absent: list[str] = typer.Option(
        [], "--absent", help="Who was invited but absent: 'ROLE|ORGANISATION'; repeatable."
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a meeting about the trust, with who took part and who was absent, by role and
    organisation (never a private individual's name).

    Recording it again (same trust, date and title) replaces who was there.
    """
    when = parse_date(on, "--date")
    how = parsed(MeetingFormat.parse, format, "--format")
    record(
        ctx,
        db,
        partial(
            record_meeting,
            provider_id=provider_id,
            date=when,
            format=how,
            title=required(title, "--title"),
            participants=[participant(text, "--participant") for text in participants],
            absent=[participant(text, "--absent") for text in absent],
            source=source,
        ),
    )
    typer.echo(f"{provider_id}: recorded meeting on {when.isoformat()} ({how.label})")


def record_statement_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    who: str = typer.Option(..., "--who", help="Who said it, by role (e.g. 'MP for Norwich')."),
    organisation: str = typer.Option(..., "--organisation", help="Their organisation."),
    on: str = typer.Option(..., "--date", help="The statement's date (YYYY-MM-DD)."),
    text: str = typer.Option(..., "--text", help="What was said, in the source's words."),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a public statement or position about the trust, e.g. an MP calling for special
    administration. Statements show beside the escalations and meetings they belong to, not
    as timeline events of their own."""
    when = parse_date(on, "--date")
    record(
        ctx,
        db,
        partial(
            record_statement,
            provider_id=provider_id,
            who=required(who, "--who"),
            organisation=required(organisation, "--organisation"),
            date=when,
            text=required(text, "--text"),
            source=source,
        ),
    )
    typer.echo(f"{provider_id}: recorded statement on {when.isoformat()}")


def record_commitment_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    what: str = typer.Option(..., "--what", help="What was promised, in the source's words."),
    by: str = typer.Option(..., "--by", help="Who promised it: organisation or role."),
    made_on: str = typer.Option(
        ..., "--made-on", help="The date of the meeting or statement it was made in."
    ),
    due: str | None = typer.Option(None, "--due", help="When it is due (YYYY-MM-DD)."),
    meeting: str | None = typer.Option(
        None,
        "--meeting",
        help="The title of the recorded meeting, held on --made-on, it was made in.",
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a public commitment, open until marked kept, kept late or broken
    (`mark-commitment`). Recording it again keeps its mark."""
    made = parse_date(made_on, "--made-on")
    by_when = optional_date(due, "--due")
    record(
        ctx,
        db,
        partial(
            record_commitment,
            provider_id=provider_id,
            what=required(what, "--what"),
            by=required(by, "--by"),
            made_on=made,
            due=by_when,
            meeting_title=optional_text(meeting, "--meeting"),
            source=source,
        ),
        refused="--due",
        missing="--meeting",
    )
    due_text = f" (due {by_when.isoformat()})" if by_when else ""
    typer.echo(f"{provider_id}: recorded commitment made on {made.isoformat()}{due_text}")


def mark_commitment_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    what: str = typer.Option(..., "--what", help="What was promised, exactly as recorded."),
    made_on: str = typer.Option(..., "--made-on", help="The date it was made (YYYY-MM-DD)."),
    status: str = typer.Option(
        ...,
        "--status",
        help="kept (by its due date), kept_late (after it) or broken.",
    ),
    on: str = typer.Option(..., "--on", help="The date it was kept or broken (YYYY-MM-DD)."),
    evidence: str = typer.Option(..., "--evidence", help="The public evidence."),
    db: str | None = db_option(),
) -> None:
    """Mark a recorded commitment kept, kept late or broken on a date, with the evidence; a
    status that does not fit the dates is refused (exit code 2)."""
    made = parse_date(made_on, "--made-on")
    marked = parsed(CommitmentStatus.parse, status, "--status")
    if marked is CommitmentStatus.OPEN:
        fail("--status: expected kept, kept_late or broken")
    when = parse_date(on, "--on")
    record(
        ctx,
        db,
        partial(
            mark_commitment,
            provider_id=provider_id,
            what=required(what, "--what"),
            made_on=made,
            status=marked,
            on=when,
            evidence=required(evidence, "--evidence"),
        ),
        refused="--status/--on",
        missing="--what/--made-on",
    )
    typer.echo(
        f"{provider_id}: marked the commitment made on {made.isoformat()} "
        f"{marked.value} on {when.isoformat()}"
    )
