"""The Making Data Count rules, one small pure function each.

Every function works along the last axis of a numpy array, so the same code checks one series
(shape `(n,)`) or many of the same length at once (shape `(m, n)`). A missing value is NaN in
`y`, 0 in `relative_to_mean` and False in the flags, so a missing point breaks every run,
trend and 2-of-3 window it would belong to.

The rules and their precedence follow NHSRplotthedots, R/ptd_calculate_point_type.R
(https://github.com/nhs-r-community/NHSRplotthedots), which implements NHS England's Making
Data Count rules (https://www.england.nhs.uk/publication/making-data-count-getting-started/):

1. a point outside the process limits;
2. a trend: 7 points in a row each higher (or each lower) than the one before; an equal value
   breaks it;
3. two out of three points in a row close to a limit (beyond two thirds of the way from the
   mean), all three on the same side of the mean;
4. a run: 7 points in a row on one side of the mean; a point on the mean breaks it.

>>> import numpy as np
>>> trend(np.array([1.0, 2, 3, 4, 5, 6, 7])).tolist()
[0, 0, 0, 0, 0, 0, 1]
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from carewatch.domain.spc.options import RUN_LENGTH, TREND_LENGTH
from carewatch.domain.spc.words import Improvement, PointType, SpecialCause

__all__ = [
    "POINT_TYPES",
    "SPECIAL_CAUSES",
    "close_to_limits",
    "outside_limits",
    "part_of",
    "part_of_two_in_three",
    "point_type_codes",
    "relative_to_mean",
    "run",
    "special_cause_codes",
    "trend",
    "two_in_three",
]

SPECIAL_CAUSES: tuple[SpecialCause, ...] = tuple(SpecialCause)
"""Code i in a special-cause array means SPECIAL_CAUSES[i]; -1 means a missing point."""
_CODE = {cause: index for index, cause in enumerate(SPECIAL_CAUSES)}
_SIDE = np.array([cause.side for cause in SPECIAL_CAUSES] + [0], dtype=np.int8)

POINT_TYPES: tuple[PointType, ...] = tuple(PointType)
"""Code i in a point-type array means POINT_TYPES[i]; -1 means a missing point."""
_TYPE = {kind: index for index, kind in enumerate(POINT_TYPES)}


def relative_to_mean(y: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """+1 above the mean, -1 below, 0 on it, missing, or when there is no mean.

    `mean` has one value per series (shape `y.shape[:-1]`).
    """
    diff = y - np.asarray(mean)[..., None]
    return np.where(np.isnan(diff), 0, np.sign(diff)).astype(np.int8)


def outside_limits(y: np.ndarray, lpl: np.ndarray, upl: np.ndarray) -> np.ndarray:
    """True where a point lies above the upper or below the lower process limit (strictly:
    a point on a limit is inside). False for missing points and where there are no limits."""
    return (y > np.asarray(upl)[..., None]) | (y < np.asarray(lpl)[..., None])


def close_to_limits(
    y: np.ndarray, nlpl: np.ndarray, nupl: np.ndarray, outside: np.ndarray
) -> np.ndarray:
    """True where a point is inside the limits but beyond two thirds of the way to one."""
    near = (y > np.asarray(nupl)[..., None]) | (y < np.asarray(nlpl)[..., None])
    return near & ~outside


def run(relative: np.ndarray, length: int = RUN_LENGTH) -> np.ndarray:
    """True at the last point of every `length` points in a row on the same side of the mean.

    >>> run(np.array([1, 1, 1, 1, 1, 1, 1, 1, -1])).astype(int).tolist()
    [0, 0, 0, 0, 0, 0, 1, 1, 0]
    """
    out = np.zeros(relative.shape, dtype=bool)
    if relative.shape[-1] < length:
        return out
    windows = sliding_window_view(relative, length, axis=-1)
    out[..., length - 1 :] = (windows == 1).all(axis=-1) | (windows == -1).all(axis=-1)
    return out


def trend(y: np.ndarray, length: int = TREND_LENGTH) -> np.ndarray:
    """+1 (or -1) at the last point of every `length` points in a row each strictly higher
    (or lower) than the one before; 0 elsewhere. Equal or missing values break a trend.

    >>> trend(np.array([1.0, 2, 3, 3, 4, 5, 6])).tolist()
    [0, 0, 0, 0, 0, 0, 0]
    """
    out = np.zeros(y.shape, dtype=np.int8)
    if y.shape[-1] < length:
        return out
    steps = np.diff(y, axis=-1)
    rising = sliding_window_view(steps > 0, length - 1, axis=-1).all(axis=-1)
    falling = sliding_window_view(steps < 0, length - 1, axis=-1).all(axis=-1)
    out[..., length - 1 :] = rising.astype(np.int8) - falling.astype(np.int8)
    return out


def part_of(flags: np.ndarray, length: int) -> np.ndarray:
    """True at every point of a flagged run or trend: a point is part of one when it or one
    of the next `length - 1` points ends one.

    >>> part_of(np.array([0, 0, 0, 0, 0, 0, 0, 1, 0]), 7).astype(int).tolist()
    [0, 1, 1, 1, 1, 1, 1, 1, 0]
    """
    ends = np.asarray(flags) != 0
    pad = [(0, 0)] * (ends.ndim - 1) + [(0, length - 1)]
    return np.asarray(sliding_window_view(np.pad(ends, pad), length, axis=-1).any(axis=-1))


def two_in_three(close: np.ndarray, relative: np.ndarray) -> np.ndarray:
    """True at every point of a window of three consecutive points in which at least two are
    close to a limit and all three are on the same side of the mean.

    >>> two_in_three(np.array([1, 0, 1]), np.array([1, -1, 1])).astype(int).tolist()
    [0, 0, 0]
    """
    out = np.zeros(close.shape, dtype=bool)
    if close.shape[-1] < 3:
        return out
    near = sliding_window_view(np.asarray(close, dtype=np.int8), 3, axis=-1).sum(axis=-1)
    side = sliding_window_view(np.asarray(relative, dtype=np.int8), 3, axis=-1).sum(axis=-1)
    window = (near >= 2) & (np.abs(side) == 3)
    pad = [(0, 0)] * (window.ndim - 1) + [(2, 2)]
    return np.asarray(sliding_window_view(np.pad(window, pad), 3, axis=-1).any(axis=-1))


def part_of_two_in_three(flags: np.ndarray, close: np.ndarray) -> np.ndarray:
    """Of a 2-of-3 window, only the points close to a limit are signals (not the third)."""
    return (np.asarray(flags) != 0) & (np.asarray(close) != 0)


def special_cause_codes(
    y: np.ndarray,
    relative: np.ndarray,
    close: np.ndarray,
    outside: np.ndarray,
    *,
    run_length: int = RUN_LENGTH,
    trend_length: int = TREND_LENGTH,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each point's special cause as a code into SPECIAL_CAUSES (-1 for a missing point),
    taking the first rule that flags it in NHSRplotthedots' order: outside the limits, trend,
    2 of 3, run. Also returns each rule's own flags (by Rule value) for annotation.

    A trend point takes the direction of the step to its right when the next point is also
    part of a trend, else of the step to its left, as NHSRplotthedots does
    (`ptd_special_cause_type`).
    """
    in_trend = part_of(trend(y, trend_length), trend_length)
    in_two_in_three = part_of_two_in_three(two_in_three(close, relative), close)
    in_run = part_of(run(relative, run_length), run_length)

    steps = np.diff(y, axis=-1)
    steps = np.where(np.isnan(steps), 0, np.sign(steps)).astype(np.int8)
    zero = np.zeros((*y.shape[:-1], 1), dtype=np.int8)
    right = np.concatenate([steps, steps[..., -1:] if steps.shape[-1] else zero], axis=-1)
    left = np.concatenate([zero, steps], axis=-1)
    next_in_trend = np.concatenate([in_trend[..., 1:], zero.astype(bool)], axis=-1)
    direction = np.where(next_in_trend & in_trend, right, left)

    above = relative > 0
    codes: np.ndarray = np.full(y.shape, _CODE[SpecialCause.COMMON_CAUSE], dtype=np.int8)
    for flagged, high, low in (
        (in_run, SpecialCause.RUN_ABOVE, SpecialCause.RUN_BELOW),
        (in_two_in_three, SpecialCause.TWO_IN_THREE_ABOVE, SpecialCause.TWO_IN_THREE_BELOW),
    ):
        codes = np.where(flagged, np.where(above, _CODE[high], _CODE[low]), codes)
    trend_code = np.where(
        direction == 1, _CODE[SpecialCause.TREND_INCREASING], _CODE[SpecialCause.TREND_DECREASING]
    )
    codes = np.where(in_trend, trend_code, codes)
    outside_code = np.where(
        relative == 1, _CODE[SpecialCause.ABOVE_UCL], _CODE[SpecialCause.BELOW_LCL]
    )
    codes = np.where(outside, outside_code, codes)
    codes = np.asarray(np.where(np.isnan(y), -1, codes), dtype=np.int8)
    flags: dict[str, np.ndarray] = {
        "outside_limits": np.asarray(outside, dtype=bool),
        "trend": in_trend,
        "two_in_three": in_two_in_three,
        "run": in_run,
    }
    return codes, flags


def point_type_codes(special: np.ndarray, improvement: Improvement) -> np.ndarray:
    """Each point's type as a code into POINT_TYPES (-1 for a missing point): a high signal
    (above, increasing) is an improvement when higher is better, a concern when lower is
    better and neutral high when neither; a low signal the reverse (`ptd_point_type`)."""
    side = _SIDE[special]  # code -1 picks the trailing 0
    if improvement is Improvement.NEITHER:
        high, low = PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PointType.SPECIAL_CAUSE_NEUTRAL_LOW
    else:
        side = side * improvement.sign
        high, low = PointType.SPECIAL_CAUSE_IMPROVEMENT, PointType.SPECIAL_CAUSE_CONCERN
    codes = np.where(
        side > 0, _TYPE[high], np.where(side < 0, _TYPE[low], _TYPE[PointType.COMMON_CAUSE])
    )
    return np.where(special < 0, -1, codes).astype(np.int8)
