"""The tables: providers, locations, core services, reports, ratings, enforcement, imports,
and oversight (regime decisions, enforcement actions with requirements, escalations,
meetings with participants, statements, commitments).

Portable types only, so SQLite and PostgreSQL hold identical data. Enumerated columns hold the
domain enums' values (CQC's own words for ratings) and are checked by the database. Natural
keys that include an optional part (a rating's location or service) are unique through an
expression index on ``coalesce(column, '')``, because both databases treat NULLs as distinct.
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
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
from carewatch.domain.ratings import (
    Aspect,
    EnforcementKind,
    Framework,
    KeyQuestion,
    NonRating,
    Rating,
)

__all__ = [
    "CORE_SERVICES",
    "DATA_VERSION",
    "ENFORCEMENT_ACTIONS",
    "FRAMEWORKS",
    "IMPORTS",
    "LOCATIONS",
    "OVERSIGHT_COMMITMENTS",
    "OVERSIGHT_DECISIONS",
    "OVERSIGHT_ENFORCEMENT",
    "OVERSIGHT_ESCALATIONS",
    "OVERSIGHT_MEETINGS",
    "OVERSIGHT_PARTICIPANTS",
    "OVERSIGHT_REQUIREMENTS",
    "OVERSIGHT_STATEMENTS",
    "PROVIDERS",
    "RATINGS",
    "REPORTS",
    "Base",
    "CoreService",
    "EnforcementAction",
    "ImportLog",
    "Location",
    "Provider",
    "RatingRow",
    "Report",
    "one_of",
]

FRAMEWORKS = tuple(f.value for f in Framework)
"""CQC's legacy key-lines-of-enquiry framework (2014–2023) and its single assessment framework."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint's text: `column` holds one of `values`."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


RATING_WORDS = tuple(r.value for r in Rating) + tuple(n.value for n in NonRating)
ASPECTS = tuple(a.value for a in Aspect)
KEY_QUESTIONS = tuple(k.value for k in KeyQuestion)
ENFORCEMENT_KINDS = tuple(k.value for k in EnforcementKind)
REGIMES = tuple(r.value for r in Regime)
DECISION_KINDS = tuple(k.value for k in DecisionKind)
OVERSIGHT_ACTION_KINDS = tuple(k.value for k in EnforcementActionKind)
REQUIREMENT_STATUSES = tuple(s.value for s in RequirementStatus)
ESCALATION_OPTIONS = tuple(o.value for o in EscalationOption)
ESCALATION_OUTCOMES = tuple(o.value for o in EscalationOutcome)
MEETING_FORMATS = tuple(f.value for f in MeetingFormat)
COMMITMENT_STATUSES = tuple(s.value for s in CommitmentStatus)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Provider(Base):
    """A registered provider; for NHS trusts the CQC provider id is the ODS code (RMY)."""

    __tablename__ = "providers"

    provider_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    provider_type: Mapped[str | None] = mapped_column(String(100))
    trust_type: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(100))
    ods_code: Mapped[str | None] = mapped_column(String(20))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (Index("ix_providers_ods_code", "ods_code"),)


class Location(Base):
    """A CQC location (a hospital, a site, a care home), registered to one provider."""

    __tablename__ = "locations"

    location_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    name: Mapped[str | None] = mapped_column(String(300))
    ods_code: Mapped[str | None] = mapped_column(String(20))
    location_type: Mapped[str | None] = mapped_column(String(100))
    primary_inspection_category: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    registration_status: Mapped[str | None] = mapped_column(String(40))
    registration_date: Mapped[dt.date | None] = mapped_column(Date)
    deregistration_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_locations_provider_id", "provider_id"),
        CheckConstraint(
            "deregistration_date IS NULL OR registration_date IS NULL "
            "OR deregistration_date >= registration_date",
            name="registration_dates_in_order",
        ),
    )


class CoreService(Base):
    """CQC's catalogue of inspection areas: id ("urgent") and display name."""

    __tablename__ = "core_services"

    service_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))


class Report(Base):
    """A published CQC report, keyed by CQC's report link id."""

    __tablename__ = "reports"

    link_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.location_id"))
    report_date: Mapped[dt.date] = mapped_column(Date)
    report_type: Mapped[str | None] = mapped_column(String(200))
    framework: Mapped[str] = mapped_column(String(10), default="legacy", server_default="legacy")
    url: Mapped[str | None] = mapped_column(String(500))
    first_visit_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_reports_provider_id", "provider_id"),
        Index("ix_reports_location_id", "location_id"),
        CheckConstraint(one_of("framework", FRAMEWORKS), name="framework_known"),
    )


class RatingRow(Base):
    """One published rating cell with its own date, and the rules' proposal for aggregates."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.location_id"))
    service: Mapped[str | None] = mapped_column(String(300))
    aspect: Mapped[str] = mapped_column(String(20))
    rating: Mapped[str] = mapped_column(String(40))
    rating_date: Mapped[dt.date] = mapped_column(Date)
    report_link_id: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")
    inherited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    inherited_from: Mapped[str | None] = mapped_column(String(40))
    current: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    proposed_rating: Mapped[str | None] = mapped_column(String(40))
    proposed_rule: Mapped[str | None] = mapped_column(String(60))
    proposed_reason: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index(
            "uq_ratings_natural_key",
            "provider_id",
            func.coalesce(location_id, ""),
            func.coalesce(service, ""),
            "aspect",
            "rating_date",
            unique=True,
        ),
        Index("ix_ratings_location_id", "location_id"),
        Index("ix_ratings_report_link_id", "report_link_id"),
        CheckConstraint(one_of("aspect", ASPECTS), name="aspect_known"),
        CheckConstraint(one_of("rating", RATING_WORDS), name="rating_known"),
        CheckConstraint(
            one_of("proposed_rating", tuple(r.value for r in Rating))
            + " OR proposed_rating IS NULL",
            name="proposed_rating_known",
        ),
    )


class EnforcementAction(Base):
    """CQC enforcement on a core service × key question (or a whole location or provider)."""

    __tablename__ = "enforcement_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.location_id"))
    service: Mapped[str | None] = mapped_column(String(300))
    key_question: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    served_date: Mapped[dt.date] = mapped_column(Date)
    closed_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        Index(
            "uq_enforcement_actions_natural_key",
            "provider_id",
            func.coalesce(location_id, ""),
            func.coalesce(service, ""),
            "key_question",
            "kind",
            "served_date",
            unique=True,
        ),
        CheckConstraint(one_of("key_question", KEY_QUESTIONS), name="key_question_known"),
        CheckConstraint(one_of("kind", ENFORCEMENT_KINDS), name="kind_known"),
        CheckConstraint(
            "closed_date IS NULL OR closed_date >= served_date", name="closed_after_served"
        ),
    )


class ImportLog(Base):
    """One import of a source file (append-only): what it was and what it changed."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_new: Mapped[int] = mapped_column(Integer)
    rows_changed: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_imports_sha256", "sha256"),)


class DataVersion(Base):
    """One row counting committed writes, so readers can tell when anything has changed.

    Every service transaction that writes raises it (`carewatch.store.versions`); the web
    application keys its response cache on it.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


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


# The Core tables, typed as tables, for bulk statements and plain-row queries.
PROVIDERS = cast(Table, Provider.__table__)
LOCATIONS = cast(Table, Location.__table__)
CORE_SERVICES = cast(Table, CoreService.__table__)
REPORTS = cast(Table, Report.__table__)
RATINGS = cast(Table, RatingRow.__table__)
ENFORCEMENT_ACTIONS = cast(Table, EnforcementAction.__table__)
IMPORTS = cast(Table, ImportLog.__table__)
DATA_VERSION = cast(Table, DataVersion.__table__)
OVERSIGHT_DECISIONS = cast(Table, OversightDecision.__table__)
OVERSIGHT_ENFORCEMENT = cast(Table, OversightEnforcement.__table__)
OVERSIGHT_REQUIREMENTS = cast(Table, OversightRequirement.__table__)
OVERSIGHT_ESCALATIONS = cast(Table, OversightEscalation.__table__)
OVERSIGHT_MEETINGS = cast(Table, OversightMeeting.__table__)
OVERSIGHT_PARTICIPANTS = cast(Table, OversightParticipant.__table__)
OVERSIGHT_STATEMENTS = cast(Table, OversightStatement.__table__)
OVERSIGHT_COMMITMENTS = cast(Table, OversightCommitment.__table__)

from carewatch.store import tables_league as tables_league  # noqa: E402
from carewatch.store import tables_metrics as tables_metrics  # noqa: E402
from carewatch.store import tables_plans as tables_plans  # noqa: E402
