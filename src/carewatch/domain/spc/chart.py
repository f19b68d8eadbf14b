"""An XmR chart of a series: phases with their limits, each point's variation, and the
summary a board reads first (the variation of the latest point and the assurance against a
target), as the values of `carewatch.domain.spc.results`.

One engine (`carewatch.domain.spc.arrays`) serves one series (`analyse`) and many of the same
length (`analyse_many`): a single series is analysed as a matrix of one row, so the two give
the same answer to the last bit. This module checks the x and y values and turns the engine's
arrays into points and phases.

>>> result = analyse([1, 2, 3, 4, 5], [10, 12, 11, 13, 30], SpcOptions(improvement="increase"))
>>> result.variation, round(result.phases[0].upl, 2)
(<PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>, 29.83)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from carewatch.domain.spc import rules
from carewatch.domain.spc.arrays import (
    ASSURANCES,
    PHASE_COUNTS,
    PHASE_FIELDS,
    RULE_ORDER,
    analyse_arrays,
    number_or_none,
)
from carewatch.domain.spc.options import DEFAULT_OPTIONS, SpcInputError, SpcOptions, X
from carewatch.domain.spc.results import SpcArrays, SpcPhase, SpcPoint, SpcResult

__all__ = ["analyse", "analyse_many"]


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
        self.phase = {name: getattr(arrays, name).tolist() for name in PHASE_FIELDS}
        self.counts = {name: getattr(arrays, name).tolist() for name in PHASE_COUNTS}
        self.y = arrays.y.tolist()
        self.point_type = arrays.point_type.tolist()
        self.special_cause = arrays.special_cause.tolist()
        self.relative = arrays.relative_to_mean.tolist()
        self.outside = arrays.outside_limits.tolist()
        self.close = arrays.close_to_limits.tolist()
        mask = np.zeros(arrays.y.shape, dtype=np.int8)
        for bit, rule in enumerate(RULE_ORDER):
            mask |= arrays.rule_flags[rule.value].astype(np.int8) << bit
        self.rules: Any = mask.tolist()
        self.variation = arrays.variation.tolist()
        self.assurance = arrays.assurance.tolist()


# Index -1 (a missing point, or no summary) picks the trailing None.
_TYPES_OR_NONE = (*rules.POINT_TYPES, None)
_CAUSES_OR_NONE = (*rules.SPECIAL_CAUSES, None)
_ASSURANCES_OR_NONE = (*ASSURANCES, None)
# The rules flagging a point, by the bit mask of RULE_ORDER flags.
_RULES_BY_MASK = tuple(
    tuple(rule.value for bit, rule in enumerate(RULE_ORDER) if mask >> bit & 1)
    for mask in range(1 << len(RULE_ORDER))
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
    value = {name: [number_or_none(v) for v in listed.phase[name][row]] for name in PHASE_FIELDS}
    count = {name: listed.counts[name][row] for name in PHASE_COUNTS}
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
