"""How a rating looks on a page: CQC's words, always beside a colour that meets WCAG AA.

The hues follow CQC's ratings charts (Outstanding green-blue, Good green, Requires
improvement amber, Inadequate red; grey where CQC publishes a non-rating state). The shades
are darkened or lightened so the badge text reaches at least 4.5:1 contrast (WCAG 2.2 AA,
1.4.3): https://www.w3.org/TR/WCAG22/#contrast-minimum. The colours live in
static/css/carewatch.css under the class names below.
"""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.domain.ratings import NonRating, Rating

__all__ = ["RATING_STYLES", "RatingStyle", "rating_style"]


@dataclass(frozen=True)
class RatingStyle:
    """The CSS modifier and the text of a rating badge."""

    css_class: str
    label: str
    is_rating: bool


RATING_STYLES: dict[str, RatingStyle] = {
    Rating.OUTSTANDING.label: RatingStyle("cw-rating--outstanding", "Outstanding", True),
    Rating.GOOD.label: RatingStyle("cw-rating--good", "Good", True),
    Rating.REQUIRES_IMPROVEMENT.label: RatingStyle(
        "cw-rating--requires-improvement", "Requires improvement", True
    ),
    Rating.INADEQUATE.label: RatingStyle("cw-rating--inadequate", "Inadequate", True),
}


def rating_style(value: object) -> RatingStyle:
    """The badge style for a rating, a non-rating state, its words, or nothing.

    >>> rating_style("Good").css_class
    'cw-rating--good'
    >>> rating_style(None).label
    'No published rating'
    """
    if isinstance(value, Rating | NonRating):
        value = value.label
    if value is None:
        return RatingStyle("cw-rating--none", NonRating.NO_PUBLISHED_RATING.label, False)
    text = str(value)
    return RATING_STYLES.get(text, RatingStyle("cw-rating--none", text, False))
