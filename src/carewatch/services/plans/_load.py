"""Loading a provider's improvement plan from the tables as domain values and read models.

Each reader loads every row it needs in a handful of queries (one per table, filtered by
provider or action), then assesses each action in the domain; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Table, select

from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    Action,
    ActionAssessment,
    ActionHistory,
    ActionStatus,
    ChangedRecord,
    EscalationLevel,
    Evidence,
    EvidenceFrequency,
    EvidenceKind,
    EvidenceSchedule,
    FindingKind,
    Milestone,
    Move,
    Owner,
    PlanRules,
    Priority,
    TargetDirection,
    Verdict,
    assess,
)
from carewatch.domain.ratings import parse_key_question
from carewatch.services.errors import NotFound
from carewatch.services.metrics import metric_names
from carewatch.services.oversight import linked_enforcement
from carewatch.services.plans.models import (
    ActionSummary,
    ChangeView,
    EnforcementLink,
    EscalationRecord,
    EvidenceView,
    FindingView,
    HistoryEntry,
    MetricLink,
    VerdictView,
)
from carewatch.store.tables.plans import (
    PLAN_ACTION_EVENTS,
    PLAN_ACTION_METRICS,
    PLAN_ACTIONS,
    PLAN_CHANGES,
    PLAN_ESCALATIONS,
    PLAN_EVIDENCE,
    PLAN_EVIDENCE_FILES,
    PLAN_EVIDENCE_SCHEDULES,
    PLAN_FINDINGS,
    PLAN_MILESTONES,
    PLAN_VERDICTS,
)

__all__ = [
    "LoadedAction",
    "as_known",
    "load_actions",
    "load_changes",
    "load_findings",
    "load_verdicts",
    "loaded_action",
    "summarise",
    "today",
    "utc",
]


def today() -> dt.date:
    """Today, the day readers answer for when given no `as_of`."""
    return dt.date.today()


def _enforcement_links(
    conn: Connection, ids: set[int]
) -> dict[tuple[int, int | None], EnforcementLink]:
    """The links findings may have: to each enforcement action, and to each requirement of a
    warning notice, read through the oversight service."""
    links: dict[tuple[int, int | None], EnforcementLink] = {}
    for notice_id, notice in linked_enforcement(conn, ids).items():
        links[(notice_id, None)] = EnforcementLink(notice_id, notice.kind, notice.issued)
        for req in notice.requirements:
            links[(notice_id, req.position)] = EnforcementLink(
                notice_id, notice.kind, notice.issued, req.position, req.text, req.deadline
            )
    return links


def load_findings(
    conn: Connection, *, provider_id: str | None = None, ids: Iterable[int] | None = None
) -> dict[int, FindingView]:
    """Findings by id: all of a provider's, or those with the given ids."""
    query = select(PLAN_FINDINGS)
    if provider_id is not None:
        query = query.where(PLAN_FINDINGS.c.provider_id == provider_id)
    if ids is not None:
        query = query.where(PLAN_FINDINGS.c.id.in_(list(ids)))
    rows = conn.execute(query).all()
    links = _enforcement_links(conn, {r.enforcement_id for r in rows if r.enforcement_id})
    found: dict[int, FindingView] = {}
    for r in rows:
        link = None
        if r.enforcement_id is not None:
            link = links.get((r.enforcement_id, r.requirement_position)) or links.get(
                (r.enforcement_id, None)
            )
        found[r.id] = FindingView(
            id=r.id,
            provider_id=r.provider_id,
            reference=r.reference,
            kind=FindingKind(r.kind),
            report_words=r.report_words,
            public_summary=r.public_summary,
            regulation=FundamentalStandard(r.regulation) if r.regulation else None,
            core_services=tuple(r.core_services or ()),
            key_question=parse_key_question(r.key_question) if r.key_question else None,
            report_date=r.report_date,
            report_link_id=r.report_link_id,
            enforcement=link,
            illustrative=bool(r.illustrative),
            source=r.source,
        )
    return found


@dataclass(frozen=True)
class LoadedAction:
    """One stored action with everything that decides its status, as domain values."""

    id: int
    finding_id: int
    action: Action
    notes: str
    history: ActionHistory
    entries: tuple[HistoryEntry, ...]
    milestones: tuple[tuple[int, Milestone], ...]
    evidence: tuple[EvidenceView, ...]
    schedule: EvidenceSchedule | None
    schedule_description: str
    escalations: tuple[EscalationRecord, ...]
    metrics: tuple[MetricLink, ...]
    changes: tuple[ChangeView, ...]

    def domain_evidence(self, day: dt.date) -> tuple[Evidence, ...]:
        """The evidence as known at the end of `day`: each with its latest verdict by then."""
        found = []
        for e in self.evidence:
            known = as_known(e, day)
            found.append(
                Evidence(
                    known.kind,
                    known.supplied_by,
                    known.uploaded_at,
                    known.effective_from,
                    known.effective_to,
                    known.verdict,
                    known.verified_on,
                )
            )
        return tuple(found)

    def on(self, day: dt.date) -> LoadedAction:
        """The action with the facts it had at the end of `day`: each change made later is
        undone (its old value put back), so a plan read as of a day shows the due date, owner
        and title that stood then."""
        later = [c for c in self.changes if c.on > day]
        if not later:
            return self
        facts: dict[str, Any] = {
            "title": self.action.title,
            "owner_role": self.action.owner.role,
            "owner_person": self.action.owner.person,
            "owner_is_board_member": self.action.owner.board_member,
            "executive_lead": self.action.executive_lead,
            "priority": self.action.priority,
            "opened_on": self.action.opened,
            "due_date": self.action.due,
            "legal_deadline": self.action.legal_deadline,
            "notes": self.notes,
            "illustrative": self.action.illustrative,
        }
        for change in reversed(later):
            if change.field in facts:
                facts[change.field] = _fact(change.field, change.old)
        action = Action(
            reference=self.action.reference,
            title=facts["title"],
            owner=Owner(facts["owner_role"], facts["owner_person"], facts["owner_is_board_member"]),
            opened=facts["opened_on"],
            due=facts["due_date"],
            priority=facts["priority"],
            executive_lead=facts["executive_lead"],
            legal_deadline=facts["legal_deadline"],
            illustrative=facts["illustrative"],
        )
        return replace(self, action=action, notes=facts["notes"])

    def assess(self, as_of: dt.date, rules: PlanRules) -> ActionAssessment:
        return assess(
            self.on(as_of).action,
            self.history,
            [m for _, m in self.milestones],
            self.domain_evidence(as_of),
            self.schedule,
            as_of=as_of,
            rules=rules,
        )


def _fact(field: str, text: str) -> Any:
    """A field's value back from the text a change keeps (`carewatch.domain.plans.as_text`)."""
    if field in ("opened_on", "due_date", "legal_deadline"):
        return dt.date.fromisoformat(text) if text else None
    if field in ("owner_is_board_member", "illustrative"):
        return text == "yes"
    if field == "priority":
        return Priority(text)
    return text


def _by_action(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.action_id].append(row)
    return grouped


def load_actions(
    conn: Connection,
    *,
    finding_ids: Sequence[int] | None = None,
    action_ids: Sequence[int] | None = None,
) -> list[LoadedAction]:
    """Actions of the given findings (or with the given ids), ordered by finding and
    reference, each with its history, milestones, evidence, schedule, escalations, metrics."""
    query = select(PLAN_ACTIONS)
    if finding_ids is not None:
        query = query.where(PLAN_ACTIONS.c.finding_id.in_(list(finding_ids)))
    if action_ids is not None:
        query = query.where(PLAN_ACTIONS.c.id.in_(list(action_ids)))
    rows = conn.execute(query.order_by(PLAN_ACTIONS.c.finding_id, PLAN_ACTIONS.c.reference)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]

    def children(table: Table, *order: Any) -> dict[int, list[Any]]:
        q = select(table).where(table.c.action_id.in_(ids)).order_by(*order)
        return _by_action(conn.execute(q))

    events = children(PLAN_ACTION_EVENTS, PLAN_ACTION_EVENTS.c.seq)
    milestones = children(PLAN_MILESTONES, PLAN_MILESTONES.c.due_date, PLAN_MILESTONES.c.title)
    schedules = children(PLAN_EVIDENCE_SCHEDULES)
    escalations = children(PLAN_ESCALATIONS, PLAN_ESCALATIONS.c.escalated_on, PLAN_ESCALATIONS.c.id)
    evidence_query = (
        select(PLAN_EVIDENCE, PLAN_EVIDENCE_FILES.c.size, PLAN_EVIDENCE_FILES.c.media_type)
        .select_from(
            PLAN_EVIDENCE.outerjoin(
                PLAN_EVIDENCE_FILES,
                PLAN_EVIDENCE_FILES.c.sha256 == PLAN_EVIDENCE.c.file_sha256,
            )
        )
        .where(PLAN_EVIDENCE.c.action_id.in_(ids))
        .order_by(PLAN_EVIDENCE.c.uploaded_at, PLAN_EVIDENCE.c.id)
    )
    evidence = _by_action(conn.execute(evidence_query))
    verdicts = load_verdicts(conn, [e.id for rows_ in evidence.values() for e in rows_])
    changes = load_changes(conn, ChangedRecord.ACTION, ids)
    metric_query = (
        select(PLAN_ACTION_METRICS)
        .where(PLAN_ACTION_METRICS.c.action_id.in_(ids))
        .order_by(PLAN_ACTION_METRICS.c.metric_code)
    )
    metrics = _by_action(conn.execute(metric_query))
    names = metric_names(conn, {m.metric_code for ms in metrics.values() for m in ms})
    loaded: list[LoadedAction] = []
    for r in rows:
        entries = tuple(
            HistoryEntry(
                e.seq,
                ActionStatus(e.to_status),
                e.moved_on,
                e.moved_by,
                e.reason,
                utc(e.recorded_at) if e.recorded_at is not None else None,
            )
            for e in events.get(r.id, [])
        )
        action = Action(
            reference=r.reference,
            title=r.title,
            owner=Owner(r.owner_role, r.owner_person, bool(r.owner_is_board_member)),
            opened=r.opened_on,
            due=r.due_date,
            priority=Priority(r.priority),
            executive_lead=r.executive_lead,
            legal_deadline=r.legal_deadline,
            illustrative=bool(r.illustrative),
        )
        schedule_rows = schedules.get(r.id, [])
        schedule = None
        description = ""
        if schedule_rows:
            s = schedule_rows[0]
            schedule = EvidenceSchedule(
                EvidenceFrequency(s.frequency),
                s.starts_on,
                s.grace_days,
                s.ends_on,
            )
            description = s.description
        loaded.append(
            LoadedAction(
                id=r.id,
                finding_id=r.finding_id,
                action=action,
                notes=r.notes,
                history=ActionHistory(
                    r.opened_on, tuple(Move(e.to, e.on, e.by, e.reason) for e in entries)
                ),
                entries=entries,
                milestones=tuple(
                    (m.id, Milestone(m.title, m.due_date, m.done_on))
                    for m in milestones.get(r.id, [])
                ),
                evidence=tuple(
                    _evidence_view(e, verdicts.get(e.id, ())) for e in evidence.get(r.id, [])
                ),
                schedule=schedule,
                schedule_description=description,
                escalations=tuple(
                    EscalationRecord(
                        r.id,
                        EscalationLevel(x.level),
                        x.overdue_since,
                        x.escalated_on,
                    )
                    for x in escalations.get(r.id, [])
                ),
                metrics=tuple(
                    MetricLink(
                        m.metric_code,
                        names[m.metric_code],
                        m.target,
                        TargetDirection(m.direction),
                    )
                    for m in metrics.get(r.id, [])
                ),
                changes=changes.get(r.id, ()),
            )
        )
    return loaded


def loaded_action(conn: Connection, action_id: int) -> LoadedAction:
    """The stored action with this id; `NotFound` when there is none."""
    found = load_actions(conn, action_ids=[action_id])
    if not found:
        raise NotFound("action", str(action_id))
    return found[0]


def utc(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC: SQLite returns naive datetimes (stored in UTC), PostgreSQL aware
    ones in the session's time zone."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def load_verdicts(conn: Connection, evidence_ids: list[int]) -> dict[int, tuple[VerdictView, ...]]:
    """Each piece of evidence's verdicts, oldest first (by day given, then as recorded)."""
    if not evidence_ids:
        return {}
    v = PLAN_VERDICTS.c
    rows = conn.execute(
        select(PLAN_VERDICTS)
        .where(v.evidence_id.in_(evidence_ids))
        .order_by(v.evidence_id, v.verified_on, v.id)
    ).all()
    grouped: dict[int, list[VerdictView]] = defaultdict(list)
    for r in rows:
        grouped[r.evidence_id].append(
            VerdictView(
                r.id,
                r.evidence_id,
                Verdict(r.verdict),
                r.verified_by,
                r.verified_on,
                utc(r.recorded_at),
                r.note,
            )
        )
    return {k: tuple(found) for k, found in grouped.items()}


def load_changes(
    conn: Connection, record: ChangedRecord, ids: Sequence[int], *, field: str | None = None
) -> dict[int, tuple[ChangeView, ...]]:
    """The changes to each of these actions or findings (only to `field` when given), oldest
    first."""
    if not ids:
        return {}
    c = PLAN_CHANGES.c
    query = select(PLAN_CHANGES).where(c.record == record.value, c.record_id.in_(list(ids)))
    if field is not None:
        query = query.where(c.field == field)
    grouped: dict[int, list[ChangeView]] = defaultdict(list)
    for r in conn.execute(query.order_by(c.changed_at, c.id)):
        grouped[r.record_id].append(
            ChangeView(
                r.id,
                record,
                r.record_id,
                r.field,
                r.old_value,
                r.new_value,
                r.changed_by,
                utc(r.changed_at),
                r.reason,
            )
        )
    return {k: tuple(found) for k, found in grouped.items()}


def as_known(evidence: EvidenceView, day: dt.date) -> EvidenceView:
    """The evidence as known at the end of `day`: its verdicts given by then, the latest of
    them its verdict (pending when there is none)."""
    given = tuple(v for v in evidence.verdicts if v.on <= day)
    if given == evidence.verdicts and (given or evidence.verdict is Verdict.PENDING):
        return evidence
    return _withload_verdicts(evidence, given)


def _withload_verdicts(evidence: EvidenceView, given: tuple[VerdictView, ...]) -> EvidenceView:
    latest = given[-1] if given else None
    return replace(
        evidence,
        verdict=latest.verdict if latest else Verdict.PENDING,
        verified_by=latest.by if latest else "",
        verified_on=latest.on if latest else None,
        verifier_note=latest.note if latest else "",
        verdicts=given,
    )


def _evidence_view(r: Any, verdicts: tuple[VerdictView, ...]) -> EvidenceView:
    return _withload_verdicts(_bare_evidence(r), verdicts)


def _bare_evidence(r: Any) -> EvidenceView:
    return EvidenceView(
        id=r.id,
        action_id=r.action_id,
        kind=EvidenceKind(r.kind),
        title=r.title,
        note=r.note,
        url=r.url,
        file_sha256=r.file_sha256,
        filename=r.filename,
        size=r.size,
        media_type=r.media_type,
        supplied_by=r.supplied_by,
        uploaded_at=utc(r.uploaded_at),
        effective_from=r.effective_from,
        effective_to=r.effective_to,
        verdict=Verdict.PENDING,
        verified_by="",
        verified_on=None,
        verifier_note="",
    )


def summarise(
    loaded: LoadedAction, finding: FindingView, as_of: dt.date, rules: PlanRules
) -> ActionSummary:
    """The action as a row of the plan on `as_of` (which must not be before it was opened),
    with the facts it had then."""
    loaded = loaded.on(as_of)
    a = loaded.assess(as_of, rules)
    return ActionSummary(
        id=loaded.id,
        finding_id=loaded.finding_id,
        finding_reference=finding.reference,
        reference=loaded.action.reference,
        title=loaded.action.title,
        owner=loaded.action.owner,
        executive_lead=loaded.action.executive_lead,
        priority=loaded.action.priority,
        opened=loaded.action.opened,
        due=loaded.action.due,
        legal_deadline=loaded.action.legal_deadline,
        deadline=a.deadline,
        as_of=as_of,
        status=a.status,
        rag=a.rag,
        rag_reasons=a.reasons,
        overdue=a.overdue,
        days_overdue=a.days_overdue,
        due_soon=a.due_soon,
        evidence_count=a.evidence_count,
        last_evidenced=a.last_evidenced,
        missing_periods=a.missing,
        metrics=loaded.metrics,
        illustrative=loaded.action.illustrative,
        finished_on=_finished_on(loaded.history, a.status, as_of),
    )


def _finished_on(history: ActionHistory, status: ActionStatus, as_of: dt.date) -> dt.date | None:
    """The day of the latest move to verified on or before `as_of`, while the action stands
    verified or closed then (a closed action was verified first); None otherwise."""
    if status not in (ActionStatus.VERIFIED, ActionStatus.CLOSED):
        return None
    move = history.last_move_to(ActionStatus.VERIFIED, as_of)
    return move.on if move else None
