"""Oversight: regime decisions, enforcement actions with requirements, escalations, meetings
with participants, statements and commitments."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.oversight import (
    CommitmentStatus,
    DecisionKind,
    EnforcementActionKind,
    EscalationOption,
    EscalationOutcome,
    MeetingFormat,
    Regime,
    RequirementStatus,
)
from carewatch.domain.ratings import KeyQuestion
from carewatch.store.tables._base import Base, one_of

KEY_QUESTIONS = tuple(k.value for k in KeyQuestion)
REGIMES = tuple(r.value for r in Regime)
DECISION_KINDS = tuple(k.value for k in DecisionKind)
OVERSIGHT_ACTION_KINDS = tuple(k.value for k in EnforcementActionKind)
REQUIREMENT_STATUSES = tuple(s.value for s in RequirementStatus)
ESCALATION_OPTIONS = tuple(o.value for o in EscalationOption)
ESCALATION_OUTCOMES = tuple(o.value for o in EscalationOutcome)
MEETING_FORMATS = tuple(f.value for f in MeetingFormat)
COMMITMENT_STATUSES = tuple(s.value for s in CommitmentStatus)


class OversightDecision(Base):
    """A regime decision about a provider; one a day, applied in date order."""

    __tablename__ = "oversight_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    regime_from: Mapped[str] = mapped_column(String(40))
    regime_to: Mapped[str] = mapped_column(String(40))
    recommended_by: Mapped[str] = mapped_column(String(300), default="", server_default="")
    decided_by: Mapped[str] = mapped_column(String(300), default="", server_default="")
    rationale: Mapped[str] = mapped_column(Text, default="", server_default="")
    conditions: Mapped[list[str]] = mapped_column(JSON)
    evidence: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "decision_date"),
        CheckConstraint(one_of("kind", DECISION_KINDS), name="kind_known"),
        CheckConstraint(one_of("regime_from", REGIMES), name="regime_from_known"),
        CheckConstraint(one_of("regime_to", REGIMES), name="regime_to_known"),
    )


class OversightEnforcement(Base):
    """An enforcement action in the oversight record; `natural_key` tells same-day ones apart
    (a requirement notice's regulation and core service; a warning notice's is empty)."""

    __tablename__ = "oversight_enforcement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    kind: Mapped[str] = mapped_column(String(30))
    issued_date: Mapped[dt.date] = mapped_column(Date)
    natural_key: Mapped[str] = mapped_column(String(400), default="", server_default="")
    regulation: Mapped[str | None] = mapped_column(String(4))
    core_service: Mapped[str | None] = mapped_column(String(300))
    key_question: Mapped[str | None] = mapped_column(String(20))
    report_link_id: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "kind", "issued_date", "natural_key"),
        CheckConstraint(one_of("kind", OVERSIGHT_ACTION_KINDS), name="kind_known"),
        CheckConstraint(
            one_of("key_question", KEY_QUESTIONS) + " OR key_question IS NULL",
            name="key_question_known",
        ),
        CheckConstraint(
            "closed_date IS NULL OR closed_date >= issued_date", name="closed_after_issued"
        ),
    )


class OversightRequirement(Base):
    """One requirement of a section 29A warning notice, with its own deadline and status."""

    __tablename__ = "oversight_requirements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enforcement_id: Mapped[int] = mapped_column(ForeignKey("oversight_enforcement.id"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)  # None: not made public
    status: Mapped[str] = mapped_column(String(20))
    decided_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("enforcement_id", "position"),
        CheckConstraint(one_of("status", REQUIREMENT_STATUSES), name="status_known"),
    )


class OversightEscalation(Base):
    """An escalation option proposed for a provider, its outcome and stakeholders' positions
    (a JSON list of {"who", "organisation", "position"})."""

    __tablename__ = "oversight_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    option: Mapped[str] = mapped_column(String(40))
    proposed_by: Mapped[str] = mapped_column(String(300))
    proposed_date: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    positions: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "option", "proposed_date", "proposed_by"),
        CheckConstraint(one_of("option", ESCALATION_OPTIONS), name="option_known"),
        CheckConstraint(one_of("outcome", ESCALATION_OUTCOMES), name="outcome_known"),
    )


class OversightMeeting(Base):
    """A meeting about a provider."""

    __tablename__ = "oversight_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "meeting_date", "title"),
        CheckConstraint(one_of("format", MEETING_FORMATS), name="format_known"),
    )


class OversightParticipant(Base):
    """Who was at (present) or missing from (not present) a meeting, by role and organisation."""

    __tablename__ = "oversight_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("oversight_meetings.id"))
    role: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300))
    present: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (UniqueConstraint("meeting_id", "role", "organisation"),)


class OversightStatement(Base):
    """A public statement or position about a provider."""

    __tablename__ = "oversight_statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    statement_date: Mapped[dt.date] = mapped_column(Date)
    who: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (UniqueConstraint("provider_id", "statement_date", "who", "organisation"),)


class OversightCommitment(Base):
    """A public commitment about a provider, and whether it was kept."""

    __tablename__ = "oversight_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_meetings.id"))
    what: Mapped[str] = mapped_column(String(500))
    by_whom: Mapped[str] = mapped_column(String(300))
    made_on: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    marked_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("provider_id", "made_on", "what"),
        CheckConstraint(one_of("status", COMMITMENT_STATUSES), name="status_known"),
    )


OVERSIGHT_DECISIONS = cast(Table, OversightDecision.__table__)
OVERSIGHT_ENFORCEMENT = cast(Table, OversightEnforcement.__table__)
OVERSIGHT_REQUIREMENTS = cast(Table, OversightRequirement.__table__)
OVERSIGHT_ESCALATIONS = cast(Table, OversightEscalation.__table__)
OVERSIGHT_MEETINGS = cast(Table, OversightMeeting.__table__)
OVERSIGHT_PARTICIPANTS = cast(Table, OversightParticipant.__table__)
OVERSIGHT_STATEMENTS = cast(Table, OversightStatement.__table__)
OVERSIGHT_COMMITMENTS = cast(Table, OversightCommitment.__table__)
