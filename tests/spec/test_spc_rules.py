"""Making Data Count's SPC rules at their boundaries, and which rule labels a point.

The rules (NHS England, Making Data Count,
https://www.england.nhs.uk/publication/making-data-count-getting-started/; as implemented by
NHSRplotthedots, R/ptd_calculate_point_type.R):

- a point outside the process limits;
- a trend: 7 points in a row each higher (or lower) than the one before; an equal value
  breaks it;
- 2 of 3 points in a row close to a limit (beyond two thirds of the way to it), all three on
  the same side of the mean;
- a run: 7 points in a row on one side of the mean; a point on the mean breaks it.

A point flagged by several rules is labelled by the first in that order (outside, trend,
2 of 3, run). A high signal (above, increasing) is an improvement when higher is better.

Every chart below starts with the same fixed baseline of 12 points, 0, 10, 0, 10 ... (mean
5; every moving range 10, so the mean moving range is 10): the upper limit is
5 + 2.66 × 10 = 31.6, the lower -21.6, and the close-to-limit band starts at
5 ± 2/3 × 26.6 = 22.73 and -12.73. The points after it are the ones under test.
"""

from __future__ import annotations

import pytest

from carewatch.domain.spc import (
    Improvement,
    PointType,
    SpcOptions,
    SpcResult,
    SpecialCause,
    analyse,
)

BASELINE = [10.0, 0.0] * 6  # mean 5, limits -21.6 and 31.6, close beyond -12.73 and 22.73
B = len(BASELINE)
IMPROVE = PointType.SPECIAL_CAUSE_IMPROVEMENT
CONCERN = PointType.SPECIAL_CAUSE_CONCERN
COMMON = PointType.COMMON_CAUSE


def chart(tail: list[float], improvement: str = "increase", **options: object) -> SpcResult:
    ys = BASELINE + tail
    return analyse(
        list(range(1, len(ys) + 1)),
        ys,
        SpcOptions(improvement=Improvement(improvement), fix_after=B, **options),  # type: ignore[arg-type]
    )


def tail_causes(result: SpcResult) -> list[SpecialCause | None]:
    return [p.special_cause for p in result.points[B:]]


def tail_types(result: SpcResult) -> list[PointType | None]:
    return [p.point_type for p in result.points[B:]]


def test_the_baseline_gives_the_limits_worked_out_above() -> None:
    phase = chart([]).phases[0]
    assert phase.mean == 5
    assert phase.upl == pytest.approx(31.6)
    assert phase.lpl == pytest.approx(-21.6)
    assert phase.nupl == pytest.approx(5 + 2 / 3 * 26.6)
    assert all(p.point_type is COMMON for p in chart([]).points)


# --- outside the limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cause"),
    [
        (31.6, SpecialCause.COMMON_CAUSE),  # on the upper limit: inside
        (31.7, SpecialCause.ABOVE_UCL),
        (-21.6, SpecialCause.COMMON_CAUSE),  # on the lower limit: inside
        (-21.7, SpecialCause.BELOW_LCL),
    ],
)
def test_a_point_outside_the_limits_and_not_on_them(value: float, cause: SpecialCause) -> None:
    result = chart([value])
    assert tail_causes(result) == [cause]


def test_above_the_upper_limit_is_improvement_when_higher_is_better_and_concern_when_lower() -> (
    None
):
    assert tail_types(chart([40.0], "increase")) == [IMPROVE]
    assert tail_types(chart([40.0], "decrease")) == [CONCERN]
    assert tail_types(chart([40.0], "neither")) == [PointType.SPECIAL_CAUSE_NEUTRAL_HIGH]
    assert tail_types(chart([-30.0], "neither")) == [PointType.SPECIAL_CAUSE_NEUTRAL_LOW]


# --- runs ---------------------------------------------------------------------------------


def test_six_points_above_the_mean_are_not_a_run() -> None:
    assert tail_causes(chart([6.0] * 6)) == [SpecialCause.COMMON_CAUSE] * 6


def test_seven_points_above_the_mean_are_a_run_and_every_one_of_them_is_flagged() -> None:
    result = chart([6.0] * 7 + [0.0])
    assert tail_causes(result) == [SpecialCause.RUN_ABOVE] * 7 + [SpecialCause.COMMON_CAUSE]
    assert tail_types(result) == [IMPROVE] * 7 + [COMMON]


def test_seven_points_below_the_mean_are_a_run_of_concern_when_higher_is_better() -> None:
    result = chart([4.0] * 7)
    assert tail_causes(result) == [SpecialCause.RUN_BELOW] * 7
    assert tail_types(result) == [CONCERN] * 7


def test_a_point_on_the_mean_breaks_a_run() -> None:
    # 3 above, one on the mean (5), 4 above: neither side reaches 7.
    result = chart([6.0, 6.0, 6.0, 5.0, 6.0, 6.0, 6.0, 6.0])
    assert tail_causes(result) == [SpecialCause.COMMON_CAUSE] * 8
    assert result.points[B + 3].relative_to_mean == 0


def test_a_missing_value_breaks_a_run() -> None:
    result = chart([6.0, 6.0, 6.0, None, 6.0, 6.0, 6.0, 6.0])  # type: ignore[list-item]
    causes = tail_causes(result)
    assert causes[3] is None  # the missing point has no type
    assert set(causes[:3] + causes[4:]) == {SpecialCause.COMMON_CAUSE}


# --- trends -------------------------------------------------------------------------------


def test_six_increasing_points_are_not_a_trend() -> None:
    # The baseline ends at 0, so start the tail below 0 to keep it at exactly six rising
    # points; they cross the mean, so they are not a run either.
    result = chart([-1.0, 1.0, 2.0, 3.0, 6.0, 7.0])
    assert tail_causes(result) == [SpecialCause.COMMON_CAUSE] * 6


def test_seven_increasing_points_are_a_trend_even_where_they_are_below_the_mean() -> None:
    # 0 (the last baseline point) then 1 ... 6: seven points each higher than the last. The
    # points below the mean take the trend's direction, not their side (NHSRplotthedots).
    result = chart([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 4.0])
    assert [p.special_cause for p in result.points[B - 1 :]] == (
        [SpecialCause.TREND_INCREASING] * 7 + [SpecialCause.COMMON_CAUSE]
    )
    assert [p.point_type for p in result.points[B - 1 :]] == [IMPROVE] * 7 + [COMMON]


def test_an_equal_value_breaks_a_trend() -> None:
    result = chart([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0])
    assert tail_causes(result) == [SpecialCause.COMMON_CAUSE] * 7


def test_a_falling_trend_is_a_concern_when_higher_is_better() -> None:
    # 10 (the baseline's second-last point is 10, its last 0): start afresh from 9 down.
    result = chart([9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0])
    assert tail_causes(result) == [SpecialCause.TREND_DECREASING] * 7
    assert tail_types(result) == [CONCERN] * 7


def test_a_trend_of_six_counts_when_the_trend_length_is_six() -> None:
    result = chart([-1.0, 1.0, 2.0, 3.0, 6.0, 7.0], trend_length=6)
    assert tail_causes(result) == [SpecialCause.TREND_INCREASING] * 6


def test_a_run_of_seven_does_not_count_when_the_run_length_is_eight() -> None:
    assert tail_causes(chart([6.0] * 7, run_length=8)) == [SpecialCause.COMMON_CAUSE] * 7
    assert tail_causes(chart([6.0] * 8, run_length=8)) == [SpecialCause.RUN_ABOVE] * 8


# --- two of three close to a limit ----------------------------------------------------------


def test_two_of_three_close_to_the_upper_limit_flags_the_two_not_the_third() -> None:
    # 25 is between 22.73 and 31.6; 6 is above the mean but not close.
    result = chart([6.0, 25.0, 6.0, 25.0, 6.0, 0.0])
    assert tail_causes(result) == [
        SpecialCause.COMMON_CAUSE,
        SpecialCause.TWO_IN_THREE_ABOVE,
        SpecialCause.COMMON_CAUSE,
        SpecialCause.TWO_IN_THREE_ABOVE,
        SpecialCause.COMMON_CAUSE,
        SpecialCause.COMMON_CAUSE,
    ]


def test_one_close_point_in_three_is_not_a_signal() -> None:
    assert tail_causes(chart([6.0, 25.0, 6.0, 6.0, 0.0])) == [SpecialCause.COMMON_CAUSE] * 5


def test_two_close_points_on_opposite_sides_are_not_a_signal() -> None:
    # 25 close above, -15 close below (beyond -12.73).
    result = chart([25.0, -15.0, 25.0, -15.0])
    assert tail_causes(result) == [SpecialCause.COMMON_CAUSE] * 4


def test_a_third_point_on_the_mean_stops_two_of_three() -> None:
    # The window must have all three points on one side: 25, 5 (on the mean), 25 is not.
    assert tail_causes(chart([25.0, 5.0, 25.0, 0.0])) == [SpecialCause.COMMON_CAUSE] * 4


def test_two_of_three_close_to_the_lower_limit_is_low() -> None:
    result = chart([-15.0, -15.0, 0.0], "decrease")
    assert tail_causes(result) == [
        SpecialCause.TWO_IN_THREE_BELOW,
        SpecialCause.TWO_IN_THREE_BELOW,
        SpecialCause.COMMON_CAUSE,
    ]
    assert tail_types(result) == [IMPROVE, IMPROVE, COMMON]


# --- precedence -----------------------------------------------------------------------------


def test_a_trend_above_the_mean_is_labelled_a_trend_though_it_is_also_a_run() -> None:
    result = chart([6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0])
    assert tail_causes(result) == [SpecialCause.TREND_INCREASING] * 7
    assert all(p.rules == ("trend", "run") for p in result.points[B:])


def test_outside_the_limits_wins_over_a_run_and_two_of_three_wins_over_a_run() -> None:
    result = chart([6.0, 6.0, 6.0, 6.0, 25.0, 25.0, 40.0])
    assert tail_causes(result) == [SpecialCause.RUN_ABOVE] * 4 + [
        SpecialCause.TWO_IN_THREE_ABOVE,
        SpecialCause.TWO_IN_THREE_ABOVE,
        SpecialCause.ABOVE_UCL,
    ]
    assert result.points[-1].rules == ("outside_limits", "run")
    assert result.points[-2].rules == ("two_in_three", "run")


def test_precedence_decides_the_type_when_rules_point_different_ways() -> None:
    # A falling trend that stays above the mean: the trend (falling, so a concern when
    # higher is better) outranks the run (above, an improvement).
    result = chart([20.0, 18.0, 16.0, 14.0, 12.0, 10.0, 8.0])
    assert tail_causes(result) == [SpecialCause.TREND_DECREASING] * 7
    assert tail_types(result) == [CONCERN] * 7
    assert all("run" in p.rules for p in result.points[B:])
