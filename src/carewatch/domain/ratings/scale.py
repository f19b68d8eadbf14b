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

import enum
import re
from functools import total_ordering

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


class UnknownRating(ValueError):
    """A word that is not one of CQC's ratings or non-rating states."""

    def __init__(self, text: object) -> None:
        super().__init__(
            f"unknown rating {text!r}: expected Outstanding, Good, Requires improvement, "
            "Inadequate, or a non-rating state such as 'Not rated'"
        )
        self.text = text


class UnknownKeyQuestion(ValueError):
    """A word that is not one of CQC's five key questions."""

    def __init__(self, text: object) -> None:
        super().__init__(
            f"unknown key question {text!r}: expected safe, effective, caring, responsive "
            "or well-led"
        )
        self.text = text


@total_ordering
class Rating(enum.Enum):
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


class NonRating(enum.Enum):
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

_RATING_WORDS: dict[str, Rating] = {normalise_words(r.value): r for r in Rating}
_NON_RATING_WORDS: dict[str, NonRating] = {normalise_words(n.value): n for n in NonRating}
# Variants CQC has used on its pages and in its files.
_NON_RATING_WORDS.update(
    {
        "no rating": NonRating.NO_PUBLISHED_RATING,
        "not yet rated": NonRating.NOT_RATED,
        "insufficient evidence": NonRating.INSUFFICIENT_EVIDENCE,
    }
)


def parse_rating(text: str | Rating) -> Rating:
    """Parse one of the four ratings; raise `UnknownRating` for anything else.

    >>> parse_rating(" outstanding ")
    <Rating.OUTSTANDING: 'Outstanding'>
    """
    if isinstance(text, Rating):
        return text
    if not isinstance(text, str):
        raise UnknownRating(text)
    try:
        return _RATING_WORDS[normalise_words(text)]
    except KeyError:
        raise UnknownRating(text) from None


def parse_published_rating(text: str | PublishedRating) -> PublishedRating:
    """Parse a rating or a non-rating state ("Not rated", "No published rating", ...)."""
    if isinstance(text, Rating | NonRating):
        return text
    if not isinstance(text, str):
        raise UnknownRating(text)
    key = normalise_words(text)
    if key in _RATING_WORDS:
        return _RATING_WORDS[key]
    if key in _NON_RATING_WORDS:
        return _NON_RATING_WORDS[key]
    raise UnknownRating(text)


class KeyQuestion(enum.Enum):
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

_KEY_QUESTION_WORDS = {normalise_words(k.value): k for k in KeyQuestion}
_KEY_QUESTION_WORDS["wellled"] = KeyQuestion.WELL_LED


def parse_key_question(text: str | KeyQuestion) -> KeyQuestion:
    """Parse a key question name in any case; raise `UnknownKeyQuestion` otherwise."""
    if isinstance(text, KeyQuestion):
        return text
    if not isinstance(text, str):
        raise UnknownKeyQuestion(text)
    try:
        return _KEY_QUESTION_WORDS[normalise_words(text)]
    except KeyError:
        raise UnknownKeyQuestion(text) from None


class UnknownAspect(ValueError):
    def __init__(self, text: object) -> None:
        super().__init__(
            f"unknown rated aspect {text!r}: expected a key question, Overall, Use of resources "
            "or Combined"
        )
        self.text = text


class Aspect(enum.Enum):
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

_ASPECT_WORDS = {normalise_words(a.value): a for a in Aspect}
_ASPECT_WORDS.update(
    {
        "wellled": Aspect.WELL_LED,
        "use of resources": Aspect.USE_OF_RESOURCES,
        "combined quality and use of resources": Aspect.COMBINED,
        "combined quality": Aspect.COMBINED,
        "combined rating": Aspect.COMBINED,
    }
)


def parse_aspect(text: str | Aspect) -> Aspect:
    """Parse a key question, "Overall", "Use of resources" or "Combined" in any case."""
    if isinstance(text, Aspect):
        return text
    if not isinstance(text, str):
        raise UnknownAspect(text)
    try:
        return _ASPECT_WORDS[normalise_words(text)]
    except KeyError:
        raise UnknownAspect(text) from None
