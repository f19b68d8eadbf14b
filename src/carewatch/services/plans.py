"""The improvement plan service: the only code that writes findings, actions, their moves,
milestones, evidence, schedules, metric links and escalations, and the readers every surface
uses.

Writers take keyword-only arguments, validate through `carewatch.domain.plans`, run in one
transaction through `write_transaction` (nothing is stored when anything is refused) and are
idempotent on natural keys where the thing has one (a finding by provider and reference, an
action by finding and reference, a milestone by action and title, evidence by action and
content, a schedule and a metric link by action). Moves are appended to an action's history
and never changed. Errors: `read_models.NotFound` for an unknown provider, finding, action,
evidence, metric or file; the domain's named errors (`IllegalMove`, `InvalidFinding`,
`InvalidAction`, `InvalidEvidence`, `UnknownActionStatus`, ...); `ValueTooLong` for text longer
than its column. Log lines carry ids only, never free text.

Readers take an `as_of` date (default: today) and answer as things stood at the end of it.

Example::

    fid = record_finding(db=db, provider_id="RMY", reference="2020-MD1", kind="must_do",
                         regulation="15", report_words="The trust must ensure ...")
    aid = record_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                        reference="A1", title="Refurbish the ward", owner_role="Matron",
                        opened=dt.date(2020, 2, 1), due=dt.date(2020, 9, 30))
    move_action(db=db, action_id=aid, to="in_progress", on=dt.date(2020, 2, 3), by="Matron")
    improvement_plan(db=db, provider_id="RMY", as_of=dt.date(2020, 10, 1))
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    DEFAULT_GRACE_DAYS,
    DEFAULT_RULES,
    FINISHED,
    Action,
    ActionStatus,
    EvidenceFrequency,
    EvidenceKind,
    EvidenceSchedule,
    Finding,
    FindingKind,
    InvalidAction,
    InvalidEvidence,
    Milestone,
    Move,
    Owner,
    PlanRules,
    Priority,
    TargetDirection,
    Verdict,
    check_evidence,
    content_sha256,
    escalations_due,
    legal_moves_from,
)
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services._plans_read import (
    LoadedAction,
    load_actions,
    load_findings,
    provider_name,
    summarise,
    utc,
)
from carewatch.services._transaction import write_transaction
from carewatch.services.plan_models import (
    ActionDetail,
    ActionSummary,
    EscalationRecord,
    EvidenceAdded,
    EvidenceFile,
    EvidenceView,
    FindingView,
    ImprovementPlan,
    MilestoneView,
    PlanFinding,
    PublicAction,
    PublicMustDo,
    PublicPlan,
)
from carewatch.services.read_models import NotFound
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong, check_fits
from carewatch.store.tables import OVERSIGHT_ENFORCEMENT, OVERSIGHT_REQUIREMENTS
from carewatch.store.tables_metrics import METRICS
from carewatch.store.tables_plans import (
    PLAN_ACTION_EVENTS,
    PLAN_ACTION_METRICS,
    PLAN_ACTIONS,
    PLAN_ESCALATIONS,
    PLAN_EVIDENCE,
    PLAN_EVIDENCE_FILES,
    PLAN_EVIDENCE_SCHEDULES,
    PLAN_FINDINGS,
    PLAN_MILESTONES,
)

__all__ = [
    "DEFAULT_RULES",
    "ActionDetail",
    "ActionSummary",
    "EvidenceAdded",
    "EvidenceFile",
    "ImprovementPlan",
    "PlanRules",
    "PublicPlan",
    "ValueTooLong",
    "action_detail",
    "actions_for_owner",
    "add_evidence",
    "add_milestone",
    "escalate_overdue",
    "evidence_file",
    "find_action",
    "findings_by_metric",
    "improvement_plan",
    "link_metric",
    "list_actions",
    "list_findings",
    "move_action",
    "public_plan",
    "record_action",
    "record_finding",
    "record_findings",
    "set_evidence_schedule",
    "verify_evidence",
]

log = logging.getLogger(__name__)

DEFAULT_MEDIA_TYPE = "application/octet-stream"


def _today() -> dt.date:
    return dt.date.today()


def _logged(event: str, **ids: object) -> None:
    log.info(event, extra=ids)


def _upsert(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any]) -> int:
    """Update the row with this natural key, or insert it; its id either way."""
    check_fits(table, {**key, **values})
    where = [table.c[name] == value for name, value in key.items()]
    found = conn.execute(select(table.c.id).where(*where)).scalar()
    if found is not None:
        if values:
            conn.execute(update(table).where(table.c.id == found).values(**values))
        return int(found)
    inserted = conn.execute(insert(table).values(**key, **values).returning(table.c.id))
    return int(inserted.scalar_one())


def _require_provider(conn: Connection, provider_id: str) -> str | None:
    exists, name = provider_name(conn, provider_id)
    if not exists:
        raise NotFound("provider", provider_id)
    return name


def _loaded(conn: Connection, action_id: int) -> LoadedAction:
    found = load_actions(conn, action_ids=[action_id])
    if not found:
        raise NotFound("action", str(action_id))
    return found[0]


# --- writers ---------------------------------------------------------------------------------


def record_finding(
    *,
    db: Database,
    provider_id: str,
    reference: str,
    kind: FindingKind | str,
    report_words: str,
    public_summary: str = "",
    regulation: FundamentalStandard | str | None = None,
    core_services: Sequence[str] = (),
    key_question: KeyQuestion | str | None = None,
    report_date: dt.date | None = None,
    report_link_id: str | None = None,
    enforcement_id: int | None = None,
    requirement_position: int | None = None,
    illustrative: bool = False,
    source: str = "",
) -> int:
    """Store a must-do or should-do (keyed by provider and `reference`; recording it again
    updates it) and return its id.

    A must-do names its regulation (`InvalidFinding` otherwise). `enforcement_id` links it to
    a stored requirement notice or warning notice of the same provider, and
    `requirement_position` to one requirement of a warning notice (`NotFound` when either is
    not there).
    """
    finding = Finding(
        reference=reference,
        kind=FindingKind.parse(kind),
        report_words=report_words,
        public_summary=public_summary,
        regulation=FundamentalStandard.parse(regulation) if regulation is not None else None,
        core_services=tuple(core_services),
        key_question_given=parse_key_question(key_question) if key_question is not None else None,
        report_date=report_date,
        report_link_id=report_link_id,
        illustrative=illustrative,
        source=source,
    )
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        finding_id = _store_finding(
            conn, provider_id, finding, enforcement_id, requirement_position
        )
    _logged("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return finding_id


def record_findings(*, db: Database, provider_id: str, findings: Sequence[Finding]) -> list[int]:
    """Store several findings of one provider in one transaction, all or none (as
    `record_finding` stores one, without enforcement links), and return their ids in order."""
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        ids = [_store_finding(conn, provider_id, f, None, None) for f in findings]
    for finding_id in ids:
        _logged("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return ids


def _store_finding(
    conn: Connection,
    provider_id: str,
    finding: Finding,
    enforcement_id: int | None,
    requirement_position: int | None,
) -> int:
    if enforcement_id is not None:
        _require_enforcement(conn, provider_id, enforcement_id, requirement_position)
    elif requirement_position is not None:
        raise InvalidAction("a requirement needs its enforcement action", "enforcement_id")
    for service in finding.core_services:
        if len(service) > 300:
            raise ValueTooLong("core_services", 300)
    kq = finding.key_question
    return _upsert(
        conn,
        PLAN_FINDINGS,
        {"provider_id": provider_id, "reference": finding.reference},
        {
            "kind": finding.kind.value,
            "report_date": finding.report_date,
            "report_link_id": finding.report_link_id,
            "regulation": finding.regulation.value if finding.regulation else None,
            "core_services": list(finding.core_services),
            "key_question": kq.value if kq else None,
            "enforcement_id": enforcement_id,
            "requirement_position": requirement_position,
            "report_words": finding.report_words,
            "public_summary": finding.public_summary,
            "illustrative": finding.illustrative,
            "source": finding.source,
        },
    )


def _require_enforcement(
    conn: Connection, provider_id: str, enforcement_id: int, position: int | None
) -> None:
    found = conn.execute(
        select(OVERSIGHT_ENFORCEMENT.c.id).where(
            OVERSIGHT_ENFORCEMENT.c.id == enforcement_id,
            OVERSIGHT_ENFORCEMENT.c.provider_id == provider_id,
        )
    ).first()
    if found is None:
        raise NotFound("enforcement action", str(enforcement_id))
    if position is not None:
        req = conn.execute(
            select(OVERSIGHT_REQUIREMENTS.c.id).where(
                OVERSIGHT_REQUIREMENTS.c.enforcement_id == enforcement_id,
                OVERSIGHT_REQUIREMENTS.c.position == position,
            )
        ).first()
        if req is None:
            raise NotFound("requirement", f"{enforcement_id}/{position}")


def _requirement_deadline(conn: Connection, finding_id: int) -> dt.date | None:
    row = conn.execute(
        select(OVERSIGHT_REQUIREMENTS.c.deadline)
        .select_from(
            PLAN_FINDINGS.join(
                OVERSIGHT_REQUIREMENTS,
                (OVERSIGHT_REQUIREMENTS.c.enforcement_id == PLAN_FINDINGS.c.enforcement_id)
                & (OVERSIGHT_REQUIREMENTS.c.position == PLAN_FINDINGS.c.requirement_position),
            )
        )
        .where(PLAN_FINDINGS.c.id == finding_id)
    ).first()
    return row.deadline if row is not None else None


def record_action(
    *,
    db: Database,
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
) -> int:
    """Store an action for a finding (keyed by finding and `reference`; recording it again
    updates it) and return its id. It starts Open on `opened`.

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
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        finding_id = conn.execute(
            select(PLAN_FINDINGS.c.id).where(
                PLAN_FINDINGS.c.provider_id == provider_id,
                PLAN_FINDINGS.c.reference == finding_reference,
            )
        ).scalar()
        if finding_id is None:
            raise NotFound("finding", finding_reference)
        deadline = legal_deadline or _requirement_deadline(conn, finding_id)
        existing = conn.execute(
            select(PLAN_ACTIONS.c.id).where(
                PLAN_ACTIONS.c.finding_id == finding_id, PLAN_ACTIONS.c.reference == reference
            )
        ).scalar()
        if existing is not None:
            first = conn.execute(
                select(func.min(PLAN_ACTION_EVENTS.c.moved_on)).where(
                    PLAN_ACTION_EVENTS.c.action_id == existing
                )
            ).scalar()
            if first is not None and first < opened:
                raise InvalidAction(
                    f"the action was first moved on {first.isoformat()}, before {opened}",
                    "opened",
                )
        action_id = _upsert(
            conn,
            PLAN_ACTIONS,
            {"finding_id": finding_id, "reference": action.reference},
            {
                "title": title,
                "notes": notes,
                "owner_role": owner_role,
                "owner_person": owner_person,
                "owner_is_board_member": owner_is_board_member,
                "executive_lead": executive_lead,
                "priority": action.priority.value,
                "opened_on": opened,
                "due_date": due,
                "legal_deadline": deadline,
                "illustrative": illustrative,
            },
        )
    _logged("plans.action", provider_id=provider_id, action_id=action_id)
    return action_id


def add_milestone(
    *, db: Database, action_id: int, title: str, due: dt.date, done_on: dt.date | None = None
) -> int:
    """Store a milestone of an action (keyed by action and `title`; recording it again sets
    its due and done dates) and return its id."""
    milestone = Milestone(title, due, done_on)
    if not milestone.title.strip():
        raise InvalidAction("a milestone needs a title", "title")
    with write_transaction(db) as conn:
        _loaded(conn, action_id)
        milestone_id = _upsert(
            conn,
            PLAN_MILESTONES,
            {"action_id": action_id, "title": title},
            {"due_date": due, "done_on": done_on},
        )
    _logged("plans.milestone", action_id=action_id)
    return milestone_id


def move_action(
    *,
    db: Database,
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
    move = Move(ActionStatus.parse(to), on, by, reason)
    with write_transaction(db) as conn:
        loaded = _loaded(conn, action_id)
        history = loaded.history.move(move)
        evidence = loaded.domain_evidence()
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
            "moved_by": by,
            "reason": reason,
        }
        check_fits(PLAN_ACTION_EVENTS, values)
        conn.execute(insert(PLAN_ACTION_EVENTS).values(**values))
    _logged("plans.move", action_id=action_id, to=move.to.value)
    return move.to


def add_evidence(
    *,
    db: Database,
    action_id: int,
    kind: EvidenceKind | str,
    supplied_by: str,
    uploaded_at: dt.datetime,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    title: str = "",
    note: str = "",
    url: str = "",
    content: bytes | None = None,
    filename: str = "",
    media_type: str | None = None,
) -> EvidenceAdded:
    """Attach a note (`note`), a file (`content` bytes, `filename`, `media_type`) or a link
    (`url`) to an action, for the period `effective_from`–`effective_to` (one day when
    `effective_to` is None). `uploaded_at` without a time zone is read as UTC; days are UTC days.

    Files are stored once by SHA-256. The same content already on this action is not stored
    again: the result names the earlier evidence (`created` False, `duplicate` True). The same
    file on another action is stored as new evidence and reported as a duplicate of the
    earlier pieces. `InvalidEvidence` when the kind's content is missing.
    """
    evidence_kind = EvidenceKind.parse(kind)
    until = effective_to or effective_from
    if until < effective_from:
        raise InvalidEvidence("the effective period ends before it starts", "effective_to")
    if not supplied_by.strip():
        raise InvalidEvidence("evidence needs who supplied it", "supplied_by")
    moment = utc(uploaded_at)
    sha: str | None = None
    if evidence_kind is EvidenceKind.FILE:
        if content is None:
            raise InvalidEvidence("a file needs its content", "content")
        sha = content_sha256(content)
        key = sha
    elif evidence_kind is EvidenceKind.LINK:
        if not url.strip():
            raise InvalidEvidence("a link needs its address", "url")
        key = content_sha256(b"link\n" + url.strip().encode())
    else:
        if not note.strip():
            raise InvalidEvidence("a note needs its text", "note")
        key = content_sha256(b"note\n" + note.strip().encode())
    values = {
        "action_id": action_id,
        "kind": evidence_kind.value,
        "content_key": key,
        "title": title,
        "note": note,
        "url": url.strip(),
        "file_sha256": sha,
        "filename": filename,
        "supplied_by": supplied_by,
        "uploaded_at": moment,
        "effective_from": effective_from,
        "effective_to": until,
    }
    check_fits(PLAN_EVIDENCE, values)
    with write_transaction(db) as conn:
        _loaded(conn, action_id)
        earlier = conn.execute(
            select(PLAN_EVIDENCE.c.id, PLAN_EVIDENCE.c.action_id)
            .where(PLAN_EVIDENCE.c.content_key == key)
            .order_by(PLAN_EVIDENCE.c.id)
        ).all()
        same_action = [r.id for r in earlier if r.action_id == action_id]
        if same_action:
            result = EvidenceAdded(same_action[0], False, True, tuple(same_action), sha)
        else:
            if sha is not None and content is not None:
                stored = conn.execute(
                    select(PLAN_EVIDENCE_FILES.c.sha256).where(PLAN_EVIDENCE_FILES.c.sha256 == sha)
                ).first()
                if stored is None:
                    file_values = {
                        "sha256": sha,
                        "size": len(content),
                        "media_type": media_type or DEFAULT_MEDIA_TYPE,
                        "content": content,
                    }
                    check_fits(PLAN_EVIDENCE_FILES, file_values)
                    conn.execute(insert(PLAN_EVIDENCE_FILES).values(**file_values))
            new_id = conn.execute(
                insert(PLAN_EVIDENCE).values(**values).returning(PLAN_EVIDENCE.c.id)
            ).scalar_one()
            result = EvidenceAdded(
                int(new_id), True, bool(earlier), tuple(r.id for r in earlier), sha
            )
    _logged("plans.evidence", action_id=action_id, evidence_id=result.evidence_id)
    return result


def verify_evidence(
    *,
    db: Database,
    evidence_id: int,
    accepted: bool,
    by: str,
    on: dt.date,
    note: str = "",
) -> None:
    """Record the verifier's verdict on a piece of evidence (a later verdict replaces it).

    `InvalidEvidence` when the verifier is the person who supplied it, when no verifier is
    named, or when the verdict is dated before the upload.
    """
    if not by.strip():
        raise InvalidEvidence("a verdict needs who gave it", "by")
    with write_transaction(db) as conn:
        row = conn.execute(select(PLAN_EVIDENCE).where(PLAN_EVIDENCE.c.id == evidence_id)).first()
        if row is None:
            raise NotFound("evidence", str(evidence_id))
        if row.supplied_by.strip().lower() == by.strip().lower():
            raise InvalidEvidence("evidence is verified by someone other than its supplier", "by")
        uploaded = utc(row.uploaded_at).date()
        if on < uploaded:
            raise InvalidEvidence(
                f"the verdict ({on.isoformat()}) comes before the upload ({uploaded})", "on"
            )
        values = {
            "verdict": "accepted" if accepted else "rejected",
            "verified_by": by,
            "verified_on": on,
            "verifier_note": note,
        }
        check_fits(PLAN_EVIDENCE, values)
        conn.execute(
            update(PLAN_EVIDENCE).where(PLAN_EVIDENCE.c.id == evidence_id).values(**values)
        )
    _logged("plans.verify", evidence_id=evidence_id)


def set_evidence_schedule(
    *,
    db: Database,
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
        _loaded(conn, action_id)
        _upsert(
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
    _logged("plans.schedule", action_id=action_id)


def link_metric(
    *,
    db: Database,
    action_id: int,
    metric_code: str,
    target: float,
    direction: TargetDirection | str,
) -> None:
    """Link a metric (from the metrics catalogue) as the action's measure of success, with the
    target that proves the fix (linking it again sets the target and direction)."""
    way = TargetDirection.parse(direction)
    with write_transaction(db) as conn:
        _loaded(conn, action_id)
        known = conn.execute(
            select(METRICS.c.metric_code).where(METRICS.c.metric_code == metric_code)
        ).first()
        if known is None:
            raise NotFound("metric", metric_code)
        _upsert(
            conn,
            PLAN_ACTION_METRICS,
            {"action_id": action_id, "metric_code": metric_code},
            {"target": float(target), "direction": way.value},
        )
    _logged("plans.metric", action_id=action_id)


def escalate_overdue(
    *,
    db: Database,
    provider_id: str,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> tuple[EscalationRecord, ...]:
    """Record an escalation event for every level each overdue action of the provider has
    reached by `as_of` and that is not yet recorded; return the new ones. Running it again
    on the same or an earlier day records nothing."""
    day = as_of or _today()
    recorded: list[EscalationRecord] = []
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        findings = load_findings(conn, provider_id=provider_id)
        for loaded in load_actions(conn, finding_ids=list(findings)):
            if day < loaded.action.opened:
                continue
            assessment = loaded.assess(day, rules)
            have = {(e.level, e.overdue_since) for e in loaded.escalations}
            for due in escalations_due(assessment, loaded.action.legal_deadline, rules):
                if (due.level, due.overdue_since) in have:
                    continue
                conn.execute(
                    insert(PLAN_ESCALATIONS).values(
                        action_id=loaded.id,
                        level=due.level.value,
                        overdue_since=due.overdue_since,
                        escalated_on=due.on,
                    )
                )
                recorded.append(EscalationRecord(loaded.id, due.level, due.overdue_since, due.on))
    _logged("plans.escalate", provider_id=provider_id, recorded=len(recorded))
    return tuple(recorded)


# --- readers ---------------------------------------------------------------------------------


def _order(finding: FindingView) -> tuple[int, dt.date, str]:
    return (
        0 if finding.kind is FindingKind.MUST_DO else 1,
        finding.report_date or dt.date.min,
        finding.reference,
    )


def _plan(conn: Connection, provider_id: str, day: dt.date, rules: PlanRules) -> ImprovementPlan:
    name = _require_provider(conn, provider_id)
    findings = {
        i: f
        for i, f in load_findings(conn, provider_id=provider_id).items()
        if f.report_date is None or f.report_date <= day
    }
    by_finding: dict[int, list[ActionSummary]] = {i: [] for i in findings}
    for loaded in load_actions(conn, finding_ids=list(findings)):
        if loaded.action.opened <= day:
            summary = summarise(loaded, findings[loaded.finding_id], day, rules)
            by_finding[loaded.finding_id].append(summary)
    ordered = sorted(findings.values(), key=_order)
    return ImprovementPlan(
        provider_id,
        name,
        day,
        tuple(PlanFinding(f, tuple(by_finding[f.id])) for f in ordered),
    )


def improvement_plan(
    *,
    db: Database,
    provider_id: str,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> ImprovementPlan:
    """The provider's findings (must-dos first, then by report date and reference) with their
    actions as of the end of `as_of`: status, owner, deadline, RAG and why, evidence count,
    last evidenced, linked metrics. Findings reported and actions opened after `as_of` are
    left out."""
    with db.engine.connect() as conn:
        return _plan(conn, provider_id, as_of or _today(), rules)


def list_findings(*, db: Database, provider_id: str) -> tuple[FindingView, ...]:
    """Every finding of the provider, must-dos first, then by report date and reference."""
    with db.engine.connect() as conn:
        _require_provider(conn, provider_id)
        return tuple(sorted(load_findings(conn, provider_id=provider_id).values(), key=_order))


def list_actions(
    *,
    db: Database,
    provider_id: str,
    as_of: dt.date | None = None,
    statuses: Sequence[ActionStatus | str] = (),
    overdue_only: bool = False,
    due_soon_only: bool = False,
    rules: PlanRules = DEFAULT_RULES,
) -> tuple[ActionSummary, ...]:
    """The provider's actions as of `as_of`, optionally only those in `statuses`, only the
    overdue ones, or only those due soon; in plan order."""
    wanted = {ActionStatus.parse(s) for s in statuses}
    plan = improvement_plan(db=db, provider_id=provider_id, as_of=as_of, rules=rules)
    return tuple(
        a
        for a in plan.actions
        if (not wanted or a.status in wanted)
        and (not overdue_only or a.overdue)
        and (not due_soon_only or a.due_soon)
    )


def actions_for_owner(
    *,
    db: Database,
    owner: str,
    as_of: dt.date | None = None,
    provider_id: str | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> tuple[ActionSummary, ...]:
    """Actions whose owner role or owner name is `owner` (case and outer spaces ignored), of
    one provider or all, as of `as_of`; overdue first, then by deadline."""
    day = as_of or _today()
    key = owner.strip().lower()
    with db.engine.connect() as conn:
        if provider_id is not None:
            _require_provider(conn, provider_id)
        rows = conn.execute(
            select(PLAN_ACTIONS.c.id).where(
                (func.lower(PLAN_ACTIONS.c.owner_role) == key)
                | (func.lower(PLAN_ACTIONS.c.owner_person) == key)
            )
        ).all()
        loaded = load_actions(conn, action_ids=[r.id for r in rows]) if rows else []
        findings = load_findings(conn, ids={a.finding_id for a in loaded})
        found = [
            summarise(a, findings[a.finding_id], day, rules)
            for a in loaded
            if a.action.opened <= day
            and (provider_id is None or findings[a.finding_id].provider_id == provider_id)
        ]
    return tuple(sorted(found, key=lambda a: (not a.overdue, a.deadline, a.id)))


def find_action(*, db: Database, provider_id: str, finding_reference: str, reference: str) -> int:
    """The id of the action with this reference under this finding; `NotFound` otherwise."""
    with db.engine.connect() as conn:
        found = conn.execute(
            select(PLAN_ACTIONS.c.id)
            .select_from(PLAN_ACTIONS.join(PLAN_FINDINGS))
            .where(
                PLAN_FINDINGS.c.provider_id == provider_id,
                PLAN_FINDINGS.c.reference == finding_reference,
                PLAN_ACTIONS.c.reference == reference,
            )
        ).scalar()
    if found is None:
        raise NotFound("action", f"{finding_reference}/{reference}")
    return int(found)


def action_detail(
    *,
    db: Database,
    action_id: int,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> ActionDetail:
    """One action as of `as_of`: its row of the plan, finding, internal notes, the history of
    moves up to that day, milestones, evidence uploaded by then (with the verdicts given by
    then), schedule, escalations
    recorded by then, and the statuses it may move to next. Before the action was opened,
    it is shown as it was on its opening day."""
    with db.engine.connect() as conn:
        loaded = _loaded(conn, action_id)
        finding = load_findings(conn, ids=[loaded.finding_id])[loaded.finding_id]
    day = max(as_of or _today(), loaded.action.opened)
    summary = summarise(loaded, finding, day, rules)
    return ActionDetail(
        summary=summary,
        finding=finding,
        notes=loaded.notes,
        history=tuple(e for e in loaded.entries if e.on <= day),
        milestones=tuple(
            MilestoneView(i, m.title, m.due, m.done_on, m.overdue_on(day))
            for i, m in loaded.milestones
        ),
        evidence=tuple(_as_known(e, day) for e in loaded.evidence if e.uploaded_at.date() <= day),
        schedule=loaded.schedule,
        schedule_description=loaded.schedule_description,
        escalations=tuple(e for e in loaded.escalations if e.escalated_on <= day),
        next_statuses=tuple(
            sorted(legal_moves_from(summary.status), key=lambda s: list(ActionStatus).index(s))
        ),
    )


def _as_known(evidence: EvidenceView, day: dt.date) -> EvidenceView:
    """The evidence as known at the end of `day`: a verdict given later is still pending."""
    if evidence.verified_on is None or evidence.verified_on <= day:
        return evidence
    return replace(
        evidence, verdict=Verdict.PENDING, verified_by="", verified_on=None, verifier_note=""
    )


def _progress(actions: Sequence[ActionSummary]) -> str:
    live = [a for a in actions if a.status is not ActionStatus.CANCELLED]
    if not live:
        return "No actions recorded"
    if any(a.overdue for a in live):
        return "Overdue"
    if all(a.status is ActionStatus.CLOSED for a in live):
        return "Closed"
    if all(a.status in FINISHED for a in live):
        return "Evidence accepted"
    if all(a.status is ActionStatus.OPEN for a in live):
        return "Not started"
    return "In progress"


def public_plan(
    *,
    db: Database,
    provider_id: str,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> PublicPlan:
    """The provider's must-dos for the public as of `as_of`: each in plain English with its
    progress ("Not started", "In progress", "Overdue", "Evidence accepted", "Closed", "No
    actions recorded") and when
    it was last evidenced, and its actions with owners by role (names only for board members).
    No internal notes, evidence notes or names of staff below the board."""
    plan = improvement_plan(db=db, provider_id=provider_id, as_of=as_of, rules=rules)
    must_dos = []
    for item in plan.findings:
        f = item.finding
        if f.kind is not FindingKind.MUST_DO:
            continue
        live = [a for a in item.actions if a.status is not ActionStatus.CANCELLED]
        last = max((a.last_evidenced for a in live if a.last_evidenced), default=None)
        must_dos.append(
            PublicMustDo(
                reference=f.reference,
                summary=f.summary,
                regulation=f.regulation,
                core_services=f.core_services,
                key_question=f.key_question,
                report_date=f.report_date,
                progress=_progress(item.actions),
                last_evidenced=last,
                actions=tuple(
                    PublicAction(
                        a.title,
                        a.owner.public_name,
                        a.status,
                        a.deadline,
                        a.last_evidenced,
                        a.overdue,
                    )
                    for a in live
                ),
                illustrative=f.illustrative,
                source=f.source,
            )
        )
    return PublicPlan(plan.provider_id, plan.provider_name, plan.as_of, tuple(must_dos))


def findings_by_metric(*, db: Database, provider_id: str) -> dict[str, tuple[FindingView, ...]]:
    """For each metric code linked to an action of the provider, the findings those actions
    answer (in plan order, each once)."""
    with db.engine.connect() as conn:
        _require_provider(conn, provider_id)
        findings = load_findings(conn, provider_id=provider_id)
        rows = conn.execute(
            select(PLAN_ACTION_METRICS.c.metric_code, PLAN_ACTIONS.c.finding_id)
            .select_from(PLAN_ACTION_METRICS.join(PLAN_ACTIONS))
            .where(PLAN_ACTIONS.c.finding_id.in_(list(findings)))
        ).all()
    grouped: dict[str, set[int]] = {}
    for row in rows:
        grouped.setdefault(row.metric_code, set()).add(row.finding_id)
    return {
        code: tuple(sorted((findings[i] for i in ids), key=_order))
        for code, ids in sorted(grouped.items())
    }


def evidence_file(*, db: Database, sha256: str) -> EvidenceFile:
    """A stored file's bytes and media type by its SHA-256; `NotFound` when there is none."""
    key = sha256.strip().lower()
    with db.engine.connect() as conn:
        row = conn.execute(
            select(PLAN_EVIDENCE_FILES).where(PLAN_EVIDENCE_FILES.c.sha256 == key)
        ).first()
    if row is None:
        raise NotFound("evidence file", key[:64])
    return EvidenceFile(row.sha256, row.media_type, int(row.size), bytes(row.content))
