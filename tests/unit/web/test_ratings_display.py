"""Rating badges: CQC's words with a colour, and every colour pair readable (WCAG AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carewatch.domain.ratings import NonRating, Rating
from carewatch.web.ratings_display import rating_style

CSS = Path(__file__).parents[3] / "src" / "carewatch" / "web" / "static" / "css" / "carewatch.css"


def _luminance(hex_colour: str) -> float:
    # WCAG 2.2 relative luminance: https://www.w3.org/TR/WCAG22/#dfn-relative-luminance
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rule(css_class: str) -> dict[str, str]:
    match = re.search(r"\." + re.escape(css_class) + r"\s*\{([^}]*)\}", CSS.read_text())
    assert match, f"no CSS rule for .{css_class}"
    declarations = (d.split(":", 1) for d in match.group(1).split(";") if ":" in d)
    return {name.strip(): value.strip() for name, value in declarations}


@pytest.mark.parametrize(
    ("value", "css_class", "label"),
    [
        (Rating.OUTSTANDING, "cw-rating--outstanding", "Outstanding"),
        ("Good", "cw-rating--good", "Good"),
        (Rating.REQUIRES_IMPROVEMENT, "cw-rating--requires-improvement", "Requires improvement"),
        ("Inadequate", "cw-rating--inadequate", "Inadequate"),
        (NonRating.NOT_RATED, "cw-rating--none", "Not rated"),
        (None, "cw-rating--none", "No published rating"),
    ],
)
def test_each_rating_has_its_words_and_colour(value: object, css_class: str, label: str) -> None:
    style = rating_style(value)
    assert (style.css_class, style.label) == (css_class, label)


@pytest.mark.parametrize(
    "css_class",
    [
        "cw-rating--outstanding",
        "cw-rating--good",
        "cw-rating--requires-improvement",
        "cw-rating--inadequate",
        "cw-rating--none",
    ],
)
def test_badge_text_meets_wcag_aa_contrast(css_class: str) -> None:
    rule = _rule(css_class)
    assert _contrast(rule["color"], rule["background-color"]) >= 4.5


def test_rating_colours_are_all_different() -> None:
    backgrounds = {
        _rule(c)["background-color"]
        for c in (
            "cw-rating--outstanding",
            "cw-rating--good",
            "cw-rating--requires-improvement",
            "cw-rating--inadequate",
            "cw-rating--none",
        )
    }
    assert len(backgrounds) == 5
