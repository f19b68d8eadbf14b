"""What an SPC analysis returns: the chart's points and phases with the summary a board reads
first (`SpcResult`), and the arrays of a batch analysed at once (`SpcArrays`).

>>> from carewatch.domain.spc import analyse
>>> result = analyse(["Jan", "Feb", "Mar"], [4.0, 5.0, None])
>>> result.last_point.x, result.points[-1].point_type is None
('Feb', True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carewatch.domain.spc.options import SpcOptions, X
from carewatch.domain.spc.words import Assurance, PointType, SpecialCause

__all__ = ["SpcArrays", "SpcPhase", "SpcPoint", "SpcResult"]


@dataclass(frozen=True)
class SpcPoint:
    """One point of the chart, with its phase's centre line and limits.

    `y` None is a missing value: kept on the chart, with no type, left out of every
    calculation. `rules` names every rule that flags the point; `special_cause` the one that
    decided its type (NHSRplotthedots' `special_cause_type`). The limits are None where the
    phase has no moving range to compute them from.
    """

    x: X
    y: float | None
    mean: float | None
    lpl: float | None
    upl: float | None
    nlpl: float | None
    nupl: float | None
    point_type: PointType | None
    phase: int
    rules: tuple[str, ...]
    special_cause: SpecialCause | None = None
    relative_to_mean: int | None = None
    outside_limits: bool = False
    close_to_limits: bool = False


@dataclass(frozen=True)
class SpcPhase:
    """A stretch of the chart with one mean and one pair of limits: the first, or one started
    by a recorded recalculation (`reason`). `baseline_points` is how many values the mean
    and limits were computed from (fewer than the phase when fixed after N points)."""

    index: int
    start_x: X
    reason: str | None
    mean: float | None
    lpl: float | None
    upl: float | None
    baseline_points: int
    nlpl: float | None = None
    nupl: float | None = None
    mean_moving_range: float | None = None
    moving_ranges: int = 0
    screened_moving_ranges: int = 0
    end_x: X | None = None
    points: int = 0


@dataclass(frozen=True)
class SpcResult:
    """The chart and its summary: `variation` is the type of the latest point with a value,
    `assurance` is judged from the last phase's limits (None without a target, when
    neither direction is better, or when no point has a value)."""

    points: tuple[SpcPoint, ...]
    phases: tuple[SpcPhase, ...]
    variation: PointType | None
    assurance: Assurance | None
    options: SpcOptions

    @property
    def last_point(self) -> SpcPoint | None:
        """The latest point with a value (the one the summary describes)."""
        for point in reversed(self.points):
            if point.y is not None:
                return point
        return None


@dataclass(frozen=True)
class SpcArrays:
    """The light result of `analyse_arrays`: m series of n points, p phases, as arrays.

    Codes index `rules.POINT_TYPES` / `rules.SPECIAL_CAUSES` (-1: a missing point);
    `assurance` codes index `tuple(Assurance)` (-1: none). Per-phase arrays are `(m, p)`.
    """

    y: np.ndarray  # (m, n), NaN for missing
    phase_starts: tuple[int, ...]  # position each phase starts at
    mean: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    nlpl: np.ndarray
    nupl: np.ndarray
    mean_moving_range: np.ndarray
    baseline_points: np.ndarray
    moving_ranges: np.ndarray
    screened: np.ndarray
    relative_to_mean: np.ndarray  # (m, n) int8
    outside_limits: np.ndarray  # (m, n) bool
    close_to_limits: np.ndarray  # (m, n) bool
    rule_flags: dict[str, np.ndarray]  # Rule value -> (m, n) bool
    special_cause: np.ndarray  # (m, n) int8
    point_type: np.ndarray  # (m, n) int8
    variation: np.ndarray  # (m,) int8, the latest valued point's type code
    assurance: np.ndarray  # (m,) int8
