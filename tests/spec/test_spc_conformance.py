"""SPC conformance: every case of the shared reference vectors, run against the engine.

The vectors (`../shared/data/spc-reference/spc_reference_vectors.json`, see its SOURCE.md)
are expected outputs transcribed from the test suites of NHSRplotthedots (R, v0.2.2) and
nhspy-plotthedots: limits, outlier screening, fixed baselines, facets (here: phases), the
rule helpers, point types and the assurance truth table. Each case is one test, named by its
id. None is marked as a deviation: all pass. Where the vectors describe nhspy behaviour that
Making Data Count does not share (a run of points *on* the mean), the test says so and checks
NHSRplotthedots' answer, which the vectors give beside it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from carewatch.domain.spc import (
    Assurance,
    Improvement,
    PointType,
    Recalculation,
    SpcOptions,
    SpecialCause,
    analyse,
    assurance_for,
)
from carewatch.domain.spc import rules as spc_rules

VECTORS = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "spc-reference"
    / "spc_reference_vectors.json"
)


def _load() -> dict[str, Any]:
    if not VECTORS.is_file():
        return {}
    data: dict[str, Any] = json.loads(VECTORS.read_text(encoding="utf-8"))
    return data


DATA = _load()
CASES = {case["id"]: case for case in DATA.get("xmr_limit_cases", [])}
R_RULES = DATA.get("rule_function_cases_R", {})
NHSPY_RULES = DATA.get("rule_function_cases_nhspy", {})
needs_vectors = pytest.mark.skipif(
    not DATA, reason="shared SPC reference vectors not found beside the repository"
)


def options_for(given: dict[str, Any], xs: list[Any]) -> SpcOptions:
    """The engine's options for a case's input: facets become phases (a facet is a separate
    chart in NHSRplotthedots; consecutive facets give the same numbers as phases)."""
    recalculations: tuple[Recalculation, ...] = ()
    if "facet" in given:
        facet = given["facet"]
        starts = [i for i in range(1, len(facet)) if facet[i] != facet[i - 1]]
        recalculations = tuple(Recalculation(at=xs[i], reason="facet") for i in starts)
    return SpcOptions(
        improvement=Improvement.parse(given.get("improvement_direction", "neither")),
        target=given.get("target"),
        fix_after=given.get("fix_after_n_points"),
        screen_outliers=given.get("screen_outliers", True),
        recalculate_at=recalculations,
    )


def close(got: float | None, expected: float | None, tolerance: float) -> bool:
    if expected is None:
        return got is None
    return got is not None and math.isclose(got, expected, rel_tol=1e-9, abs_tol=tolerance)


@needs_vectors
@pytest.mark.parametrize("case_id", sorted(CASES) or ["(no vectors)"])
def test_reference_case(case_id: str) -> None:
    case = CASES[case_id]
    given, expected = case["input"], case["expected"]
    ys = given["y"]
    xs = given.get("x") or list(range(1, len(ys) + 1))
    result = analyse(xs, ys, options_for(given, xs))
    tolerance = case.get("tolerance", 1e-9)
    phase = result.phases[0]
    points = result.points

    for name in ("mean", "lpl", "upl", "nlpl", "nupl"):
        if name in expected:
            assert close(getattr(phase, name), expected[name], tolerance), name
    if "n" in expected:
        assert len(points) == expected["n"]
    if "common_cause" in expected:
        kinds = [p.point_type for p in points]
        assert kinds.count(PointType.COMMON_CAUSE) == expected["common_cause"]
        improvement = kinds.count(PointType.SPECIAL_CAUSE_IMPROVEMENT)
        assert improvement == expected.get("special_cause_improvement", improvement)
    if "outside_limits_all" in expected:
        assert any(p.outside_limits for p in points) == expected["outside_limits_all"]
    for key, value in expected.items():
        if key.startswith("relative_to_mean_first_"):
            count = int(key.rsplit("_", 1)[1])
            assert [p.relative_to_mean for p in points[:count]] == value
    if "relative_to_mean" in expected:
        assert [p.relative_to_mean for p in points] == [
            None if v is None else int(v) for v in expected["relative_to_mean"]
        ]
    for name in ("outside_limits", "close_to_limits"):
        if name in expected:
            assert [getattr(p, name) for p in points] == expected[name], name
    if "special_cause_flag" in expected:
        flagged = [p.point_type is not None and p.point_type.is_special_cause for p in points]
        assert flagged == expected["special_cause_flag"]
    if "point_type_last_2" in expected:
        assert [p.point_type for p in points[-2:]] == [
            PointType(v) for v in expected["point_type_last_2"]
        ]
    if "variation_type" in expected:
        assert result.variation == PointType(expected["variation_type"])
    if "assurance_type" in expected:
        assert result.assurance == Assurance(expected["assurance_type"])
    facets = sorted(k for k in expected if k.startswith("facet_"))
    for index, key in enumerate(facets):
        want = expected[key]
        got = result.phases[index]
        for name in ("mean", "lpl", "upl"):
            assert close(getattr(got, name), want[name], tolerance), (key, name)
        assert got.points == want["n"]
        in_phase = [p for p in points if p.phase == index]
        assert sum(p.point_type is PointType.COMMON_CAUSE for p in in_phase) == want["common_cause"]


@needs_vectors
def test_the_rqm_example_matches_the_catalogues_and_nhspys_derived_values() -> None:
    """The README example's limits, confirmed by the nhspy tutorial's executed output, and
    its first five points' flags (929 and 970 are 2 of 3 close to the lower limit)."""
    case = CASES["readme_rqm_breaches"]
    given = case["input"]
    result = analyse(given["x"], given["y"], options_for(given, given["x"]))
    derived, nhspy = case["derived_by_catalogue"], case["confirmed_upstream_nhspy"]
    phase = result.phases[0]
    assert close(phase.mean, nhspy["mean"], 1e-6)
    assert close(phase.lpl, nhspy["lpl"], 1e-6)
    assert close(phase.upl, nhspy["upl"], 1e-6)
    assert close(phase.mean_moving_range, derived["amr_screened"], 1e-9)
    assert phase.screened_moving_ranges == derived["moving_ranges_excluded_by_screening"]
    above = [i for i, p in enumerate(result.points) if p.special_cause is SpecialCause.ABOVE_UCL]
    assert above == derived["points_above_upl_0_based"]
    assert all(
        result.points[i].point_type is PointType.SPECIAL_CAUSE_CONCERN
        for i in derived["points_above_upl_0_based"]
    )
    first = nhspy["first_5_rows"]
    assert [p.close_to_limits for p in result.points[:5]] == first["close_to_limits"]
    flagged = [p.point_type is not PointType.COMMON_CAUSE for p in result.points[:5]]
    assert flagged == first["special_cause_flag"]


def _r_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = R_RULES.get(name, [])
    return cases


def arr(values: list[Any]) -> np.ndarray:
    return np.array(values, dtype=float)


@needs_vectors
@pytest.mark.parametrize("case", _r_cases("seven_point_one_side_mean(relative_to_mean)"))
def test_r_seven_point_one_side_mean(case: dict[str, Any]) -> None:
    got = spc_rules.run(np.array(case["in"], dtype=np.int8), 7)
    assert got.astype(int).tolist() == case["out"]


@needs_vectors
@pytest.mark.parametrize("case", _r_cases("part_of_seven_trend(flags)"))
def test_r_part_of_seven_trend(case: dict[str, Any]) -> None:
    assert spc_rules.part_of(np.array(case["in"]), 7).astype(int).tolist() == case["out"]


@needs_vectors
@pytest.mark.parametrize("case", _r_cases("seven_point_trend(y)"))
def test_r_seven_point_trend(case: dict[str, Any]) -> None:
    assert spc_rules.trend(arr(case["in"]), 7).tolist() == case["out"]


@needs_vectors
@pytest.mark.parametrize("case", _r_cases("two_in_three(close_to_limits, relative_to_mean)"))
def test_r_two_in_three(case: dict[str, Any]) -> None:
    close_flags, relative = case["in"]
    got = spc_rules.two_in_three(np.array(close_flags), np.array(relative))
    assert got.astype(int).tolist() == case["out"]


@needs_vectors
@pytest.mark.parametrize(
    "case", _r_cases("part_of_two_in_three(two_in_three_flags, close_to_limits)")
)
def test_r_part_of_two_in_three(case: dict[str, Any]) -> None:
    if "in" in case:
        flags, close_flags = case["in"]
        got = spc_rules.part_of_two_in_three(np.array(flags), np.array(close_flags))
    else:
        close_flags = np.array(case["in_close_to_limits"])
        relative = np.array(case["in_relative_to_mean"])
        flags = spc_rules.two_in_three(close_flags, relative)
        got = spc_rules.part_of_two_in_three(flags, close_flags)
    assert got.astype(int).tolist() == case["out"]


@needs_vectors
def test_r_label_vocabularies() -> None:
    assert [c.value for c in SpecialCause] == R_RULES["special_cause_type_labels"]
    assert [t.value for t in PointType] == R_RULES["point_type_labels"]


@needs_vectors
@pytest.mark.parametrize("direction", ["increase", "decrease", "neutral"])
def test_r_assurance_truth_table(direction: str) -> None:
    table = R_RULES["assurance_type(target=4)"]
    for row, want in zip(table["rows"], table[direction], strict=True):
        got = assurance_for(4.0, Improvement.parse(direction), row["lpl"], row["upl"])
        assert got == (None if want is None else Assurance(want)), row


@needs_vectors
@pytest.mark.parametrize("case", NHSPY_RULES.get("seven_point_trend", []))
def test_nhspy_seven_point_trend(case: dict[str, Any]) -> None:
    """nhspy flags only the points that complete a trend, as our `trend` does."""
    assert spc_rules.trend(arr(case["in"]), 7).tolist() == case["out"]


@needs_vectors
@pytest.mark.parametrize("case", NHSPY_RULES.get("seven_point_one_side_mean", []))
def test_nhspy_seven_point_one_side_mean(case: dict[str, Any]) -> None:
    """nhspy counts seven points on the mean as a run; Making Data Count and NHSRplotthedots
    do not (a point on the mean breaks a run): for that case we expect no run."""
    relative = np.array(case["in"], dtype=np.int8)
    got = spc_rules.run(relative, 7).tolist()
    if all(v == 0 for v in case["in"]):
        assert got == [False] * len(case["in"])
    else:
        assert got == case["out"]
