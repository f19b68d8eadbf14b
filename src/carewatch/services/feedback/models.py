"""The frozen views the feedback service returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.feedback.items import (
    FeedbackSource,
    FftScore,
    RespondentGroup,
    Sentiment,
    SentimentScale,
)
from carewatch.domain.feedback.summary import GroupTally, ThemeTrend

__all__ = [
    "AnswerView",
    "CorrectionView",
    "FeedbackImportResult",
    "FeedbackItemView",
    "FeedbackSummary",
    "Quote",
    "ThemeLabel",
]


@dataclass(frozen=True)
class ThemeLabel:
    """A theme a comment carries: its probability when the classifier gave it, and where the
    label came from (`model`, `source`: the file it came with, `person`: corrected here)."""

    theme: str
    probability: float | None
    origin: str


@dataclass(frozen=True)
class FeedbackItemView:
    """One comment as a reader sees it: always the redacted words; the words as given only
    for the trust's own roles who asked for them (`text` None otherwise)."""

    id: int
    trust: str
    reference: str
    source: FeedbackSource
    group: RespondentGroup
    received: dt.date
    service: str
    question: str
    fft_score: FftScore | None
    redacted_text: str
    personal_data: tuple[str, ...]
    themes: tuple[ThemeLabel, ...]
    sentiment: Sentiment | None
    sentiment_scale: SentimentScale | None
    sentiment_probability: float | None
    sentiment_origin: str | None
    illustrative: bool
    source_url: str
    text: str | None = None


@dataclass(frozen=True)
class Quote:
    """An example comment for a theme, redacted."""

    reference: str
    group: RespondentGroup
    received: dt.date
    service: str
    sentiment: Sentiment | None
    redacted_text: str
    illustrative: bool


@dataclass(frozen=True)
class AnswerView:
    """ "You said, we did": a theme answered by a must-do of the improvement plan, with the
    must-do's progress and its actions as the public plan shows them (the evidence that the
    trust did what it said)."""

    theme: str
    target: str
    said: str
    must_do: str
    progress: str
    last_evidenced: dt.date | None
    actions: tuple[tuple[str, str, dt.date, dt.date | None], ...]  # title, status, due, evidenced
    illustrative: bool


@dataclass(frozen=True)
class FeedbackSummary:
    """What a trust's feedback says (filtered by service and group when asked): counts by
    source, group and sentiment, the top themes month by month with SPC on their negative
    share, the groups side by side, example comments for each top theme (redacted) and "you
    said, we did". Public: no comment as given and no person's name."""

    trust: str
    trust_name: str | None
    comments: int
    classified: int
    first: dt.date | None
    last: dt.date | None
    by_source: tuple[tuple[FeedbackSource, int], ...]
    by_group: tuple[tuple[RespondentGroup, int], ...]
    by_sentiment: tuple[tuple[Sentiment, int], ...]
    services: tuple[str, ...]
    trends: tuple[ThemeTrend, ...]
    groups: tuple[GroupTally, ...]
    quotes: tuple[tuple[str, tuple[Quote, ...]], ...]
    answers: tuple[AnswerView, ...]
    illustrative: int
    service: str | None = None
    group: RespondentGroup | None = None


@dataclass(frozen=True)
class CorrectionView:
    """A person's correction of a comment's labels, as training data: the words as given, the
    label and what it was before."""

    reference: str
    text: str
    kind: str
    value: str
    previous: str
    corrected_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class FeedbackImportResult:
    """What an import stored: comments new, changed and already stored, how many the
    classifier labelled, how many wait for it (the model was not built), and how many had
    personal data redacted."""

    trust: str
    file_name: str
    new: int
    changed: int
    unchanged: int
    classified: int
    unclassified: int
    redacted: int
