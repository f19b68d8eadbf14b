"""The improvement plan: a trust's plan, findings, actions, one action with its history and
evidence metadata, and the public plan, as the API returns them and `carewatch findings|actions
... --json` prints them. Built from `carewatch.services.plans` values; the public plan's
schema has no field for internal notes or names of staff below the board."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from carewatch.services.plans import (
    ActionDetail,
    ActionSummary,
    ChangeView,
    EvidenceAdded,
    EvidenceView,
    FindingView,
    ImprovementPlan,
    PublicMustDo,
    PublicPlan,
    VerdictView,
)

__all__ = [
    "ActionDetailPublic",
    "ActionListPublic",
    "ActionPublic",
    "ChangePublic",
    "EvidenceAddedPublic",
    "EvidenceListPublic",
    "EvidencePublic",
    "FindingPublic",
    "PlanFindingPublic",
    "PlanPublic",
    "PublicPlanPublic",
    "VerdictPublic",
]


class FindingPublic(BaseModel):
    """A must-do or should-do from an inspection report."""

    id: int
    reference: str
    kind: str
    kind_label: str
    regulation: str | None
    regulation_label: str | None
    core_services: list[str]
    key_question: str | None
    report_date: dt.date | None
    report: str | None
    report_words: str
    public_summary: str
    enforcement: str | None
    illustrative: bool
    source: str

    @classmethod
    def from_view(cls, f: FindingView) -> FindingPublic:
        return cls(
            id=f.id,
            reference=f.reference,
            kind=f.kind.value,
            kind_label=f.kind.label,
            regulation=f.regulation.value if f.regulation else None,
            regulation_label=f.regulation.label if f.regulation else None,
            core_services=list(f.core_services),
            key_question=f.key_question.value if f.key_question else None,
            report_date=f.report_date,
            report=f.report_link_id,
            report_words=f.report_words,
            public_summary=f.public_summary,
            enforcement=f.enforcement.label if f.enforcement else None,
            illustrative=f.illustrative,
            source=f.source,
        )


class MetricLinkPublic(BaseModel):
    metric_code: str
    metric_name: str
    target: float
    direction: str


class ActionPublic(BaseModel):
    """An action as of a date: a row of the plan."""

    id: int
    finding: str
    reference: str
    title: str
    owner_role: str
    owner_person: str
    owner_is_board_member: bool
    executive_lead: str
    priority: str
    opened: dt.date
    due: dt.date
    legal_deadline: dt.date | None
    deadline: dt.date
    as_of: dt.date
    status: str
    status_label: str
    rag: str | None
    rag_reasons: list[str]
    overdue: bool
    days_overdue: int
    due_soon: bool
    evidence_count: int
    last_evidenced: dt.date | None
    missing_periods: list[dt.date]
    metrics: list[MetricLinkPublic]
    illustrative: bool

    @classmethod
    def from_summary(cls, a: ActionSummary) -> ActionPublic:
        return cls(
            id=a.id,
            finding=a.finding_reference,
            reference=a.reference,
            title=a.title,
            owner_role=a.owner.role,
            owner_person=a.owner.person,
            owner_is_board_member=a.owner.board_member,
            executive_lead=a.executive_lead,
            priority=a.priority.value,
            opened=a.opened,
            due=a.due,
            legal_deadline=a.legal_deadline,
            deadline=a.deadline,
            as_of=a.as_of,
            status=a.status.value,
            status_label=a.status.label,
            rag=a.rag.value if a.rag else None,
            rag_reasons=list(a.rag_reasons),
            overdue=a.overdue,
            days_overdue=a.days_overdue,
            due_soon=a.due_soon,
            evidence_count=a.evidence_count,
            last_evidenced=a.last_evidenced,
            missing_periods=[p.start for p in a.missing_periods],
            metrics=[
                MetricLinkPublic(
                    metric_code=m.metric_code,
                    metric_name=m.metric_name,
                    target=m.target,
                    direction=m.direction.value,
                )
                for m in a.metrics
            ],
            illustrative=a.illustrative,
        )


class ActionListPublic(BaseModel):
    data: list[ActionPublic]
    count: int


class PlanFindingPublic(BaseModel):
    finding: FindingPublic
    actions: list[ActionPublic]


class PlanPublic(BaseModel):
    """A trust's improvement plan as of a date, must-dos first."""

    provider_id: str
    name: str | None
    as_of: dt.date
    rag_counts: dict[str, int]
    data: list[PlanFindingPublic]
    count: int

    @classmethod
    def from_plan(cls, plan: ImprovementPlan) -> PlanPublic:
        data = [
            PlanFindingPublic(
                finding=FindingPublic.from_view(item.finding),
                actions=[ActionPublic.from_summary(a) for a in item.actions],
            )
            for item in plan.findings
        ]
        return cls(
            provider_id=plan.provider_id,
            name=plan.provider_name,
            as_of=plan.as_of,
            rag_counts=plan.rag_counts(),
            data=data,
            count=len(data),
        )


class VerdictPublic(BaseModel):
    """One verdict on a piece of evidence; a re-verification is another, none is replaced.
    `by` and `note` are empty for those who may not read the trust's restricted data."""

    id: int
    evidence_id: int
    verdict: str
    verdict_label: str
    by: str
    on: dt.date
    recorded_at: dt.datetime
    note: str

    @classmethod
    def from_view(cls, v: VerdictView) -> VerdictPublic:
        return cls(
            id=v.id,
            evidence_id=v.evidence_id,
            verdict=v.verdict.value,
            verdict_label=v.verdict.label,
            by=v.by,
            on=v.on,
            recorded_at=v.recorded_at,
            note=v.note,
        )


class ChangePublic(BaseModel):
    """A change to a recorded fact of an action (`record` "action") or of its finding
    ("finding"): the field, old and new value as text (dates YYYY-MM-DD), who, when and why.
    For those who may not read the trust's restricted data `by` and `reason` are empty, and
    so are `old` and `new` of a restricted field (`withheld` true)."""

    id: int
    record: str
    record_id: int
    field: str
    label: str
    old: str
    new: str
    by: str
    at: dt.datetime
    on: dt.date
    reason: str
    withheld: bool

    @classmethod
    def from_view(cls, c: ChangeView) -> ChangePublic:
        return cls(
            id=c.id,
            record=c.record.value,
            record_id=c.record_id,
            field=c.field,
            label=c.label,
            old=c.old,
            new=c.new,
            by=c.by,
            at=c.at,
            on=c.on,
            reason=c.reason,
            withheld=c.withheld,
        )


class EvidenceAddedPublic(BaseModel):
    """What adding evidence did: its id (the earlier one when the same content was already on
    the action: `created` false), and whether and which earlier evidence holds the same
    content."""

    evidence_id: int
    created: bool
    duplicate: bool
    duplicate_of: list[int]
    sha256: str | None

    @classmethod
    def from_result(cls, r: EvidenceAdded) -> EvidenceAddedPublic:
        return cls(
            evidence_id=r.evidence_id,
            created=r.created,
            duplicate=r.duplicate,
            duplicate_of=list(r.duplicate_of),
            sha256=r.sha256,
        )


class EvidencePublic(BaseModel):
    """A piece of evidence's metadata (the file itself is at `download`); `verdict` is the
    latest of `verdicts`."""

    id: int
    action_id: int
    kind: str
    title: str
    url: str
    sha256: str | None
    filename: str
    size: int | None
    media_type: str | None
    download: str | None
    supplied_by: str
    uploaded_at: dt.datetime
    effective_from: dt.date
    effective_to: dt.date
    verdict: str
    verified_by: str
    verified_on: dt.date | None
    verdicts: list[VerdictPublic]

    @classmethod
    def from_view(cls, e: EvidenceView) -> EvidencePublic:
        return cls(
            id=e.id,
            action_id=e.action_id,
            kind=e.kind.value,
            title=e.title,
            url=e.url,
            sha256=e.file_sha256,
            filename=e.filename,
            size=e.size,
            media_type=e.media_type,
            download=f"/api/v1/evidence-files/{e.file_sha256}" if e.file_sha256 else None,
            supplied_by=e.supplied_by,
            uploaded_at=e.uploaded_at,
            effective_from=e.effective_from,
            effective_to=e.effective_to,
            verdict=e.verdict.value,
            verified_by=e.verified_by,
            verified_on=e.verified_on,
            verdicts=[VerdictPublic.from_view(v) for v in e.verdicts],
        )


class EvidenceListPublic(BaseModel):
    data: list[EvidencePublic]
    count: int


class HistoryPublic(BaseModel):
    seq: int
    to: str
    on: dt.date
    by: str
    reason: str


class MilestonePublic(BaseModel):
    title: str
    due: dt.date
    done_on: dt.date | None
    overdue: bool


class EscalationPublic(BaseModel):
    level: str
    overdue_since: dt.date
    escalated_on: dt.date


class SchedulePublic(BaseModel):
    frequency: str
    starts_on: dt.date
    ends_on: dt.date | None
    grace_days: int
    description: str


class ActionDetailPublic(BaseModel):
    """One action as of a date with its finding, history of moves, milestones, evidence
    metadata, recurring evidence schedule, escalations, the statuses it may move to next, the
    changes to its recorded facts and its finding's, and every verdict on its evidence."""

    action: ActionPublic
    finding: FindingPublic
    notes: str
    history: list[HistoryPublic]
    milestones: list[MilestonePublic]
    evidence: list[EvidencePublic]
    schedule: SchedulePublic | None
    escalations: list[EscalationPublic]
    next_statuses: list[str]
    changes: list[ChangePublic]
    verdicts: list[VerdictPublic]

    @classmethod
    def from_detail(cls, d: ActionDetail) -> ActionDetailPublic:
        s = d.schedule
        return cls(
            action=ActionPublic.from_summary(d.summary),
            finding=FindingPublic.from_view(d.finding),
            notes=d.notes,
            history=[
                HistoryPublic(seq=h.seq, to=h.to.value, on=h.on, by=h.by, reason=h.reason)
                for h in d.history
            ],
            milestones=[
                MilestonePublic(title=m.title, due=m.due, done_on=m.done_on, overdue=m.overdue)
                for m in d.milestones
            ],
            evidence=[EvidencePublic.from_view(e) for e in d.evidence],
            schedule=None
            if s is None
            else SchedulePublic(
                frequency=s.frequency.value,
                starts_on=s.starts_on,
                ends_on=s.ends_on,
                grace_days=s.grace_days,
                description=d.schedule_description,
            ),
            escalations=[
                EscalationPublic(
                    level=x.level.value, overdue_since=x.overdue_since, escalated_on=x.escalated_on
                )
                for x in d.escalations
            ],
            next_statuses=[n.value for n in d.next_statuses],
            changes=[ChangePublic.from_view(c) for c in d.changes],
            verdicts=[VerdictPublic.from_view(v) for v in d.verdicts],
        )


class DueDateMovePublic(BaseModel):
    """An action's due date moved from `old` to `new` on `on`."""

    old: dt.date | None
    new: dt.date | None
    on: dt.date


class PublicActionPublic(BaseModel):
    title: str
    owner: str
    status: str
    status_label: str
    due: dt.date
    last_evidenced: dt.date | None
    overdue: bool
    due_date_moves: list[DueDateMovePublic]


class PublicMustDoPublic(BaseModel):
    reference: str
    summary: str
    regulation: str | None
    regulation_label: str | None
    core_services: list[str]
    key_question: str | None
    report_date: dt.date | None
    progress: str
    last_evidenced: dt.date | None
    actions: list[PublicActionPublic]
    illustrative: bool
    source: str

    @classmethod
    def from_must_do(cls, m: PublicMustDo) -> PublicMustDoPublic:
        return cls(
            reference=m.reference,
            summary=m.summary,
            regulation=m.regulation.value if m.regulation else None,
            regulation_label=m.regulation.label if m.regulation else None,
            core_services=list(m.core_services),
            key_question=m.key_question.value if m.key_question else None,
            report_date=m.report_date,
            progress=m.progress,
            last_evidenced=m.last_evidenced,
            actions=[
                PublicActionPublic(
                    title=a.title,
                    owner=a.owner,
                    status=a.status.value,
                    status_label=a.status.label,
                    due=a.due,
                    last_evidenced=a.last_evidenced,
                    overdue=a.overdue,
                    due_date_moves=[
                        DueDateMovePublic(old=x.old, new=x.new, on=x.on) for x in a.due_date_moves
                    ],
                )
                for a in m.actions
            ],
            illustrative=m.illustrative,
            source=m.source,
        )


class PublicPlanPublic(BaseModel):
    """A trust's must-dos in plain English with their progress, for the public."""

    provider_id: str
    name: str | None
    as_of: dt.date
    data: list[PublicMustDoPublic]
    count: int

    @classmethod
    def from_plan(cls, plan: PublicPlan) -> PublicPlanPublic:
        data = [PublicMustDoPublic.from_must_do(m) for m in plan.must_dos]
        return cls(
            provider_id=plan.provider_id,
            name=plan.provider_name,
            as_of=plan.as_of,
            data=data,
            count=len(data),
        )
