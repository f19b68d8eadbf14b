"""The XmR chart's centre line and limits for a baseline: the mean, the moving ranges, the
mean moving range (outlying moving ranges screened out), the process limits and the
close-to-limit band.

As NHSRplotthedots computes them (R/ptd_spc_standard.R,
https://github.com/nhs-r-community/NHSRplotthedots), following NHS England's Making Data
Count (https://www.england.nhs.uk/publication/making-data-count-getting-started/):

- mean = the mean of the baseline's values (missing values left out);
- moving range i = |y[i] - y[i-1]| for neighbouring points both present (a missing value
  takes out the two moving ranges either side of it, as R's `diff` does);
- mean moving range = their mean; when screening, moving ranges >= 3.267 × that mean are
  left out and the mean recomputed once;
- process limits = mean ± 2.66 × mean moving range; the close-to-limit band starts two
  thirds of the way from the mean to each limit.

Works along the last axis (one or many series of the same length). Where a baseline has no
value the mean is NaN; where it has no moving range the limits are NaN.

>>> import numpy as np
>>> limits(np.array([[1.0, 2, 3]])).upl.tolist()
[4.66]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carewatch.domain.spc.options import (
    LIMIT_FACTOR,
    OUTLIER_MOVING_RANGE_FACTOR,
)

__all__ = ["Limits", "limits", "moving_ranges"]

# CLOSE_TO_LIMIT_FRACTION (2/3) of 2.66, written as NHSRplotthedots writes it
# (`2 * (limit / 3)`) so that the band's floating-point value is the same.
_CLOSE_FACTOR = 2 * (LIMIT_FACTOR / 3)


@dataclass(frozen=True)
class Limits:
    """One value per series (NaN where undefined)."""

    mean: np.ndarray
    mean_moving_range: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    nlpl: np.ndarray
    nupl: np.ndarray
    values: np.ndarray  # how many values the mean was computed from
    moving_ranges: np.ndarray  # how many moving ranges the mean moving range used
    screened: np.ndarray  # how many moving ranges screening left out


def moving_ranges(y: np.ndarray) -> np.ndarray:
    """|y[i] - y[i-1]| for i >= 1 (NaN where either value is missing).

    >>> moving_ranges(np.array([1.0, 4.0, 2.0])).tolist()
    [3.0, 2.0]
    """
    return np.abs(np.diff(y, axis=-1))


def _mean(values: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    count = keep.sum(axis=-1)
    total = np.where(keep, values, 0.0).sum(axis=-1)
    mean = np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)
    return mean, count


def limits(baseline: np.ndarray, *, screen_outliers: bool = True) -> Limits:
    """The mean and limits of each baseline row (shape `(..., k)`).

    A moving range is screened out when it is at or above 3.267 × the mean moving range. When
    every moving range is 0 (a constant baseline) none is screened and the limits sit on the
    mean; NHSRplotthedots would screen them all and give no limits (docs/deviations.md).
    """
    present = ~np.isnan(baseline)
    mean, values = _mean(baseline, present)
    ranges = moving_ranges(baseline)
    has_range = ~np.isnan(ranges)
    amr, count = _mean(ranges, has_range)
    if screen_outliers:
        threshold = OUTLIER_MOVING_RANGE_FACTOR * amr[..., None]
        keep = has_range & ((ranges < threshold) | (amr[..., None] == 0))
        screened = count - keep.sum(axis=-1)
        amr, count = _mean(ranges, keep)
    else:
        screened = np.zeros(count.shape, dtype=count.dtype)
    spread = LIMIT_FACTOR * amr
    near = _CLOSE_FACTOR * amr
    return Limits(
        mean=mean,
        mean_moving_range=amr,
        lpl=mean - spread,
        upl=mean + spread,
        nlpl=mean - near,
        nupl=mean + near,
        values=values,
        moving_ranges=count,
        screened=screened,
    )
