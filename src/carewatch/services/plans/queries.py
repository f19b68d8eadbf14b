"""Readers of the improvement plan: a provider's plan as of a day, its findings and actions
(all, by status, by owner), one action in detail, the public must-dos, the findings behind
each linked metric, and a stored evidence file.

Readers take an `as_of` date (default: today) and answer as things stood at the end of it.

Example::

    improvement_plan(db=db, provider_id="RMY", as_of=dt.date(2020, 10, 1))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    Forbidden,
    Permission,
    require,
    sees_restricted,
)
from carewatch.domain.plans import (
    DEFAULT_RULES,
    FINISHED,
    ActionStatus,
    ChangedRecord,
    FindingKind,
    PlanRules,
    legal_moves_from,
)
from carewatch.services._db import require_provider
from carewatch.services.audit import record_read
from carewatch.services.errors import NotFound
from carewatch.services.plans._authz import allowed_for_action, allowed_for_evidence
from carewatch.services.plans._load import (
    as_known,
    load_actions,
    load_changes,
    load_findings,
    load_verdicts,
    loaded_action,
    summarise,
    today,
)
from carewatch.services.plans._redact import detail_for, for_actor, summary_for, verdicts_for
from carewatch.services.plans.models import (
    ActionDetail,
    ActionSummary,
    DueDateMove,
    EvidenceFile,
    FindingView,
    ImprovementPlan,
    MilestoneView,
    PlanFinding,
    PublicAction,
    PublicMustDo,
    PublicPlan,
    VerdictView,
)
from carewatch.store.database import Database
from carewatch.store.tables.plans import (
    PLAN_ACTION_METRICS,
    PLAN_ACTIONS,
    PLAN_EVIDENCE,
    PLAN_EVIDENCE_FILES,
    PLAN_FINDINGS,
)

__all__ = [
    "action_detail",
    "actions_for_owner",
    "evidence_file",
    "evidence_verdicts",
    "find_action",
    "findings_by_metric",
    "improvement_plan",
    "list_actions",
    "list_findings",
    "may_work_on",
    "public_plan",
]


def _order(finding: FindingView) -> tuple[int, dt.date, str]:
    return (
        0 if finding.kind is FindingKind.MUST_DO else 1,
        finding.report_date or dt.date.min,
        finding.reference,
    )


def _plan(conn: Connection, provider_id: str, day: dt.date, rules: PlanRules) -> ImprovementPlan:
    name = require_provider(conn, provider_id)
    findings = {
        i: f
        for i, f in load_findings(conn, provider_id=provider_id).items()
        if f.report_date is None or f.report_date <= day
    }
    by_finding: dict[int, list[ActionSummary]] = {i: [] for i in findings}
    for loaded in load_actions(conn, finding_ids=list(findings)):
        if loaded.on(day).action.opened <= day:
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
    actor: Actor = PUBLIC,
) -> ImprovementPlan:
    """The provider's findings (must-dos first, then by report date and reference) with their
    actions as of the end of `as_of`: status, owner, deadline, RAG and why, evidence count,
    last evidenced, linked metrics. Findings reported and actions opened after `as_of` are
    left out. Owners below board level are named only to those who may read the trust's
    restricted data (`actor`; the public by default)."""
    with db.engine.connect() as conn:
        return for_actor(actor, _plan(conn, provider_id, as_of or today(), rules))


def list_findings(*, db: Database, provider_id: str) -> tuple[FindingView, ...]:
    """Every finding of the provider, must-dos first, then by report date and reference."""
    with db.engine.connect() as conn:
        require_provider(conn, provider_id)
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
    actor: Actor = PUBLIC,
) -> tuple[ActionSummary, ...]:
    """The provider's actions as of `as_of`, optionally only those in `statuses`, only the
    overdue ones, or only those due soon; in plan order."""
    wanted = {ActionStatus.parse(s) for s in statuses}
    plan = improvement_plan(db=db, provider_id=provider_id, as_of=as_of, rules=rules, actor=actor)
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
    actor: Actor = PUBLIC,
) -> tuple[ActionSummary, ...]:
    """Actions whose owner role or owner name is `owner` (case and outer spaces ignored), of
    one provider or all, as of `as_of`; overdue first, then by deadline. A name below board
    level is matched only in the trusts whose restricted data `actor` may read, so no one
    else can learn which actions a member of staff owns."""
    day = as_of or today()
    key = owner.strip().lower()
    with db.engine.connect() as conn:
        if provider_id is not None:
            require_provider(conn, provider_id)
        rows = conn.execute(
            select(PLAN_ACTIONS.c.id).where(
                (func.lower(PLAN_ACTIONS.c.owner_role) == key)
                | (func.lower(PLAN_ACTIONS.c.owner_person) == key)
            )
        ).all()
        loaded = load_actions(conn, action_ids=[r.id for r in rows]) if rows else []
        findings = load_findings(conn, ids={a.finding_id for a in loaded})
        found = [
            summary_for(
                actor,
                findings[a.finding_id].provider_id,
                summarise(a, findings[a.finding_id], day, rules),
            )
            for a in loaded
            if a.action.opened <= day
            and (provider_id is None or findings[a.finding_id].provider_id == provider_id)
            and (
                a.action.owner.role.strip().lower() == key
                or a.action.owner.board_member
                or sees_restricted(actor, findings[a.finding_id].provider_id)
            )
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


def plan_holds(*, db: Database, provider_id: str, finding: str, action: str | None = None) -> bool:
    """Whether the trust's improvement plan holds the finding `finding` (and, given `action`,
    that action under it): what another area checks before it links to the plan."""
    with db.engine.connect() as conn:
        query = select(PLAN_FINDINGS.c.id).where(
            PLAN_FINDINGS.c.provider_id == provider_id, PLAN_FINDINGS.c.reference == finding
        )
        if action is not None:
            query = (
                select(PLAN_ACTIONS.c.id)
                .select_from(PLAN_ACTIONS.join(PLAN_FINDINGS))
                .where(
                    PLAN_FINDINGS.c.provider_id == provider_id,
                    PLAN_FINDINGS.c.reference == finding,
                    PLAN_ACTIONS.c.reference == action,
                )
            )
        return conn.execute(query.limit(1)).first() is not None


def action_detail(
    *,
    db: Database,
    action_id: int,
    as_of: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
    actor: Actor = PUBLIC,
) -> ActionDetail:
    """One action as of `as_of`: its row of the plan, finding, internal notes, the history of
    moves up to that day, milestones, evidence uploaded by then (with the verdicts given by
    then, the latest its verdict), schedule, escalations recorded by then, the changes made
    by then to its recorded facts and its finding's, and the statuses it may move to next.
    Before the action was opened, it is shown as it was on its opening day."""
    with db.engine.connect() as conn:
        loaded = loaded_action(conn, action_id)
        finding = load_findings(conn, ids=[loaded.finding_id])[loaded.finding_id]
        of_finding = load_changes(conn, ChangedRecord.FINDING, [loaded.finding_id])
    day = max(as_of or today(), loaded.action.opened)
    loaded = loaded.on(day)
    changes = sorted(
        (c for c in (*loaded.changes, *of_finding.get(loaded.finding_id, ())) if c.on <= day),
        key=lambda c: (c.at, c.id),
    )
    summary = summarise(loaded, finding, day, rules)
    detail = ActionDetail(
        summary=summary,
        finding=finding,
        notes=loaded.notes,
        history=tuple(e for e in loaded.entries if e.on <= day),
        milestones=tuple(
            MilestoneView(i, m.title, m.due, m.done_on, m.overdue_on(day))
            for i, m in loaded.milestones
        ),
        evidence=tuple(as_known(e, day) for e in loaded.evidence if e.uploaded_at.date() <= day),
        schedule=loaded.schedule,
        schedule_description=loaded.schedule_description,
        escalations=tuple(e for e in loaded.escalations if e.escalated_on <= day),
        next_statuses=tuple(
            sorted(legal_moves_from(summary.status), key=lambda s: list(ActionStatus).index(s))
        ),
        changes=tuple(changes),
    )
    return detail_for(actor, detail)


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
    it was last evidenced, and its actions with owners by role (names only for board members)
    and each move of their due dates made by then (from, to and when; not who or why).
    No internal notes, evidence notes or names of staff below the board."""
    plan = improvement_plan(db=db, provider_id=provider_id, as_of=as_of, rules=rules)
    with db.engine.connect() as conn:
        moved = load_changes(
            conn, ChangedRecord.ACTION, [a.id for a in plan.actions], field="due_date"
        )
    must_dos = []
    reported = sorted(
        {i.finding.report_date for i in plan.findings if i.finding.report_date is not None}
    )
    for item in plan.findings:
        f = item.finding
        if f.kind is not FindingKind.MUST_DO:
            continue
        live = [a for a in item.actions if a.status is not ActionStatus.CANCELLED]
        last = max((a.last_evidenced for a in live if a.last_evidenced), default=None)
        finished = [a.finished_on for a in live]
        done = bool(live) and all(d is not None for d in finished)
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
                        tuple(
                            DueDateMove(c.as_date(c.old), c.as_date(c.new), c.on)
                            for c in moved.get(a.id, ())
                            if c.on <= plan.as_of
                        ),
                    )
                    for a in live
                ),
                illustrative=f.illustrative,
                source=f.source,
                finished_on=max(d for d in finished if d is not None) if done else None,
                finished_on_time=all(a.done_in_time for a in live) if done else None,
                no_actions_why="" if live else _no_actions_why(f.report_date, reported),
            )
        )
    return PublicPlan(plan.provider_id, plan.provider_name, plan.as_of, tuple(must_dos))


def _no_actions_why(report_date: dt.date | None, reported: Sequence[dt.date]) -> str:
    """Why a must-do shows no actions: carewatch holds the actions a trust (or its regulator)
    publishes, and none were published or entered for it; where CQC reported on the trust
    again since, the later report's findings are here too.

    >>> _no_actions_why(dt.date(2015, 2, 4), [dt.date(2015, 2, 4), dt.date(2020, 1, 15)])[:60]
    'No actions were published or entered for this must-do. CQC r'
    """
    later = [d for d in reported if report_date is not None and d > report_date]
    if later:
        when = later[0]
        return (
            "No actions were published or entered for this must-do. CQC reported on the trust "
            f"again on {when.day} {when:%B %Y}; the must-dos of its later reports are listed "
            "here too, with the actions published for them."
        )
    return (
        "No actions have been published or entered for this must-do yet: carewatch shows "
        "the actions a trust publishes in its improvement plan."
    )


def findings_by_metric(*, db: Database, provider_id: str) -> dict[str, tuple[FindingView, ...]]:
    """For each metric code linked to an action of the provider, the findings those actions
    answer (in plan order, each once)."""
    with db.engine.connect() as conn:
        require_provider(conn, provider_id)
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


def evidence_file(*, db: Database, sha256: str, actor: Actor = PUBLIC) -> EvidenceFile:
    """A stored file's bytes and media type by its SHA-256, for someone who may read the
    restricted data of a trust that holds it as evidence; each read is audited. `NotFound`
    when there is none; `SignInRequired` or `Forbidden` for anyone else."""
    key = sha256.strip().lower()
    with db.engine.connect() as conn:
        row = conn.execute(
            select(PLAN_EVIDENCE_FILES).where(PLAN_EVIDENCE_FILES.c.sha256 == key)
        ).first()
        holders = (
            conn.execute(
                select(PLAN_FINDINGS.c.provider_id)
                .select_from(PLAN_EVIDENCE.join(PLAN_ACTIONS).join(PLAN_FINDINGS))
                .where(PLAN_EVIDENCE.c.file_sha256 == key)
                .distinct()
            )
            .scalars()
            .all()
        )
    if row is None:
        raise NotFound("evidence file", key[:64])
    if not any(sees_restricted(actor, provider) for provider in holders):
        require(actor, Permission.READ_RESTRICTED, trust=holders[0] if holders else None)
        raise Forbidden(actor, Permission.READ_RESTRICTED, holders[0] if holders else None)
    record_read(db, actor, "evidence_file", key)
    return EvidenceFile(row.sha256, row.media_type, int(row.size), bytes(row.content))


def evidence_verdicts(
    *, db: Database, evidence_id: int, actor: Actor = PUBLIC
) -> tuple[VerdictView, ...]:
    """Every verdict on a piece of evidence, oldest first (the last is its verdict); who gave
    them and their notes only for those who may read the trust's restricted data. `NotFound`
    when there is no such evidence."""
    with db.engine.connect() as conn:
        provider = conn.execute(
            select(PLAN_FINDINGS.c.provider_id)
            .select_from(PLAN_EVIDENCE.join(PLAN_ACTIONS).join(PLAN_FINDINGS))
            .where(PLAN_EVIDENCE.c.id == evidence_id)
        ).scalar()
        if provider is None:
            raise NotFound("evidence", str(evidence_id))
        found = load_verdicts(conn, [evidence_id]).get(evidence_id, ())
    return verdicts_for(actor, str(provider), found)


def may_work_on(
    *, db: Database, actor: Actor, action_id: int | None = None, evidence_id: int | None = None
) -> str:
    """The trust of the action (`work_plan`) or of the evidence (`verify_evidence`), once
    `actor` may do that there: for a caller that checks before reading a request's body.
    `NotFound`, `SignInRequired` or `Forbidden` otherwise; the writers check again."""
    with db.engine.connect() as conn:
        if evidence_id is not None:
            return allowed_for_evidence(conn, actor, Permission.VERIFY_EVIDENCE, evidence_id)
        if action_id is None:
            raise NotFound("action", "")
        return allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
