"""The metric tables: the catalogue of metric definitions, the versions of data imported, every
version of every observation, recorded SPC recalculations and chart annotations.

Observations are keyed by the organisation code their source uses (the ODS code; for an NHS
trust that is also its CQC provider id), not by a foreign key to providers, because national
statistics cover organisations the ratings data may not hold. Each observation belongs to the
data version (file, publication, SHA-256) it came from; a revised file adds a new row rather
than changing the old one, so what a board was shown can always be shown again.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
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

from carewatch.domain.metrics import DataKind, Level, MeasurementFrequency, TargetKind, Unit
from carewatch.domain.spc import Improvement
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "DATA_KINDS",
    "FREQUENCIES",
    "LEVELS",
    "METRICS",
    "METRIC_ANNOTATIONS",
    "METRIC_DATA_VERSIONS",
    "METRIC_OBSERVATIONS",
    "METRIC_RECALCULATIONS",
    "POLARITIES",
    "TARGET_KINDS",
    "UNITS",
    "MetricAnnotation",
    "MetricDataVersion",
    "MetricDefinitionRow",
    "MetricObservation",
    "MetricRecalculation",
]


POLARITIES = tuple(p.value for p in Improvement)
UNITS = tuple(u.value for u in Unit)
FREQUENCIES = tuple(f.value for f in MeasurementFrequency)
LEVELS = tuple(v.value for v in Level)
TARGET_KINDS = tuple(k.value for k in TargetKind)
DATA_KINDS = tuple(k.value for k in DataKind)


class MetricDefinitionRow(Base):
    """A metric in the catalogue: what it measures, which way is better, its target and the
    target's source, and an optional fixed SPC baseline (the first `fix_after` points)."""

    __tablename__ = "metrics"

    metric_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    unit: Mapped[str] = mapped_column(String(20))
    polarity: Mapped[str] = mapped_column(String(20))
    polarity_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    frequency: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    core_service: Mapped[str] = mapped_column(String(300), default="", server_default="")
    target: Mapped[float | None] = mapped_column(Float)
    target_kind: Mapped[str] = mapped_column(String(20))
    target_source: Mapped[str] = mapped_column(String(500), default="", server_default="")
    fix_after: Mapped[int | None] = mapped_column(Integer)
    data_source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        CheckConstraint(one_of("unit", UNITS), name="unit_known"),
        CheckConstraint(one_of("polarity", POLARITIES), name="polarity_known"),
        CheckConstraint(one_of("frequency", FREQUENCIES), name="frequency_known"),
        CheckConstraint(one_of("level", LEVELS), name="level_known"),
        CheckConstraint(one_of("target_kind", TARGET_KINDS), name="target_kind_known"),
        CheckConstraint(
            "(target IS NULL AND target_kind = 'none') "
            "OR (target IS NOT NULL AND target_kind <> 'none')",
            name="target_has_kind",
        ),
        CheckConstraint("fix_after IS NULL OR fix_after >= 2", name="fix_after_positive"),
    )


class MetricDataVersion(Base):
    """One version of data: a file imported (or a generated series), its publication, its
    SHA-256 (a file whose hash is already stored adds nothing), when it was published (None
    when the file did not say and the importer was not told), and what it added.
    `org_scope` is empty when every row was taken, else the one organisation whose rows were
    (the worked example takes only its trust's)."""

    __tablename__ = "metric_data_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    org_scope: Mapped[str] = mapped_column(String(40), default="", server_default="")
    publication: Mapped[str] = mapped_column(String(100), default="", server_default="")
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # None: the file did not say
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer)
    observations_new: Mapped[int] = mapped_column(Integer)
    observations_revised: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("sha256", "org_scope"),
        CheckConstraint(one_of("kind", DATA_KINDS), name="kind_known"),
    )


class MetricObservation(Base):
    """One value of a metric for an organisation and period, as one data version gave it.

    A suppressed value (`*` in the national files) is kept as suppressed with no value, never
    as zero. Only a value that differs from the latest stored one is added by a new version.
    """

    __tablename__ = "metric_observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(String(40))
    org_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    metric_code: Mapped[str] = mapped_column(ForeignKey("metrics.metric_code"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    data_version_id: Mapped[int] = mapped_column(ForeignKey("metric_data_versions.id"))
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint(
            "org_code", "metric_code", "period_start", "period_end", "data_version_id"
        ),
        Index("ix_metric_observations_metric", "org_code", "metric_code", "period_end"),
        Index("ix_metric_observations_data_version_id", "data_version_id"),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        CheckConstraint(
            "(suppressed AND value IS NULL) OR (NOT suppressed AND value IS NOT NULL)",
            name="suppressed_has_no_value",
        ),
    )


class MetricRecalculation(Base):
    """A decision to recalculate a metric's SPC limits for an organisation from a date (a new
    phase starts with the first period ending on or after it), with its reason. Never
    automatic: a person records it."""

    __tablename__ = "metric_recalculations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(String(40))
    metric_code: Mapped[str] = mapped_column(ForeignKey("metrics.metric_code"))
    at_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        UniqueConstraint("org_code", "metric_code", "at_date"),
        CheckConstraint("reason <> ''", name="reason_given"),
    )


class MetricAnnotation(Base):
    """A dated note on a metric's chart, such as an intervention ("new triage pathway")."""

    __tablename__ = "metric_annotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(String(40))
    metric_code: Mapped[str] = mapped_column(ForeignKey("metrics.metric_code"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (UniqueConstraint("org_code", "metric_code", "on_date", "label"),)


METRICS = cast(Table, MetricDefinitionRow.__table__)
METRIC_DATA_VERSIONS = cast(Table, MetricDataVersion.__table__)
METRIC_OBSERVATIONS = cast(Table, MetricObservation.__table__)
METRIC_RECALCULATIONS = cast(Table, MetricRecalculation.__table__)
METRIC_ANNOTATIONS = cast(Table, MetricAnnotation.__table__)
