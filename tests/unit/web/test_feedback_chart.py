"""The geometry of a theme's small chart: bars on a round scale from zero, the negative share's
line broken over a month without sentiment, and the SPC point types and icon carried over from
the XmR chart once there are 12 months."""

from __future__ import annotations

import datetime as dt
import itertools

from carewatch.domain.feedback.items import RespondentGroup, Sentiment
from carewatch.domain.feedback.summary import Counted, MonthCount, ThemeTrend, theme_trends
from carewatch.domain.spc import PointType
from carewatch.web import feedback_chart
from carewatch.web.feedback_chart import small_multiple


def _month(year: int, month: int, comments: int, rated: int, negative: int) -> MonthCount:
    return MonthCount(dt.date(year, month, 1), comments, rated, negative)


def test_bars_sit_on_the_axis_and_reach_up_in_proportion() -> None:
    trend = ThemeTrend(
        "Parking", 33, 3,
        (_month(2024, 1, 20, 10, 1), _month(2024, 2, 10, 10, 2), _month(2024, 3, 3, 0, 0)),
        None,
    )  # fmt: skip
    chart = small_multiple(trend)
    assert chart.scale_max == 20
    bottom = feedback_chart.HEIGHT - feedback_chart.BOTTOM
    plot = feedback_chart.HEIGHT - feedback_chart.TOP - feedback_chart.BOTTOM
    for bar in chart.bars:
        assert round(bar.y + bar.height, 1) == bottom
    assert [b.height for b in chart.bars] == [plot, plot / 2, round(plot * 3 / 20, 1)]
    # Bars march left to right without overlapping, inside the plot.
    edges = [(b.x, b.x + b.width) for b in chart.bars]
    assert edges[0][0] > feedback_chart.LEFT
    assert edges[-1][1] < feedback_chart.WIDTH - feedback_chart.RIGHT
    assert all(a[1] < b[0] for a, b in itertools.pairwise(edges))


def test_the_share_line_breaks_over_a_month_without_sentiment() -> None:
    trend = ThemeTrend(
        "Parking", 4, 2,
        (_month(2024, 1, 1, 1, 1), _month(2024, 2, 1, 0, 0), _month(2024, 3, 2, 2, 1)),
        None,
    )  # fmt: skip
    chart = small_multiple(trend)
    # A share of 1 at the top of the plot, 0.5 half way; two pen-down moves, no line between.
    assert [(d.share, d.y) for d in chart.dots] == [(1.0, 10.0), (0.5, 77.0)]
    assert chart.share_path.count("M ") == 2
    assert "L " not in chart.share_path
    assert chart.variation is None


def test_a_year_of_months_carries_the_xmr_charts_point_types_and_icon() -> None:
    # Fourteen months of four comments: one in four negative for twelve months, then every
    # one negative for two. The mean lies between, so the first twelve are a run below it
    # (the shift rule: fewer negative, an improvement) and the last two lie above the upper
    # limit (a concern, high), which is the icon's point.
    items = []
    for m in range(14):
        day = dt.date(2023 + m // 12, m % 12 + 1, 10)
        for n in range(4):
            negative = m >= 12 or n == 0
            feeling = Sentiment.NEGATIVE if negative else Sentiment.POSITIVE
            items.append(Counted(day, RespondentGroup.PATIENT, frozenset({"Parking"}), feeling))
    (trend,) = theme_trends(items, ["Parking"])
    chart = small_multiple(trend)
    assert len(chart.dots) == 14
    assert [d.point_type for d in chart.dots[:12]] == [PointType.SPECIAL_CAUSE_IMPROVEMENT] * 12
    assert chart.dots[-1].point_type is PointType.SPECIAL_CAUSE_CONCERN
    assert chart.variation is not None
    assert chart.variation.code == "concern-high"
