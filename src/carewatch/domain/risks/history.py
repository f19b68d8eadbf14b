"""A risk's scores over time: each scoring on a day, the trend two scorings make, and the
SPC chart of the current score once there are enough of them.

A score history is short and lumpy (a quarterly review gives four points a year), so the
chart is drawn only from `MIN_SPC_POINTS` scorings: Making Data Count advises at least 12
points before the limits mean much (NHS England, "Making data count: getting started",
2019). Fewer points are shown as a plain line.

>>> points = [ScorePoint(dt.date(2019, 4, 1), Score(4, 4)),
...           ScorePoint(dt.date(2019, 7, 1), Score(3, 4))]
>>> trend_of(points).value
'reducing'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from carewatch.domain.risks.scoring import Score
from carewatch.domain.risks.words import Trend
from carewatch.domain.spc import Improvement, SpcOptions, SpcResult, analyse

__all__ = ["MIN_SPC_POINTS", "ScorePoint", "score_chart", "trend_of"]

MIN_SPC_POINTS = 12
"""Scorings needed before the history is drawn as an SPC chart."""


@dataclass(frozen=True)
class ScorePoint:
    """The current score given on a day (and the trend given with it, if any)."""

    on: dt.date
    score: Score
    trend: Trend | None = None


def trend_of(points: Sequence[ScorePoint]) -> Trend | None:
    """The trend the owner gave at the latest scoring, else the one its last two scores
    make (lower: reducing; higher: increasing; equal: stable); None for a single scoring."""
    if not points:
        return None
    ordered = sorted(points, key=lambda p: p.on)
    if ordered[-1].trend is not None:
        return ordered[-1].trend
    if len(ordered) < 2:
        return None
    before, now = ordered[-2].score.value, ordered[-1].score.value
    if now < before:
        return Trend.REDUCING
    return Trend.INCREASING if now > before else Trend.STABLE


def score_chart(points: Sequence[ScorePoint], target: Score | None = None) -> SpcResult | None:
    """The XmR chart of the current score by day (lower is better, assured against the
    target score), or None with fewer than `MIN_SPC_POINTS` scorings."""
    if len(points) < MIN_SPC_POINTS:
        return None
    ordered = sorted(points, key=lambda p: p.on)
    options = SpcOptions(
        improvement=Improvement.DECREASE,
        target=float(target.value) if target is not None else None,
    )
    return analyse([p.on for p in ordered], [float(p.score.value) for p in ordered], options)
