"""What a piece of feedback is: where it came from, who gave it, when, about which service,
the Friends and Family Test score where there is one, the question asked and the words.

The words are kept as given (restricted to the trust's own roles) and, beside them, with
personal data replaced (`carewatch.domain.feedback.redact`): the only form any public view
shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "FFT_NEGATIVE",
    "FFT_POSITIVE",
    "FeedbackItem",
    "FeedbackSource",
    "FftScore",
    "InvalidFeedback",
    "RespondentGroup",
    "Sentiment",
    "SentimentScale",
    "UnknownFeedbackWord",
    "sentiment_of_scale",
]

MAX_TEXT = 10_000
"""The longest comment kept, in characters: the readers' limit for free text (a long complaint
letter is a few thousand)."""


class UnknownFeedbackWord(UnknownWord):
    """A word that is not one of the feedback vocabulary's."""


class InvalidFeedback(ValueError):
    """A feedback item that cannot be recorded; `field` names the field at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class FeedbackSource(
    Word,
    what="feedback source",
    error=UnknownFeedbackWord,
    synonyms={"fft": "friends_and_family_test", "care_opinion": "story", "complaints": "complaint"},
):
    """Where a comment came from."""

    FRIENDS_AND_FAMILY_TEST = "friends_and_family_test"
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    SURVEY = "survey"
    STORY = "story"  # a Care Opinion-style story told in the person's own words
    STAFF_SURVEY = "staff_survey"

    @property
    def label(self) -> str:
        return {
            "friends_and_family_test": "Friends and Family Test",
            "story": "Story (Care Opinion style)",
            "staff_survey": "Staff survey",
        }.get(self.value, self.value.capitalize())


class RespondentGroup(
    Word,
    what="respondent group",
    error=UnknownFeedbackWord,
    synonyms={"family": "family_or_carer", "carer": "family_or_carer", "service_user": "patient"},
):
    """Who gave the feedback: the person cared for, their family or carer, or staff."""

    PATIENT = "patient"
    FAMILY_OR_CARER = "family_or_carer"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return {"family_or_carer": "Family or carer"}.get(self.value, self.value.capitalize())


class FftScore(Word, what="FFT answer", error=UnknownFeedbackWord):
    """The Friends and Family Test's answer, coded as NHS England publishes it: 1 very good
    to 5 very poor, 6 don't know. Positive is 1 or 2; negative is 4 or 5."""

    VERY_GOOD = "1"
    GOOD = "2"
    NEITHER = "3"
    POOR = "4"
    VERY_POOR = "5"
    DONT_KNOW = "6"

    @property
    def label(self) -> str:
        return {
            "1": "Very good",
            "2": "Good",
            "3": "Neither good nor poor",
            "4": "Poor",
            "5": "Very poor",
            "6": "Don't know",
        }[self.value]


FFT_POSITIVE = frozenset({FftScore.VERY_GOOD, FftScore.GOOD})
FFT_NEGATIVE = frozenset({FftScore.POOR, FftScore.VERY_POOR})


class Sentiment(Word, what="sentiment", error=UnknownFeedbackWord, synonyms={"neutral": "mixed"}):
    """The three-way view NHS England's qualitative analysts recommend: positive, neutral or
    mixed, negative."""

    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"

    @property
    def label(self) -> str:
        return {"mixed": "Neutral or mixed"}.get(self.value, self.value.capitalize())


class SentimentScale(Word, what="sentiment scale", error=UnknownFeedbackWord):
    """The five-point scale the public labelled comments use: 1 very positive to 5 very
    negative, mixed labelled 3."""

    VERY_POSITIVE = "1"
    POSITIVE = "2"
    MIXED = "3"
    NEGATIVE = "4"
    VERY_NEGATIVE = "5"

    @property
    def label(self) -> str:
        return {
            "1": "Very positive",
            "2": "Positive",
            "3": "Neutral or mixed",
            "4": "Negative",
            "5": "Very negative",
        }[self.value]


def sentiment_of_scale(scale: SentimentScale) -> Sentiment:
    """The three-way view of a point on the five-point scale.

    >>> sentiment_of_scale(SentimentScale.VERY_NEGATIVE)
    <Sentiment.NEGATIVE: 'negative'>
    """
    if scale in (SentimentScale.VERY_POSITIVE, SentimentScale.POSITIVE):
        return Sentiment.POSITIVE
    if scale is SentimentScale.MIXED:
        return Sentiment.MIXED
    return Sentiment.NEGATIVE


@dataclass(frozen=True)
class FeedbackItem:
    """One comment: keyed by its trust and the reference the trust (or the file) gives it.

    `received` is the day it was given; `service` the trust's own name for the service it is
    about (free text, e.g. "Adult mental health"); `question` the question it answers ("What
    could we do better?"); `illustrative` marks a comment written for the worked example
    rather than given by a person.
    """

    trust: str
    reference: str
    source: FeedbackSource
    group: RespondentGroup
    received: dt.date
    text: str
    service: str = ""
    question: str = ""
    fft_score: FftScore | None = None
    illustrative: bool = False
    source_url: str = ""

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidFeedback("a feedback item needs a reference", field="reference")
        if len(self.text) > MAX_TEXT:
            raise InvalidFeedback(
                f"the comment is longer than {MAX_TEXT:,} characters", field="text"
            )
        if self.fft_score is not None and self.source not in (
            FeedbackSource.FRIENDS_AND_FAMILY_TEST,
            FeedbackSource.SURVEY,
        ):
            raise InvalidFeedback(
                "an FFT answer belongs to a Friends and Family Test or survey response, "
                f"not a {self.source.label.lower()}",
                field="fft_score",
            )
