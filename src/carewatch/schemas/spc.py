"""An XmR chart of any series as `carewatch spc analyse --json` prints it: every point with
its limits, type and rules, the phases, the summary with NHS England's icons, and the options
used. (A stored metric's chart, as the API gives it, is `carewatch.schemas.metrics.SpcPublic`.)

A point's `x` is its date, its number (1, 2, 3 ...) when the series has no dates, or the
label a caller of `carewatch.domain.spc.analyse` gave it.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from carewatch.domain.spc import SpcPhase, SpcPoint, SpcResult, assurance_icon, variation_icon

__all__ = [
    "ChartIconPublic",
    "ChartOptionsPublic",
    "ChartPhasePublic",
    "ChartPointPublic",
    "ChartPublic",
]


class ChartPointPublic(BaseModel):
    """A point with its phase's mean, process limits and near-limit lines, its type and the
    rules it triggers."""

    x: dt.date | int | str
    y: float | None
    mean: float | None
    lpl: float | None
    upl: float | None
    nlpl: float | None
    nupl: float | None
    point_type: str | None
    special_cause: str | None
    rules: list[str]
    phase: int

    @classmethod
    def from_point(cls, point: SpcPoint) -> ChartPointPublic:
        return cls(
            x=point.x,
            y=point.y,
            mean=point.mean,
            lpl=point.lpl,
            upl=point.upl,
            nlpl=point.nlpl,
            nupl=point.nupl,
            point_type=point.point_type.value if point.point_type else None,
            special_cause=point.special_cause.value if point.special_cause else None,
            rules=list(point.rules),
            phase=point.phase,
        )


class ChartPhasePublic(BaseModel):
    """A phase: where it starts and ends, why, and its mean and limits from its baseline."""

    index: int
    start_x: dt.date | int | str
    end_x: dt.date | int | str | None
    reason: str | None
    mean: float | None
    lpl: float | None
    upl: float | None
    mean_moving_range: float | None
    baseline_points: int
    screened_moving_ranges: int

    @classmethod
    def from_phase(cls, phase: SpcPhase) -> ChartPhasePublic:
        return cls(
            index=phase.index,
            start_x=phase.start_x,
            end_x=phase.end_x,
            reason=phase.reason,
            mean=phase.mean,
            lpl=phase.lpl,
            upl=phase.upl,
            mean_moving_range=phase.mean_moving_range,
            baseline_points=phase.baseline_points,
            screened_moving_ranges=phase.screened_moving_ranges,
        )


class ChartIconPublic(BaseModel):
    """A Making Data Count icon: its code and NHS England's label."""

    code: str
    label: str


class ChartOptionsPublic(BaseModel):
    """The options the chart was drawn with."""

    improvement: str
    target: float | None
    fix_after: int | None
    screen_outliers: bool
    run_length: int
    trend_length: int


class ChartPublic(BaseModel):
    """The chart: points, phases, the variation and assurance with their icons, the options."""

    points: list[ChartPointPublic]
    phases: list[ChartPhasePublic]
    variation: str | None
    variation_icon: ChartIconPublic | None
    assurance: str | None
    assurance_icon: ChartIconPublic | None
    options: ChartOptionsPublic

    @classmethod
    def from_result(cls, result: SpcResult) -> ChartPublic:
        variation = variation_icon(result)
        assurance = assurance_icon(result)
        options = result.options
        return cls(
            points=[ChartPointPublic.from_point(p) for p in result.points],
            phases=[ChartPhasePublic.from_phase(p) for p in result.phases],
            variation=result.variation.value if result.variation else None,
            variation_icon=None
            if variation is None
            else ChartIconPublic(code=variation.code, label=variation.label),
            assurance=result.assurance.value if result.assurance else None,
            assurance_icon=None
            if assurance is None
            else ChartIconPublic(code=assurance.code, label=assurance.label),
            options=ChartOptionsPublic(
                improvement=options.improvement.value,
                target=options.target,
                fix_after=options.fix_after,
                screen_outliers=options.screen_outliers,
                run_length=options.run_length,
                trend_length=options.trend_length,
            ),
        )
