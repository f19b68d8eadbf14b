"""The engine of an XmR chart: m series of n points analysed at once as numpy arrays, phase by
phase (limits, then the rules, then each point's type), with the assurance against a target.

`carewatch.domain.spc.chart` turns these arrays into points and phases; a single series is a
matrix of one row, so one series and many give the same answer to the last bit.

>>> out = analyse_arrays([[10.0, 12, 11, 13, 30]], SpcOptions(improvement="increase"))
>>> rules.POINT_TYPES[out.variation[0]]
<PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from carewatch.domain.spc import rules
from carewatch.domain.spc.limits import limits
from carewatch.domain.spc.options import DEFAULT_OPTIONS, SpcInputError, SpcOptions
from carewatch.domain.spc.results import SpcArrays
from carewatch.domain.spc.words import Assurance, Improvement, Rule

__all__ = [
    "ASSURANCES",
    "PHASE_COUNTS",
    "PHASE_FIELDS",
    "RULE_ORDER",
    "analyse_arrays",
    "assurance_for",
    "number_or_none",
]

RULE_ORDER = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_IN_THREE, Rule.RUN)
"""The rules in the order of their bits in a point's rule mask."""
PHASE_FIELDS = ("mean", "lpl", "upl", "nlpl", "nupl", "mean_moving_range")
"""The per-phase values of `SpcArrays` (floats, NaN where there is none)."""
PHASE_COUNTS = ("baseline_points", "moving_ranges", "screened")
"""The per-phase counts of `SpcArrays`."""
ASSURANCES = tuple(Assurance)
"""The assurances in the order of their codes."""


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
    per_phase = {name: np.full((m, p), np.nan) for name in PHASE_FIELDS}
    counts = {name: np.zeros((m, p), dtype=np.int64) for name in PHASE_COUNTS}
    relative = np.zeros((m, n), dtype=np.int8)
    outside = np.zeros((m, n), dtype=bool)
    close = np.zeros((m, n), dtype=bool)
    special = np.full((m, n), -1, dtype=np.int8)
    flags = {rule.value: np.zeros((m, n), dtype=bool) for rule in RULE_ORDER}
    for phase, (start, end) in enumerate(bounds):
        segment = y[:, start:end]
        fixed = segment if options.fix_after is None else segment[:, : options.fix_after]
        lim = limits(fixed, screen_outliers=options.screen_outliers)
        for name in PHASE_FIELDS:
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
        assurance_for(
            options.target, options.improvement, number_or_none(low), number_or_none(high)
        )
        for low, high in zip(lpl[:, -1].tolist(), upl[:, -1].tolist(), strict=True)
    ]
    return np.array([ASSURANCES.index(k) if k else -1 for k in kinds], dtype=np.int8)


def number_or_none(value: float) -> float | None:
    """`value`, or None where it is NaN (a phase or point with no value)."""
    return None if value != value else value  # NaN is the only value not equal to itself
