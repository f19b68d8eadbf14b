"""A trust's feedback as the command line prints it with `--json` and the API returns it: the
list of comments, one comment, the summary (themes by month with SPC on the negative share,
groups side by side, example comments, "you said, we did"), and people's corrections. Built
from `carewatch.services.feedback` values.

A comment's words appear redacted (`redacted_text`) for everyone; `text`, the words as given,
is filled only when asked for and allowed (an audited read) and is null otherwise.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from carewatch.domain.feedback.summary import ThemeTrend
from carewatch.domain.spc import variation_icon
from carewatch.services.feedback import (
    AnswerView,
    CorrectionView,
    FeedbackItemView,
    FeedbackSummary,
    Quote,
)

__all__ = [
    "AnswerPublic",
    "CorrectionListPublic",
    "CorrectionPublic",
    "FeedbackItemPublic",
    "FeedbackListPublic",
    "FeedbackSummaryPublic",
    "ThemeLabelPublic",
]


class ThemeLabelPublic(BaseModel):
    """A theme a comment carries: the classifier's probability (null for a label a person or
    the file gave) and where the label came from: model, source or person."""

    theme: str
    probability: float | None
    origin: str


class FeedbackItemPublic(BaseModel):
    reference: str
    trust: str
    source: str
    respondent_group: str
    received: dt.date
    service: str
    question: str
    fft_score: int | None
    redacted_text: str
    personal_data_redacted: list[str]
    themes: list[ThemeLabelPublic]
    sentiment: str | None
    sentiment_scale: int | None
    sentiment_probability: float | None
    sentiment_origin: str | None
    illustrative: bool
    source_url: str
    text: str | None

    @classmethod
    def from_view(cls, v: FeedbackItemView) -> FeedbackItemPublic:
        return cls(
            reference=v.reference,
            trust=v.trust,
            source=v.source.value,
            respondent_group=v.group.value,
            received=v.received,
            service=v.service,
            question=v.question,
            fft_score=int(v.fft_score.value) if v.fft_score else None,
            redacted_text=v.redacted_text,
            personal_data_redacted=list(v.personal_data),
            themes=[ThemeLabelPublic(theme=t.theme, probability=t.probability, origin=t.origin)
                    for t in v.themes],
            sentiment=v.sentiment.value if v.sentiment else None,
            sentiment_scale=int(v.sentiment_scale.value) if v.sentiment_scale else None,
            sentiment_probability=v.sentiment_probability,
            sentiment_origin=v.sentiment_origin,
            illustrative=v.illustrative,
            source_url=v.source_url,
            text=v.text,
        )  # fmt: skip


class FeedbackListPublic(BaseModel):
    """A page of comments; `count` counts every comment the filters match."""

    data: list[FeedbackItemPublic]
    count: int


class MonthPublic(BaseModel):
    month: dt.date
    comments: int
    with_sentiment: int
    negative: int
    negative_share: float | None


class ThemeTrendPublic(BaseModel):
    """A top theme month by month; `variation` is the Making Data Count icon of its negative
    share's XmR chart (null with fewer than 12 months with a sentiment), where a fall is an
    improvement."""

    theme: str
    comments: int
    negative: int
    negative_share: float | None
    months: list[MonthPublic]
    variation: str | None

    @classmethod
    def from_trend(cls, t: ThemeTrend) -> ThemeTrendPublic:
        icon = variation_icon(t.spc) if t.spc is not None else None
        return cls(
            theme=t.theme,
            comments=t.comments,
            negative=t.negative,
            negative_share=t.negative_share,
            months=[
                MonthPublic(
                    month=m.month,
                    comments=m.comments,
                    with_sentiment=m.with_sentiment,
                    negative=m.negative,
                    negative_share=m.negative_share,
                )
                for m in t.months
            ],
            variation=icon.code if icon else None,
        )


class GroupTallyPublic(BaseModel):
    respondent_group: str
    theme: str
    comments: int
    positive: int
    negative: int


class QuotePublic(BaseModel):
    """An example comment, redacted."""

    reference: str
    respondent_group: str
    received: dt.date
    service: str
    sentiment: str | None
    redacted_text: str
    illustrative: bool

    @classmethod
    def from_quote(cls, q: Quote) -> QuotePublic:
        return cls(
            reference=q.reference,
            respondent_group=q.group.value,
            received=q.received,
            service=q.service,
            sentiment=q.sentiment.value if q.sentiment else None,
            redacted_text=q.redacted_text,
            illustrative=q.illustrative,
        )


class ThemeQuotesPublic(BaseModel):
    theme: str
    quotes: list[QuotePublic]


class AnswerActionPublic(BaseModel):
    title: str
    status: str
    due: dt.date
    last_evidenced: dt.date | None


class AnswerPublic(BaseModel):
    """ "You said, we did": a theme, what people said, and the must-do that answers it with its
    progress and actions (the evidence that the trust did it)."""

    theme: str
    said: str
    must_do: str
    must_do_summary: str
    progress: str
    last_evidenced: dt.date | None
    actions: list[AnswerActionPublic]
    illustrative: bool

    @classmethod
    def from_view(cls, a: AnswerView) -> AnswerPublic:
        return cls(
            theme=a.theme,
            said=a.said,
            must_do=a.target,
            must_do_summary=a.must_do,
            progress=a.progress,
            last_evidenced=a.last_evidenced,
            actions=[
                AnswerActionPublic(title=t, status=s, due=d, last_evidenced=e)
                for t, s, d, e in a.actions
            ],
            illustrative=a.illustrative,
        )


class FeedbackSummaryPublic(BaseModel):
    """What a trust's feedback says, for anyone: counts, the top themes month by month with
    SPC, the respondent groups side by side, redacted example comments and you said, we did."""

    trust: str
    trust_name: str | None
    service: str | None
    respondent_group: str | None
    comments: int
    classified: int
    illustrative: int
    first: dt.date | None
    last: dt.date | None
    by_source: dict[str, int]
    by_respondent_group: dict[str, int]
    by_sentiment: dict[str, int]
    services: list[str]
    themes: list[ThemeTrendPublic]
    groups: list[GroupTallyPublic]
    quotes: list[ThemeQuotesPublic]
    you_said_we_did: list[AnswerPublic]

    @classmethod
    def from_summary(cls, s: FeedbackSummary) -> FeedbackSummaryPublic:
        return cls(
            trust=s.trust,
            trust_name=s.trust_name,
            service=s.service,
            respondent_group=s.group.value if s.group else None,
            comments=s.comments,
            classified=s.classified,
            illustrative=s.illustrative,
            first=s.first,
            last=s.last,
            by_source={k.value: n for k, n in s.by_source},
            by_respondent_group={k.value: n for k, n in s.by_group},
            by_sentiment={k.value: n for k, n in s.by_sentiment},
            services=list(s.services),
            themes=[ThemeTrendPublic.from_trend(t) for t in s.trends],
            groups=[
                GroupTallyPublic(
                    respondent_group=g.group.value,
                    theme=g.theme,
                    comments=g.comments,
                    positive=g.positive,
                    negative=g.negative,
                )
                for g in s.groups
            ],
            quotes=[
                ThemeQuotesPublic(theme=t, quotes=[QuotePublic.from_quote(q) for q in qs])
                for t, qs in s.quotes
            ],
            you_said_we_did=[AnswerPublic.from_view(a) for a in s.answers],
        )


class CorrectionPublic(BaseModel):
    """A person's correction of a comment's labels, with the words as given: training data
    (restricted to the trust's own roles)."""

    reference: str
    text: str
    kind: str
    value: str
    previous: str
    corrected_by: str
    recorded_at: dt.datetime

    @classmethod
    def from_view(cls, c: CorrectionView) -> CorrectionPublic:
        return cls(**c.__dict__)


class CorrectionListPublic(BaseModel):
    data: list[CorrectionPublic]
    count: int
