"""The risk register's tables: a trust's strategic objectives, its risks with their initial
and target scores, the append-only history of current scores and of reviews, controls,
assurances, gaps, links to the improvement plan's actions, metrics, findings and incidents,
and whether the trust publishes a summary of its register.

A risk belongs to a trust (a provider) and is keyed by the trust's own reference for it. Its
current score is its latest scoring (`risk_scores`); its next review falls after its latest
scoring or review. The register keeps no actions: `risk_links` names the plan's.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.risks import (
    AssuranceLine,
    AssuranceResult,
    GapKind,
    ReviewFrequency,
    RiskCategory,
    RiskLinkKind,
    Trend,
)
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "RISKS",
    "RISK_ASSURANCES",
    "RISK_CONTROLS",
    "RISK_GAPS",
    "RISK_LINKS",
    "RISK_OBJECTIVES",
    "RISK_PUBLICATION",
    "RISK_REVIEWS",
    "RISK_SCORES",
]

_AXIS = "BETWEEN 1 AND 5"


class RiskObjective(Base):
    """One of a trust's strategic objectives, by its code, with the board's appetite."""

    __tablename__ = "risk_objectives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    appetite: Mapped[str] = mapped_column(String(100), default="", server_default="")

    __table_args__ = (UniqueConstraint("provider_id", "code"),)


class RiskRow(Base):
    """One risk of a trust's register; `reference` is the trust's own, unique per trust."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    reference: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    cause: Mapped[str] = mapped_column(Text, default="", server_default="")
    event: Mapped[str] = mapped_column(Text, default="", server_default="")
    effect: Mapped[str] = mapped_column(Text, default="", server_default="")
    category: Mapped[str] = mapped_column(String(30))
    owner: Mapped[str] = mapped_column(String(200))
    executive_lead: Mapped[str] = mapped_column(String(200), default="", server_default="")
    committee: Mapped[str] = mapped_column(String(200), default="", server_default="")
    identified: Mapped[dt.date] = mapped_column(Date)
    review_frequency: Mapped[str] = mapped_column(String(20))
    objective: Mapped[str | None] = mapped_column(String(32))
    initial_likelihood: Mapped[int] = mapped_column(Integer)
    initial_consequence: Mapped[int] = mapped_column(Integer)
    target_likelihood: Mapped[int] = mapped_column(Integer)
    target_consequence: Mapped[int] = mapped_column(Integer)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("provider_id", "reference"),
        CheckConstraint(one_of("category", RiskCategory.values()), name="category_known"),
        CheckConstraint(
            one_of("review_frequency", ReviewFrequency.values()), name="review_frequency_known"
        ),
        CheckConstraint(
            f"initial_likelihood {_AXIS} AND initial_consequence {_AXIS} AND "
            f"target_likelihood {_AXIS} AND target_consequence {_AXIS}",
            name="scores_one_to_five",
        ),
    )


class RiskScore(Base):
    """The current score given on a day (one per day), with the owner's trend; never
    updated or deleted."""

    __tablename__ = "risk_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    scored_on: Mapped[dt.date] = mapped_column(Date)
    likelihood: Mapped[int] = mapped_column(Integer)
    consequence: Mapped[int] = mapped_column(Integer)
    trend: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("risk_id", "scored_on"),
        CheckConstraint(f"likelihood {_AXIS} AND consequence {_AXIS}", name="score_one_to_five"),
        CheckConstraint(one_of("trend", Trend.values()) + " OR trend IS NULL", name="trend_known"),
    )


class RiskReview(Base):
    """A review of a risk that left its score as it was; never updated or deleted."""

    __tablename__ = "risk_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("risk_id", "reviewed_on"),)


class RiskControl(Base):
    """A control in place on a risk."""

    __tablename__ = "risk_controls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    description: Mapped[str] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("risk_id", "description"),)


class RiskAssurance(Base):
    """An assurance on a risk's controls: its line, positive or negative, on a day."""

    __tablename__ = "risk_assurances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    line: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(10))
    given_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        UniqueConstraint("risk_id", "line", "given_on", "description"),
        CheckConstraint(one_of("line", AssuranceLine.values()), name="line_known"),
        CheckConstraint(one_of("result", AssuranceResult.values()), name="result_known"),
    )


class RiskGap(Base):
    """A gap in control or in assurance on a risk."""

    __tablename__ = "risk_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        UniqueConstraint("risk_id", "kind", "description"),
        CheckConstraint(one_of("kind", GapKind.values()), name="kind_known"),
    )


class RiskLink(Base):
    """A risk linked to an improvement-plan action (`2020-MD3/A1`), a metric (its code), a
    finding (its reference) or an incident (the trust's reference)."""

    __tablename__ = "risk_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"))
    kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        UniqueConstraint("risk_id", "kind", "target"),
        CheckConstraint(one_of("kind", RiskLinkKind.values()), name="kind_known"),
    )


class RiskPublication(Base):
    """Whether a trust publishes the summary of its register (categories and counts only)."""

    __tablename__ = "risk_publication"

    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"), primary_key=True)
    publish_summary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


RISK_OBJECTIVES = cast(Table, RiskObjective.__table__)
RISKS = cast(Table, RiskRow.__table__)
RISK_SCORES = cast(Table, RiskScore.__table__)
RISK_REVIEWS = cast(Table, RiskReview.__table__)
RISK_CONTROLS = cast(Table, RiskControl.__table__)
RISK_ASSURANCES = cast(Table, RiskAssurance.__table__)
RISK_GAPS = cast(Table, RiskGap.__table__)
RISK_LINKS = cast(Table, RiskLink.__table__)
RISK_PUBLICATION = cast(Table, RiskPublication.__table__)
