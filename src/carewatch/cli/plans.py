"""`carewatch findings ...` and `carewatch actions ...`: a trust's improvement plan from the
command line: record must-dos and should-dos, the actions that answer them, move actions
through their lifecycle, attach evidence, verify it, set recurring evidence, link metrics,
list and escalate overdue actions.

Every write goes through one `carewatch.services.plans` writer. Exit codes: 2 for input the
command cannot accept or a move the lifecycle refuses (the message names the option or the
rule), 3 for an unknown trust, finding, action, evidence or metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_NOT_FOUND, emit_json, fail
from carewatch.domain.oversight import UnknownFundamentalStandard
from carewatch.domain.plans import (
    IllegalMove,
    InvalidAction,
    InvalidEvidence,
    InvalidFinding,
    NotYetOpened,
    UnknownActionStatus,
    UnknownDirection,
    UnknownEvidenceWord,
    UnknownFindingKind,
    UnknownPriority,
)
from carewatch.domain.ratings import UnknownKeyQuestion
from carewatch.services import plans
from carewatch.services.errors import NotFound
from carewatch.services.plans import ActionDetail, ActionSummary, FindingView
from carewatch.store.database import Database

__all__ = ["action_json", "actions_app", "detail_json", "finding_json", "findings_app"]

findings_app = typer.Typer(help="Must-do and should-do findings from inspection reports.")
actions_app = typer.Typer(
    help=(
        "Actions of the improvement plan: list (with RAG, overdue and due soon), add, show, "
        "move through the lifecycle, attach and verify evidence, recurring evidence, "
        "milestones, linked metrics and escalation."
    )
)

ODS_HELP = "A trust's ODS code (e.g. RMY)."
REFUSED = (
    IllegalMove,
    InvalidAction,
    InvalidEvidence,
    InvalidFinding,
    NotYetOpened,
    UnknownActionStatus,
    UnknownDirection,
    UnknownEvidenceWord,
    UnknownFindingKind,
    UnknownFundamentalStandard,
    UnknownKeyQuestion,
    UnknownPriority,
    plans.ValueTooLong,
)

T = TypeVar("T")


def _run(url: str | None, work: Callable[[Database], T]) -> T:
    """Open the database, run `work`, turn named errors into exit codes 2 and 3."""
    try:
        with open_database(url) as database:
            return work(database)
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    except REFUSED as exc:
        fail(str(exc))


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")


def _date(text: str | None, option: str) -> dt.date | None:
    return None if text is None else _day(text, option)


def _moment(text: str | None, option: str) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date and time (YYYY-MM-DDTHH:MM, UTC)")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def finding_json(f: FindingView) -> dict[str, Any]:
    """A finding as JSON."""
    return {
        "id": f.id,
        "reference": f.reference,
        "kind": f.kind.value,
        "regulation": f.regulation.value if f.regulation else None,
        "regulation_label": f.regulation.label if f.regulation else None,
        "core_services": list(f.core_services),
        "key_question": f.key_question.value if f.key_question else None,
        "report_date": _iso(f.report_date),
        "report": f.report_link_id,
        "report_words": f.report_words,
        "public_summary": f.public_summary,
        "enforcement": f.enforcement.label if f.enforcement else None,
        "illustrative": f.illustrative,
        "source": f.source,
    }


def action_json(a: ActionSummary) -> dict[str, Any]:
    """An action's row of the plan as JSON."""
    return {
        "id": a.id,
        "finding": a.finding_reference,
        "reference": a.reference,
        "title": a.title,
        "owner_role": a.owner.role,
        "owner_person": a.owner.person,
        "owner_is_board_member": a.owner.board_member,
        "executive_lead": a.executive_lead,
        "priority": a.priority.value,
        "opened": _iso(a.opened),
        "due": _iso(a.due),
        "legal_deadline": _iso(a.legal_deadline),
        "deadline": _iso(a.deadline),
        "as_of": _iso(a.as_of),
        "status": a.status.value,
        "rag": a.rag.value if a.rag else None,
        "rag_reasons": list(a.rag_reasons),
        "overdue": a.overdue,
        "days_overdue": a.days_overdue,
        "due_soon": a.due_soon,
        "evidence_count": a.evidence_count,
        "last_evidenced": _iso(a.last_evidenced),
        "missing_periods": [_iso(p.start) for p in a.missing_periods],
        "metrics": [
            {"metric_code": m.metric_code, "target": m.target, "direction": m.direction.value}
            for m in a.metrics
        ],
        "illustrative": a.illustrative,
    }


def detail_json(d: ActionDetail) -> dict[str, Any]:
    """An action with its history, milestones, evidence and escalations as JSON."""
    return {
        **action_json(d.summary),
        "finding_detail": finding_json(d.finding),
        "notes": d.notes,
        "history": [
            {"seq": h.seq, "to": h.to.value, "on": _iso(h.on), "by": h.by, "reason": h.reason}
            for h in d.history
        ],
        "milestones": [
            {"title": m.title, "due": _iso(m.due), "done_on": _iso(m.done_on), "overdue": m.overdue}
            for m in d.milestones
        ],
        "evidence": [
            {
                "id": e.id,
                "kind": e.kind.value,
                "title": e.title,
                "url": e.url,
                "sha256": e.file_sha256,
                "filename": e.filename,
                "size": e.size,
                "media_type": e.media_type,
                "supplied_by": e.supplied_by,
                "uploaded_at": e.uploaded_at.isoformat(),
                "effective_from": _iso(e.effective_from),
                "effective_to": _iso(e.effective_to),
                "verdict": e.verdict.value,
                "verified_by": e.verified_by,
                "verified_on": _iso(e.verified_on),
            }
            for e in d.evidence
        ],
        "schedule": None
        if d.schedule is None
        else {
            "frequency": d.schedule.frequency.value,
            "starts_on": _iso(d.schedule.starts_on),
            "ends_on": _iso(d.schedule.ends_on),
            "grace_days": d.schedule.grace_days,
            "description": d.schedule_description,
        },
        "escalations": [
            {
                "level": e.level.value,
                "overdue_since": _iso(e.overdue_since),
                "escalated_on": _iso(e.escalated_on),
            }
            for e in d.escalations
        ],
        "next_statuses": [s.value for s in d.next_statuses],
    }


# --- findings --------------------------------------------------------------------------------


@findings_app.command("add")
def findings_add_command(
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
    db: str | None = db_option(),
) -> None:
    """Record a finding (recording the same reference again updates it)."""
    when = _date(report_date, "--report-date")
    finding_id = _run(
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
        ),
    )
    typer.echo(f"{provider_id}: finding {reference} recorded (id {finding_id})")


@findings_app.command("list")
def findings_list_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every finding of the trust, must-dos first."""
    found = _run(db, lambda database: plans.list_findings(db=database, provider_id=provider_id))
    if as_json:
        emit_json([finding_json(f) for f in found])
        return
    for f in found:
        regulation = f" (Regulation {f.regulation.value})" if f.regulation else ""
        mark = " [illustrative]" if f.illustrative else ""
        typer.echo(f"{f.reference}  {f.kind.label}{regulation}{mark}: {f.summary}")


# --- actions ---------------------------------------------------------------------------------


@actions_app.command("list")
def actions_list_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As things stood at the end of this date (default today)."
    ),
    statuses: list[str] = typer.Option(
        [],
        "--status",
        help="Only this status (open, in_progress, evidence_submitted, verified, closed, "
        "reopened, cancelled); repeatable.",
    ),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue actions."),
    due_soon: bool = typer.Option(False, "--due-soon", help="Only actions due soon."),
    as_json: bool = typer.Option(False, "--json", help="Print the actions as JSON."),
    db: str | None = db_option(),
) -> None:
    """The trust's actions with status, owner, deadline and RAG."""
    when = _date(as_of, "--as-of")
    found = _run(
        db,
        lambda database: plans.list_actions(
            db=database,
            provider_id=provider_id,
            as_of=when,
            statuses=statuses,
            overdue_only=overdue,
            due_soon_only=due_soon,
        ),
    )
    if as_json:
        emit_json([action_json(a) for a in found])
        return
    for a in found:
        late = f", overdue by {a.days_overdue} day(s)" if a.overdue else ""
        if a.overdue and a.missing_periods:
            late += f" ({len(a.missing_periods)} recurring evidence period(s) missing)"
        typer.echo(
            f"{a.id:>4}  {a.finding_reference}/{a.reference}  {a.rag_label:<5}  "
            f"{a.status.label:<18}  due {a.deadline.isoformat()}{late}  "
            f"{a.owner.role}: {a.title}{' [illustrative]' if a.illustrative else ''}"
        )


@actions_app.command("add")
def actions_add_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    finding: str = typer.Option(..., "--finding", help="The finding's reference."),
    reference: str = typer.Option(..., "--reference", help="The action's key within it."),
    title: str = typer.Option(..., "--title", help="What will be done."),
    owner_role: str = typer.Option(..., "--owner-role", help="The owner's role."),
    opened: str = typer.Option(..., "--opened", help="The day it was opened (YYYY-MM-DD)."),
    due: str = typer.Option(..., "--due", help="Due by the end of this day (YYYY-MM-DD)."),
    owner_person: str = typer.Option("", "--owner-person", help="The owner's name."),
    board_member: bool = typer.Option(
        False, "--board-member", help="The owner sits on the board (their name may be public)."
    ),
    executive_lead: str = typer.Option("", "--executive-lead", help="Escalates to (a role)."),
    priority: str = typer.Option("medium", "--priority", help="high, medium or low."),
    legal_deadline: str | None = typer.Option(
        None, "--legal-deadline", help="A warning notice's deadline (YYYY-MM-DD)."
    ),
    notes: str = typer.Option("", "--notes", help="Internal notes (never public)."),
    illustrative: bool = typer.Option(False, "--illustrative", help="Mark it as illustrative."),
    db: str | None = db_option(),
) -> None:
    """Record an action for a finding; prints its id."""
    start, end = _day(opened, "--opened"), _day(due, "--due")
    legal = _date(legal_deadline, "--legal-deadline")
    action_id = _run(
        db,
        lambda database: plans.record_action(
            db=database,
            provider_id=provider_id,
            finding_reference=finding,
            reference=reference,
            title=title,
            owner_role=owner_role,
            owner_person=owner_person,
            owner_is_board_member=board_member,
            executive_lead=executive_lead,
            priority=priority,
            opened=start,
            due=end,
            legal_deadline=legal,
            notes=notes,
            illustrative=illustrative,
        ),
    )
    typer.echo(f"{provider_id}: action {finding}/{reference} recorded (id {action_id})")


@actions_app.command("show")
def actions_show_command(
    action_id: int = typer.Argument(..., help="The action's id."),
    as_of: str | None = typer.Option(None, "--as-of", help="As of this date (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the action as JSON."),
    db: str | None = db_option(),
) -> None:
    """An action with its history, milestones, evidence and escalations."""
    when = _date(as_of, "--as-of")
    d = _run(db, lambda database: plans.action_detail(db=database, action_id=action_id, as_of=when))
    if as_json:
        emit_json(detail_json(d))
        return
    s = d.summary
    mark = " [illustrative]" if s.illustrative else ""
    typer.echo(f"{s.finding_reference}/{s.reference}: {s.title}{mark}")
    typer.echo(f"  owner: {s.owner.internal_name}; executive lead: {s.executive_lead or '-'}")
    typer.echo(f"  status: {s.status.label}; RAG: {s.rag_label} ({'; '.join(s.rag_reasons)})")
    typer.echo(f"  deadline: {s.deadline.isoformat()}")
    for h in d.history:
        why = f" ({h.reason})" if h.reason else ""
        typer.echo(f"  {h.on.isoformat()}  → {h.to.label} by {h.by or '-'}{why}")
    for m in d.milestones:
        done = f"done {m.done_on.isoformat()}" if m.done_on else "not done"
        typer.echo(f"  milestone: {m.title} (due {m.due.isoformat()}, {done})")
    for e in d.evidence:
        what = e.filename or e.url or e.title or e.kind.value
        typer.echo(
            f"  evidence {e.id}: {e.kind.value} {what} ({e.effective_from}–{e.effective_to}), "
            f"{e.verdict.label}"
        )
    for x in d.escalations:
        typer.echo(f"  escalated to {x.level.label} on {x.escalated_on.isoformat()}")
    nexts = ", ".join(n.value for n in d.next_statuses) or "none"
    typer.echo(f"  next: {nexts}")


@actions_app.command("move")
def actions_move_command(
    action_id: int = typer.Argument(..., help="The action's id."),
    to: str = typer.Argument(..., help="The new status (e.g. in_progress, verified)."),
    on: str = typer.Option(..., "--on", help="The day of the move (YYYY-MM-DD)."),
    by: str = typer.Option("", "--by", help="Who made it (a role or a name)."),
    reason: str = typer.Option("", "--reason", help="Why (required to cancel)."),
    db: str | None = db_option(),
) -> None:
    """Move an action through its lifecycle; an illegal move is refused (exit code 2)."""
    day = _day(on, "--on")
    status = _run(
        db,
        lambda database: plans.move_action(
            db=database, action_id=action_id, to=to, on=day, by=by, reason=reason
        ),
    )
    typer.echo(f"action {action_id}: {status.label} on {day.isoformat()}")


@actions_app.command("milestone")
def actions_milestone_command(
    action_id: int = typer.Argument(..., help="The action's id."),
    title: str = typer.Option(..., "--title", help="The milestone."),
    due: str = typer.Option(..., "--due", help="Due by the end of this day (YYYY-MM-DD)."),
    done: str | None = typer.Option(None, "--done", help="The day it was reached."),
    db: str | None = db_option(),
) -> None:
    """Add a milestone to an action, or update it (same title)."""
    end, done_on = _day(due, "--due"), _date(done, "--done")
    _run(
        db,
        lambda database: plans.add_milestone(
            db=database, action_id=action_id, title=title, due=end, done_on=done_on
        ),
    )
    typer.echo(f"action {action_id}: milestone recorded")


@actions_app.command("evidence")
def actions_evidence_command(
    action_id: int = typer.Argument(..., help="The action's id."),
    kind: str = typer.Option(..., "--kind", help="note, file or link."),
    supplied_by: str = typer.Option(..., "--supplied-by", help="Who supplied it."),
    effective_from: str = typer.Option(
        ..., "--from", help="First day of the period it speaks for (YYYY-MM-DD)."
    ),
    effective_to: str | None = typer.Option(
        None, "--to", help="Last day of that period (default: the first)."
    ),
    uploaded_at: str | None = typer.Option(
        None, "--uploaded-at", help="When it was uploaded (YYYY-MM-DDTHH:MM, UTC; default now)."
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
    start, end = _day(effective_from, "--from"), _date(effective_to, "--to")
    moment = _moment(uploaded_at, "--uploaded-at")
    content: bytes | None = None
    if file is not None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            fail(f"--file: cannot read {file.name} ({exc.strerror})")
    result = _run(
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
        ),
    )
    if as_json:
        emit_json(
            {
                "evidence_id": result.evidence_id,
                "created": result.created,
                "duplicate": result.duplicate,
                "duplicate_of": list(result.duplicate_of),
                "sha256": result.sha256,
            }
        )
        return
    said = "recorded" if result.created else "already attached"
    typer.echo(f"action {action_id}: evidence {result.evidence_id} {said}")
    if result.duplicate and result.created:
        earlier = ", ".join(str(i) for i in result.duplicate_of)
        typer.echo(f"  the same content is already evidence {earlier}")


@actions_app.command("verify")
def actions_verify_command(
    evidence_id: int = typer.Argument(..., help="The evidence's id."),
    accept: bool = typer.Option(
        ..., "--accept/--reject", help="Accept the evidence, or reject it."
    ),
    by: str = typer.Option(..., "--by", help="The verifier (not the supplier)."),
    on: str = typer.Option(..., "--on", help="The day of the verdict (YYYY-MM-DD)."),
    note: str = typer.Option("", "--note", help="The verifier's note (internal)."),
    db: str | None = db_option(),
) -> None:
    """Accept or reject a piece of evidence."""
    day = _day(on, "--on")
    _run(
        db,
        lambda database: plans.verify_evidence(
            db=database, evidence_id=evidence_id, accepted=accept, by=by, on=day, note=note
        ),
    )
    typer.echo(f"evidence {evidence_id}: {'accepted' if accept else 'rejected'}")


@actions_app.command("schedule")
def actions_schedule_command(
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
    start, end = _day(starts, "--starts"), _date(ends, "--ends")
    _run(
        db,
        lambda database: plans.set_evidence_schedule(
            db=database,
            action_id=action_id,
            frequency=frequency,
            starts_on=start,
            grace_days=grace_days,
            ends_on=end,
            description=description,
        ),
    )
    typer.echo(f"action {action_id}: {frequency} evidence from {start.isoformat()}")


@actions_app.command("link-metric")
def actions_link_metric_command(
    action_id: int = typer.Argument(..., help="The action's id."),
    metric_code: str = typer.Argument(..., help="A metric code from the catalogue."),
    target: float = typer.Option(..., "--target", help="The value that proves the fix."),
    direction: str = typer.Option(..., "--direction", help="at_least or at_most."),
    db: str | None = db_option(),
) -> None:
    """Link a metric as the action's measure of success."""
    _run(
        db,
        lambda database: plans.link_metric(
            db=database,
            action_id=action_id,
            metric_code=metric_code,
            target=target,
            direction=direction,
        ),
    )
    typer.echo(f"action {action_id}: measured by {metric_code} ({direction} {target:g})")


@actions_app.command("escalate")
def actions_escalate_command(
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help="As of this date (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the new escalations as JSON."),
    db: str | None = db_option(),
) -> None:
    """Record escalations for overdue actions (owner, then executive lead after 14 days
    overdue, then board after 28, or at once for a missed legal deadline); running it again
    records nothing new."""
    when = _date(as_of, "--as-of")
    found = _run(
        db,
        lambda database: plans.escalate_overdue(db=database, provider_id=provider_id, as_of=when),
    )
    if as_json:
        emit_json(
            [
                {
                    "action_id": e.action_id,
                    "level": e.level.value,
                    "overdue_since": _iso(e.overdue_since),
                    "escalated_on": _iso(e.escalated_on),
                }
                for e in found
            ]
        )
        return
    typer.echo(f"{provider_id}: {len(found)} new escalation(s)")
    for e in found:
        typer.echo(f"  action {e.action_id} → {e.level.label} on {e.escalated_on.isoformat()}")
