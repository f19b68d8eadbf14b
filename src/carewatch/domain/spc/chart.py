"""An XmR chart of a series: phases with their limits, each point's variation, and the
summary a board reads first (the variation of the latest point and the assurance against a
target).

One engine serves one series (`analyse`) and many of the same length (`analyse_many`,
`analyse_arrays`): a single series is analysed as a matrix of one row, so the two give the same
answer to the last bit.

>>> result = analyse([1, 2, 3, 4, 5], [10, 12, 11, 13, 30], SpcOptions(improvement="increase"))
>>> result.variation, round(result.phases[0].upl, 2)
(<PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>, 29.83)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from carewatch.domain.spc import rules
from carewatch.domain.spc.limits import limits
from carewatch.domain.spc.options import SpcInputError, SpcOptions, X
from carewatch.domain.spc.words import Assurance, Improvement, PointType, Rule, SpecialCause

__all__ = [
    "DEFAULT_OPTIONS",
    "SpcArrays",
    "SpcPhase",
    "SpcPoint",
    "SpcResult",
    "analyse",
    "analyse_arrays",
    "analyse_many",
    "assurance_for",
]

DEFAULT_OPTIONS = SpcOptions()
"""No direction, no target, limits from every point, outliers screened, runs and trends of 7."""

_RULE_ORDER = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_IN_THREE, Rule.RUN)


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


def assurance_for(
    target: float | None, improvement: Improvement, lpl: float | None, upl: float | None
) -> Assurance | None:
    """The assurance a phase's limits give against a target (NHSRplotthedots,
    R/ptd_calculate_assurance_type.R): a target above the upper limit is always failed when
    higher is better and always passed when lower is better; below the lower limit the
    reverse; otherwise (including on a limit, or without limits) inconsistent. None without
    a target or when neither direction is better.

    >>> assurance_for(4, Improvement.INCREASE, 5, 7)
    <Assurance.CONSISTENT_PASS: 'consistent_pass'>
    """
    if target is None or improvement is Improvement.NEITHER:
        return None
    increasing = improvement is Improvement.INCREASE
    if upl is not None and target > upl:
        return Assurance.CONSISTENT_FAIL if increasing else Assurance.CONSISTENT_PASS
    if lpl is not None and target < lpl:
        return Assurance.CONSISTENT_PASS if increasing else Assurance.CONSISTENT_FAIL
    return Assurance.INCONSISTENT


def _phase_starts(xs: Sequence[X], options: SpcOptions) -> tuple[list[int], dict[int, str]]:
    position = {}
    for index, x in enumerate(xs):
        if x in position:
            raise SpcInputError("xs", f"{x!s} appears more than once", index)
        position[x] = index
    reasons: dict[int, str] = {}
    for index, recalculation in enumerate(options.recalculate_at):
        at = position.get(recalculation.at)
        if at is None:
            raise SpcInputError(
                "options.recalculate_at",
                f"{recalculation.at!s} is not one of the series' x values",
                index,
            )
        reasons[at] = recalculation.reason
    starts = sorted({0, *reasons}) if xs else []
    return starts, reasons


def _matrix(ys: Sequence[float | None]) -> np.ndarray:
    values = []
    for index, y in enumerate(ys):
        if y is None:
            values.append(math.nan)
            continue
        if isinstance(y, bool) or not isinstance(y, int | float | np.integer | np.floating):
            raise SpcInputError("ys", "is not a number", index)
        value = float(y)
        if math.isinf(value):
            raise SpcInputError("ys", "is infinite", index)
        values.append(value)
    return np.array([values], dtype=float).reshape(1, len(values))


def analyse_arrays(
    matrix: np.ndarray | Sequence[Sequence[float]],
    options: SpcOptions = DEFAULT_OPTIONS,
    *,
    phase_starts: Sequence[int] = (0,),
) -> SpcArrays:
    """Analyse m series of n points at once (rows of `matrix`, NaN for missing), with phases
    starting at the given positions; returns arrays, not objects (for speed).

    >>> out = analyse_arrays(np.array([[1.0, 2, 3], [3, 2, 1]]))
    >>> out.mean[:, 0].tolist()
    [2.0, 2.0]
    """
    y = np.array(matrix, dtype=float, ndmin=2)
    if y.ndim != 2:
        raise SpcInputError("matrix", "must have one row per series")
    if np.isinf(y).any():
        raise SpcInputError("matrix", "holds an infinite value")
    m, n = y.shape
    starts = sorted(set(phase_starts)) if n else []
    if starts and (starts[0] != 0 or starts[-1] >= n):
        raise SpcInputError("phase_starts", "must start at 0 and lie within the series")
    bounds = list(zip(starts, [*starts[1:], n], strict=False))
    p = len(bounds)
    per_phase = {name: np.full((m, p), np.nan) for name in _PHASE_FIELDS}
    counts = {name: np.zeros((m, p), dtype=np.int64) for name in _PHASE_COUNTS}
    relative = np.zeros((m, n), dtype=np.int8)
    outside = np.zeros((m, n), dtype=bool)
    close = np.zeros((m, n), dtype=bool)
    special = np.full((m, n), -1, dtype=np.int8)
    flags = {rule.value: np.zeros((m, n), dtype=bool) for rule in _RULE_ORDER}
    for phase, (start, end) in enumerate(bounds):
        segment = y[:, start:end]
        fixed = segment if options.fix_after is None else segment[:, : options.fix_after]
        lim = limits(fixed, screen_outliers=options.screen_outliers)
        for name in _PHASE_FIELDS:
            per_phase[name][:, phase] = getattr(lim, name)
        counts["baseline_points"][:, phase] = lim.values
        counts["moving_ranges"][:, phase] = lim.moving_ranges
        counts["screened"][:, phase] = lim.screened
        rel = rules.relative_to_mean(segment, lim.mean)
        out = rules.outside_limits(segment, lim.lpl, lim.upl)
        near = rules.close_to_limits(segment, lim.nlpl, lim.nupl, out)
        codes, rule_flags = rules.special_cause_codes(
            segment,
            rel,
            near,
            out,
            run_length=options.run_length,
            trend_length=options.trend_length,
        )
        relative[:, start:end] = rel
        outside[:, start:end] = out
        close[:, start:end] = near
        special[:, start:end] = codes
        for name, values in rule_flags.items():
            flags[name][:, start:end] = values
    types = rules.point_type_codes(special, options.improvement)
    variation = _latest(types)
    return SpcArrays(
        y=y,
        phase_starts=tuple(starts),
        **per_phase,
        **counts,
        relative_to_mean=relative,
        outside_limits=outside,
        close_to_limits=close,
        rule_flags=flags,
        special_cause=special,
        point_type=types,
        variation=variation,
        assurance=np.where(
            variation < 0, -1, _assurance_codes(per_phase["lpl"], per_phase["upl"], options, m)
        ).astype(np.int8),
    )


_PHASE_FIELDS = ("mean", "lpl", "upl", "nlpl", "nupl", "mean_moving_range")
_PHASE_COUNTS = ("baseline_points", "moving_ranges", "screened")
_ASSURANCES = tuple(Assurance)


def _latest(types: np.ndarray) -> np.ndarray:
    """The type code of each row's last point with a value (-1 when there is none)."""
    m, n = types.shape
    if n == 0:
        return np.full(m, -1, dtype=np.int8)
    valued = types >= 0
    last = n - 1 - np.argmax(valued[:, ::-1], axis=1)
    return np.where(valued.any(axis=1), types[np.arange(m), last], -1).astype(np.int8)


def _assurance_codes(lpl: np.ndarray, upl: np.ndarray, options: SpcOptions, m: int) -> np.ndarray:
    if options.target is None or options.improvement is Improvement.NEITHER or lpl.shape[1] == 0:
        return np.full(m, -1, dtype=np.int8)
    kinds = [
        assurance_for(options.target, options.improvement, _num(low), _num(high))
        for low, high in zip(lpl[:, -1].tolist(), upl[:, -1].tolist(), strict=True)
    ]
    return np.array([_ASSURANCES.index(k) if k else -1 for k in kinds], dtype=np.int8)


def _num(value: float) -> float | None:
    return None if value != value else value  # NaN is the only value not equal to itself


def analyse(
    xs: Sequence[X], ys: Sequence[float | None], options: SpcOptions = DEFAULT_OPTIONS
) -> SpcResult:
    """Analyse one series as an XmR chart by Making Data Count's rules.

    `xs` are the points' x values (dates, period numbers or labels) in the order given;
    `ys` their values, None (or NaN) where missing. Raises SpcInputError naming the argument
    and position: lengths differ, a value is not a finite number, an x value repeats, or a
    recalculation's x value is not in `xs`.

    Fewer than two values give no limits (mean only; a lone point is common cause); no points
    give an empty chart with no variation and no assurance.

    >>> analyse([], []).variation is None
    True
    """
    if isinstance(xs, str | bytes) or isinstance(ys, str | bytes):
        raise SpcInputError("xs" if isinstance(xs, str | bytes) else "ys", "must be a sequence")
    xs = list(xs)
    ys = list(ys)
    if len(xs) != len(ys):
        raise SpcInputError(
            "ys", f"has {len(ys)} values but xs has {len(xs)}: one y value for each x"
        )
    starts, reasons = _phase_starts(xs, options)
    arrays = analyse_arrays(_matrix(ys), options, phase_starts=starts or (0,))
    return _result(arrays, _Listed(arrays), 0, xs, reasons, options)


def analyse_many(
    matrix: np.ndarray | Sequence[Sequence[float]],
    options: SpcOptions = DEFAULT_OPTIONS,
    *,
    xs: Sequence[X] | None = None,
) -> list[SpcResult]:
    """Analyse each row of `matrix` (series of the same length sharing x values; NaN for
    missing) and return a result per row, equal to `analyse(xs, row, options)` for each.
    `xs` defaults to the positions 0, 1, 2, ...

    >>> [r.variation.value for r in analyse_many([[1.0, 2, 3], [5, 5, 5]])]
    ['common_cause', 'common_cause']
    """
    y = np.array(matrix, dtype=float, ndmin=2)
    xs = list(range(y.shape[1])) if xs is None else list(xs)
    if len(xs) != y.shape[1]:
        raise SpcInputError(
            "xs", f"has {len(xs)} values but each series has {y.shape[1]}: one x for each point"
        )
    starts, reasons = _phase_starts(xs, options)
    arrays = analyse_arrays(y, options, phase_starts=starts or (0,))
    listed = _Listed(arrays)
    return [_result(arrays, listed, row, xs, reasons, options) for row in range(y.shape[0])]


class _Listed:
    """The arrays of an SpcArrays as nested Python lists, converted once for all rows."""

    def __init__(self, arrays: SpcArrays) -> None:
        self.phase = {name: getattr(arrays, name).tolist() for name in _PHASE_FIELDS}
        self.counts = {name: getattr(arrays, name).tolist() for name in _PHASE_COUNTS}
        self.y = arrays.y.tolist()
        self.point_type = arrays.point_type.tolist()
        self.special_cause = arrays.special_cause.tolist()
        self.relative = arrays.relative_to_mean.tolist()
        self.outside = arrays.outside_limits.tolist()
        self.close = arrays.close_to_limits.tolist()
        mask = np.zeros(arrays.y.shape, dtype=np.int8)
        for bit, rule in enumerate(_RULE_ORDER):
            mask |= arrays.rule_flags[rule.value].astype(np.int8) << bit
        self.rules: Any = mask.tolist()
        self.variation = arrays.variation.tolist()
        self.assurance = arrays.assurance.tolist()


# Index -1 (a missing point, or no summary) picks the trailing None.
_TYPES_OR_NONE = (*rules.POINT_TYPES, None)
_CAUSES_OR_NONE = (*rules.SPECIAL_CAUSES, None)
_ASSURANCES_OR_NONE = (*_ASSURANCES, None)
# The rules flagging a point, by the bit mask of _RULE_ORDER flags.
_RULES_BY_MASK = tuple(
    tuple(rule.value for bit, rule in enumerate(_RULE_ORDER) if mask >> bit & 1)
    for mask in range(1 << len(_RULE_ORDER))
)


def _result(
    arrays: SpcArrays,
    listed: _Listed,
    row: int,
    xs: list[X],
    reasons: dict[int, str],
    options: SpcOptions,
) -> SpcResult:
    n = len(xs)
    starts = arrays.phase_starts
    ends = [*starts[1:], n] if starts else []
    value = {name: [_num(v) for v in listed.phase[name][row]] for name in _PHASE_FIELDS}
    count = {name: listed.counts[name][row] for name in _PHASE_COUNTS}
    phases = tuple(
        SpcPhase(
            index=index,
            start_x=xs[start],
            reason=reasons.get(start),
            mean=value["mean"][index],
            lpl=value["lpl"][index],
            upl=value["upl"][index],
            baseline_points=count["baseline_points"][index],
            nlpl=value["nlpl"][index],
            nupl=value["nupl"][index],
            mean_moving_range=value["mean_moving_range"][index],
            moving_ranges=count["moving_ranges"][index],
            screened_moving_ranges=count["screened"][index],
            end_x=xs[end - 1],
            points=end - start,
        )
        for index, (start, end) in enumerate(zip(starts, ends, strict=True))
    )
    ys = listed.y[row]
    types = listed.point_type[row]
    causes = listed.special_cause[row]
    relative = listed.relative[row]
    outside = listed.outside[row]
    close = listed.close[row]
    masks = listed.rules[row]
    points = []
    for phase in phases:
        start = starts[phase.index]
        mean, lpl, upl, nlpl, nupl = phase.mean, phase.lpl, phase.upl, phase.nlpl, phase.nupl
        for i in range(start, start + phase.points):
            y = ys[i]
            missing = y != y  # NaN
            points.append(
                SpcPoint(
                    xs[i],
                    None if missing else y,
                    mean,
                    lpl,
                    upl,
                    nlpl,
                    nupl,
                    _TYPES_OR_NONE[types[i]],
                    phase.index,
                    _RULES_BY_MASK[masks[i]],
                    _CAUSES_OR_NONE[causes[i]],
                    None if missing or mean is None else relative[i],
                    outside[i],
                    close[i],
                )
            )
    return SpcResult(
        points=tuple(points),
        phases=phases,
        variation=_TYPES_OR_NONE[listed.variation[row]],
        assurance=_ASSURANCES_OR_NONE[listed.assurance[row]],
        options=options,
    )
