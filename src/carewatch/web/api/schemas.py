"""The API's own shapes: its errors and the words its filters accept.

The response schemas of each resource live in `carewatch.schemas`, which the CLI's `--json`
prints too.
"""

from __future__ import annotations

import enum

from pydantic import BaseModel, Field

from carewatch.domain.ratings import NonRating, Rating, TrustType

__all__ = ["ErrorPublic", "RatingWord", "TrustTypeWord"]


class RatingWord(enum.StrEnum):
    """CQC's rating words and non-rating states, as a filter accepts them (`Rating`,
    `NonRating`)."""

    OUTSTANDING = Rating.OUTSTANDING.value
    GOOD = Rating.GOOD.value
    REQUIRES_IMPROVEMENT = Rating.REQUIRES_IMPROVEMENT.value
    INADEQUATE = Rating.INADEQUATE.value
    NOT_RATED = NonRating.NOT_RATED.value
    NO_PUBLISHED_RATING = NonRating.NO_PUBLISHED_RATING.value
    INSUFFICIENT_EVIDENCE = NonRating.INSUFFICIENT_EVIDENCE.value
    INSPECTED_BUT_NOT_RATED = NonRating.INSPECTED_BUT_NOT_RATED.value


class TrustTypeWord(enum.StrEnum):
    """The trust types a filter accepts (`carewatch.domain.ratings.TrustType`)."""

    MENTAL_HEALTH = TrustType.MENTAL_HEALTH.value
    COMMUNITY = TrustType.COMMUNITY.value
    AMBULANCE = TrustType.AMBULANCE.value
    ACUTE = TrustType.ACUTE.value
    ACUTE_SPECIALIST = TrustType.ACUTE_SPECIALIST.value


class ErrorPublic(BaseModel):
    """Every API error: what went wrong and, where one field is to blame, its dotted path."""

    message: str = Field(examples=["unknown rating 'Fine'"])
    field: str | None = Field(default=None, examples=["key_questions.safe"])
