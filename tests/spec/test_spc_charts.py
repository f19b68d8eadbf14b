"""XmR charts: limits, screening, fixed baselines, recorded recalculations (phases), missing
values, short and constant series, the summary (variation and assurance) and its icons.

Sources: NHS England, Making Data Count
(https://www.england.nhs.uk/publication/making-data-count-getting-started/); NHSRplotthedots
R/ptd_spc_standard.R (limits, screening, fix_after_n_points, rebase groups),
R/ptd_calculate_assurance_type.R and R/ptd_spc.R `summary` (assurance from the last phase's
limits). Expected numbers are worked out by hand beside each case. Where carewatch departs
from NHSRplotthedots (constant series, missing values) docs/deviations.md says why.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from carewatch.domain.spc import (
    Assurance,
    Improvement,
    PointType,
    Recalculation,
    SpcInputError,
    SpcOptions,
    analyse,
    analyse_arrays,
    analyse_many,
    assurance_icon,
    variation_icon,
    variation_icon_for,
)

COMMON = PointType.COMMON_CAUSE


def months(n: int, start: dt.date = dt.date(2020, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(n)
    ]


# --- limits ---------------------------------------------------------------------------------


def test_limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges() -> None:
    # 2, 4, 3, 5, 6: mean 4; moving ranges 2, 1, 2, 1, mean 1.5; limits 4 ± 3.99.
    phase = analyse(range(5), [2, 4, 3, 5, 6]).phases[0]
    assert phase.mean == 4
    assert phase.mean_moving_range == 1.5
    assert phase.lpl == pytest.approx(0.01)
    assert phase.upl == pytest.approx(7.99)
    assert phase.nupl == pytest.approx(4 + 2 / 3 * 3.99)


def test_a_moving_range_of_3_267_times_the_mean_or_more_is_screened_out() -> None:
    # 0, 1, 0, 1, 0, 10: moving ranges 1, 1, 1, 1, 10, mean 2.8; 10 >= 3.267 × 2.8 = 9.15
    # is screened, leaving mean 1 and limits 2 ± 2.66.
    result = analyse(range(6), [0, 1, 0, 1, 0, 10])
    phase = result.phases[0]
    assert phase.screened_moving_ranges == 1
    assert phase.mean_moving_range == 1
    assert phase.upl == pytest.approx(2 + 2.66)
    unscreened = analyse(range(6), [0, 1, 0, 1, 0, 10], SpcOptions(screen_outliers=False))
    assert unscreened.phases[0].mean_moving_range == pytest.approx(2.8)
    assert unscreened.phases[0].screened_moving_ranges == 0


def test_a_moving_range_just_below_the_screening_threshold_is_kept() -> None:
    # Moving ranges 1, 1, 1, 1, 3: mean 1.4, threshold 4.57; 3 is kept.
    phase = analyse(range(6), [0, 1, 0, 1, 0, 3]).phases[0]
    assert phase.screened_moving_ranges == 0
    assert phase.mean_moving_range == pytest.approx(1.4)


# --- fixed baselines ---------------------------------------------------------------------


def test_fix_after_n_points_computes_the_limits_from_the_first_n_and_extends_them() -> None:
    # First 4: 1, 3, 1, 3 → mean 2, mean moving range 2, limits 2 ± 5.32. Then 9 > 7.32.
    result = analyse(range(6), [1, 3, 1, 3, 9, 9], SpcOptions(fix_after=4))
    phase = result.phases[0]
    assert (phase.mean, phase.mean_moving_range, phase.baseline_points) == (2, 2, 4)
    assert all(p.upl == pytest.approx(7.32) for p in result.points)
    assert [p.outside_limits for p in result.points] == [False] * 4 + [True, True]


def test_fix_after_counts_points_including_missing_ones() -> None:
    # NHSRplotthedots counts rows: the first 4 points hold 3 values (1, 3, 3).
    result = analyse(range(6), [1, None, 3, 3, 100, 100], SpcOptions(fix_after=4))
    assert result.phases[0].baseline_points == 3
    assert result.phases[0].mean == pytest.approx(7 / 3)


def test_fix_after_longer_than_the_series_uses_every_point() -> None:
    result = analyse(range(3), [1, 2, 3], SpcOptions(fix_after=12))
    assert result.phases[0].baseline_points == 3


# --- recalculation (phases) ---------------------------------------------------------------


def test_a_recorded_recalculation_starts_a_phase_with_its_own_mean_and_limits() -> None:
    xs = months(8)
    options = SpcOptions(recalculate_at=(Recalculation(at=xs[4], reason="New triage pathway"),))
    result = analyse(xs, [10, 12, 10, 12, 20, 22, 20, 22], options)
    first, second = result.phases
    assert (first.index, first.start_x, first.reason, first.mean) == (0, xs[0], None, 11)
    assert (second.index, second.start_x, second.reason, second.mean) == (
        1,
        xs[4],
        "New triage pathway",
        21,
    )
    assert first.end_x == xs[3]
    assert second.end_x == xs[7]
    assert [p.phase for p in result.points] == [0] * 4 + [1] * 4
    assert [p.mean for p in result.points] == [11] * 4 + [21] * 4


def test_rules_are_evaluated_within_a_phase_so_a_run_across_a_recalculation_is_no_run() -> None:
    # 0, 10 ×5 then 6 ×4 | 6 ×3 then 0, 14 ×4. As one phase (mean 148/25 = 5.92) the seven
    # 6s are a run above the mean; split, phase 1 (mean 74/14 = 5.29) ends with four 6s and
    # phase 2 (mean 74/11 = 6.73) starts with three, below its mean.
    ys = [0, 10] * 5 + [6] * 4 + [6] * 3 + [0, 14] * 4
    xs = list(range(1, len(ys) + 1))
    whole = analyse(xs, ys)
    assert whole.phases[0].mean == pytest.approx(5.92)
    assert {p.point_type for p in whole.points[10:17]} == {PointType.SPECIAL_CAUSE_NEUTRAL_HIGH}
    split = analyse(xs, ys, SpcOptions(recalculate_at=(Recalculation(at=15, reason="rebase"),)))
    assert {p.point_type for p in split.points[10:17]} == {COMMON}


def test_fix_after_applies_within_each_phase() -> None:
    ys = [1, 3, 1, 3, 50, 10, 12, 10, 12, 50]
    options = SpcOptions(fix_after=4, recalculate_at=(Recalculation(at=5, reason="r"),))
    result = analyse(range(10), ys, options)
    assert [p.mean for p in result.phases] == [2, 11]
    assert [p.baseline_points for p in result.phases] == [4, 4]


def test_a_recalculation_at_the_first_point_names_the_first_phase() -> None:
    result = analyse(range(3), [1, 2, 3], SpcOptions(recalculate_at=(Recalculation(0, "r"),)))
    assert len(result.phases) == 1
    assert result.phases[0].reason == "r"


def test_a_recalculation_is_never_made_automatically() -> None:
    # A sustained shift is flagged, not rebased: one phase.
    result = analyse(range(20), [1, 2] * 5 + [30, 31] * 5, SpcOptions(improvement="increase"))
    assert len(result.phases) == 1


# --- summary: variation and assurance -----------------------------------------------------


def test_the_variation_is_the_type_of_the_latest_point() -> None:
    # 1, 3, 1, 3, 2, 30: limits 2.01 and 11.32, band edges 3.56 and 9.77 (worked out in the
    # icons test below), so 30 is above the upper limit; with the limits fixed after those six
    # points, a 5 after it is common cause, and so is the chart's variation.
    options = SpcOptions(improvement="decrease", fix_after=6)
    result = analyse(range(6), [1, 3, 1, 3, 2, 30], options)
    assert result.variation is PointType.SPECIAL_CAUSE_CONCERN
    result = analyse(range(7), [1, 3, 1, 3, 2, 30, 5], options)
    assert result.points[5].point_type is PointType.SPECIAL_CAUSE_CONCERN
    assert result.variation is COMMON


@pytest.mark.parametrize(
    ("improvement", "target", "assurance"),
    [
        # 1, 3, 1, 3: mean 2, limits -3.32 and 7.32.
        ("increase", 8, Assurance.CONSISTENT_FAIL),
        ("increase", -4, Assurance.CONSISTENT_PASS),
        ("increase", 5, Assurance.INCONSISTENT),
        ("decrease", 8, Assurance.CONSISTENT_PASS),
        ("decrease", -4, Assurance.CONSISTENT_FAIL),
        ("decrease", 5, Assurance.INCONSISTENT),
        ("neither", 8, None),
        ("increase", None, None),
    ],
)
def test_assurance_against_the_target(
    improvement: str, target: float | None, assurance: Assurance | None
) -> None:
    options = SpcOptions(improvement=Improvement(improvement), target=target)
    assert analyse(range(4), [1, 3, 1, 3], options).assurance is assurance


def test_a_target_exactly_on_a_limit_is_inconsistent() -> None:
    # 0, 1, 0, 1: mean 0.5, mean moving range 1, upper limit 3.16.
    options = SpcOptions(improvement="increase", target=0.5 + 2.66)
    assert analyse(range(4), [0, 1, 0, 1], options).assurance is Assurance.INCONSISTENT


def test_assurance_uses_the_last_phases_limits() -> None:
    # Phase 1 (1, 3, 1, 3) has limits -3.32..7.32; phase 2 (20, 22, 20, 22) 15.68..26.32.
    options = SpcOptions(
        improvement="increase", target=10, recalculate_at=(Recalculation(4, "new service"),)
    )
    result = analyse(range(8), [1, 3, 1, 3, 20, 22, 20, 22], options)
    assert result.assurance is Assurance.CONSISTENT_PASS


# --- icons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "improvement", "code", "label"),
    [
        (COMMON, "increase", "common-cause", "Common cause variation"),
        (
            PointType.SPECIAL_CAUSE_IMPROVEMENT,
            "increase",
            "improvement-high",
            "Special cause variation – improvement (high)",
        ),
        (
            PointType.SPECIAL_CAUSE_IMPROVEMENT,
            "decrease",
            "improvement-low",
            "Special cause variation – improvement (low)",
        ),
        (
            PointType.SPECIAL_CAUSE_CONCERN,
            "increase",
            "concern-low",
            "Special cause variation – concern (low)",
        ),
        (
            PointType.SPECIAL_CAUSE_CONCERN,
            "decrease",
            "concern-high",
            "Special cause variation – concern (high)",
        ),
        (
            PointType.SPECIAL_CAUSE_NEUTRAL_HIGH,
            "neither",
            "neutral-high",
            "Special cause variation – neither improvement nor concern (high)",
        ),
        (
            PointType.SPECIAL_CAUSE_NEUTRAL_LOW,
            "neither",
            "neutral-low",
            "Special cause variation – neither improvement nor concern (low)",
        ),
    ],
)
def test_variation_icons_in_nhs_englands_words(
    kind: PointType, improvement: str, code: str, label: str
) -> None:
    icon = variation_icon_for(kind, Improvement(improvement))
    assert (icon.kind, icon.code, icon.label) == (kind, code, label)


def test_the_chart_icons_are_those_of_its_summary() -> None:
    # Mean 40/6 = 6.67; moving ranges 2, 2, 2, 1, 28: 28 >= 3.267 × 7 is screened, leaving
    # 1.75, so the limits are 6.67 ± 4.66 = 2.01 and 11.32 (band edges 6.67 ± 3.10): 30 is
    # a high concern, the target 8 lies inside the limits.
    result = analyse(range(6), [1, 3, 1, 3, 2, 30], SpcOptions(improvement="decrease", target=8))
    icon = variation_icon(result)
    assert icon is not None
    assert icon.code == "concern-high"
    assurance = assurance_icon(result)
    assert assurance is not None
    assert assurance.code == "inconsistent"
    assert assurance.label == ("Variation indicates inconsistently passing and failing the target")
    assert assurance_icon(analyse(range(2), [1, 2])) is None


# --- short, constant and missing ------------------------------------------------------------


def test_no_points_give_an_empty_chart_with_no_summary() -> None:
    result = analyse([], [], SpcOptions(improvement="increase", target=1))
    assert (result.points, result.phases, result.variation, result.assurance) == (
        (),
        (),
        None,
        None,
    )
    assert variation_icon(result) is None


def test_one_point_has_a_mean_but_no_limits_and_is_common_cause() -> None:
    result = analyse([dt.date(2020, 1, 1)], [7], SpcOptions(improvement="increase", target=5))
    (point,) = result.points
    assert (point.mean, point.lpl, point.upl, point.point_type) == (7, None, None, COMMON)
    # NHSRplotthedots compares the target with missing limits and answers inconsistent.
    assert result.assurance is Assurance.INCONSISTENT


def test_two_points_have_limits_from_their_one_moving_range() -> None:
    # 1, 3: mean 2, moving range 2 (below 3.267 × 2, so kept), limits 2 ± 5.32.
    phase = analyse(range(2), [1, 3]).phases[0]
    assert phase.lpl == pytest.approx(-3.32)
    assert phase.upl == pytest.approx(7.32)


def test_a_constant_series_has_limits_on_the_mean_and_only_common_cause() -> None:
    for screen in (True, False):
        result = analyse(range(10), [5] * 10, SpcOptions(screen_outliers=screen))
        phase = result.phases[0]
        assert (phase.mean, phase.lpl, phase.upl, phase.screened_moving_ranges) == (5, 5, 5, 0)
        assert {p.point_type for p in result.points} == {COMMON}
        assert {p.relative_to_mean for p in result.points} == {0}


def test_a_missing_value_is_kept_with_no_type_and_left_out_of_the_calculations() -> None:
    # 1, -, 3, 4: mean 8/3; the two moving ranges beside the gap are unknown, leaving |4-3|.
    result = analyse(range(4), [1, None, 3, 4])
    phase = result.phases[0]
    assert phase.mean == pytest.approx(8 / 3)
    assert (phase.baseline_points, phase.moving_ranges, phase.mean_moving_range) == (3, 1, 1)
    missing = result.points[1]
    assert (missing.y, missing.point_type, missing.relative_to_mean) == (None, None, None)
    assert missing.mean == pytest.approx(8 / 3)  # the line runs on through the gap


def test_nan_is_missing_too() -> None:
    assert analyse(range(3), [1, math.nan, 3]).points[1].y is None


def test_the_summary_describes_the_latest_point_with_a_value() -> None:
    result = analyse(range(7), [1, 3, 1, 3, 2, 30, None], SpcOptions(improvement="increase"))
    assert result.variation is PointType.SPECIAL_CAUSE_IMPROVEMENT
    assert result.last_point is not None
    assert result.last_point.y == 30


def test_a_series_with_no_values_has_no_mean_limits_or_summary() -> None:
    result = analyse(range(2), [None, None], SpcOptions(improvement="increase", target=1))
    assert result.phases[0].mean is None
    assert result.phases[0].upl is None
    assert [p.point_type for p in result.points] == [None, None]
    assert (result.variation, result.assurance) == (None, None)


# --- input errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xs", "ys", "options", "argument", "position"),
    [
        ([1, 2, 3], [1, 2], SpcOptions(), "ys", None),
        ([1, 2, 3], [1, "2", 3], SpcOptions(), "ys", 1),
        ([1, 2, 3], [1, math.inf, 3], SpcOptions(), "ys", 1),
        ([1, 2, 3], [1, True, 3], SpcOptions(), "ys", 1),
        ([1, 2, 2], [1, 2, 3], SpcOptions(), "xs", 2),
        (
            [1, 2, 3],
            [1, 2, 3],
            SpcOptions(recalculate_at=(Recalculation(2, "a"), Recalculation(9, "b"))),
            "options.recalculate_at",
            1,
        ),
    ],
)
def test_input_that_cannot_be_analysed_is_refused_naming_argument_and_position(
    xs: list[int], ys: list[object], options: SpcOptions, argument: str, position: int | None
) -> None:
    with pytest.raises(SpcInputError) as raised:
        analyse(xs, ys, options)  # type: ignore[arg-type]
    assert (raised.value.argument, raised.value.position) == (argument, position)
    assert str(raised.value).startswith(argument)


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"fix_after": 1}, "options.fix_after"),
        ({"fix_after": 2.5}, "options.fix_after"),
        ({"run_length": 1}, "options.run_length"),
        ({"trend_length": 0}, "options.trend_length"),
        ({"improvement": "sideways"}, "options.improvement"),
        ({"target": math.nan}, "options.target"),
        ({"target": "95"}, "options.target"),
        (
            {"recalculate_at": (Recalculation(1, "a"), Recalculation(1, "b"))},
            "options.recalculate_at",
        ),
    ],
)
def test_options_are_checked_when_built(options: dict[str, object], argument: str) -> None:
    with pytest.raises(SpcInputError) as raised:
        SpcOptions(**options)  # type: ignore[arg-type]
    assert raised.value.argument == argument


def test_a_recalculation_needs_a_reason() -> None:
    with pytest.raises(SpcInputError) as raised:
        Recalculation(at=dt.date(2020, 1, 1), reason="  ")
    assert raised.value.argument == "recalculation.reason"


def test_neutral_is_accepted_for_neither_as_nhsrplotthedots_calls_it() -> None:
    assert SpcOptions(improvement="neutral").improvement is Improvement.NEITHER  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("matrix", "starts", "argument"),
    [
        ([[1.0, math.inf, 3.0]], (0,), "matrix"),
        ([[[1.0, 2.0]]], (0,), "matrix"),
        ([[1.0, 2.0, 3.0]], (1,), "phase_starts"),
        ([[1.0, 2.0, 3.0]], (0, 3), "phase_starts"),
    ],
)
def test_the_batch_engine_refuses_what_it_cannot_analyse(
    matrix: list[object], starts: tuple[int, ...], argument: str
) -> None:
    with pytest.raises(SpcInputError) as raised:
        analyse_arrays(matrix, SpcOptions(), phase_starts=starts)  # type: ignore[arg-type]
    assert raised.value.argument == argument


def test_many_series_need_one_x_per_point() -> None:
    with pytest.raises(SpcInputError) as raised:
        analyse_many([[1.0, 2.0, 3.0]], xs=[1, 2])
    assert raised.value.argument == "xs"
