"""The patient-safety incident tables: the incidents, their patients' details (restricted
personal data, in a table of their own), the response's append-only history of moves, the
candour notifications given, coroners' Prevention of Future Deaths reports, the append-only
changes to an incident's recorded facts, and the links to findings, actions, metrics and
oversight events.

An incident belongs to a trust (a provider) and is keyed by the trust's own reference for it.
`incident_patients` holds at most one row per incident; only
`carewatch.services.incidents` reads it, for those who may read patients' details, and every
such read is audited. `description` is free text that may name people: the public and
aggregate views never show it.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.incidents import (
    AgeBand,
    CandourStep,
    Category,
    Ethnicity,
    EventType,
    IncidentLinkKind,
    LearningResponse,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    ResponseFramework,
    ResponseStatus,
    Sex,
)
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "INCIDENTS",
    "INCIDENT_CANDOUR_STEPS",
    "INCIDENT_CHANGES",
    "INCIDENT_LINKS",
    "INCIDENT_PATIENTS",
    "INCIDENT_PFD_REPORTS",
    "INCIDENT_RESPONSE_MOVES",
]


class IncidentRow(Base):
    """One patient-safety event of a trust; `reference` is the trust's own, unique per trust.
    The response's framework is the incident's: it decides which clocks run."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    reference: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(20))
    occurred: Mapped[dt.date] = mapped_column(Date)
    reported: Mapped[dt.date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(40), default="", server_default="")
    core_service: Mapped[str] = mapped_column(String(100), default="", server_default="")
    category: Mapped[str] = mapped_column(String(40))
    physical_harm: Mapped[str] = mapped_column(String(10))
    psychological_harm: Mapped[str] = mapped_column(String(10))
    prolonged_psychological_harm: Mapped[bool | None] = mapped_column(Boolean)
    problems_in_care: Mapped[str] = mapped_column(String(30))
    duty_of_candour: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    cqc_criteria: Mapped[list[str]] = mapped_column(JSON)
    never_event: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    never_event_type: Mapped[str | None] = mapped_column(String(40))
    serious_incident: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mental_health_act: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mental_capacity_act: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    safeguarding_referral: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    hsib_notify: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mental_health_homicide: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    framework: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("provider_id", "reference"),
        CheckConstraint(one_of("event_type", EventType.values()), name="event_type_known"),
        CheckConstraint(one_of("category", Category.values()), name="category_known"),
        CheckConstraint(one_of("physical_harm", PhysicalHarm.values()), name="physical_harm_known"),
        CheckConstraint(
            one_of("psychological_harm", PsychologicalHarm.values()),
            name="psychological_harm_known",
        ),
        CheckConstraint(
            one_of("problems_in_care", ProblemsInCare.values()), name="problems_in_care_known"
        ),
        CheckConstraint(
            one_of("never_event_type", NeverEventType.values()) + " OR never_event_type IS NULL",
            name="never_event_type_known",
        ),
        CheckConstraint(one_of("framework", ResponseFramework.values()), name="framework_known"),
        CheckConstraint("reported >= occurred", name="reported_after_occurred"),
    )


class IncidentPatient(Base):
    """The patient's details for one incident: restricted personal data (at most one row per
    incident). An NHS number is kept as its ten digits, checked by its check digit first."""

    __tablename__ = "incident_patients"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    nhs_number: Mapped[str] = mapped_column(String(10), default="", server_default="")
    age_band: Mapped[str | None] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(20))
    ethnicity: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        CheckConstraint(
            one_of("age_band", AgeBand.values()) + " OR age_band IS NULL", name="age_band_known"
        ),
        CheckConstraint(one_of("sex", Sex.values()) + " OR sex IS NULL", name="sex_known"),
        CheckConstraint(
            one_of("ethnicity", Ethnicity.values()) + " OR ethnicity IS NULL",
            name="ethnicity_known",
        ),
    )


class IncidentResponseMove(Base):
    """One move of an incident's response, in order (`seq` from 1); never updated or
    deleted."""

    __tablename__ = "incident_response_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    seq: Mapped[int] = mapped_column(Integer)
    to_status: Mapped[str] = mapped_column(String(30))
    moved_on: Mapped[dt.date] = mapped_column(Date)
    moved_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    learning_response: Mapped[str | None] = mapped_column(String(30))
    target: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("incident_id", "seq"),
        CheckConstraint(one_of("to_status", ResponseStatus.values()), name="to_status_known"),
        CheckConstraint(
            one_of("learning_response", LearningResponse.values())
            + " OR learning_response IS NULL",
            name="learning_response_known",
        ),
    )


class IncidentCandourStep(Base):
    """A notification given under the duty of candour, on a day; never updated or deleted."""

    __tablename__ = "incident_candour_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    step: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("incident_id", "step", "given_on"),
        CheckConstraint(one_of("step", CandourStep.values()), name="step_known"),
    )


class IncidentPfdReport(Base):
    """A coroner's Prevention of Future Deaths report about an incident: its reference (unique
    per incident), the day it was sent, the trust's response and any extension granted."""

    __tablename__ = "incident_pfd_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    reference: Mapped[str] = mapped_column(String(64))
    report_date: Mapped[dt.date] = mapped_column(Date)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    extended_to: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("incident_id", "reference"),
        CheckConstraint(
            "responded_on IS NULL OR responded_on >= report_date", name="response_after_report"
        ),
        CheckConstraint(
            "extended_to IS NULL OR extended_to > report_date", name="extension_after_report"
        ),
    )


class IncidentChange(Base):
    """A change to a recorded fact of an incident: the field, old and new values as text, who,
    when and why; never updated or deleted. A change to the patient's details keeps only the
    field's name (`patient.name`, ...): the values are personal data and stay in one place."""

    __tablename__ = "incident_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    changer: Mapped[str | None] = mapped_column(String(320))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_incident_changes_incident_id", "incident_id"),
        CheckConstraint("reason <> ''", name="reason_given"),
    )


class IncidentLink(Base):
    """An incident linked to a finding (its reference), an action (its id), a metric (its
    code) or an oversight event (its day and kind on the timeline, `2019-06-12:meeting`)."""

    __tablename__ = "incident_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        UniqueConstraint("incident_id", "kind", "target"),
        CheckConstraint(one_of("kind", IncidentLinkKind.values()), name="kind_known"),
    )


INCIDENTS = cast(Table, IncidentRow.__table__)
INCIDENT_PATIENTS = cast(Table, IncidentPatient.__table__)
INCIDENT_RESPONSE_MOVES = cast(Table, IncidentResponseMove.__table__)
INCIDENT_CANDOUR_STEPS = cast(Table, IncidentCandourStep.__table__)
INCIDENT_PFD_REPORTS = cast(Table, IncidentPfdReport.__table__)
INCIDENT_CHANGES = cast(Table, IncidentChange.__table__)
INCIDENT_LINKS = cast(Table, IncidentLink.__table__)
