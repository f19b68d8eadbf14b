"""The words of an SPC chart: which way is better, what a point's variation is, which rule
saw it, and the assurance a chart gives against a target.

The values are the names NHSRplotthedots uses
(https://github.com/nhs-r-community/NHSRplotthedots, R/ptd_calculate_point_type.R and
R/ptd_calculate_assurance_type.R); the labels are NHS England's Making Data Count words
(https://www.england.nhs.uk/publication/making-data-count-getting-started/).

>>> Improvement.parse("Decrease")
<Improvement.DECREASE: 'decrease'>
>>> PointType.SPECIAL_CAUSE_CONCERN.label
'Special cause variation – concern'
"""

from __future__ import annotations

from carewatch.domain.words import StrWord, UnknownWord

__all__ = [
    "Assurance",
    "Improvement",
    "PointType",
    "Rule",
    "SpecialCause",
    "UnknownSpcWord",
]


class UnknownSpcWord(UnknownWord):
    """A word that names no member of an SPC enumeration."""


class Improvement(
    StrWord, what="improvement direction", error=UnknownSpcWord, synonyms={"neutral": "neither"}
):
    """Which direction of change in a measure is an improvement: a metric's polarity and an SPC
    chart's improvement direction are this one word.

    Making Data Count asks of every measure whether higher or lower is better, or neither (a
    measure to watch, not to push):
    https://www.england.nhs.uk/publication/making-data-count-getting-started/.
    NHSRplotthedots calls "neither" `neutral`, and we accept that word too.
    """

    INCREASE = "increase"  # higher is better
    DECREASE = "decrease"  # lower is better
    NEITHER = "neither"  # a measure to watch, not to push

    @property
    def sign(self) -> int:
        """+1 for increase, -1 for decrease, 0 for neither (NHSRplotthedots' encoding)."""
        return {Improvement.INCREASE: 1, Improvement.DECREASE: -1, Improvement.NEITHER: 0}[self]

    @property
    def label(self) -> str:
        return {
            Improvement.INCREASE: "Higher is better",
            Improvement.DECREASE: "Lower is better",
            Improvement.NEITHER: "Neither higher nor lower is better",
        }[self]


class PointType(StrWord, what="point type", error=UnknownSpcWord):
    """The variation one point shows, given the improvement direction."""

    COMMON_CAUSE = "common_cause"  # no rule flags it
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"  # a signal in the better direction
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"  # a signal in the worse direction
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"  # a high signal, neither better
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"  # a low signal, neither better

    @property
    def label(self) -> str:
        return _POINT_TYPE_LABELS[self]

    @property
    def is_special_cause(self) -> bool:
        return self is not PointType.COMMON_CAUSE


_POINT_TYPE_LABELS = {
    PointType.COMMON_CAUSE: "Common cause variation",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "Special cause variation – improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "Special cause variation – concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "Special cause variation – neither improvement "
    "nor concern (high)",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "Special cause variation – neither improvement "
    "nor concern (low)",
}


class Assurance(StrWord, what="assurance", error=UnknownSpcWord):
    """Whether the process, as its limits describe it, will meet a target.

    From the last phase's process limits (NHSRplotthedots, R/ptd_calculate_assurance_type.R):
    a target outside the limits is passed or failed every time; inside them, sometimes.
    """

    CONSISTENT_PASS = "consistent_pass"  # every expected value meets the target
    CONSISTENT_FAIL = "consistent_fail"  # no expected value meets the target
    INCONSISTENT = "inconsistent"  # the target lies within the process limits

    @property
    def label(self) -> str:
        return {
            Assurance.CONSISTENT_PASS: "Variation indicates consistently passing the target",
            Assurance.CONSISTENT_FAIL: "Variation indicates consistently failing the target",
            Assurance.INCONSISTENT: "Variation indicates inconsistently passing and failing "
            "the target",
        }[self]


class SpecialCause(StrWord, what="special cause", error=UnknownSpcWord):
    """Which rule gave a point its type, in NHSRplotthedots' own words
    (`special_cause_type`, R/ptd_calculate_point_type.R). Members are in precedence order:
    outside the limits, then a trend, then 2 of 3 close to a limit, then a run."""

    ABOVE_UCL = "Above UCL"
    BELOW_LCL = "Below LCL"
    TREND_INCREASING = "7 Point Trend (Increasing)"
    TREND_DECREASING = "7 Point Trend (Decreasing)"
    TWO_IN_THREE_ABOVE = "2 in 3 Above CL"
    TWO_IN_THREE_BELOW = "2 in 3 Below CL"
    RUN_ABOVE = "7 Points Above CL"
    RUN_BELOW = "7 Points Below CL"
    COMMON_CAUSE = "Common Cause"

    @property
    def label(self) -> str:
        return str(self.value)

    @property
    def side(self) -> int:
        """+1 for a high signal (above, increasing), -1 for a low one, 0 for common cause."""
        if self is SpecialCause.COMMON_CAUSE:
            return 0
        return 1 if self.name.endswith(("ABOVE", "UCL", "INCREASING")) else -1


class Rule(StrWord, what="rule", error=UnknownSpcWord):
    """The Making Data Count rules that can flag a point (several may flag the same one)."""

    OUTSIDE_LIMITS = "outside_limits"  # a point above the upper or below the lower limit
    TREND = "trend"  # part of a run of points each higher (or lower) than the one before
    TWO_IN_THREE = "two_in_three"  # 2 of 3 points close to a limit, all 3 on one side
    RUN = "run"  # part of a run of points on one side of the mean

    @property
    def label(self) -> str:
        return {
            Rule.OUTSIDE_LIMITS: "A point outside the process limits",
            Rule.TREND: "A trend of consecutive increasing or decreasing points",
            Rule.TWO_IN_THREE: "Two out of three points close to a process limit",
            Rule.RUN: "A run of consecutive points on one side of the mean",
        }[self]
