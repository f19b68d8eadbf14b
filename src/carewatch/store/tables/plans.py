"""The improvement plan tables: findings, their actions, the actions' append-only history of
moves, milestones, evidence with content-addressed files and its append-only verdicts,
recurring evidence schedules, escalation events, the metrics that measure success, and the
append-only changes to the recorded facts of actions and findings.

A finding belongs to a provider and may name the enforcement action (a requirement notice or
a section 29A warning notice, `oversight_enforcement`) that followed it; for a warning notice
`requirement_position` names the requirement. Files are stored once, keyed by their SHA-256;
evidence rows point at them, so the same bytes attached twice are one file and two pieces of
evidence (or, on the same action, one: see `carewatch.services.plans.add_evidence`).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    ActionStatus,
    ChangedRecord,
    EscalationLevel,
    EvidenceFrequency,
    EvidenceKind,
    FindingKind,
    Priority,
    TargetDirection,
    Verdict,
)
from carewatch.domain.ratings import KeyQuestion
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "ACTION_STATUSES",
    "CHANGED_RECORDS",
    "ESCALATION_LEVELS",
    "EVIDENCE_KINDS",
    "FINDING_KINDS",
    "FREQUENCIES",
    "GIVEN_VERDICTS",
    "KEY_QUESTIONS",
    "PLAN_ACTIONS",
    "PLAN_ACTION_EVENTS",
    "PLAN_ACTION_METRICS",
    "PLAN_CHANGES",
    "PLAN_ESCALATIONS",
    "PLAN_EVIDENCE",
    "PLAN_EVIDENCE_FILES",
    "PLAN_EVIDENCE_SCHEDULES",
    "PLAN_FINDINGS",
    "PLAN_MILESTONES",
    "PLAN_VERDICTS",
    "PRIORITIES",
    "REGULATIONS",
    "TARGET_DIRECTIONS",
]


FINDING_KINDS = tuple(k.value for k in FindingKind)
REGULATIONS = tuple(r.value for r in FundamentalStandard)
KEY_QUESTIONS = tuple(k.value for k in KeyQuestion)
PRIORITIES = tuple(p.value for p in Priority)
ACTION_STATUSES = tuple(s.value for s in ActionStatus)
EVIDENCE_KINDS = tuple(k.value for k in EvidenceKind)
GIVEN_VERDICTS = tuple(v.value for v in Verdict if v is not Verdict.PENDING)
CHANGED_RECORDS = tuple(r.value for r in ChangedRecord)
FREQUENCIES = tuple(f.value for f in EvidenceFrequency)
ESCALATION_LEVELS = tuple(level.value for level in EscalationLevel)
TARGET_DIRECTIONS = tuple(d.value for d in TargetDirection)


class PlanFinding(Base):
    """A must-do or should-do from an inspection report; `reference` is unique per provider."""

    __tablename__ = "plan_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    reference: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    report_link_id: Mapped[str | None] = mapped_column(String(100))
    regulation: Mapped[str | None] = mapped_column(String(4))
    core_services: Mapped[list[str]] = mapped_column(JSON)
    key_question: Mapped[str | None] = mapped_column(String(20))
    enforcement_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_enforcement.id"))
    requirement_position: Mapped[int | None] = mapped_column(Integer)
    report_words: Mapped[str] = mapped_column(Text)
    public_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "reference"),
        CheckConstraint(one_of("kind", FINDING_KINDS), name="kind_known"),
        CheckConstraint(
            one_of("regulation", REGULATIONS) + " OR regulation IS NULL", name="regulation_known"
        ),
        CheckConstraint(
            one_of("key_question", KEY_QUESTIONS) + " OR key_question IS NULL",
            name="key_question_known",
        ),
        CheckConstraint(
            "kind <> 'must_do' OR regulation IS NOT NULL", name="must_do_names_regulation"
        ),
    )


class PlanAction(Base):
    """An action answering a finding; `reference` is unique per finding. `notes` are internal."""

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("plan_findings.id"))
    reference: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_role: Mapped[str] = mapped_column(String(200))
    owner_person: Mapped[str] = mapped_column(String(200), default="", server_default="")
    owner_is_board_member: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    executive_lead: Mapped[str] = mapped_column(String(200), default="", server_default="")
    priority: Mapped[str] = mapped_column(String(10))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    legal_deadline: Mapped[dt.date | None] = mapped_column(Date)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        UniqueConstraint("finding_id", "reference"),
        CheckConstraint(one_of("priority", PRIORITIES), name="priority_known"),
        CheckConstraint("due_date >= opened_on", name="due_after_opened"),
    )


class PlanActionEvent(Base):
    """One move of an action's lifecycle, in order (`seq` from 1); never updated or deleted."""

    __tablename__ = "plan_action_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    seq: Mapped[int] = mapped_column(Integer)
    to_status: Mapped[str] = mapped_column(String(20))
    moved_on: Mapped[dt.date] = mapped_column(Date)
    moved_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # When the move was recorded (None for moves recorded before this was kept): orders a
    # day's moves among the day's verdicts and changes.
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("action_id", "seq"),
        CheckConstraint(one_of("to_status", ACTION_STATUSES), name="to_status_known"),
    )


class PlanMilestone(Base):
    """A step towards an action, due by the end of `due_date`; `title` unique per action."""

    __tablename__ = "plan_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("action_id", "title"),)


class PlanEvidenceFile(Base):
    """A file's bytes, stored once under their SHA-256 (lowercase hex)."""

    __tablename__ = "plan_evidence_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)


class PlanEvidence(Base):
    """A note, file or link for an action: who supplied it, when and the period it speaks
    for (its verdicts are in `plan_verdicts`). `content_key` is the file's SHA-256, or the
    SHA-256 of the link or note text, so the same content on the same action is found
    again."""

    __tablename__ = "plan_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    kind: Mapped[str] = mapped_column(String(10))
    content_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    url: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("plan_evidence_files.sha256"))
    filename: Mapped[str] = mapped_column(String(255), default="", server_default="")
    supplied_by: Mapped[str] = mapped_column(String(200))
    # Who supplied it as the audit trail names them (an email, or operator:<name>), so it is
    # never verified by the same person, whatever names are shown.
    supplier: Mapped[str | None] = mapped_column(String(320))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("action_id", "content_key"),
        CheckConstraint(one_of("kind", EVIDENCE_KINDS), name="kind_known"),
        CheckConstraint("effective_to >= effective_from", name="effective_period_ordered"),
        CheckConstraint("kind <> 'file' OR file_sha256 IS NOT NULL", name="file_has_content"),
    )


class PlanVerdict(Base):
    """A verifier's verdict on a piece of evidence; never updated or deleted. A later verdict
    (a re-verification) is a new row: the evidence's verdict is its latest (`verified_on`,
    then `id`), and the earlier ones stay as its history."""

    __tablename__ = "plan_verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("plan_evidence.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(10))
    # The verifier as the audit trail names them (an email, or operator:<name>); None for a
    # verdict recorded before identities were kept.
    verifier: Mapped[str | None] = mapped_column(String(320))
    verified_by: Mapped[str] = mapped_column(String(200))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (CheckConstraint(one_of("verdict", GIVEN_VERDICTS), name="verdict_given"),)


class PlanChange(Base):
    """A change to a recorded fact of an action or a finding: the field, its old and new
    values as text, who changed it, when and why; never updated or deleted."""

    __tablename__ = "plan_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    changer: Mapped[str | None] = mapped_column(String(320))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_plan_changes_record", "record", "record_id"),
        CheckConstraint(one_of("record", CHANGED_RECORDS), name="record_known"),
        CheckConstraint("reason <> ''", name="reason_given"),
    )


class PlanEvidenceSchedule(Base):
    """Recurring evidence for an action (at most one schedule per action)."""

    __tablename__ = "plan_evidence_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"), unique=True)
    frequency: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    grace_days: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300), default="", server_default="")

    __table_args__ = (
        CheckConstraint(one_of("frequency", FREQUENCIES), name="frequency_known"),
        CheckConstraint("grace_days >= 0", name="grace_days_not_negative"),
    )


class PlanEscalation(Base):
    """An overdue action flagged to a level; one per action, level and spell of lateness."""

    __tablename__ = "plan_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    level: Mapped[str] = mapped_column(String(20))
    overdue_since: Mapped[dt.date] = mapped_column(Date)
    escalated_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("action_id", "level", "overdue_since"),
        CheckConstraint(one_of("level", ESCALATION_LEVELS), name="level_known"),
    )


class PlanActionMetric(Base):
    """A metric that measures an action's success, with the target that proves the fix."""

    __tablename__ = "plan_action_metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    metric_code: Mapped[str] = mapped_column(ForeignKey("metrics.metric_code"))
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(10))

    __table_args__ = (
        UniqueConstraint("action_id", "metric_code"),
        CheckConstraint(one_of("direction", TARGET_DIRECTIONS), name="direction_known"),
    )


PLAN_FINDINGS = cast(Table, PlanFinding.__table__)
PLAN_ACTIONS = cast(Table, PlanAction.__table__)
PLAN_ACTION_EVENTS = cast(Table, PlanActionEvent.__table__)
PLAN_MILESTONES = cast(Table, PlanMilestone.__table__)
PLAN_EVIDENCE_FILES = cast(Table, PlanEvidenceFile.__table__)
PLAN_EVIDENCE = cast(Table, PlanEvidence.__table__)
PLAN_EVIDENCE_SCHEDULES = cast(Table, PlanEvidenceSchedule.__table__)
PLAN_ESCALATIONS = cast(Table, PlanEscalation.__table__)
PLAN_ACTION_METRICS = cast(Table, PlanActionMetric.__table__)
PLAN_VERDICTS = cast(Table, PlanVerdict.__table__)
PLAN_CHANGES = cast(Table, PlanChange.__table__)
