"""The Making Data Count summary icons: one for the variation of the latest point, one for
the assurance against the target, each with NHS England's words and a short code for the
icon file and styles. Computed here once so the table, the chart and the API show the same.

The icons and their meanings: NHS England, "Making data count: getting started" (2019) and
its SPC icons summary, https://www.england.nhs.uk/publication/making-data-count-getting-started/
An improvement or concern icon says whether the signal is high or low: an improvement on a
measure where lower is better is a low signal.

>>> variation_icon_for(PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.DECREASE).code
'improvement-low'
"""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.domain.spc.results import SpcResult
from carewatch.domain.spc.words import Assurance, Improvement, PointType

__all__ = [
    "AssuranceIcon",
    "VariationIcon",
    "assurance_icon",
    "assurance_icon_for",
    "variation_icon",
    "variation_icon_for",
]


@dataclass(frozen=True)
class VariationIcon:
    """`kind` the point type; `high` True/False for a high/low signal (None for common
    cause); `label` NHS England's words; `code` e.g. "improvement-high"."""

    kind: PointType
    high: bool | None
    label: str
    code: str


@dataclass(frozen=True)
class AssuranceIcon:
    """`kind` the assurance; `label` NHS England's words; `code` e.g. "consistent-pass"."""

    kind: Assurance
    label: str
    code: str


def variation_icon_for(kind: PointType, improvement: Improvement) -> VariationIcon:
    """The variation icon for a point of type `kind` on a measure improving in `improvement`.

    >>> variation_icon_for(PointType.SPECIAL_CAUSE_CONCERN, Improvement.INCREASE).label
    'Special cause variation – concern (low)'
    """
    if kind is PointType.COMMON_CAUSE:
        return VariationIcon(kind, None, kind.label, "common-cause")
    if kind is PointType.SPECIAL_CAUSE_NEUTRAL_HIGH:
        return VariationIcon(kind, True, kind.label, "neutral-high")
    if kind is PointType.SPECIAL_CAUSE_NEUTRAL_LOW:
        return VariationIcon(kind, False, kind.label, "neutral-low")
    improving = kind is PointType.SPECIAL_CAUSE_IMPROVEMENT
    # An improvement is high when higher is better; a concern is high when lower is better.
    high = improving == (improvement is Improvement.INCREASE)
    side = "high" if high else "low"
    word = "improvement" if improving else "concern"
    return VariationIcon(kind, high, f"{kind.label} ({side})", f"{word}-{side}")


def variation_icon(result: SpcResult) -> VariationIcon | None:
    """The icon for the chart's latest point with a value; None when no point has one."""
    if result.variation is None:
        return None
    return variation_icon_for(result.variation, result.options.improvement)


def assurance_icon_for(kind: Assurance) -> AssuranceIcon:
    """The assurance icon for `kind`.

    >>> assurance_icon_for(Assurance.CONSISTENT_PASS).code
    'consistent-pass'
    """
    return AssuranceIcon(kind, kind.label, kind.value.replace("_", "-"))


def assurance_icon(result: SpcResult) -> AssuranceIcon | None:
    """The chart's assurance icon; None without a target, when neither direction is better,
    or when no point has a value."""
    if result.assurance is None:
        return None
    return assurance_icon_for(result.assurance)
