"""What a trust's feedback says, counted by hand: a comment counts once under each theme it
carries; the negative share is of comments with a sentiment; months with no comments are
shown empty; the XmR chart of a theme's negative share needs 12 months with a sentiment;
the groups read side by side, every group for every theme."""

from __future__ import annotations

import datetime as dt

from carewatch.domain.feedback.items import (
    RespondentGroup,
    Sentiment,
    SentimentScale,
    sentiment_of_scale,
)
from carewatch.domain.feedback.summary import (
    Counted,
    group_tallies,
    theme_trends,
    top_themes,
)
from carewatch.domain.spc import PointType

P, F, S = RespondentGroup.PATIENT, RespondentGroup.FAMILY_OR_CARER, RespondentGroup.STAFF
NEG, POS, MIX = Sentiment.NEGATIVE, Sentiment.POSITIVE, Sentiment.MIXED
WAIT, STAFF = "Timeliness of care", "Number & deployment of staff"


def c(day: str, group: RespondentGroup, themes: set[str], sentiment: Sentiment | None) -> Counted:
    return Counted(dt.date.fromisoformat(day), group, frozenset(themes), sentiment)


ITEMS = [
    c("2024-01-03", P, {WAIT}, NEG),
    c("2024-01-20", F, {WAIT, STAFF}, NEG),
    c("2024-01-21", S, {STAFF}, POS),
    c("2024-03-02", F, {WAIT}, None),
    c("2024-03-09", P, {WAIT}, MIX),
    c("2024-03-10", P, {"Labelling not possible"}, None),
]


def test_the_five_point_scale_in_three_ways() -> None:
    assert [sentiment_of_scale(s) for s in SentimentScale] == [POS, POS, MIX, NEG, NEG]


def test_top_themes_by_comments_leaving_out_what_is_not_a_topic() -> None:
    assert top_themes(ITEMS, 5) == [(WAIT, 4), (STAFF, 2)]
    assert top_themes(ITEMS, 1) == [(WAIT, 4)]


def test_a_theme_month_by_month_with_empty_months_and_the_share_of_rated_comments() -> None:
    (wait,) = theme_trends(ITEMS, [WAIT])
    months = [(m.month.isoformat(), m.comments, m.with_sentiment, m.negative) for m in wait.months]
    assert months == [
        ("2024-01-01", 2, 2, 2),
        ("2024-02-01", 0, 0, 0),
        ("2024-03-01", 2, 1, 0),  # the comment with no sentiment is not in the share
    ]
    assert (wait.comments, wait.negative) == (4, 2)
    assert wait.negative_share == 2 / 3
    assert wait.months[0].negative_share == 1.0
    assert wait.months[1].negative_share is None
    assert wait.spc is None  # 2 months with a sentiment: too few for limits


def test_twelve_rated_months_give_an_xmr_chart_where_a_fall_is_an_improvement() -> None:
    items = []
    for month in range(1, 13):  # 2 then 3 negative comments in 5, month about
        for n in range(5):
            negative = n < (2 if month % 2 else 3)
            items.append(c(f"2023-{month:02d}-0{n + 1}", P, {WAIT}, NEG if negative else POS))
    for month in range(1, 8):  # then 1 in 10 for seven months
        for n in range(10):
            items.append(c(f"2024-{month:02d}-{n + 1:02d}", P, {WAIT}, NEG if n == 0 else POS))
    (wait,) = theme_trends(items, [WAIT])
    assert wait.spc is not None
    assert [p.y for p in wait.spc.points] == [0.4, 0.6] * 6 + [0.1] * 7
    # By hand: the mean is 6.7 / 19 = 0.353. The moving ranges are eleven of 0.2, one of 0.5
    # and six of 0 (mean 2.7 / 18 = 0.15); 0.5 is more than 3.267 x 0.15 = 0.49, so it is
    # screened out and the mean moving range is 2.2 / 17 = 0.129. The lower limit is
    # 0.353 - 2.66 x 0.129 = 0.008; the last points sit below the mean: an improvement.
    last = wait.spc.points[-1]
    assert last.mean is not None
    assert last.lpl is not None
    assert round(last.mean, 3) == 0.353
    assert round(last.lpl, 3) == 0.008
    assert last.point_type is PointType.SPECIAL_CAUSE_IMPROVEMENT
    # and the first twelve, all above the mean, are a run: the worse time, in concern.
    assert wait.spc.points[0].point_type is PointType.SPECIAL_CAUSE_CONCERN


def test_the_groups_side_by_side_every_group_for_every_theme() -> None:
    tallies = group_tallies(ITEMS, [WAIT, STAFF])
    assert [(t.theme, t.group, t.comments, t.positive, t.negative) for t in tallies] == [
        (WAIT, P, 2, 0, 1),
        (WAIT, F, 2, 0, 1),
        (WAIT, S, 0, 0, 0),
        (STAFF, P, 0, 0, 0),
        (STAFF, F, 1, 0, 1),
        (STAFF, S, 1, 1, 0),
    ]


def test_no_comments_no_months() -> None:
    (empty,) = theme_trends([], [WAIT])
    assert (empty.comments, empty.months, empty.spc, empty.negative_share) == (0, (), None, None)
