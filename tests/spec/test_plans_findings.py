"""Findings, actions and owners: what cannot be true is refused, and only board members'
names are public.

- A must-do is a breach and names its regulation (Regulations 9–20A); a should-do need not.
  Source: CQC's reports list "Action the trust MUST take" against a regulation breached and
  "Action the trust SHOULD take" as improvements (regulatory-framework reference §6, §8).
- A finding's key question defaults to the regulation's usual one (a modelling choice,
  reference §6 table).
- An action is due no earlier than it was opened; its deadline is the earlier of its due
  date and a warning notice's legal deadline (HSCA 2008 s.29A: compliance is judged at the
  end of the time the notice sets,
  https://legislation.gov.uk/ukpga/2014/23/section/82/enacted/data.htm).
- Owners appear by role; a person's name only when they are a board member.

The docstring examples of the plans domain run as written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    Action,
    Finding,
    FindingKind,
    InvalidAction,
    InvalidEvidence,
    InvalidFinding,
    Milestone,
    Owner,
    Priority,
    TargetDirection,
    UnknownDirection,
    UnknownFindingKind,
    UnknownPriority,
)
from carewatch.domain.plans.evidence import (
    Evidence,
    EvidenceFrequency,
    EvidenceKind,
    EvidenceSchedule,
)
from carewatch.domain.ratings import KeyQuestion

D = dt.date.fromisoformat


def test_a_must_do_names_its_regulation() -> None:
    with pytest.raises(InvalidFinding, match="names its regulation") as refused:
        Finding("MD1", FindingKind.MUST_DO, "The trust must ...")
    assert refused.value.field == "regulation"
    assert Finding("SD1", FindingKind.SHOULD_DO, "The trust should ...").regulation is None


@pytest.mark.parametrize(
    ("reference", "words", "field"), [(" ", "w", "reference"), ("R", "", "report_words")]
)
def test_a_finding_needs_a_reference_and_the_reports_words(
    reference: str, words: str, field: str
) -> None:
    with pytest.raises(InvalidFinding) as refused:
        Finding(reference, FindingKind.SHOULD_DO, words)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("regulation", "given", "expected"),
    [
        ("12", None, KeyQuestion.SAFE),
        ("17", None, KeyQuestion.WELL_LED),
        ("18", KeyQuestion.RESPONSIVE, KeyQuestion.RESPONSIVE),  # stated in the report
    ],
)
def test_the_key_question_defaults_to_the_regulations(
    regulation: str, given: KeyQuestion | None, expected: KeyQuestion
) -> None:
    finding = Finding(
        "MD1",
        FindingKind.MUST_DO,
        "words",
        regulation=FundamentalStandard.parse(regulation),
        key_question_given=given,
    )
    assert finding.key_question is expected


def test_the_public_summary_falls_back_to_the_reports_words() -> None:
    assert Finding("S", FindingKind.SHOULD_DO, "Report words").summary == "Report words"
    assert Finding("S", FindingKind.SHOULD_DO, "Report words", "Plain").summary == "Plain"


def action(due: str, legal: str | None = None) -> Action:
    return Action(
        "A1",
        "Fix",
        Owner("Matron"),
        D("2020-02-01"),
        D(due),
        legal_deadline=D(legal) if legal else None,
    )


def test_an_action_is_not_due_before_it_was_opened() -> None:
    assert action("2020-02-01").due == D("2020-02-01")  # due the day it opened: allowed
    with pytest.raises(InvalidAction, match="before the action was opened") as refused:
        action("2020-01-31")
    assert refused.value.field == "due"


@pytest.mark.parametrize(
    ("due", "legal", "deadline"),
    [
        ("2020-06-30", None, "2020-06-30"),
        ("2020-06-30", "2020-05-31", "2020-05-31"),
        ("2020-06-30", "2020-07-31", "2020-06-30"),
        ("2020-06-30", "2020-06-30", "2020-06-30"),
    ],
)
def test_the_deadline_is_the_earlier_of_due_and_legal(
    due: str, legal: str | None, deadline: str
) -> None:
    assert action(due, legal).deadline == D(deadline)


@pytest.mark.parametrize(
    ("owner", "public"),
    [
        (Owner("Ward manager", "Pat Example"), "Ward manager"),
        (Owner("Chief nurse", "Sam Board", board_member=True), "Sam Board (Chief nurse)"),
        (Owner("Chief nurse", "", board_member=True), "Chief nurse"),
    ],
)
def test_only_board_members_names_are_public(owner: Owner, public: str) -> None:
    assert owner.public_name == public


def test_an_owner_needs_a_role() -> None:
    with pytest.raises(InvalidAction, match="needs a role"):
        Owner(" ", "Pat Example")


@pytest.mark.parametrize(
    ("day", "overdue"),
    [("2020-03-31", False), ("2020-04-01", True), ("2020-04-05", False)],
)
def test_a_milestone_due_on_d_is_overdue_from_d_plus_1_until_done(day: str, overdue: bool) -> None:
    assert Milestone("Survey", D("2020-03-31"), D("2020-04-05")).overdue_on(D(day)) is overdue


@pytest.mark.parametrize(
    ("direction", "value", "met"),
    [
        ("at_least", 95, True),
        ("at_least", 94.9, False),
        ("at_most", 28, True),
        ("at_most", 29, False),
    ],
)
def test_target_directions(direction: str, value: float, met: bool) -> None:
    target = 95 if direction == "at_least" else 28
    assert TargetDirection.parse(direction).met(value, target) is met


@pytest.mark.parametrize(
    ("parse", "text", "error"),
    [
        (FindingKind.parse, "could_do", UnknownFindingKind),
        (Priority.parse, "urgent", UnknownPriority),
        (TargetDirection.parse, "above", UnknownDirection),
    ],
)
def test_unknown_words_are_named_errors(parse: object, text: str, error: type[Exception]) -> None:
    with pytest.raises(error, match=repr(text)):
        parse(text)  # type: ignore[operator]


def test_evidence_and_schedules_refuse_impossible_dates() -> None:
    moment = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    with pytest.raises(InvalidEvidence, match="ends before it starts"):
        Evidence(EvidenceKind.NOTE, "Matron", moment, D("2020-03-02"), D("2020-03-01"))
    with pytest.raises(InvalidEvidence, match="grace days"):
        EvidenceSchedule(EvidenceFrequency.MONTHLY, D("2020-03-01"), grace_days=-1)
    with pytest.raises(InvalidEvidence, match="ends before it starts"):
        EvidenceSchedule(EvidenceFrequency.MONTHLY, D("2020-03-01"), ends_on=D("2020-02-01"))
