"""What a trust's feedback says, counted: comments by theme and month, the share of each
theme's comments that are negative (with an XmR chart by Making Data Count's rules where there
are enough months), and the respondent groups side by side.

Pure: it counts what it is given. A comment counts once under each theme it carries; a
comment with no sentiment counts in the comments but in neither the negative share's
numerator nor its denominator. The share is of comments with a sentiment.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carewatch.domain.feedback.items import RespondentGroup, Sentiment
from carewatch.domain.spc import Improvement, SpcOptions, SpcResult, analyse

__all__ = [
    "MIN_MONTHS_FOR_SPC",
    "NOT_A_TOPIC",
    "Counted",
    "GroupTally",
    "MonthCount",
    "ThemeTrend",
    "group_tallies",
    "month_of",
    "theme_trends",
    "top_themes",
]

NOT_A_TOPIC = frozenset({"Labelling not possible", "Not assigned"})
"""The framework's labels for a comment with nothing to classify ("Nothing.", "N/A") or none
of its themes: counted, never ranked among a trust's top themes."""

MIN_MONTHS_FOR_SPC = 12
"""Months needed before the negative share is drawn as an XmR chart: Making Data Count asks
for at least 12 points to set limits that mean something (docs/spc.md)."""


@dataclass(frozen=True)
class Counted:
    """One comment as the counts see it."""

    received: dt.date
    group: RespondentGroup
    themes: frozenset[str]
    sentiment: Sentiment | None
    service: str = ""


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # the first of the month
    comments: int
    with_sentiment: int
    negative: int

    @property
    def negative_share(self) -> float | None:
        """Negative comments as a share of those with a sentiment; None with none."""
        return self.negative / self.with_sentiment if self.with_sentiment else None


@dataclass(frozen=True)
class ThemeTrend:
    """One theme's comments month by month (every month from the first to the last comment
    of all the trust's feedback, empty months included) and, with enough months that have a
    sentiment, the XmR chart of its negative share (a decrease is an improvement)."""

    theme: str
    comments: int
    negative: int
    months: tuple[MonthCount, ...]
    spc: SpcResult | None

    @property
    def negative_share(self) -> float | None:
        rated = sum(m.with_sentiment for m in self.months)
        return self.negative / rated if rated else None


@dataclass(frozen=True)
class GroupTally:
    """One respondent group's comments under one theme."""

    group: RespondentGroup
    theme: str
    comments: int
    positive: int
    negative: int


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def top_themes(items: Iterable[Counted], n: int) -> list[tuple[str, int]]:
    """The `n` themes most comments carry (ties by name), leaving out `NOT_A_TOPIC`.

    >>> day = dt.date(2024, 1, 5)
    >>> c = lambda *t: Counted(day, RespondentGroup.PATIENT, frozenset(t), None)
    >>> top_themes([c("Food"), c("Food", "Parking"), c("Not assigned"), c("Parking")], 5)
    [('Food', 2), ('Parking', 2)]
    """
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(t for t in item.themes if t not in NOT_A_TOPIC)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def theme_trends(items: Sequence[Counted], themes: Sequence[str]) -> list[ThemeTrend]:
    """Each of `themes` month by month over the span of all `items`."""
    if not items:
        return [ThemeTrend(t, 0, 0, (), None) for t in themes]
    months = _months(min(i.received for i in items), max(i.received for i in items))
    tally: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0])
    wanted = set(themes)
    for item in items:
        month = month_of(item.received)
        for theme in item.themes & wanted:
            cell = tally[theme, month]
            cell[0] += 1
            if item.sentiment is not None:
                cell[1] += 1
                cell[2] += item.sentiment is Sentiment.NEGATIVE
    trends = []
    for theme in themes:
        counts = tuple(MonthCount(m, *tally.get((theme, m), [0, 0, 0])) for m in months)
        trends.append(
            ThemeTrend(
                theme,
                sum(c.comments for c in counts),
                sum(c.negative for c in counts),
                counts,
                _spc(counts),
            )
        )
    return trends


def _spc(counts: Sequence[MonthCount]) -> SpcResult | None:
    rated = [c for c in counts if c.with_sentiment]
    if len(rated) < MIN_MONTHS_FOR_SPC:
        return None
    return analyse(
        [c.month for c in rated],
        [c.negative / c.with_sentiment for c in rated],
        SpcOptions(improvement=Improvement.DECREASE),
    )


def group_tallies(items: Iterable[Counted], themes: Sequence[str]) -> list[GroupTally]:
    """Every respondent group's comments under each of `themes`, the groups in their order,
    so patients, families and staff read side by side."""
    tally: dict[tuple[RespondentGroup, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    wanted = set(themes)
    for item in items:
        for theme in item.themes & wanted:
            cell = tally[item.group, theme]
            cell[0] += 1
            cell[1] += item.sentiment is Sentiment.POSITIVE
            cell[2] += item.sentiment is Sentiment.NEGATIVE
    return [
        GroupTally(group, theme, *tally.get((group, theme), [0, 0, 0]))
        for theme in themes
        for group in RespondentGroup
    ]
