"""The overall rating over time as a step chart: geometry for a server-rendered inline SVG.

Pure: `rating_chart` turns a rating history into coordinates; templates/macros/chart.html
draws them. Four labelled bands, Outstanding at the top; dates along the x axis by year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from carewatch.domain.ratings import Rating
from carewatch.services.ratings import HistoryEntry
from carewatch.web.ratings_display import rating_style

__all__ = ["Band", "Chart", "ChartPoint", "Tick", "rating_chart"]

WIDTH = 760
HEIGHT = 260
LEFT = 180  # room for "Requires improvement" beside its band
RIGHT = 20
TOP = 20
BOTTOM = 40  # room for the years
BANDS: tuple[Rating, ...] = (
    Rating.OUTSTANDING,
    Rating.GOOD,
    Rating.REQUIRES_IMPROVEMENT,
    Rating.INADEQUATE,
)


@dataclass(frozen=True)
class Band:
    label: str
    y: float  # the band's centre line
    top: float


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True)
class ChartPoint:
    date: dt.date
    rating: Rating
    x: float
    y: float
    css_class: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG needs; `points` oldest first, `path` the step line through them."""

    width: int
    height: int
    left: int
    right_edge: int
    bottom_edge: int
    band_height: float
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    points: tuple[ChartPoint, ...]
    path: str
    start: dt.date
    end: dt.date


def _band_height() -> float:
    return (HEIGHT - TOP - BOTTOM) / len(BANDS)


def rating_chart(entries: Sequence[HistoryEntry], *, today: dt.date) -> Chart | None:
    """The chart of every overall rating in `entries`, or None when there is none.

    Reports that published no overall rating, or a non-rating state, are left out: the
    chart has no band for them (the timeline and the table beside it list every report).
    The last rating's step runs on to `today`, the date it still stands on.
    """
    rated = sorted((e.report_date, e.overall) for e in entries if isinstance(e.overall, Rating))
    if not rated:
        return None
    start = dt.date(rated[0][0].year, 1, 1)
    end = dt.date(max(rated[-1][0], today).year + 1, 1, 1)
    span = (end - start).days
    plot = WIDTH - LEFT - RIGHT
    band_height = _band_height()

    def x_of(day: dt.date) -> float:
        return round(LEFT + plot * (day - start).days / span, 1)

    def y_of(rating: Rating) -> float:
        return round(TOP + band_height * (BANDS.index(rating) + 0.5), 1)

    bands = tuple(
        Band(r.label, y_of(r), round(TOP + band_height * i, 1)) for i, r in enumerate(BANDS)
    )
    ticks = tuple(
        Tick(str(year), x_of(dt.date(year, 1, 1))) for year in range(start.year, end.year + 1)
    )
    points = tuple(
        ChartPoint(day, rating, x_of(day), y_of(rating), _point_class(rating))
        for day, rating in rated
    )
    steps = [f"M {points[0].x} {points[0].y}"]
    for point in points[1:]:
        steps.append(f"H {point.x} V {point.y}")
    steps.append(f"H {x_of(min(max(today, points[-1].date), end))}")
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        bottom_edge=HEIGHT - BOTTOM,
        band_height=round(band_height, 1),
        bands=bands,
        ticks=ticks,
        points=points,
        path=" ".join(steps),
        start=start,
        end=end,
    )


def _point_class(rating: Rating) -> str:
    return rating_style(rating).css_class.replace("cw-rating--", "cw-chart__point--")
