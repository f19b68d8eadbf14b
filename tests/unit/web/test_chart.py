"""The rating chart's geometry: bands, years and a step line through each overall rating."""

from __future__ import annotations

import datetime as dt

from carewatch.domain.ratings import KeyQuestion, NonRating, Rating
from carewatch.services.ratings import HistoryEntry
from carewatch.web.chart import rating_chart


def _entry(day: dt.date, overall: Rating | NonRating | None) -> HistoryEntry:
    return HistoryEntry(day, None, None, None, overall, {KeyQuestion.SAFE: Rating.GOOD})


def test_no_overall_rating_means_no_chart() -> None:
    entries = [_entry(dt.date(2020, 1, 1), None), _entry(dt.date(2021, 1, 1), NonRating.NOT_RATED)]
    assert rating_chart(entries, today=dt.date(2022, 1, 1)) is None


def test_points_sit_in_their_bands_oldest_first_with_years_along_the_bottom() -> None:
    # Newest first, as rating_history gives them; one report without an overall rating.
    entries = [
        _entry(dt.date(2022, 1, 1), None),
        _entry(dt.date(2021, 1, 1), Rating.GOOD),
        _entry(dt.date(2020, 1, 1), Rating.INADEQUATE),
    ]
    chart = rating_chart(entries, today=dt.date(2021, 7, 2))
    assert chart is not None
    assert [b.label for b in chart.bands] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    # The plot is 200 px high (260 less 20 above and 40 below): four bands of 50 px.
    assert [b.y for b in chart.bands] == [45.0, 95.0, 145.0, 195.0]
    # 2020-01-01 to 2022-01-01 (731 days) across 560 px from x = 180.
    assert [t.label for t in chart.ticks] == ["2020", "2021", "2022"]
    assert [t.x for t in chart.ticks] == [180.0, round(180 + 560 * 366 / 731, 1), 740.0]
    assert [(p.rating, p.y) for p in chart.points] == [
        (Rating.INADEQUATE, 195.0),
        (Rating.GOOD, 95.0),
    ]
    assert [p.css_class for p in chart.points] == [
        "cw-chart__point--inadequate",
        "cw-chart__point--good",
    ]
    good_x = chart.points[1].x
    today_x = round(180 + 560 * (366 + 182) / 731, 1)
    assert chart.path == f"M 180.0 195.0 H {good_x} V 95.0 H {today_x}"


def test_the_axis_runs_to_the_end_of_the_current_year() -> None:
    chart = rating_chart(
        [_entry(dt.date(2015, 2, 4), Rating.INADEQUATE)], today=dt.date(2026, 3, 1)
    )
    assert chart is not None
    assert (chart.start, chart.end) == (dt.date(2015, 1, 1), dt.date(2027, 1, 1))
    assert chart.ticks[-1].label == "2027"
