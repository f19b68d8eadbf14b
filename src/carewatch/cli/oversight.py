"""`carewatch oversight ...`: a trust's oversight status and timeline, and recording regime
decisions, enforcement, escalation, meetings, statements and commitments.

Every `record-*` command goes through one `carewatch.services.oversight` writer, so recording
the same thing twice changes nothing. Exit codes: 2 for input the command cannot accept or a
record the rules refuse (the message names the option), 3 for an unknown trust, meeting or
commitment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_NOT_FOUND, emit_json, fail
from carewatch.domain.oversight import (
    DATED_ACTIONS,
    CommitmentStatus,
    Condition,
    EnforcementActionKind,
    EscalationOption,
    EscalationOutcome,
    FixedPenalty,
    FundamentalStandard,
    IllegalTransition,
    InvalidCommitment,
    InvalidEnforcement,
    MeetingFormat,
    OversightStatus,
    Participant,
    Prosecution,
    StakeholderPosition,
    TimelineEvent,
    UnknownDecisionKind,
    UnknownEngagementWord,
    UnknownEscalationWord,
    UnknownFundamentalStandard,
    UnknownRegime,
    UrgentAction,
    WarningRequirement,
)
from carewatch.domain.ratings import KeyQuestion, UnknownKeyQuestion, parse_key_question
from carewatch.services.errors import NotFound
from carewatch.services.oversight import (
    ValueTooLong,
    mark_commitment,
    oversight_status,
    oversight_timeline,
    record_commitment,
    record_escalation,
    record_meeting,
    record_other_enforcement,
    record_regime_decision,
    record_requirement_notice,
    record_statement,
    record_warning_notice,
)

app = typer.Typer(
    help=(
        "Oversight regimes, enforcement, escalation and commitments: status and timeline, "
        "and commands to record each kind of event."
    )
)

ODS_HELP = "A trust's ODS code (e.g. RMY)."
SOURCE_HELP = "The public source (URL)."


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
    except (IllegalTransition, UnknownRegime, UnknownDecisionKind, ValueTooLong) as exc:
        fail(str(exc))
    typer.echo(f"{provider_id}: recorded {kind} on {when.isoformat()}")


@app.command("record-requirement-notice")
def record_requirement_notice_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    regulation: str = typer.Option(
        ..., "--regulation", help="The regulation breached: 9 to 20A (e.g. 12 or 'Regulation 12')."
    ),
    issued: str = typer.Option(..., "--issued", help="The date it was issued (YYYY-MM-DD)."),
    core_service: str | None = typer.Option(
        None, "--core-service", help="The core service where the breach was found."
    ),
    key_question: str | None = typer.Option(
        None, "--key-question", help="Safe, effective, caring, responsive or well-led."
    ),
    report: str | None = typer.Option(None, "--report", help="The report's link id."),
    closed: str | None = typer.Option(
        None, "--closed", help="The date CQC found it met (YYYY-MM-DD)."
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a requirement notice: CQC found a breach of a regulation (a fundamental standard)
    and the trust must send a report saying what it will do to meet it."""
    standard = _parsed(FundamentalStandard.parse, regulation, "--regulation")
    kq: KeyQuestion | None = None
    if key_question is not None:
        kq = _parsed(parse_key_question, key_question, "--key-question")
    when = _day(issued, "--issued")
    _record(
        db,
        partial(
            record_requirement_notice,
            provider_id=provider_id,
            regulation=standard,
            issued=when,
            core_service=_optional(core_service, "--core-service"),
            key_question=kq,
            report_link_id=_optional(report, "--report"),
            closed=_date(closed, "--closed"),
            source=source,
        ),
        refused="--closed",
    )
    typer.echo(
        f"{provider_id}: recorded requirement notice ({standard.label}) issued {when.isoformat()}"
    )


@app.command("record-warning-notice")
def record_warning_notice_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    issued: str = typer.Option(..., "--issued", help="The date it was served (YYYY-MM-DD)."),
    requirements: list[str] = typer.Option(
        [],
        "--requirement",
        help=(
            "What must improve and by when: 'TEXT|YYYY-MM-DD', or 'TEXT' when the deadline "
            "was not made public; repeatable, at least one."
        ),
    ),
    summary: str = typer.Option("", "--summary", help="The notice in a few words."),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a section 29A warning notice: CQC's view that the quality of health care provided
    requires significant improvement, within the time set for each requirement.

    Recording it again (same trust, same date) replaces its requirements with these.
    """
    when = _day(issued, "--issued")
    parsed = [_requirement(text) for text in requirements]
    _record(
        db,
        partial(
            record_warning_notice,
            provider_id=provider_id,
            issued=when,
            requirements=parsed,
            summary=summary,
            source=source,
        ),
        refused="--requirement",
    )
    typer.echo(
        f"{provider_id}: recorded section 29A warning notice issued {when.isoformat()} "
        f"with {len(parsed)} requirement{'' if len(parsed) == 1 else 's'}"
    )


@app.command("record-escalation")
def record_escalation_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    option: str = typer.Option(
        ...,
        "--option",
        help=", ".join(o.value for o in EscalationOption) + ".",
    ),
    proposed_by: str = typer.Option(
        ..., "--proposed-by", help="Who proposed it: role and organisation."
    ),
    on: str = typer.Option(..., "--date", help="The date it was proposed (YYYY-MM-DD)."),
    outcome: str = typer.Option(
        EscalationOutcome.PENDING.value,
        "--outcome",
        help=", ".join(o.value for o in EscalationOutcome) + ".",
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
    chosen = _parsed(EscalationOption.parse, option, "--option")
    result = _parsed(EscalationOutcome.parse, outcome, "--outcome")
    when = _day(on, "--date")
    _record(
        db,
        partial(
            record_escalation,
            provider_id=provider_id,
            option=chosen,
            proposed_by=_required(proposed_by, "--proposed-by"),
            date=when,
            outcome=result,
            positions=[_position(text) for text in positions],
            detail=detail,
            source=source,
        ),
    )
    typer.echo(
        f"{provider_id}: recorded escalation {chosen.value} proposed {when.isoformat()} "
        f"({result.value})"
    )


@app.command("record-meeting")
def record_meeting_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    on: str = typer.Option(..., "--date", help="The meeting's date (YYYY-MM-DD)."),
    format: str = typer.Option(
        ..., "--format", help=", ".join(f.value for f in MeetingFormat) + "."
    ),
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
    when = _day(on, "--date")
    how = _parsed(MeetingFormat.parse, format, "--format")
    _record(
        db,
        partial(
            record_meeting,
            provider_id=provider_id,
            date=when,
            format=how,
            title=_required(title, "--title"),
            participants=[_participant(text, "--participant") for text in participants],
            absent=[_participant(text, "--absent") for text in absent],
            source=source,
        ),
    )
    typer.echo(f"{provider_id}: recorded meeting on {when.isoformat()} ({how.label})")


@app.command("record-other-enforcement")
def record_other_enforcement_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    kind: str = typer.Option(
        ...,
        "--kind",
        help="condition (of registration), urgent_action, fixed_penalty or prosecution.",
    ),
    description: str = typer.Option(..., "--description", help="What CQC did or imposed."),
    issued: str = typer.Option(
        ..., "--issued", help="When it was imposed, taken or brought (YYYY-MM-DD)."
    ),
    removed: str | None = typer.Option(
        None, "--removed", help="For a condition: when it was removed (YYYY-MM-DD)."
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a condition of registration (it limits the rating of its area to Inadequate
    until removed), or an urgent action, fixed penalty notice or prosecution (HSCA 2008)."""
    text = _required(description, "--description")
    when = _day(issued, "--issued")
    removed_on = None if removed is None else _day(removed, "--removed")
    action: Condition | UrgentAction | FixedPenalty | Prosecution
    if kind == EnforcementActionKind.CONDITION:
        try:
            action = Condition(text, when, removed=removed_on, source=source)
        except InvalidEnforcement as exc:
            fail(f"--removed: {exc}")
    elif kind in DATED_ACTIONS:
        if removed_on is not None:
            fail("--removed: only a condition of registration is removed")
        action = DATED_ACTIONS[EnforcementActionKind(kind)](text, when, source=source)
    else:
        fail(f"--kind: {kind!r} is not one of condition, {', '.join(DATED_ACTIONS)}")
    _record(db, partial(record_other_enforcement, provider_id=provider_id, action=action))
    typer.echo(f"{provider_id}: recorded {kind} issued {when.isoformat()}")


@app.command("record-statement")
def record_statement_command(
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
    when = _day(on, "--date")
    _record(
        db,
        partial(
            record_statement,
            provider_id=provider_id,
            who=_required(who, "--who"),
            organisation=_required(organisation, "--organisation"),
            date=when,
            text=_required(text, "--text"),
            source=source,
        ),
    )
    typer.echo(f"{provider_id}: recorded statement on {when.isoformat()}")


@app.command("record-commitment")
def record_commitment_command(
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
    made = _day(made_on, "--made-on")
    by_when = _date(due, "--due")
    _record(
        db,
        partial(
            record_commitment,
            provider_id=provider_id,
            what=_required(what, "--what"),
            by=_required(by, "--by"),
            made_on=made,
            due=by_when,
            meeting_title=_optional(meeting, "--meeting"),
            source=source,
        ),
        refused="--due",
        missing="--meeting",
    )
    due_text = f" (due {by_when.isoformat()})" if by_when else ""
    typer.echo(f"{provider_id}: recorded commitment made on {made.isoformat()}{due_text}")


@app.command("mark-commitment")
def mark_commitment_command(
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
    made = _day(made_on, "--made-on")
    marked = _parsed(CommitmentStatus.parse, status, "--status")
    if marked is CommitmentStatus.OPEN:
        fail("--status: expected kept, kept_late or broken")
    when = _day(on, "--on")
    _record(
        db,
        partial(
            mark_commitment,
            provider_id=provider_id,
            what=_required(what, "--what"),
            made_on=made,
            status=marked,
            on=when,
            evidence=_required(evidence, "--evidence"),
        ),
        refused="--status/--on",
        missing="--what/--made-on",
    )
    typer.echo(
        f"{provider_id}: marked the commitment made on {made.isoformat()} "
        f"{marked.value} on {when.isoformat()}"
    )


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
                "kind": o.kind.value,
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


T = TypeVar("T")


def _record(
    url: str | None,
    write: Callable[..., None],
    *,
    refused: str = "",
    missing: str = "",
) -> None:
    """Call one writer on the database; a refusal exits 2 naming `refused`, an unknown trust
    exits 3, an unknown meeting or commitment exits 3 naming `missing`."""
    try:
        with open_database(url) as database:
            write(db=database)
    except NotFound as exc:
        if exc.kind == "provider":
            fail(str(exc), EXIT_NOT_FOUND)
        fail(f"{missing}: {exc}", EXIT_NOT_FOUND)
    except (InvalidEnforcement, InvalidCommitment) as exc:
        fail(f"{refused}: {exc}")
    except ValueTooLong as exc:
        fail(str(exc))


def _parsed(parse: Callable[[str], T], text: str, option: str) -> T:
    try:
        return parse(text)
    except (
        UnknownFundamentalStandard,
        UnknownKeyQuestion,
        UnknownEscalationWord,
        UnknownEngagementWord,
    ) as exc:
        fail(f"{option}: {exc}")


def _required(text: str, option: str) -> str:
    if not text.strip():
        fail(f"{option}: must not be blank")
    return text.strip()


def _optional(text: str | None, option: str) -> str | None:
    return None if text is None else _required(text, option)


def _requirement(text: str) -> WarningRequirement:
    """'TEXT|YYYY-MM-DD' or 'TEXT' (deadline not made public)."""
    words, bar, deadline = text.rpartition("|")
    if not bar:
        words, deadline = text, ""
    return WarningRequirement(
        _required(words, "--requirement"),
        _date(deadline.strip() or None, "--requirement"),
    )


def _position(text: str) -> StakeholderPosition:
    """'WHO|ORGANISATION|POSITION'; the position may itself contain '|'."""
    parts = text.split("|", 2)
    if len(parts) != 3:
        fail(f"--position: expected WHO|ORGANISATION|POSITION, got {len(parts)} part(s)")
    who, organisation, position = (p.strip() for p in parts)
    return StakeholderPosition(
        _required(who, "--position (WHO)"),
        organisation,
        _required(position, "--position (POSITION)"),
    )


def _participant(text: str, option: str) -> Participant:
    """'ROLE|ORGANISATION', or just 'ROLE'; one of the two must be given."""
    role, _, organisation = (p.strip() for p in text.partition("|"))
    if not (role or organisation):
        fail(f"{option}: expected ROLE|ORGANISATION")
    return Participant(role, organisation)
