"""The Making Data Count icons drawn as NHS England draws them: the variation icon's run
chart (grey for common cause; the last two points in the signal's colour, raised for H and
lowered for L) and the assurance icon's target line with the process above it (P), below it
(F) or across it (?). Read back from the SVG, not from the code's own tables."""

from __future__ import annotations

import re

import pytest

from carewatch.domain.spc import (
    Assurance,
    Improvement,
    PointType,
    assurance_icon_for,
    variation_icon_for,
)
from carewatch.reports.spc_svg import assurance_icon_svg, variation_icon_svg

GREY, BLUE, ORANGE, PURPLE = "#768692", "#005eb8", "#ed8b00", "#7c2855"


def dots(svg: str) -> list[tuple[float, str]]:
    """The run chart's points: (y, colour), left to right."""
    return [
        (float(y), c)
        for y, c in re.findall(r'<circle cx="\d+" cy="([\d.]+)" r="2" fill="(#\w+)"', svg)
    ]


def letter(svg: str) -> str | None:
    found = re.search(r"<text[^>]*>([^<]+)</text>", svg)
    return found.group(1) if found else None


def ring(svg: str) -> str:
    found = re.search(r'<circle cx="20" cy="20" r="17.5" fill="#ffffff" stroke="(#\w+)"', svg)
    assert found is not None
    return found.group(1)


def test_common_cause_is_a_grey_run_with_no_letter() -> None:
    svg = str(variation_icon_svg(variation_icon_for(PointType.COMMON_CAUSE, Improvement.INCREASE)))
    assert ring(svg) == GREY
    assert letter(svg) is None
    assert [c for _, c in dots(svg)] == [GREY] * 5
    assert "<title>" in svg


@pytest.mark.parametrize(
    ("kind", "improvement", "colour", "high"),
    [
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.INCREASE, BLUE, True),
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.DECREASE, BLUE, False),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.INCREASE, ORANGE, False),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.DECREASE, ORANGE, True),
    ],
)
def test_a_special_cause_raises_or_lowers_its_last_two_points_in_its_colour(
    kind: PointType, improvement: Improvement, colour: str, high: bool
) -> None:
    svg = str(variation_icon_svg(variation_icon_for(kind, improvement)))
    assert ring(svg) == colour
    assert letter(svg) == ("H" if high else "L")
    points = dots(svg)
    assert [c for _, c in points] == [GREY, GREY, GREY, colour, colour]
    before = min(y for y, _ in points[:3]) if high else max(y for y, _ in points[:3])
    for y, _ in points[3:]:
        # SVG's y grows downwards: a raised point has a smaller y.
        assert (y < before) if high else (y > before)


@pytest.mark.parametrize(
    ("kind", "shown", "colour", "side"),
    [
        (Assurance.CONSISTENT_PASS, "P", BLUE, "above"),
        (Assurance.CONSISTENT_FAIL, "F", ORANGE, "below"),
        (Assurance.INCONSISTENT, "?", GREY, "across"),
    ],
)
def test_the_assurance_icon_draws_the_target_and_the_process_beside_it(
    kind: Assurance, shown: str, colour: str, side: str
) -> None:
    svg = str(assurance_icon_svg(assurance_icon_for(kind)))
    assert ring(svg) == colour
    assert letter(svg) == shown
    target = re.search(r'<line x1="5" y1="([\d.]+)" x2="35" y2="\1" stroke="(#\w+)"', svg)
    assert target is not None
    assert target.group(2) == colour
    line_y = float(target.group(1))
    spread = re.search(r'<polyline points="([^"]+)"', svg)
    assert spread is not None
    ys = [float(p.split(",")[1]) for p in spread.group(1).split()]
    if side == "above":
        assert max(ys) < line_y
    elif side == "below":
        assert min(ys) > line_y
    else:
        assert min(ys) < line_y < max(ys)
