"""Writers of the improvement plan: actions, their moves, milestones, evidence schedules,
metric links and escalations. Findings are in `commands_findings`, evidence in
`commands_evidence`.

Writers take keyword-only arguments, validate through `carewatch.domain.plans`, run in one
transaction through `write_transaction` (nothing is stored when anything is refused) and are
idempotent on natural keys where the thing has one (an action by finding and reference,
whose changed facts are kept as changes (`_changes`), a milestone by action and title, a
schedule and a metric link by action, an escalation by action, level and spell of
lateness), through the database's ``INSERT … ON CONFLICT``, so two writers recording the
same thing at once both succeed. Moves are appended to an
action's history and never changed; two moves of one action at once are made one after
the other. Errors: `NotFound` for an unknown provider, finding, action or metric; the
domain's named errors (`IllegalMove`, `InvalidAction`, `UnknownActionStatus`, ...);
`ValueTooLong` for text longer than its column. Each write logs one event with ids only.

Example::

    fid = record_finding(db=db, provider_id="RMY", reference="2020-MD1", kind="must_do",
                         regulation="15", report_words="The trust must ensure ...")
    aid = record_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                        reference="A1", title="Refurbish the ward", owner_role="Matron",
                        opened=dt.date(2020, 2, 1), due=dt.date(2020, 9, 30))
    move_action(db=db, action_id=aid, to="in_progress", on=dt.date(2020, 2, 3), by="Matron")

Recording an action again with other values is a change, kept with who, when and why
(`reason`, required); the same values again change nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, func, insert, select, update

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.plans import (
    DEFAULT_GRACE_DAYS,
    DEFAULT_RULES,
    Action,
    ActionStatus,
    ChangedRecord,
    ChangeNeedsReason,
    EvidenceFrequency,
    EvidenceSchedule,
    InvalidAction,
    Milestone,
    Move,
    Owner,
    PlanRules,
    Priority,
    TargetDirection,
    Verdict,
    changed_fields,
    check_evidence,
    escalations_due,
)
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    insert_missing,
    lock_row,
    log_event,
    require_provider,
    upsert,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.metrics import metric_names
from carewatch.services.plans._authz import (
    allowed_for_action,
    signed,
)
from carewatch.services.plans._changes import record_changes
from carewatch.services.plans._load import load_actions, load_findings, loaded_action, today, utc
from carewatch.services.plans.commands_findings import requirement_deadline
from carewatch.services.plans.models import EscalationRecord
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.plans import (
    PLAN_ACTION_EVENTS,
    PLAN_ACTION_METRICS,
    PLAN_ACTIONS,
    PLAN_ESCALATIONS,
    PLAN_EVIDENCE_SCHEDULES,
    PLAN_FINDINGS,
    PLAN_MILESTONES,
)

__all__ = [
    "add_milestone",
    "escalate_overdue",
    "link_metric",
    "move_action",
    "record_action",
    "set_evidence_schedule",
]


def record_action(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    finding_reference: str,
    reference: str,
    title: str,
    owner_role: str,
    opened: dt.date,
    due: dt.date,
    owner_person: str = "",
    owner_is_board_member: bool = False,
    executive_lead: str = "",
    priority: Priority | str = Priority.MEDIUM,
    legal_deadline: dt.date | None = None,
    notes: str = "",
    illustrative: bool = False,
    reason: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Store an action for a finding (keyed by finding and `reference`) and return its id.
    It starts Open on `opened`.

    Recording it again with the same values changes nothing. Recording it again with other
    values (a moved due date, a new owner, ...) needs `reason`: each changed field is kept as
    a change (old and new value, who, when (`at`, default now), why) and the action takes
    the new values; `ChangeNeedsReason` (nothing stored) without one.

    When `legal_deadline` is not given and the finding is linked to a warning notice
    requirement with a deadline, that deadline is the legal deadline. `InvalidAction` when
    due comes before opened, or when re-recording would open it after its first move.
    """
    action = Action(
        reference=reference,
        title=title,
        owner=Owner(owner_role, owner_person, owner_is_board_member),
        opened=opened,
        due=due,
        priority=Priority.parse(priority),
        executive_lead=executive_lead,
        legal_deadline=legal_deadline,
        illustrative=illustrative,
    )
    refuse_future(opened, what="the action's opening", field="opened")
    require(actor, Permission.WORK_PLAN, trust=provider_id)
    moment = utc(at or dt.datetime.now(dt.UTC))
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        finding_id = conn.execute(
            select(PLAN_FINDINGS.c.id).where(
                PLAN_FINDINGS.c.provider_id == provider_id,
                PLAN_FINDINGS.c.reference == finding_reference,
            )
        ).scalar()
        if finding_id is None:
            raise NotFound("finding", finding_reference)
        key = {"finding_id": finding_id, "reference": action.reference}
        values = {
            "title": title,
            "owner_role": owner_role,
            "owner_person": owner_person,
            "owner_is_board_member": owner_is_board_member,
            "executive_lead": executive_lead,
            "priority": action.priority.value,
            "opened_on": opened,
            "due_date": due,
            "legal_deadline": legal_deadline or requirement_deadline(conn, finding_id),
            "notes": notes,
            "illustrative": illustrative,
        }
        check_fits(PLAN_ACTIONS, {**key, **values})
        if insert_missing(conn, PLAN_ACTIONS, [{**key, **values}], conflict=list(key)):
            action_id = _action_id(conn, key)
            audit.append(
                conn, actor, "plans.action", "action", action_id,
                {"reference": reference, "title": title, "due": due, "owner": owner_role},
            )  # fmt: skip
            log_event("plans.action", provider_id=provider_id, action_id=action_id)
            return action_id
        action_id = _action_id(conn, key)
        # Hold the action against a move or another change being made meanwhile.
        lock_row(conn, PLAN_ACTIONS, {"id": action_id})
        stored = conn.execute(select(PLAN_ACTIONS).where(PLAN_ACTIONS.c.id == action_id)).one()
        changes = changed_fields(dict(stored._mapping), values)
        if not changes:
            return action_id
        if not reason.strip():
            raise ChangeNeedsReason(
                f"action {finding_reference}/{reference}", [c.field for c in changes]
            )
        first = conn.execute(
            select(func.min(PLAN_ACTION_EVENTS.c.moved_on)).where(
                PLAN_ACTION_EVENTS.c.action_id == action_id
            )
        ).scalar()
        if first is not None and first < opened:
            raise InvalidAction(
                f"the action was first moved on {first.isoformat()}, before {opened}", "opened"
            )
        conn.execute(update(PLAN_ACTIONS).where(PLAN_ACTIONS.c.id == action_id).values(**values))
        record_changes(
            conn, actor, ChangedRecord.ACTION, action_id, changes, reason=reason, at=moment
        )
    log_event("plans.change", provider_id=provider_id, action_id=action_id, fields=len(changes))
    return action_id


def _action_id(conn: Connection, key: dict[str, object]) -> int:
    return int(
        conn.execute(
            select(PLAN_ACTIONS.c.id).where(
                *(PLAN_ACTIONS.c[name] == value for name, value in key.items())
            )
        ).scalar_one()
    )


def add_milestone(
    *,
    db: Database,
    actor: Actor,
    action_id: int,
    title: str,
    due: dt.date,
    done_on: dt.date | None = None,
) -> int:
    """Store a milestone of an action (keyed by action and `title`; recording it again sets
    its due and done dates) and return its id."""
    milestone = Milestone(title, due, done_on)
    if not milestone.title.strip():
        raise InvalidAction("a milestone needs a title", "title")
    refuse_future(done_on, what="the milestone's completion", field="done_on")
    with write_transaction(db) as conn:
        allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
        milestone_id = upsert(
            conn,
            PLAN_MILESTONES,
            {"action_id": action_id, "title": title},
            {"due_date": due, "done_on": done_on},
        )
        audit.append(
            conn, actor, "plans.milestone", "action", action_id, {"title": title, "due": due}
        )
    log_event("plans.milestone", action_id=action_id)
    return milestone_id


def move_action(
    *,
    db: Database,
    actor: Actor,
    action_id: int,
    to: ActionStatus | str,
    on: dt.date,
    by: str = "",
    reason: str = "",
) -> ActionStatus:
    """Append a move to the action's history and return the new status.

    `IllegalMove` (nothing stored) when the lifecycle does not allow it from the current
    status, when it is dated before the latest move or the day the action was opened, when
    it cancels without a reason, when it submits evidence and none (not rejected) was
    uploaded by `on`, or when it verifies and no evidence was accepted by `on`.
    """
    move = Move(ActionStatus.parse(to), on, signed(actor, by), reason)
    refuse_future(on, what="the move", field="on")
    with write_transaction(db) as conn:
        allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
        # Two moves at once would both be checked against the same history and take the same
        # place in it: hold the action so the second is checked against the first.
        if not lock_row(conn, PLAN_ACTIONS, {"id": action_id}):
            raise NotFound("action", str(action_id))
        loaded = loaded_action(conn, action_id)
        history = loaded.history.move(move)
        evidence = loaded.domain_evidence(on)
        check_evidence(
            loaded.history.current,
            move,
            uploaded=sum(1 for e in evidence if e.counts_on(on)),
            accepted=sum(1 for e in evidence if e.verdict_on(on) is Verdict.ACCEPTED),
        )
        values = {
            "action_id": action_id,
            "seq": len(history.moves),
            "to_status": move.to.value,
            "moved_on": on,
            "moved_by": move.by,
            "reason": reason,
            "recorded_at": dt.datetime.now(dt.UTC),
        }
        check_fits(PLAN_ACTION_EVENTS, values)
        conn.execute(insert(PLAN_ACTION_EVENTS).values(**values))
        audit.append(conn, actor, "plans.move", "action", action_id, values)
    log_event("plans.move", action_id=action_id, to=move.to.value)
    return move.to


def set_evidence_schedule(
    *,
    db: Database,
    actor: Actor,
    action_id: int,
    frequency: EvidenceFrequency | str,
    starts_on: dt.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    ends_on: dt.date | None = None,
    description: str = "",
) -> None:
    """Require recurring evidence for an action (one schedule per action; setting it again
    replaces it). `InvalidEvidence` for negative grace days or an end before the start."""
    schedule = EvidenceSchedule(EvidenceFrequency.parse(frequency), starts_on, grace_days, ends_on)
    with write_transaction(db) as conn:
        allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
        upsert(
            conn,
            PLAN_EVIDENCE_SCHEDULES,
            {"action_id": action_id},
            {
                "frequency": schedule.frequency.value,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "grace_days": grace_days,
                "description": description,
            },
        )
        audit.append(
            conn, actor, "plans.schedule", "action", action_id,
            {"frequency": schedule.frequency.value, "starts_on": starts_on},
        )  # fmt: skip
    log_event("plans.schedule", action_id=action_id)


def link_metric(
    *,
    db: Database,
    actor: Actor,
    action_id: int,
    metric_code: str,
    target: float,
    direction: TargetDirection | str,
) -> None:
    """Link a metric (from the metrics catalogue) as the action's measure of success, with the
    target that proves the fix (linking it again sets the target and direction)."""
    way = TargetDirection.parse(direction)
    with write_transaction(db) as conn:
        allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
        if metric_code not in metric_names(conn, [metric_code]):
            raise NotFound("metric", metric_code)
        upsert(
            conn,
            PLAN_ACTION_METRICS,
            {"action_id": action_id, "metric_code": metric_code},
            {"target": float(target), "direction": way.value},
        )
        audit.append(
            conn, actor, "plans.metric", "action", action_id,
            {"metric": metric_code, "target": float(target), "direction": way.value},
        )  # fmt: skip
    log_event("plans.metric", action_id=action_id)


def escalate_overdue(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> tuple[EscalationRecord, ...]:
    """Record an escalation event for every level each overdue action of the provider has
    reached by `as_of` and that is not yet recorded; return the new ones. Running it again
    on the same or an earlier day records nothing."""
    day = as_of or today()
    # An escalation is dated the day it is found: a run as of a future day would record
    # escalations that have not happened.
    refuse_future(day, what="the escalation run", field="as_of")
    recorded: list[EscalationRecord] = []
    require(actor, Permission.WORK_PLAN, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        findings = load_findings(conn, provider_id=provider_id)
        for loaded in load_actions(conn, finding_ids=list(findings)):
            if day < loaded.action.opened:
                continue
            assessment = loaded.assess(day, rules)
            for due in escalations_due(assessment, loaded.action.legal_deadline, rules):
                # A level already recorded for this spell, by an earlier run or one running
                # now, is kept as it is.
                added = insert_missing(
                    conn,
                    PLAN_ESCALATIONS,
                    [
                        {
                            "action_id": loaded.id,
                            "level": due.level.value,
                            "overdue_since": due.overdue_since,
                            "escalated_on": due.on,
                        }
                    ],
                    conflict=["action_id", "level", "overdue_since"],
                )
                if added:
                    recorded.append(
                        EscalationRecord(loaded.id, due.level, due.overdue_since, due.on)
                    )
                    audit.append(
                        conn, actor, "plans.escalate", "action", loaded.id,
                        {"level": due.level.value, "since": due.overdue_since},
                    )  # fmt: skip
    log_event("plans.escalate", provider_id=provider_id, recorded=len(recorded))
    return tuple(recorded)
