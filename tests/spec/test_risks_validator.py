"""The board assurance framework's rules, as the validator applies them.

Every risk whose current score is above its target has at least one open improvement-plan
action with an owner and a due date (`no_open_action`) and at least one assurance, positive
or negative (`no_assurance`). A risk whose next review day has passed is flagged
(`review_overdue`). A risk its owner rates "reducing" while a linked measure's SPC chart
shows special-cause concern on its latest point is a contradiction (`contradiction`): the
register says one thing and the trust's own data another. A risk at or below its target
needs neither actions nor assurances by these rules.

In the tables, `actions` lists the linked actions as open/closed, owned/unowned and
dated/undated; `assurances` counts them; `review` is the next review day; `measures` lists
linked measures as concern or fine; a column a table leaves out is a risk at its target,
reviewed on time, stable, with nothing linked. The day of the check is 2020-06-30.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.risks import (
    Assurance,
    AssuranceLine,
    AssuranceResult,
    LinkedAction,
    LinkedMeasure,
    Risk,
    RiskCategory,
    RiskProblem,
    RiskRecord,
    Score,
    Trend,
    check_register,
    check_risk,
    contradicted_by,
)
from tests.spec.rulebook import rows

AS_OF = dt.date(2020, 6, 30)

GAPS = """
| current | target | actions            | assurances | problems                     |
|---------|--------|--------------------|------------|------------------------------|
| 4x4     | 2x4    | open owned dated   | 1          | -                            |
| 4x4     | 2x4    | -                  | 1          | no_open_action               |
| 4x4     | 2x4    | closed owned dated | 1          | no_open_action               |
| 4x4     | 2x4    | open unowned dated | 1          | no_open_action               |
| 4x4     | 2x4    | open owned undated | 1          | no_open_action               |
| 4x4     | 2x4    | open owned dated   | 0          | no_assurance                 |
| 4x4     | 2x4    | -                  | 0          | no_open_action, no_assurance |
| 2x4     | 2x4    | -                  | 0          | -                            |
| 1x4     | 2x4    | -                  | 0          | -                            |
"""

REVIEWS_AND_TRENDS = """
| review     | trend      | measures      | problems       |
|------------|------------|---------------|----------------|
| 2020-07-01 | stable     | -             | -              |
| 2020-06-30 | stable     | -             | -              |
| 2020-06-29 | stable     | -             | review_overdue |
| 2020-07-01 | reducing   | concern       | contradiction  |
| 2020-07-01 | reducing   | fine, concern | contradiction  |
| 2020-07-01 | reducing   | fine          | -              |
| 2020-07-01 | stable     | concern       | -              |
| 2020-07-01 | increasing | concern       | -              |
"""

# What a row leaves out: a risk at its target, reviewed on time, stable, nothing linked.
DEFAULTS = {
    "current": "2x4", "target": "2x4", "actions": "-", "assurances": "0",
    "review": "2020-07-01", "trend": "stable", "measures": "-",
}  # fmt: skip


def _risk(current: str, target: str) -> Risk:
    return Risk(
        reference="R1",
        trust="RMY",
        title="Children and young people wait too long",
        category=RiskCategory.QUALITY,
        owner="Director of operations",
        identified=dt.date(2019, 4, 1),
        initial=Score(5, 4),
        current=Score.parse(current),
        target=Score.parse(target),
    )


def _actions(cell: str) -> tuple[LinkedAction, ...]:
    if cell == "-":
        return ()
    out = []
    for i, part in enumerate(cell.split(",")):
        words = part.split()
        out.append(
            LinkedAction(
                reference=f"2020-MD3/A{i + 1}",
                owner="Matron" if "owned" in words else "",
                due=dt.date(2020, 9, 30) if "dated" in words else None,
                open="open" in words,
            )
        )
    return tuple(out)


def _measures(cell: str) -> tuple[LinkedMeasure, ...]:
    if cell == "-":
        return ()
    return tuple(
        LinkedMeasure(code=f"m{i}", name=f"measure {i}", concern=word.strip() == "concern")
        for i, word in enumerate(cell.split(","))
    )


def _record(case: dict[str, str]) -> RiskRecord:
    assurance = Assurance(
        AssuranceLine.OVERSIGHT, AssuranceResult.NEGATIVE, dt.date(2020, 3, 1), "Audit"
    )
    return RiskRecord(
        risk=_risk(case["current"], case["target"]),
        next_review=dt.date.fromisoformat(case["review"]),
        assurances=(assurance,) * int(case["assurances"]),
        actions=_actions(case["actions"]),
        measures=_measures(case["measures"]),
        trend=Trend.parse(case["trend"]),
    )


@pytest.mark.parametrize("case", rows(GAPS) + rows(REVIEWS_AND_TRENDS), ids=lambda c: c["problems"])
def test_the_rules(case: dict[str, str]) -> None:
    found = check_risk(_record({**DEFAULTS, **case}), as_of=AS_OF)
    expected = [] if case["problems"] == "-" else [p.strip() for p in case["problems"].split(",")]
    assert [f.problem.value for f in found] == expected
    assert all(f.risk == "R1" for f in found)


def test_a_negative_assurance_is_still_an_assurance() -> None:
    record = _record({**DEFAULTS, **rows(GAPS)[0]})
    assert record.assurances[0].result is AssuranceResult.NEGATIVE
    assert check_risk(record, as_of=AS_OF) == ()


EVERYTHING_WRONG = {
    "current": "4x4", "target": "2x4", "actions": "-", "assurances": "0",
    "review": "2020-01-01", "trend": "reducing", "measures": "concern",
}  # fmt: skip


def test_a_risk_can_have_every_problem_at_once() -> None:
    found = check_risk(_record(EVERYTHING_WRONG), as_of=AS_OF)
    assert [f.problem for f in found] == list(RiskProblem)


def test_the_details_say_what_is_wrong_in_words() -> None:
    case = EVERYTHING_WRONG
    details = {f.problem: f.detail for f in check_risk(_record(case), as_of=AS_OF)}
    assert details[RiskProblem.NO_OPEN_ACTION] == (
        "current score 16 (4x4) is above its target 8 (2x4) and no open action with an "
        "owner and a due date is linked to it"
    )
    assert details[RiskProblem.REVIEW_OVERDUE] == "review was due on 2020-01-01, 181 days ago"
    assert details[RiskProblem.CONTRADICTION] == (
        "rated reducing, but special-cause concern on measure 0"
    )


def test_the_contradiction_names_only_the_measures_of_concern() -> None:
    record = _record({**DEFAULTS, **rows(REVIEWS_AND_TRENDS)[4]})
    assert [m.name for m in contradicted_by(record)] == ["measure 1"]


def test_the_register_is_checked_risk_by_risk_in_reference_order() -> None:
    late = _record({**DEFAULTS, **rows(REVIEWS_AND_TRENDS)[2]})
    other = RiskRecord(
        risk=Risk(**{**late.risk.__dict__, "reference": "A1"}),
        next_review=late.next_review,
    )
    found = check_register([late, other], as_of=AS_OF)
    assert [(f.risk, f.problem.value) for f in found] == [
        ("A1", "review_overdue"),
        ("R1", "review_overdue"),
    ]
