"""Facts derived as of any date, and the rules' suggestion beside each decision.

On the worked history (quality special measures 12 Feb 2015 – 13 Oct 2016; again from 13 Oct
2017, retained 29 Nov 2018 and 30 Jan 2020; segment 4, the Recovery Support Programme, from
1 July 2021; segment 3 from 14 Feb 2025) with overall ratings Inadequate 2015-02-12, Requires
improvement 2016-10-13, Inadequate 2017-10-13 and 2018-11-29, Requires improvement 2020-01-30,
Inadequate 2022-04-14 and Requires improvement 2023-08-01:

- times rated Inadequate counts overall Inadequate ratings published on or before the date;
- days in special measures or the RSP count every day in quality special measures, segment 4
  from July 2021 and segment 5, up to the date (exclusive); back-to-back periods are one spell
  (special measures into segment 4 on 1 July 2021);
- the next inspection is due 12 months after entry to special measures (or after the latest
  retention); otherwise after the maximum interval for the latest overall rating: Inadequate
  12 months, Requires improvement 2 years, Good 3.5 years, Outstanding 5 years (§1.4).

Day counts were worked out by hand from the calendar (e.g. 12 Feb 2015 → 13 Oct 2016 is 609
days: 365 to 12 Feb 2016, then 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 1 = 244).
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    Condition,
    FundamentalStandard,
    OverallRating,
    Regime,
    RequirementNotice,
    RequirementStatus,
    WarningNotice29A,
    WarningRequirement,
    add_months,
    derive_status,
    intensive_spells,
    suggest_from_ratings,
)
from carewatch.domain.ratings import KeyQuestion, Rating
from tests.spec.rulebook import rating
from tests.spec.test_oversight_transitions import SHORT, WORKED, history_of, rows

RATINGS = [
    OverallRating(dt.date.fromisoformat(day), Rating(word))
    for day, word in [
        ("2015-02-12", "Inadequate"),
        ("2016-10-13", "Requires improvement"),
        ("2017-10-13", "Inadequate"),
        ("2018-11-29", "Inadequate"),
        ("2020-01-30", "Requires improvement"),
        ("2022-04-14", "Inadequate"),
        ("2023-08-01", "Requires improvement"),
    ]
]

DERIVED = """
| as of      | regime | since      | segment | inadequate | days | longest | next inspection due |
|------------|--------|------------|---------|------------|------|---------|---------------------|
| 2015-01-01 | none   | -          | -       | 0          | 0    | 0       | -                   |
| 2015-02-12 | qsm    | 2015-02-12 | -       | 1          | 0    | 0       | 2016-02-12          |
| 2016-06-01 | qsm    | 2015-02-12 | -       | 1          | 475  | 475     | 2016-02-12          |
| 2017-01-01 | none   | -          | -       | 1          | 609  | 609     | 2018-10-13          |
| 2019-06-01 | qsm    | 2017-10-13 | -       | 3          | 1205 | 609     | 2019-11-29          |
| 2021-07-01 | s4     | 2021-07-01 | 4       | 3          | 1966 | 1357    | 2022-01-30          |
| 2025-03-01 | s3     | 2025-02-14 | 3       | 4          | 3290 | 2681    | 2025-08-01          |
"""


@pytest.mark.parametrize("case", rows(DERIVED), ids=lambda c: c["as of"])
def test_derived_facts_as_of_any_date(case: dict[str, str]) -> None:
    status = derive_status(
        history=history_of(WORKED), ratings=RATINGS, as_of=dt.date.fromisoformat(case["as of"])
    )
    assert status.regime is SHORT[case["regime"]]
    assert (status.since.isoformat() if status.since else "-") == case["since"]
    assert (str(status.segment) if status.segment else "-") == case["segment"]
    assert status.times_rated_inadequate == int(case["inadequate"])
    assert status.days_in_special_measures_or_rsp == int(case["days"])
    assert status.longest_spell_days == int(case["longest"])
    due = status.next_inspection_due
    assert (due.isoformat() if due else "-") == case["next inspection due"]


INTERVALS = """
| latest overall | published  | next inspection due |
|----------------|------------|---------------------|
| I              | 2019-03-31 | 2020-03-31          |
| RI             | 2019-03-31 | 2021-03-31          |
| G              | 2019-08-31 | 2023-02-28          |
| O              | 2020-02-29 | 2025-02-28          |
"""


@pytest.mark.parametrize("case", rows(INTERVALS), ids=lambda c: c["latest overall"])
def test_next_inspection_by_the_latest_overall_rating(case: dict[str, str]) -> None:
    published = dt.date.fromisoformat(case["published"])
    latest = rating(case["latest overall"])
    assert isinstance(latest, Rating)
    status = derive_status(
        history=history_of("-"),
        ratings=[OverallRating(published, latest)],
        as_of=dt.date(2030, 1, 1),
    )
    assert status.next_inspection_due == dt.date.fromisoformat(case["next inspection due"])
    assert status.regime is Regime.NONE
    assert status.since is None
    assert case["published"] in status.next_inspection_basis


def test_segment_4_before_july_2021_is_not_the_rsp() -> None:
    history = history_of("2020-01-01 entered none>s4; 2022-01-01 segment_changed s4>s3")
    spells = intensive_spells(history, dt.date(2021, 8, 1))
    assert [(s.start, s.end, s.days) for s in spells] == [
        (dt.date(2021, 7, 1), dt.date(2021, 8, 1), 31)
    ]
    assert intensive_spells(history, dt.date(2021, 6, 1)) == ()


def test_segment_5_counts_and_joins_the_spell() -> None:
    history = history_of(
        "2021-07-01 entered none>s4; 2025-07-01 segment_changed s4>s5; "
        "2025-08-01 segment_changed s5>s2"
    )
    status = derive_status(history=history, ratings=[], as_of=dt.date(2026, 1, 1))
    # 1 Jul 2021 → 1 Aug 2025: 4 years (1461 days, one 29 February) + 31 days.
    assert status.days_in_special_measures_or_rsp == 1492
    assert status.longest_spell_days == 1492
    assert status.next_inspection_due is None


def test_open_enforcement_and_its_deadlines() -> None:
    notice = WarningNotice29A(
        dt.date(2022, 4, 14),
        (
            WarningRequirement("Ligature risks", dt.date(2022, 6, 30)),
            WarningRequirement(
                "Staffing", dt.date(2022, 5, 31), RequirementStatus.COMPLIED, dt.date(2022, 6, 15)
            ),
        ),
    )
    breach = RequirementNotice(
        FundamentalStandard.REG_18, dt.date(2022, 4, 14), closed=dt.date(2023, 1, 1)
    )
    removed = Condition("No admissions", dt.date(2022, 1, 1), removed=dt.date(2022, 3, 1))
    actions = [notice, breach, removed]
    before = derive_status(
        history=history_of("-"), ratings=[], enforcement=actions, as_of=dt.date(2022, 6, 1)
    )
    assert [(o.kind, o.deadlines) for o in before.open_enforcement] == [
        ("requirement_notice", ()),
        ("warning_notice_29a", (dt.date(2022, 5, 31), dt.date(2022, 6, 30))),
    ]
    after = derive_status(
        history=history_of("-"), ratings=[], enforcement=actions, as_of=dt.date(2022, 7, 1)
    )
    assert [(o.kind, o.deadlines) for o in after.open_enforcement] == [
        ("requirement_notice", ()),
        ("warning_notice_29a", (dt.date(2022, 6, 30),)),
    ]
    later = derive_status(
        history=history_of("-"), ratings=[], enforcement=actions, as_of=dt.date(2023, 1, 1)
    )
    assert [o.kind for o in later.open_enforcement] == ["warning_notice_29a"]


def test_overdue_commitments() -> None:
    made = dt.date(2018, 11, 30)
    commitments = [
        Commitment("Significant progress", "Trust board", made, due=dt.date(2019, 1, 31)),
        Commitment("Regular updates", "NHS Improvement", made),
        Commitment(
            "Face-to-face meeting in January",
            "NHS Improvement",
            made,
            due=dt.date(2019, 1, 31),
            status=CommitmentStatus.KEPT_LATE,
            marked_on=dt.date(2019, 3, 1),
        ),
    ]
    february = derive_status(
        history=history_of("-"), ratings=[], commitments=commitments, as_of=dt.date(2019, 2, 1)
    )
    assert [c.what for c in february.overdue_commitments] == [
        "Face-to-face meeting in January",
        "Significant progress",
    ]
    march = derive_status(
        history=history_of("-"), ratings=[], commitments=commitments, as_of=dt.date(2019, 3, 1)
    )
    assert [c.what for c in march.overdue_commitments] == ["Significant progress"]
    january = derive_status(
        history=history_of("-"), ratings=[], commitments=commitments, as_of=dt.date(2019, 1, 31)
    )
    assert january.overdue_commitments == ()


def test_months_are_added_by_the_calendar() -> None:
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2019, 12, 15), 12) == dt.date(2020, 12, 15)
    assert add_months(dt.date(2019, 11, 30), 2) == dt.date(2020, 1, 30)


SUGGESTIONS = """
| regime | overall | safe | well-led | rule                   |
|--------|---------|------|----------|------------------------|
| qsm    | RI      | RI   | RI       | exit-may-be-considered |
| qsm    | G       | G    | G        | exit-may-be-considered |
| qsm    | I       | I    | RI       | remain                 |
| s4     | RI      | I    | RI       | exit-may-be-considered |
| s5     | I       | I    | I        | remain                 |
| qsm    | -       | RI   | RI       | exit-may-be-considered |
| qsm    | -       | I    | RI       | remain                 |
| none   | I       | I    | I        | entry-criteria-met     |
| s2     | I       | I    | I        | entry-criteria-met     |
| none   | I       | I    | RI       | entry-criteria-not-met |
| none   | RI      | RI   | I        | entry-criteria-not-met |
"""


@pytest.mark.parametrize("case", rows(SUGGESTIONS), ids=lambda c: f"{c['regime']}-{c['overall']}")
def test_the_rules_suggestion_beside_the_decision(case: dict[str, str]) -> None:
    key_questions = {
        KeyQuestion.SAFE: rating(case["safe"]),
        KeyQuestion.WELL_LED: rating(case["well-led"]),
    }
    overall = None if case["overall"] == "-" else rating(case["overall"])
    suggestion = suggest_from_ratings(key_questions, SHORT[case["regime"]], overall)  # type: ignore[arg-type]
    assert suggestion.rule == case["rule"]
    assert suggestion.source.startswith("https://www.cqc.org.uk/")


def test_requires_improvement_yet_retained_is_explained() -> None:
    """NSFT January 2020: rated Requires improvement, kept in special measures."""
    suggestion = suggest_from_ratings(
        {KeyQuestion.WELL_LED: Rating.REQUIRES_IMPROVEMENT},
        Regime.QUALITY_SPECIAL_MEASURES,
        Rating.REQUIRES_IMPROVEMENT,
    )
    assert "exit from special measures may be considered" in suggestion.text
    assert "not sufficient on its own" in suggestion.text


def test_no_ratings_in_special_measures_gives_no_ground_to_exit() -> None:
    assert suggest_from_ratings({}, Regime.QUALITY_SPECIAL_MEASURES).rule == "remain"
