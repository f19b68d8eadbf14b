"""A risk as the register records it: what it must have, which scores may stand together,
when its next review falls, which way it is moving, and when its history is drawn as an
SPC chart.

A risk needs a title and an owner (a role); its reference is the trust's own. Its target
score may not be worse than its initial score (a target is where the controls bring it).
The next review falls the review frequency's months after the last, on the month's last day
when the month is shorter. The trend is the owner's word at the latest scoring, else what the
last two scores make. The history becomes an SPC chart (lower is better, assured against
the target) from 12 scorings: Making Data Count's advice on the points a chart needs.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.risks import (
    MIN_SPC_POINTS,
    InvalidRisk,
    ReviewFrequency,
    Risk,
    RiskCategory,
    Score,
    ScorePoint,
    Trend,
    add_months,
    heat_map,
    public_summary,
    score_chart,
    trend_of,
)
from tests.spec.rulebook import rows


def _risk(**changes: object) -> Risk:
    fields: dict[str, object] = {
        "reference": "R1",
        "trust": "RMY",
        "title": "Out-of-area placements",
        "category": RiskCategory.PATIENT_SAFETY,
        "owner": "Director of nursing",
        "identified": dt.date(2019, 1, 31),
        "initial": Score(5, 5),
        "current": Score(4, 5),
        "target": Score(2, 5),
    }
    return Risk(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"owner": ""}, "owner"),
        ({"reference": "has space"}, "reference"),
        ({"trust": "rmy"}, "trust"),
        ({"initial": Score(2, 2), "target": Score(3, 2)}, "target"),
        ({"objective": "bad code!"}, "objective"),
    ],
)
def test_a_risk_that_cannot_be_is_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidRisk) as refused:
        _risk(**changes)
    assert refused.value.field == field


def test_a_current_score_may_be_below_target_or_above_initial() -> None:
    assert not _risk(current=Score(1, 1)).above_target
    assert _risk(initial=Score(3, 3), current=Score(5, 5), target=Score(1, 3)).above_target


REVIEWS = """
| reviewed   | frequency   | next       |
|------------|-------------|------------|
| 2019-01-31 | monthly     | 2019-02-28 |
| 2020-01-31 | monthly     | 2020-02-29 |
| 2019-11-15 | quarterly   | 2020-02-15 |
| 2019-08-31 | six_monthly | 2020-02-29 |
| 2019-04-01 | annually    | 2020-04-01 |
"""


@pytest.mark.parametrize("case", rows(REVIEWS), ids=lambda c: f"{c['reviewed']} {c['frequency']}")
def test_the_next_review(case: dict[str, str]) -> None:
    risk = _risk(review_frequency=ReviewFrequency.parse(case["frequency"]))
    reviewed = dt.date.fromisoformat(case["reviewed"])
    assert risk.next_review_after(reviewed) == dt.date.fromisoformat(case["next"])


def test_months_are_added_across_years() -> None:
    assert add_months(dt.date(2019, 12, 15), 14) == dt.date(2021, 2, 15)


TRENDS = """
| scores      | owner's word at the last | trend      |
|-------------|--------------------------|------------|
| 16          | -                        | -          |
| 16, 12      | -                        | reducing   |
| 12, 16      | -                        | increasing |
| 12, 12      | -                        | stable     |
| 16, 20      | reducing                 | reducing   |
| 20, 12, 12  | -                        | stable     |
"""

_SCORES = {12: Score(4, 3), 16: Score(4, 4), 20: Score(5, 4)}


@pytest.mark.parametrize("case", rows(TRENDS), ids=lambda c: c["scores"])
def test_the_trend(case: dict[str, str]) -> None:
    values = [int(v) for v in case["scores"].split(",")]
    word = case["owner's word at the last"]
    points = [ScorePoint(dt.date(2019, 1 + i, 1), _SCORES[v]) for i, v in enumerate(values)]
    if word != "-":
        points[-1] = ScorePoint(points[-1].on, points[-1].score, Trend.parse(word))
    found = trend_of(list(reversed(points)))  # order given does not matter
    assert (found.value if found else "-") == case["trend"]


def test_the_history_is_an_spc_chart_from_twelve_scorings() -> None:
    points = [
        ScorePoint(dt.date(2019, 1, 1) + dt.timedelta(days=30 * i), Score(4, 4)) for i in range(12)
    ]
    assert MIN_SPC_POINTS == 12
    assert score_chart(points[:11]) is None
    chart = score_chart(points, target=Score(2, 4))
    assert chart is not None
    assert [p.y for p in chart.points] == [16.0] * 12
    assert chart.options.target == 8.0


def test_a_fall_in_score_is_improvement_on_the_chart() -> None:
    values = [16] * 8 + [12] * 8
    scores = {16: Score(4, 4), 12: Score(4, 3)}
    points = [
        ScorePoint(dt.date(2019, 1, 1) + dt.timedelta(days=30 * i), scores[v])
        for i, v in enumerate(values)
    ]
    chart = score_chart(points)
    assert chart is not None
    assert chart.variation is not None
    assert chart.variation.value == "special_cause_improvement"


def test_the_heat_map_counts_every_cell() -> None:
    cells = heat_map([Score(5, 4), Score(5, 4), Score(1, 1)])
    assert len(cells) == 25
    assert (cells[(5, 4)], cells[(4, 5)], cells[(1, 1)]) == (2, 0, 1)
    assert sum(cells.values()) == 3


def test_the_public_summary_is_counts_by_category_and_band_only() -> None:
    summary = public_summary(
        [
            (RiskCategory.WORKFORCE, Score(4, 4)),
            (RiskCategory.WORKFORCE, Score(2, 2)),
            (RiskCategory.FINANCE, Score(1, 1)),
        ]
    )
    table = {c.category.value: {b.value: n for b, n in c.by_band} for c in summary.categories}
    assert table["workforce"] == {"low": 0, "moderate": 1, "high": 0, "extreme": 1}
    assert table["finance"]["low"] == 1
    assert summary.total == 3
    assert len(summary.categories) == len(RiskCategory)
