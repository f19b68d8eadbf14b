"""Enforcement actions, their status as of any date, and the ratings limiter each implies.

- A requirement notice names the fundamental standard breached (Regulations 9–20A, SI
  2014/2936, with CQC's titles), and limits the area it covers to Requires improvement.
- A section 29A warning notice has requirements each with its own compliance deadline; each is
  active until CQC decides it was complied with, not complied with, or is no longer active.
  The notice is active while any requirement is; it limits the area to Inadequate.
- A condition of registration is imposed, perhaps varied, perhaps removed; it limits the area
  to Inadequate. Urgent action, fixed penalties and prosecutions limit no rating.
Sources: regulatory-framework reference §5.3 and §6.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import (
    Condition,
    FixedPenalty,
    FundamentalStandard,
    InvalidEnforcement,
    NoticeStatus,
    Prosecution,
    RequirementNotice,
    RequirementStatus,
    UnknownFundamentalStandard,
    UrgentAction,
    WarningNotice29A,
    WarningRequirement,
)
from carewatch.domain.ratings import EnforcementKind, KeyQuestion
from tests.spec.test_oversight_transitions import rows

STANDARDS = """
| regulation | title                                                           | key question |
|------------|-----------------------------------------------------------------|--------------|
| 9          | Person-centred care                                             | responsive   |
| 9A         | Visiting and accompanying in care homes, hospitals and hospices | responsive   |
| 10         | Dignity and respect                                             | caring       |
| 11         | Need for consent                                                | effective    |
| 12         | Safe care and treatment                                         | safe         |
| 13         | Safeguarding service users from abuse and improper treatment    | safe         |
| 14         | Meeting nutritional and hydration needs                         | effective    |
| 15         | Premises and equipment                                          | safe         |
| 16         | Receiving and acting on complaints                              | responsive   |
| 17         | Good governance                                                 | well-led     |
| 18         | Staffing                                                        | safe         |
| 19         | Fit and proper persons employed                                 | safe         |
| 20         | Duty of candour                                                 | well-led     |
| 20A        | Requirement as to display of performance assessments            | well-led     |
"""


@pytest.mark.parametrize("case", rows(STANDARDS), ids=lambda c: c["regulation"])
def test_the_fundamental_standards(case: dict[str, str]) -> None:
    standard = FundamentalStandard.parse(case["regulation"])
    assert standard.title == case["title"]
    assert standard.key_question is KeyQuestion(case["key question"])
    assert standard.label == f"Regulation {case['regulation']}: {case['title']}"


def test_all_fundamental_standards_are_listed() -> None:
    assert [s.number for s in FundamentalStandard] == [r["regulation"] for r in rows(STANDARDS)]


@pytest.mark.parametrize("text", ["Regulation 12", "reg 12", "REG. 12", "12"])
def test_regulation_words(text: str) -> None:
    assert FundamentalStandard.parse(text) is FundamentalStandard.REG_12


@pytest.mark.parametrize("text", ["Regulation 8", "21", "", 12])
def test_unknown_regulations_are_named_errors(text: object) -> None:
    with pytest.raises(UnknownFundamentalStandard, match="expected one of 9, 9A"):
        FundamentalStandard.parse(text)  # type: ignore[arg-type]


def test_parse_passes_a_standard_through() -> None:
    assert FundamentalStandard.parse(FundamentalStandard.REG_20A) is FundamentalStandard.REG_20A


LIMITERS = """
| action             | limiter            |
|--------------------|--------------------|
| requirement_notice | requirement_notice |
| warning_notice_29a | warning_notice     |
| condition          | condition          |
| urgent_action      | -                  |
| fixed_penalty      | -                  |
| prosecution        | -                  |
"""

DAY = dt.date(2022, 4, 14)
ACTIONS = {
    "requirement_notice": RequirementNotice(FundamentalStandard.REG_12, DAY),
    "warning_notice_29a": WarningNotice29A(DAY, (WarningRequirement("x", DAY),)),
    "condition": Condition("no admissions", DAY),
    "urgent_action": UrgentAction("wards closed", DAY),
    "fixed_penalty": FixedPenalty("display of ratings", DAY),
    "prosecution": Prosecution("avoidable harm", DAY),
}


@pytest.mark.parametrize("case", rows(LIMITERS), ids=lambda c: c["action"])
def test_each_action_names_the_ratings_limiter_it_implies(case: dict[str, str]) -> None:
    action = ACTIONS[case["action"]]
    assert action.kind == case["action"]
    expected = None if case["limiter"] == "-" else EnforcementKind(case["limiter"])
    assert action.limiter is expected


def test_one_day_actions_are_never_open() -> None:
    for kind in ("urgent_action", "fixed_penalty", "prosecution"):
        action = ACTIONS[kind]
        assert action.status(DAY) is NoticeStatus.CLOSED
        assert action.closed_on() is None
        assert action.deadlines(DAY) == ()
    assert ACTIONS["prosecution"].title == "Prosecution: avoidable harm"


WARNING = """
| as of      | overall          | staffing | ligatures        | open deadlines        |
|------------|------------------|----------|------------------|-----------------------|
| 2022-04-14 | active           | active   | active           | 2022-05-31 2022-06-30 |
| 2022-06-14 | active           | active   | active           | 2022-05-31 2022-06-30 |
| 2022-06-15 | active           | complied | active           | 2022-06-30            |
| 2022-09-30 | not_complied     | complied | not_complied     | -                     |
| 2023-01-10 | no_longer_active | complied | no_longer_active | -                     |
"""
"""A notice issued 14 April 2022: staffing due 31 May, found complied with on 15 June;
ligature risks due 30 June, found not complied with on 30 September, then no longer active
on 10 January 2023 (the later decision replaces the earlier in this record)."""


def _warning(ligatures: RequirementStatus, decided: dt.date) -> WarningNotice29A:
    return WarningNotice29A(
        DAY,
        (
            WarningRequirement(
                "Staffing", dt.date(2022, 5, 31), RequirementStatus.COMPLIED, dt.date(2022, 6, 15)
            ),
            WarningRequirement("Ligature risks", dt.date(2022, 6, 30), ligatures, decided),
        ),
        summary="quality requires significant improvement",
    )


@pytest.mark.parametrize("case", rows(WARNING), ids=lambda c: c["as of"])
def test_a_warning_notice_as_of_any_date(case: dict[str, str]) -> None:
    as_of = dt.date.fromisoformat(case["as of"])
    if as_of < dt.date(2023, 1, 10):
        notice = _warning(RequirementStatus.NOT_COMPLIED, dt.date(2022, 9, 30))
    else:
        notice = _warning(RequirementStatus.NO_LONGER_ACTIVE, dt.date(2023, 1, 10))
    staffing, ligatures = notice.requirements
    assert notice.overall_status(as_of) is RequirementStatus(case["overall"])
    assert staffing.status_on(as_of) is RequirementStatus(case["staffing"])
    assert ligatures.status_on(as_of) is RequirementStatus(case["ligatures"])
    expected = [] if case["open deadlines"] == "-" else case["open deadlines"].split()
    assert [d.isoformat() for d in notice.deadlines(as_of)] == expected
    is_open = case["overall"] == "active"
    assert (notice.status(as_of) is NoticeStatus.OPEN) is is_open


def test_a_warning_notice_all_complied_is_complied_and_closed() -> None:
    notice = WarningNotice29A(
        DAY, (WarningRequirement("x", DAY, RequirementStatus.COMPLIED, dt.date(2022, 7, 1)),)
    )
    assert notice.overall_status(dt.date(2022, 7, 1)) is RequirementStatus.COMPLIED
    assert notice.closed_on() == dt.date(2022, 7, 1)
    assert notice.title == "Section 29A warning notice"
    assert _warning(RequirementStatus.ACTIVE, None).closed_on() is None  # type: ignore[arg-type]


def test_requirement_notices_and_conditions_open_and_close() -> None:
    notice = RequirementNotice(
        FundamentalStandard.REG_17,
        DAY,
        core_service="Community mental health services for adults",
        key_question=KeyQuestion.WELL_LED,
        closed=dt.date(2023, 1, 1),
    )
    assert notice.status(DAY - dt.timedelta(days=1)) is NoticeStatus.CLOSED
    assert notice.status(DAY) is NoticeStatus.OPEN
    assert notice.status(dt.date(2023, 1, 1)) is NoticeStatus.CLOSED
    assert notice.title == (
        "Requirement notice: Regulation 17: Good governance in "
        "Community mental health services for adults"
    )
    assert notice.deadlines(DAY) == ()
    condition = Condition("no admissions", DAY, varied=(dt.date(2022, 5, 1),))
    assert condition.status(dt.date(2030, 1, 1)) is NoticeStatus.OPEN
    assert condition.closed_on() is None
    assert condition.deadlines(DAY) == ()
    assert condition.issued == DAY


IMPOSSIBLE = """
| what                                    | error                    |
|-----------------------------------------|--------------------------|
| requirement notice closed before issued | closing date             |
| warning notice without requirements     | at least one requirement |
| warning deadline before the notice      | compliance deadline      |
| warning decision before the notice      | compliance decision      |
| requirement complied without a date     | needs its date           |
| requirement active with a date          | needs its date           |
| condition varied before imposed         | a variation              |
| condition removed before imposed        | the removal              |
"""

BEFORE = DAY - dt.timedelta(days=1)
BUILDERS = {
    "requirement notice closed before issued": lambda: RequirementNotice(
        FundamentalStandard.REG_12, DAY, closed=BEFORE
    ),
    "warning notice without requirements": lambda: WarningNotice29A(DAY, ()),
    "warning deadline before the notice": lambda: WarningNotice29A(
        DAY, (WarningRequirement("x", BEFORE),)
    ),
    "warning decision before the notice": lambda: WarningNotice29A(
        DAY, (WarningRequirement("x", DAY, RequirementStatus.COMPLIED, BEFORE),)
    ),
    "requirement complied without a date": lambda: WarningRequirement(
        "x", DAY, RequirementStatus.COMPLIED
    ),
    "requirement active with a date": lambda: WarningRequirement(
        "x", DAY, RequirementStatus.ACTIVE, DAY
    ),
    "condition varied before imposed": lambda: Condition("c", DAY, varied=(BEFORE,)),
    "condition removed before imposed": lambda: Condition("c", DAY, removed=BEFORE),
}


@pytest.mark.parametrize("case", rows(IMPOSSIBLE), ids=lambda c: c["what"])
def test_impossible_actions_cannot_be_built(case: dict[str, str]) -> None:
    with pytest.raises(InvalidEnforcement, match=case["error"]):
        BUILDERS[case["what"]]()
