"""Metrics: the catalogue, a trust's metric summary, one metric's observations with their data
versions, and its SPC chart, as the API returns them and `carewatch metrics ... --json` prints
them. Built from `carewatch.services.metrics` values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from carewatch.domain.metrics import MetricDefinition, SeriesPoint, StoredObservation
from carewatch.domain.spc import AssuranceIcon, SpcResult, VariationIcon
from carewatch.services.metrics import MetricSeries, MetricSpc

__all__ = [
    "AnnotationPublic",
    "DataVersionPublic",
    "IconPublic",
    "MetricPublic",
    "MetricsPublic",
    "ObservationPublic",
    "ObservationsPublic",
    "RecalculationPublic",
    "SpcPhasePublic",
    "SpcPointPublic",
    "SpcPublic",
    "SummaryPublic",
    "SummaryRowPublic",
    "VersionPublic",
]


class MetricPublic(BaseModel):
    """A metric definition: which way is better, its target and the target's source."""

    code: str = Field(examples=["cyp_triage_wait"])
    name: str
    description: str
    unit: str = Field(examples=["days"])
    polarity: str = Field(examples=["decrease"], description="increase, decrease or neither")
    polarity_reason: str | None
    frequency: str
    level: str
    core_service: str | None
    target: float | None
    target_kind: str = Field(examples=["illustrative"])
    target_source: str | None
    fix_after: int | None
    data_source: str

    @classmethod
    def from_definition(cls, m: MetricDefinition) -> MetricPublic:
        return cls(
            code=m.code,
            name=m.name,
            description=m.description,
            unit=m.unit.value,
            polarity=m.polarity.value,
            polarity_reason=m.polarity_reason or None,
            frequency=m.frequency.value,
            level=m.level.value,
            core_service=m.core_service or None,
            target=None if m.target is None else m.target.value,
            target_kind=m.target_kind.value,
            target_source=None if m.target is None else m.target.source,
            fix_after=m.fix_after,
            data_source=m.data_source,
        )


class MetricsPublic(BaseModel):
    data: list[MetricPublic]
    count: int


class DataVersionPublic(BaseModel):
    """The file (or generated series) a value came from."""

    id: int
    kind: str = Field(examples=["mhsds_4ww"])
    file_name: str
    publication: str
    published_on: dt.date | None = Field(
        description="When the data was published; null when the publication date is unknown "
        "(the file does not state it and the importer was not told)."
    )
    sha256: str


class VersionPublic(BaseModel):
    value: float | None
    suppressed: bool
    numerator: float | None
    denominator: float | None
    source: str
    data_version: DataVersionPublic

    @classmethod
    def from_stored(cls, o: StoredObservation) -> VersionPublic:
        v = o.version
        return cls(
            value=o.value,
            suppressed=o.suppressed,
            numerator=o.numerator,
            denominator=o.denominator,
            source=o.source,
            data_version=DataVersionPublic(
                id=v.id,
                kind=v.kind.value,
                file_name=v.file_name,
                publication=v.publication,
                published_on=v.published_on,
                sha256=v.sha256,
            ),
        )


class ObservationPublic(VersionPublic):
    """A period's value as shown (the latest version), `revised` when an earlier version
    differed, and the earlier versions."""

    period_start: dt.date
    period_end: dt.date
    revised: bool
    earlier_versions: list[VersionPublic]

    @classmethod
    def from_point(cls, p: SeriesPoint) -> ObservationPublic:
        current = VersionPublic.from_stored(p.current)
        return cls(
            **current.model_dump(),
            period_start=p.period_start,
            period_end=p.period_end,
            revised=p.revised,
            earlier_versions=[VersionPublic.from_stored(e) for e in p.earlier],
        )


class RecalculationPublic(BaseModel):
    at: dt.date
    reason: str
    recorded_on: dt.date


class AnnotationPublic(BaseModel):
    on: dt.date
    label: str


class ObservationsPublic(BaseModel):
    """A metric's observations for a trust, with recalculations and annotations."""

    org_code: str
    metric: MetricPublic
    as_of: dt.date | None
    data: list[ObservationPublic]
    count: int
    recalculations: list[RecalculationPublic]
    annotations: list[AnnotationPublic]

    @classmethod
    def from_series(cls, s: MetricSeries) -> ObservationsPublic:
        return cls(
            org_code=s.org_code,
            metric=MetricPublic.from_definition(s.definition),
            as_of=s.as_of,
            data=[ObservationPublic.from_point(p) for p in s.points],
            count=len(s.points),
            recalculations=[
                RecalculationPublic(at=r.at, reason=r.reason, recorded_on=r.recorded_on)
                for r in s.recalculations
            ],
            annotations=[AnnotationPublic(on=a.on, label=a.label) for a in s.annotations],
        )


class IconPublic(BaseModel):
    """A Making Data Count icon: the engine's outcome word, NHS England's label, a code."""

    kind: str = Field(examples=["special_cause_improvement"])
    label: str
    code: str = Field(examples=["improvement-low"])

    @classmethod
    def from_icon(cls, icon: VariationIcon | AssuranceIcon | None) -> IconPublic | None:
        if icon is None:
            return None
        return cls(kind=icon.kind.value, label=icon.label, code=icon.code)


class SpcPointPublic(BaseModel):
    x: dt.date
    y: float | None
    mean: float | None
    lpl: float | None
    upl: float | None
    point_type: str | None
    phase: int
    rules: list[str]


class SpcPhasePublic(BaseModel):
    index: int
    start_x: dt.date
    reason: str | None
    mean: float | None
    lpl: float | None
    upl: float | None
    baseline_points: int


class SpcPublic(BaseModel):
    """A stored metric's XmR chart by Making Data Count rules, with its two icons; `problem`
    says why there is no chart (e.g. fewer than two values)."""

    org_code: str
    metric: MetricPublic
    as_of: dt.date | None
    problem: str | None
    points: list[SpcPointPublic]
    phases: list[SpcPhasePublic]
    variation: str | None = Field(examples=["common_cause"])
    assurance: str | None = Field(examples=["inconsistent"])
    variation_icon: IconPublic | None
    assurance_icon: IconPublic | None

    @classmethod
    def from_spc(cls, spc: MetricSpc) -> SpcPublic:
        result: SpcResult | None = spc.result
        return cls(
            org_code=spc.series.org_code,
            metric=MetricPublic.from_definition(spc.series.definition),
            as_of=spc.series.as_of,
            problem=spc.problem,
            points=[]
            if result is None
            else [
                SpcPointPublic(
                    x=_date(p.x),
                    y=p.y,
                    mean=p.mean,
                    lpl=p.lpl,
                    upl=p.upl,
                    point_type=None if p.point_type is None else p.point_type.value,
                    phase=p.phase,
                    rules=list(p.rules),
                )
                for p in result.points
            ],
            phases=[]
            if result is None
            else [
                SpcPhasePublic(
                    index=ph.index,
                    start_x=_date(ph.start_x),
                    reason=ph.reason,
                    mean=ph.mean,
                    lpl=ph.lpl,
                    upl=ph.upl,
                    baseline_points=ph.baseline_points,
                )
                for ph in result.phases
            ],
            variation=None if result is None or result.variation is None else result.variation,
            assurance=None if result is None or result.assurance is None else result.assurance,
            variation_icon=IconPublic.from_icon(spc.variation),
            assurance_icon=IconPublic.from_icon(spc.assurance),
        )


def _date(x: Any) -> dt.date:
    if isinstance(x, dt.date):
        return x
    raise TypeError("stored metrics are charted by date")


class SummaryRowPublic(BaseModel):
    """One row of the summary icon table."""

    metric: MetricPublic
    latest_value: float | None
    latest_suppressed: bool | None
    latest_period_end: dt.date | None
    revised: bool
    observations: int
    illustrative: bool
    variation_icon: IconPublic | None
    assurance_icon: IconPublic | None


class SummaryPublic(BaseModel):
    org_code: str
    as_of: dt.date | None
    data: list[SummaryRowPublic]
    count: int
