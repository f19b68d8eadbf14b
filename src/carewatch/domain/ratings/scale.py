"""CQC's rating scale, its five key questions and the non-rating states it publishes.

Pure value types: parsing accepts CQC's words in any case with spaces, hyphens or
underscores; output always uses CQC's exact words.

>>> parse_rating("requires_improvement")
<Rating.REQUIRES_IMPROVEMENT: 'Requires improvement'>
>>> Rating.GOOD > Rating.REQUIRES_IMPROVEMENT
True
>>> parse_key_question("WELL LED").label
'Well-led'
"""

from __future__ import annotations

import re
from functools import total_ordering

from carewatch.domain.words import UnknownWord, Word, or_list

__all__ = [
    "KEY_QUESTIONS",
    "TRUST_AGGREGATED_KEY_QUESTIONS",
    "Aspect",
    "KeyQuestion",
    "NonRating",
    "PublishedRating",
    "Rating",
    "UnknownAspect",
    "UnknownKeyQuestion",
    "UnknownRating",
    "normalise_words",
    "parse_aspect",
    "parse_key_question",
    "parse_published_rating",
    "parse_rating",
]


def normalise_words(text: str) -> str:
    """Lower-case, trim and fold spaces, hyphens and underscores to single spaces."""
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


class UnknownRating(UnknownWord):
    """A word that is not one of CQC's ratings or non-rating states."""

    def describe(self) -> str:
        return (
            f"unknown rating {self.text!r}: expected Outstanding, Good, Requires improvement, "
            "Inadequate, or a non-rating state such as 'Not rated'"
        )


class UnknownKeyQuestion(UnknownWord):
    """A word that is not one of CQC's five key questions."""

    def describe(self) -> str:
        return f"unknown key question {self.text!r}: expected {or_list(self.allowed)}"


@total_ordering
class Rating(Word, what="rating", error=UnknownRating):
    """CQC's four-point rating scale, ordered from worst to best.

    Source: https://cqc.org.uk/what-we-do/how-we-do-our-job/ratings
    """

    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"

    @property
    def rank(self) -> int:
        """4 for Outstanding down to 1 for Inadequate."""
        return _RANK[self]

    @property
    def label(self) -> str:
        return self.value

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Rating):
            return NotImplemented
        return self.rank < other.rank

    def __str__(self) -> str:
        return self.value


_RANK = {
    Rating.OUTSTANDING: 4,
    Rating.GOOD: 3,
    Rating.REQUIRES_IMPROVEMENT: 2,
    Rating.INADEQUATE: 1,
}


class NonRating(
    Word,
    what="rating",
    error=UnknownRating,
    # Variants CQC has used on its pages and in its files.
    synonyms={
        "no rating": "No published rating",
        "not yet rated": "Not rated",
        "insufficient evidence": "Insufficient evidence to rate",
    },
):
    """States CQC publishes in place of a rating.

    They are never compared with ratings and are excluded from aggregation.
    """

    NOT_RATED = "Not rated"
    NO_PUBLISHED_RATING = "No published rating"
    INSUFFICIENT_EVIDENCE = "Insufficient evidence to rate"
    INSPECTED_BUT_NOT_RATED = "Inspected but not rated"

    @property
    def label(self) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


PublishedRating = Rating | NonRating
"""What CQC publishes in a rating cell: a rating or a non-rating state."""


def parse_rating(text: str | Rating) -> Rating:
    """Parse one of the four ratings; raise `UnknownRating` for anything else.

    >>> parse_rating(" outstanding ")
    <Rating.OUTSTANDING: 'Outstanding'>
    """
    return Rating.parse(text)


def parse_published_rating(text: str | PublishedRating) -> PublishedRating:
    """Parse a rating or a non-rating state ("Not rated", "No published rating", ...)."""
    return Rating.lookup(text) or NonRating.parse(text)


class KeyQuestion(
    Word, what="key question", error=UnknownKeyQuestion, synonyms={"wellled": "well-led"}
):
    """CQC's five key questions, in the order CQC draws them."""

    SAFE = "safe"
    EFFECTIVE = "effective"
    CARING = "caring"
    RESPONSIVE = "responsive"
    WELL_LED = "well-led"

    @property
    def label(self) -> str:
        """CQC's display form: "Safe", ..., "Well-led"."""
        return self.value.capitalize()

    def __str__(self) -> str:
        return self.label


KEY_QUESTIONS: tuple[KeyQuestion, ...] = tuple(KeyQuestion)
TRUST_AGGREGATED_KEY_QUESTIONS: tuple[KeyQuestion, ...] = (
    KeyQuestion.SAFE,
    KeyQuestion.EFFECTIVE,
    KeyQuestion.CARING,
    KeyQuestion.RESPONSIVE,
)
"""Trust key questions aggregated from core services; well-led never is (its own assessment)."""


def parse_key_question(text: str | KeyQuestion) -> KeyQuestion:
    """Parse a key question name in any case; raise `UnknownKeyQuestion` otherwise."""
    return KeyQuestion.parse(text)


class UnknownAspect(UnknownWord):
    def describe(self) -> str:
        return (
            f"unknown rated aspect {self.text!r}: expected a key question, Overall, "
            "Use of resources or Combined"
        )


class Aspect(
    Word,
    what="rated aspect",
    error=UnknownAspect,
    synonyms={
        "wellled": "well-led",
        "combined quality": "combined",
        "combined rating": "combined",
    },
):
    """What a rating is of: a key question, overall, use of resources or the combined rating.

    CQC's "Latest ratings" spreadsheet calls this column "Domain".
    """

    SAFE = "safe"
    EFFECTIVE = "effective"
    CARING = "caring"
    RESPONSIVE = "responsive"
    WELL_LED = "well-led"
    OVERALL = "overall"
    USE_OF_RESOURCES = "use-of-resources"
    COMBINED = "combined"

    @property
    def label(self) -> str:
        return _ASPECT_LABELS[self]

    @property
    def key_question(self) -> KeyQuestion | None:
        return _ASPECT_KEY_QUESTIONS[self]

    @classmethod
    def of(cls, key_question: KeyQuestion) -> Aspect:
        return cls(key_question.value)

    def __str__(self) -> str:
        return self.label


_ASPECT_LABELS: dict[Aspect, str] = {a: a.value.capitalize() for a in Aspect}
_ASPECT_LABELS[Aspect.USE_OF_RESOURCES] = "Use of resources"
_ASPECT_LABELS[Aspect.COMBINED] = "Combined quality and use of resources"
_ASPECT_KEY_QUESTIONS: dict[Aspect, KeyQuestion | None] = {
    a: next((kq for kq in KeyQuestion if kq.value == a.value), None) for a in Aspect
}


def parse_aspect(text: str | Aspect) -> Aspect:
    """Parse a key question, "Overall", "Use of resources" or "Combined" in any case (its
    label "Combined quality and use of resources" too)."""
    return Aspect.parse(text)
