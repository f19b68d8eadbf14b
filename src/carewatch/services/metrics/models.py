"""The frozen values the metrics service returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.metrics import DataVersionRef, MetricDefinition, SeriesPoint
from carewatch.domain.spc import AssuranceIcon, SpcResult, VariationIcon

__all__ = [
    "Annotation",
    "DataVersionInfo",
    "ImportResult",
    "MetricSeries",
    "MetricSpc",
    "RecalculationInfo",
    "SummaryRow",
]


@dataclass(frozen=True)
class ImportResult:
    """What one file's import did. `already_imported`: a file with the same SHA-256 was
    stored before, so nothing was written."""

    file_name: str
    sha256: str
    already_imported: bool
    data_version_id: int | None
    published_on: dt.date | None
    rows_read: int
    observations_read: int
    new: int
    revised: int
    unchanged: int
    suppressed: int


@dataclass(frozen=True)
class DataVersionInfo:
    """A data version with what it added."""

    ref: DataVersionRef
    imported_at: dt.datetime
    rows_read: int
    observations_new: int
    observations_revised: int
    source: str


@dataclass(frozen=True)
class RecalculationInfo:
    """A recorded recalculation of a metric's limits: from when, why, recorded when."""

    at: dt.date
    reason: str
    recorded_on: dt.date
    source: str


@dataclass(frozen=True)
class Annotation:
    """A dated note on a metric's chart (an intervention)."""

    on: dt.date
    label: str
    source: str


@dataclass(frozen=True)
class MetricSeries:
    """A metric's observations for one organisation as published on or before `as_of`."""

    org_code: str
    org_name: str
    definition: MetricDefinition
    points: tuple[SeriesPoint, ...]
    recalculations: tuple[RecalculationInfo, ...]
    annotations: tuple[Annotation, ...]
    versions: tuple[DataVersionInfo, ...]
    as_of: dt.date | None

    @property
    def latest(self) -> SeriesPoint | None:
        return self.points[-1] if self.points else None

    @property
    def illustrative(self) -> bool:
        """True when every observation shown comes from an illustrative series, or was
        derived from illustrative incidents (its source then starts "illustrative")."""
        return bool(self.points) and all(
            p.current.version.kind.value == "illustrative"
            or (
                p.current.version.kind.value == "incidents"
                and p.current.source.startswith("illustrative")
            )
            for p in self.points
        )


@dataclass(frozen=True)
class MetricSpc:
    """A metric's SPC chart: the series, the engine's result and its two icons, or why there
    is no chart (`problem`, e.g. fewer than two values)."""

    series: MetricSeries
    result: SpcResult | None
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    problem: str | None


@dataclass(frozen=True)
class SummaryRow:
    """One row of the summary icon table."""

    spc: MetricSpc

    @property
    def definition(self) -> MetricDefinition:
        return self.spc.series.definition

    @property
    def latest(self) -> SeriesPoint | None:
        return self.spc.series.latest
