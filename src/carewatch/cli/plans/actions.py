"""`carewatch actions list`, `add`, `show`, `move`, `milestone` and `escalate`: the
actions of a trust's improvement plan and their lifecycle.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import ODS_HELP, db_option, optional_date, parse_date, run
from carewatch.cli.output import emit_json
from carewatch.cli.plans.history import history_lines
from carewatch.schemas.plans import ActionDetailPublic, ActionListPublic, ActionPublic
from carewatch.services import plans


def actions_list_command(
    ctx: typer.Context,
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
    when = optional_date(as_of, "--as-of")
    found = run(
        db,
        lambda database: plans.list_actions(
            db=database,
            provider_id=provider_id,
            as_of=when,
            statuses=statuses,
            overdue_only=overdue,
            due_soon_only=due_soon,
            actor=acting_as(ctx, database),
        ),
    )
    if as_json:
        data = [ActionPublic.from_summary(a) for a in found]
        emit_json(ActionListPublic(data=data, count=len(data)))
        return
    if not found:
        typer.echo(f"{provider_id}: no actions match.")
        return
    rows = [
        (
            str(a.id),
            f"{a.finding_reference}/{a.reference}",
            a.rag.label if a.rag else MISSING,
            a.status.label,
            a.deadline.isoformat(),
            _lateness(a),
            f"{a.owner.role or MISSING}: {a.title}{' [illustrative]' if a.illustrative else ''}",
        )
        for a in found
    ]
    for line in aligned(LIST_HEADER, rows):
        typer.echo(line)


MISSING = "—"
"""What a listing shows for a value that is not there (a cancelled action's RAG)."""

LIST_HEADER = ("ID", "Action", "RAG", "Status", "Due", "Overdue", "Owner: action")


def _lateness(a: plans.ActionSummary) -> str:
    if not a.overdue:
        return MISSING
    late = f"{a.days_overdue} day{'' if a.days_overdue == 1 else 's'}"
    if a.missing_periods:
        n = len(a.missing_periods)
        late += f" ({n} recurring evidence period{'' if n == 1 else 's'} missing)"
    return late


def aligned(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """The header and rows as lines of columns two spaces apart, each as wide as its widest
    value; the first column right-aligned (ids), the last left as it is."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].rjust(widths[0])]
        cells += [value.ljust(width) for value, width in zip(row[1:-1], widths[1:], strict=True)]
        return "  ".join([*cells, row[-1]]).rstrip()

    return [line(header), *(line(row) for row in rows)]


def actions_add_command(
    ctx: typer.Context,
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
    reason: str = typer.Option(
        "",
        "--reason",
        help="Why, when the action is recorded already with other values (required then): "
        "each changed field is kept in its history.",
    ),
    db: str | None = db_option(),
) -> None:
    """Record an action for a finding; prints its id. Recording it again with the same values
    changes nothing; with other values (a moved due date, a new owner, ...) it needs --reason,
    and each change is kept in the action's history (refused with exit code 2 without one)."""
    start, end = parse_date(opened, "--opened"), parse_date(due, "--due")
    legal = optional_date(legal_deadline, "--legal-deadline")
    action_id = run(
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
            reason=reason,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"{provider_id}: action {finding}/{reference} recorded (id {action_id})")


def actions_show_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    as_of: str | None = typer.Option(None, "--as-of", help="As of this date (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the action as JSON."),
    db: str | None = db_option(),
) -> None:
    """An action with its history (moves, changes and verdicts in time order), milestones,
    evidence and escalations."""
    when = optional_date(as_of, "--as-of")
    d = run(
        db,
        lambda database: plans.action_detail(
            db=database, action_id=action_id, as_of=when, actor=acting_as(ctx, database)
        ),
    )
    if as_json:
        emit_json(ActionDetailPublic.from_detail(d))
        return
    s = d.summary
    mark = " [illustrative]" if s.illustrative else ""
    typer.echo(f"{s.finding_reference}/{s.reference}: {s.title}{mark}")
    typer.echo(f"  owner: {s.owner.internal_name}; executive lead: {s.executive_lead or '-'}")
    rag = s.rag.label if s.rag else MISSING
    typer.echo(f"  status: {s.status.label}; RAG: {rag} ({'; '.join(s.rag_reasons)})")
    typer.echo(f"  deadline: {s.deadline.isoformat()}")
    for line in history_lines(d):
        typer.echo(f"  {line}")
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


def actions_move_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    to: str = typer.Argument(..., help="The new status (e.g. in_progress, verified)."),
    on: str = typer.Option(..., "--on", help="The day of the move (YYYY-MM-DD)."),
    by: str = typer.Option("", "--by", help="Who made it (a role or a name)."),
    reason: str = typer.Option("", "--reason", help="Why (required to cancel)."),
    db: str | None = db_option(),
) -> None:
    """Move an action through its lifecycle; an illegal move is refused (exit code 2)."""
    day = parse_date(on, "--on")
    status = run(
        db,
        lambda database: plans.move_action(
            db=database,
            action_id=action_id,
            to=to,
            on=day,
            by=by,
            reason=reason,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"action {action_id}: {status.label} on {day.isoformat()}")


def actions_milestone_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="The action's id."),
    title: str = typer.Option(..., "--title", help="The milestone."),
    due: str = typer.Option(..., "--due", help="Due by the end of this day (YYYY-MM-DD)."),
    done: str | None = typer.Option(None, "--done", help="The day it was reached."),
    db: str | None = db_option(),
) -> None:
    """Add a milestone to an action, or update it (same title)."""
    end, done_on = parse_date(due, "--due"), optional_date(done, "--done")
    run(
        db,
        lambda database: plans.add_milestone(
            db=database,
            action_id=action_id,
            title=title,
            due=end,
            done_on=done_on,
            actor=acting_as(ctx, database),
        ),
    )
    typer.echo(f"action {action_id}: milestone recorded")


def actions_escalate_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help="As of this date (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the new escalations as JSON."),
    db: str | None = db_option(),
) -> None:
    """Record escalations for overdue actions (owner, then executive lead after 14 days
    overdue, then board after 28, or at once for a missed legal deadline); running it again
    records nothing new."""
    when = optional_date(as_of, "--as-of")
    found = run(
        db,
        lambda database: plans.escalate_overdue(
            db=database, provider_id=provider_id, as_of=when, actor=acting_as(ctx, database)
        ),
    )
    if as_json:
        emit_json(
            [
                {
                    "action_id": e.action_id,
                    "level": e.level.value,
                    "overdue_since": e.overdue_since.isoformat(),
                    "escalated_on": e.escalated_on.isoformat(),
                }
                for e in found
            ]
        )
        return
    typer.echo(f"{provider_id}: {len(found)} new escalation(s)")
    for e in found:
        typer.echo(f"  action {e.action_id} → {e.level.label} on {e.escalated_on.isoformat()}")
