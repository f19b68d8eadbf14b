"""SPC for 10,000 series of 36 monthly points each (the issue's target: under 2 s in total).

Measured three ways, each the best of several runs on the same generated series (a fixed
seed; some with a shift, a trend or missing months so every rule has work to do):

- `arrays`: `analyse_arrays`, the batch engine, giving every limit, rule flag, point type,
  variation and assurance as arrays — the figure the target is measured on;
- `results`: `analyse_many`, the same plus a frozen SpcResult (36 SpcPoint objects) per
  series, as the web and API layers use them;
- `single`: `analyse` called once per series, on a sample, scaled to 10,000.
"""

from __future__ import annotations

import time

import numpy as np

from carewatch.domain.spc import (
    Improvement,
    Recalculation,
    SpcOptions,
    analyse,
    analyse_arrays,
    analyse_many,
)

SERIES = 10_000
POINTS = 36
TARGET_SECONDS = 2.0
REPEATS = 3
SINGLE_SAMPLE = 1_000


def generate(seed: int = 20201106) -> np.ndarray:
    """Monthly series around 100: a quarter with a shift after month 24, a quarter with a
    rising trend, and about 1 in 100 months missing."""
    rng = np.random.default_rng(seed)
    y = rng.normal(100.0, 10.0, (SERIES, POINTS))
    quarter = SERIES // 4
    y[:quarter, 24:] += 25.0
    y[quarter : 2 * quarter] += np.linspace(0.0, 30.0, POINTS)
    y[rng.random((SERIES, POINTS)) < 0.01] = np.nan
    return y


def _best(run: object, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> dict[str, object]:
    matrix = generate()
    xs = list(range(1, POINTS + 1))
    options = SpcOptions(
        improvement=Improvement.DECREASE,
        target=110.0,
        recalculate_at=(Recalculation(at=25, reason="bench: a recorded recalculation"),),
    )
    arrays = _best(lambda: analyse_arrays(matrix, options, phase_starts=(0, 24)))
    results = _best(lambda: analyse_many(matrix, options, xs=xs))
    rows = [[None if np.isnan(v) else float(v) for v in row] for row in matrix[:SINGLE_SAMPLE]]
    single = _best(lambda: [analyse(xs, row, options) for row in rows], repeats=1)
    single_scaled = single * SERIES / SINGLE_SAMPLE
    out = analyse_arrays(matrix, options, phase_starts=(0, 24))
    special = float((out.point_type > 0).mean())
    figures: dict[str, object] = {
        "series": SERIES,
        "points_per_series": POINTS,
        "phases": 2,
        "target_seconds": TARGET_SECONDS,
        "arrays_seconds": round(arrays, 3),
        "results_seconds": round(results, 3),
        "single_seconds_scaled": round(single_scaled, 3),
        "meets_target": arrays < TARGET_SECONDS,
        "share_of_points_special_cause": round(special, 4),
    }
    print(
        f"  arrays {arrays:.3f} s, results {results:.3f} s, "
        f"one by one {single_scaled:.1f} s (scaled from {SINGLE_SAMPLE})",
        flush=True,
    )
    return figures
