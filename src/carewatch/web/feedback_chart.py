"""A theme's comments month by month as a small chart: geometry for a server-rendered SVG.

Pure: `small_multiple` turns a `ThemeTrend` into coordinates; templates/macros/feedback.html
draws them. Bars are the comments each month (left scale, from zero); the line is the share
of them that were negative (right scale, 0 to 100%), broken over a month with no sentiment.
Every chart of a page has the same size and the share the same scale, so charts side by
side compare at a glance (small multiples); the bars' scale is each theme's own, written on
its axis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.feedback.summary import ThemeTrend
from carewatch.domain.spc import PointType, VariationIcon, variation_icon

__all__ = ["MonthBar", "ShareDot", "SmallMultiple", "small_multiple"]

WIDTH = 340
HEIGHT = 170
LEFT = 34  # room for the comments' scale
RIGHT = 40  # room for the share's scale, "100%"
TOP = 10
BOTTOM = 26  # room for the first and last month
GAP = 0.2  # the share of each month's slot left between bars


@dataclass(frozen=True)
class MonthBar:
    month: dt.date
    comments: int
    negative: int
    with_sentiment: int
    x: float
    y: float
    width: float
    height: float

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.with_sentiment if self.with_sentiment else None


@dataclass(frozen=True)
class ShareDot:
    """A month's negative share on the line, with its SPC point type where the chart has
    one (None before there are enough months)."""

    month: dt.date
    share: float
    x: float
    y: float
    point_type: PointType | None


@dataclass(frozen=True)
class SmallMultiple:
    theme: str
    comments: int
    negative_share: float | None
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom_edge: int
    scale_max: int
    bars: tuple[MonthBar, ...]
    share_path: str
    dots: tuple[ShareDot, ...]
    variation: VariationIcon | None

    @property
    def first(self) -> dt.date | None:
        return self.bars[0].month if self.bars else None

    @property
    def last(self) -> dt.date | None:
        return self.bars[-1].month if self.bars else None

    def share_y(self, share: float) -> float:
        """The y of a share (0 to 1) on the right scale, for its gridlines."""
        return _share_y(share)


def _share_y(share: float) -> float:
    return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * share, 1)


def _scale_max(most: int) -> int:
    """A round top for the comments' scale: 1, 2 or 5 times a power of ten, at least `most`.

    >>> _scale_max(0), _scale_max(7), _scale_max(38), _scale_max(51)
    (1, 10, 50, 100)
    """
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= most:
                return step * factor
        step *= 10


def small_multiple(trend: ThemeTrend) -> SmallMultiple:
    """The chart of one theme.

    >>> from carewatch.domain.feedback.summary import MonthCount
    >>> jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    >>> months = (MonthCount(jan, 4, 4, 1), MonthCount(feb, 2, 0, 0))
    >>> chart = small_multiple(ThemeTrend("Parking", 6, 1, months, None))
    >>> [(b.comments, b.height) for b in chart.bars], chart.scale_max  # 4/5 and 2/5 of 134
    ([(4, 107.2), (2, 53.6)], 5)
    >>> chart.share_path, [d.share for d in chart.dots]  # February had no sentiment: no dot
    ('M 100.5 110.5', [0.25])
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    months = trend.months
    top = _scale_max(max((m.comments for m in months), default=0))
    slot = plot_width / len(months) if months else plot_width
    kinds: dict[dt.date, PointType | None] = {}
    if trend.spc is not None:
        kinds = {p.x: p.point_type for p in trend.spc.points if isinstance(p.x, dt.date)}
    bars, dots, path = [], [], []
    pen_down = False
    for i, m in enumerate(months):
        height = round(plot_height * m.comments / top, 1)
        x = LEFT + slot * i
        bars.append(
            MonthBar(
                m.month, m.comments, m.negative, m.with_sentiment,
                round(x + slot * GAP / 2, 1), round(HEIGHT - BOTTOM - height, 1),
                round(slot * (1 - GAP), 1), height,
            )
        )  # fmt: skip
        share = m.negative_share
        if share is None:
            pen_down = False
            continue
        centre, y = round(x + slot / 2, 1), _share_y(share)
        path.append(f"{'L' if pen_down else 'M'} {centre} {y}")
        pen_down = True
        dots.append(ShareDot(m.month, share, centre, y, kinds.get(m.month)))
    return SmallMultiple(
        theme=trend.theme,
        comments=trend.comments,
        negative_share=trend.negative_share,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        top=TOP,
        bottom_edge=HEIGHT - BOTTOM,
        scale_max=top,
        bars=tuple(bars),
        share_path=" ".join(path),
        dots=tuple(dots),
        variation=variation_icon(trend.spc) if trend.spc is not None else None,
    )
