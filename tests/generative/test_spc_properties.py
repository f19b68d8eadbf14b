"""Properties of XmR charts that hold for every series.

- Shifting every value by c shifts the mean and limits by c and leaves the moving ranges and
  every point's type alone (unless a point sits so close to a line that rounding decides).
- Scaling every value by a > 0 scales the mean, the mean moving range and the limits by a;
  by a power of two (exact in floating point) the point types do not change at all.
- Swapping the improvement direction swaps improvement and concern (and leaves neutral and
  common cause alone); negating the values does too; doing both changes nothing.
- The batch engine (`analyse_many`) gives exactly what `analyse` gives, series by series.
- A chart has one point per value, in the order given, and missing values have no type.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from carewatch.domain.spc import (
    Improvement,
    PointType,
    Recalculation,
    SpcOptions,
    SpcResult,
    analyse,
    analyse_many,
)

value = st.integers(min_value=-60, max_value=60).map(float)
maybe_missing = st.one_of(value, value, value, value, value, value, st.none())
series = st.lists(maybe_missing, max_size=40)
complete_series = st.lists(value, min_size=2, max_size=40)
directions = st.sampled_from(list(Improvement))


@st.composite
def options_for(draw: st.DrawFn, n: int) -> SpcOptions:
    starts = draw(st.lists(st.integers(min_value=1, max_value=max(n - 1, 1)), max_size=2))
    return SpcOptions(
        improvement=draw(directions),
        target=draw(st.one_of(st.none(), value)),
        fix_after=draw(st.one_of(st.none(), st.integers(min_value=2, max_value=20))),
        recalculate_at=tuple(
            Recalculation(at=s, reason="decision") for s in sorted(set(starts)) if s < n
        ),
        screen_outliers=draw(st.booleans()),
        run_length=draw(st.sampled_from([6, 7, 8])),
        trend_length=draw(st.sampled_from([6, 7])),
    )


SWAP = {
    PointType.SPECIAL_CAUSE_IMPROVEMENT: PointType.SPECIAL_CAUSE_CONCERN,
    PointType.SPECIAL_CAUSE_CONCERN: PointType.SPECIAL_CAUSE_IMPROVEMENT,
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: PointType.SPECIAL_CAUSE_NEUTRAL_LOW,
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: PointType.SPECIAL_CAUSE_NEUTRAL_HIGH,
}


def types(result: SpcResult) -> list[PointType | None]:
    return [p.point_type for p in result.points]


def near_a_line(result: SpcResult, slack: float = 1e-6) -> bool:
    """True when some value is within `slack` of its phase's mean, a limit or a band edge,
    where floating-point rounding of a shifted series may decide which side it is on."""
    for p in result.points:
        for line in (p.mean, p.lpl, p.upl, p.nlpl, p.nupl):
            if p.y is not None and line is not None and abs(p.y - line) < slack:
                return True
    return False


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@given(complete_series, st.integers(min_value=-1000, max_value=1000), directions)
def test_shifting_the_values_shifts_the_lines_and_keeps_the_types(
    ys: list[float], c: int, improvement: Improvement
) -> None:
    options = SpcOptions(improvement=improvement)
    before = analyse(range(len(ys)), ys, options)
    after = analyse(range(len(ys)), [y + c for y in ys], options)
    (b,), (a,) = before.phases, after.phases
    assert close(a.mean, b.mean + c if b.mean is not None else None)
    assert close(a.mean_moving_range, b.mean_moving_range)
    assert close(a.lpl, b.lpl + c if b.lpl is not None else None)
    assert close(a.upl, b.upl + c if b.upl is not None else None)
    if not near_a_line(before):
        assert types(after) == types(before)


@given(complete_series, st.floats(min_value=0.01, max_value=1000), directions)
def test_scaling_the_values_scales_the_lines(
    ys: list[float], a: float, improvement: Improvement
) -> None:
    options = SpcOptions(improvement=improvement)
    (b,) = analyse(range(len(ys)), ys, options).phases
    (s,) = analyse(range(len(ys)), [y * a for y in ys], options).phases
    for name in ("mean", "mean_moving_range", "lpl", "upl", "nlpl", "nupl"):
        original, scaled = getattr(b, name), getattr(s, name)
        assert close(scaled, original * a if original is not None else None), name


@given(series, st.integers(min_value=-6, max_value=6), directions)
def test_scaling_by_a_power_of_two_keeps_every_type(
    ys: list[float | None], power: int, improvement: Improvement
) -> None:
    a = 2.0**power
    options = SpcOptions(improvement=improvement)
    before = analyse(range(len(ys)), ys, options)
    after = analyse(range(len(ys)), [None if y is None else y * a for y in ys], options)
    assert types(after) == types(before)
    assert [p.special_cause for p in after.points] == [p.special_cause for p in before.points]


def _has_flat_step_between_trends(result: SpcResult) -> bool:
    """Where one trend ends and the next begins on an equal value, NHSRplotthedots labels the
    point by the flat step to its right ("Decreasing" whichever way it runs); that one label
    is not mirror-symmetric, so the mirror properties skip it (docs/spc.md)."""
    points = result.points
    return any(
        "trend" in p.rules and "trend" in q.rules and p.y == q.y
        for p, q in itertools.pairwise(points)
    )


@given(series, st.sampled_from([Improvement.INCREASE, Improvement.DECREASE]))
def test_swapping_the_direction_swaps_improvement_and_concern(
    ys: list[float | None], improvement: Improvement
) -> None:
    other = Improvement.DECREASE if improvement is Improvement.INCREASE else Improvement.INCREASE
    one = analyse(range(len(ys)), ys, SpcOptions(improvement=improvement))
    two = analyse(range(len(ys)), ys, SpcOptions(improvement=other))
    assert types(two) == [SWAP.get(t, t) if t else None for t in types(one)]


@given(series, directions)
def test_negating_the_values_swaps_improvement_and_concern_and_mirrors_the_limits(
    ys: list[float | None], improvement: Improvement
) -> None:
    options = SpcOptions(improvement=improvement)
    one = analyse(range(len(ys)), ys, options)
    two = analyse(range(len(ys)), [None if y is None else -y for y in ys], options)
    assume(not _has_flat_step_between_trends(one))
    assert types(two) == [SWAP.get(t, t) if t else None for t in types(one)]
    for p, q in zip(one.phases, two.phases, strict=True):
        assert q.mean == (None if p.mean is None else -p.mean)
        assert q.upl == (None if p.lpl is None else -p.lpl)


@given(series, st.sampled_from([Improvement.INCREASE, Improvement.DECREASE]))
def test_negating_the_values_and_swapping_the_direction_changes_no_type(
    ys: list[float | None], improvement: Improvement
) -> None:
    other = Improvement.DECREASE if improvement is Improvement.INCREASE else Improvement.INCREASE
    one = analyse(range(len(ys)), ys, SpcOptions(improvement=improvement))
    two = analyse(
        range(len(ys)), [None if y is None else -y for y in ys], SpcOptions(improvement=other)
    )
    assume(not _has_flat_step_between_trends(one))
    assert types(two) == types(one)


@given(st.data(), st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=6))
def test_the_batch_engine_equals_the_single_series_engine(
    data: st.DataObject, n: int, m: int
) -> None:
    rows = data.draw(
        st.lists(st.lists(maybe_missing, min_size=n, max_size=n), min_size=m, max_size=m)
    )
    options = data.draw(options_for(n))
    xs = list(range(n))
    matrix = np.array([[math.nan if y is None else y for y in row] for row in rows], dtype=float)
    batch = analyse_many(matrix, options, xs=xs)
    assert batch == [analyse(xs, row, options) for row in rows]


@given(series)
def test_one_point_per_value_in_order_and_missing_values_have_no_type(
    ys: list[float | None],
) -> None:
    result = analyse(range(len(ys)), ys, SpcOptions(improvement=Improvement.INCREASE))
    assert [p.y for p in result.points] == ys
    assert [p.x for p in result.points] == list(range(len(ys)))
    assert all((p.point_type is None) == (p.y is None) for p in result.points)
