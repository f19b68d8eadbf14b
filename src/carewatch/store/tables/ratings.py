"""Published CQC reports, their rating cells with the rules' proposals, and CQC's enforcement on
a core service and key question.

Natural keys that include an optional part (a rating's location or service) are unique
through an expression index on ``coalesce(column, '')``, because both databases treat NULLs as
distinct."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.ratings import (
    Aspect,
    EnforcementKind,
    Framework,
    KeyQuestion,
    NonRating,
    Rating,
)
from carewatch.store.tables._base import Base, one_of

FRAMEWORKS = tuple(f.value for f in Framework)
"""CQC's legacy key-lines-of-enquiry framework (2014–2023) and its single assessment framework."""

RATING_WORDS = tuple(r.value for r in Rating) + tuple(n.value for n in NonRating)
ASPECTS = tuple(a.value for a in Aspect)
KEY_QUESTIONS = tuple(k.value for k in KeyQuestion)
ENFORCEMENT_KINDS = tuple(k.value for k in EnforcementKind)


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


REPORTS = cast(Table, Report.__table__)
RATINGS = cast(Table, RatingRow.__table__)
ENFORCEMENT_ACTIONS = cast(Table, EnforcementAction.__table__)
