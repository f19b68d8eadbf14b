"""Enforcement limiters, applied at core service × key question before aggregation.

Source: https://cqc.org.uk/guidance-providers/nhs-trusts/ratings-principles-nhs-trusts (A1, A2).

>>> from carewatch.domain.ratings.scale import Rating
>>> limit(Rating.GOOD, [EnforcementKind.REQUIREMENT_NOTICE]).rating.label
'Requires improvement'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.ratings.scale import NonRating, PublishedRating, Rating
from carewatch.domain.words import UnknownWord, Word, or_list

__all__ = ["EnforcementKind", "LimitedRating", "UnknownEnforcementKind", "limit"]


class UnknownEnforcementKind(UnknownWord):
    def describe(self) -> str:
        return f"unknown enforcement kind {self.text!r}: expected {or_list(self.allowed)}"


class EnforcementKind(Word, what="enforcement kind", error=UnknownEnforcementKind):
    """CQC enforcement that limits the rating of the area it covers."""

    REQUIREMENT_NOTICE = "requirement_notice"  # breach: rating capped at Requires improvement
    WARNING_NOTICE = "warning_notice"  # s.29A warning notice: rating set to Inadequate
    CONDITION = "condition"  # condition of registration: rating set to Inadequate

    @property
    def label(self) -> str:
        return {
            EnforcementKind.REQUIREMENT_NOTICE: "Requirement notice",
            EnforcementKind.WARNING_NOTICE: "Warning notice",
            EnforcementKind.CONDITION: "Condition of registration",
        }[self]

    @property
    def ceiling(self) -> Rating:
        """The best rating an area under this enforcement can normally have."""
        if self is EnforcementKind.REQUIREMENT_NOTICE:
            return Rating.REQUIRES_IMPROVEMENT
        return Rating.INADEQUATE


@dataclass(frozen=True)
class LimitedRating:
    """A judged rating after enforcement limiters; `limited_by` names the one that bit."""

    rating: PublishedRating
    judged: PublishedRating
    limited_by: EnforcementKind | None = None

    @property
    def rule(self) -> str | None:
        if self.limited_by is None:
            return None
        return "A1" if self.limited_by is EnforcementKind.REQUIREMENT_NOTICE else "A2"

    @property
    def reason(self) -> str | None:
        if self.limited_by is None:
            return None
        if self.limited_by is EnforcementKind.REQUIREMENT_NOTICE:
            return (
                f"A requirement notice limits this area to Requires improvement at best "
                f"(judged {self.judged.label})."
            )
        return (
            f"A {self.limited_by.label.lower()} makes this area Inadequate "
            f"(judged {self.judged.label})."
        )


def limit(judged: PublishedRating, enforcement: Iterable[EnforcementKind]) -> LimitedRating:
    """Apply every enforcement limiter on an area; never raises a rating.

    A non-rating state is left as it is: there is no rating to limit.
    """
    kinds = set(enforcement)
    if isinstance(judged, NonRating) or not kinds:
        return LimitedRating(judged, judged)
    strictest = min(kinds, key=lambda k: (k.ceiling.rank, k.value))
    if judged > strictest.ceiling:
        return LimitedRating(strictest.ceiling, judged, strictest)
    return LimitedRating(judged, judged)
