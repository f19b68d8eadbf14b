"""Overdue, due soon, RAG, recurring evidence and escalation, at the boundary dates.

The rules (carewatch's choice; no NHS standard exists — docs/improvement-plan.md):

- "Due on D" means by the end of day D: on D an action is due soon with 0 days left; on D + 1
  it is 1 day overdue. The deadline is the due date, or the legal deadline when earlier.
- Blue: verified or closed. None: cancelled. Red: overdue (unless the evidence was submitted
  by the deadline and awaits verification), or recurring evidence missing. Amber: a
  milestone overdue, the latest evidence rejected, or due within 14 days without evidence
  submitted. Green: otherwise.
- Recurring evidence: a period's evidence is due `grace_days` (default 14) after the period
  ends; missing from the day after.
- Escalation: owner on the first day overdue, executive lead on the 14th day overdue, board
  on the 28th; a missed legal deadline goes to the board the day after it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.plans import (
    Action,
    ActionHistory,
    ActionStatus,
    EscalationLevel,
    Evidence,
    EvidenceFrequency,
    EvidenceKind,
    EvidenceSchedule,
    Milestone,
    Move,
    NotYetOpened,
    Owner,
    PlanRules,
    Rag,
    Verdict,
    assess,
    escalations_due,
    history_from,
    missing_periods,
)

D = dt.date.fromisoformat
OPENED = D("2020-02-01")
DUE = D("2020-06-30")


def action(due: dt.date = DUE, legal: dt.date | None = None) -> Action:
    return Action("A1", "Fix the ward", Owner("Matron"), OPENED, due, legal_deadline=legal)


def moves(*steps: tuple[str, str]) -> ActionHistory:
    return history_from(
        OPENED, [Move(ActionStatus(s), D(d), "Matron", "superseded") for s, d in steps]
    )


def evidence(
    uploaded: str, start: str, end: str, verdict: Verdict = Verdict.PENDING, on: str | None = None
) -> Evidence:
    return Evidence(
        EvidenceKind.FILE,
        "Matron",
        dt.datetime.fromisoformat(uploaded + "T12:00:00+00:00"),
        D(start),
        D(end),
        verdict,
        D(on) if on else None,
    )


IN_PROGRESS = moves(("in_progress", "2020-02-03"))


@pytest.mark.parametrize(
    ("as_of", "rag", "overdue_days", "due_soon"),
    [
        ("2020-06-15", Rag.GREEN, 0, False),  # 15 days left
        ("2020-06-16", Rag.AMBER, 0, True),  # 14 days left: due soon
        ("2020-06-30", Rag.AMBER, 0, True),  # due today: still on time
        ("2020-07-01", Rag.RED, 1, False),  # first day overdue
        ("2020-07-31", Rag.RED, 31, False),
    ],
)
def test_due_on_d_means_by_the_end_of_d(
    as_of: str, rag: Rag, overdue_days: int, due_soon: bool
) -> None:
    found = assess(action(), IN_PROGRESS, as_of=D(as_of))
    assert (found.rag, found.days_overdue, found.due_soon) == (rag, overdue_days, due_soon)


def test_the_legal_deadline_counts_when_it_is_earlier() -> None:
    found = assess(action(legal=D("2020-05-31")), IN_PROGRESS, as_of=D("2020-06-01"))
    assert found.deadline == D("2020-05-31")
    assert found.days_overdue == 1
    assert found.legal_deadline_missed


def test_a_later_legal_deadline_does_not_move_the_due_date() -> None:
    found = assess(action(legal=D("2020-12-31")), IN_PROGRESS, as_of=D("2020-07-01"))
    assert found.deadline == DUE
    assert found.overdue
    assert not found.legal_deadline_missed


@pytest.mark.parametrize(
    ("steps", "rag"),
    [
        (
            (
                ("in_progress", "2020-02-03"),
                ("evidence_submitted", "2020-06-01"),
                ("verified", "2020-06-10"),
            ),
            Rag.BLUE,
        ),
        (
            (
                ("in_progress", "2020-02-03"),
                ("evidence_submitted", "2020-06-01"),
                ("verified", "2020-06-10"),
                ("closed", "2020-06-20"),
            ),
            Rag.BLUE,
        ),
        ((("cancelled", "2020-03-01"),), None),
    ],
)
def test_finished_actions_are_blue_or_unrated_and_never_overdue(
    steps: tuple[tuple[str, str], ...], rag: Rag | None
) -> None:
    found = assess(action(), moves(*steps), as_of=D("2021-01-01"))
    assert found.rag is rag
    assert not found.overdue


def test_evidence_submitted_by_the_deadline_and_awaiting_verification_is_not_overdue() -> None:
    history = moves(("in_progress", "2020-02-03"), ("evidence_submitted", "2020-06-30"))
    found = assess(action(), history, as_of=D("2020-07-10"))
    assert (found.rag, found.overdue) == (Rag.AMBER, False)
    assert "awaiting verification" in found.reasons[0]


def test_evidence_submitted_after_the_deadline_is_still_overdue() -> None:
    history = moves(("in_progress", "2020-02-03"), ("evidence_submitted", "2020-07-01"))
    found = assess(action(), history, as_of=D("2020-07-10"))
    assert (found.rag, found.days_overdue) == (Rag.RED, 10)


def test_evidence_submitted_well_before_the_deadline_is_green_even_when_due_soon() -> None:
    history = moves(("in_progress", "2020-02-03"), ("evidence_submitted", "2020-06-20"))
    found = assess(action(), history, as_of=D("2020-06-25"))
    assert found.rag is Rag.GREEN


def test_a_reopened_action_past_its_deadline_is_overdue_from_the_day_it_was_reopened() -> None:
    history = moves(
        ("in_progress", "2020-02-03"),
        ("evidence_submitted", "2020-06-01"),
        ("verified", "2020-06-10"),
        ("reopened", "2020-09-01"),
    )
    assert assess(action(), history, as_of=D("2020-08-31")).rag is Rag.BLUE
    found = assess(action(), history, as_of=D("2020-09-01"))
    assert (found.rag, found.overdue_since, found.days_overdue) == (Rag.RED, D("2020-09-01"), 1)


@pytest.mark.parametrize(
    ("as_of", "rag"),
    [("2020-03-31", Rag.GREEN), ("2020-04-01", Rag.AMBER), ("2020-04-05", Rag.GREEN)],
)
def test_an_overdue_milestone_makes_the_action_amber_until_it_is_done(as_of: str, rag: Rag) -> None:
    milestone = Milestone("Survey", D("2020-03-31"), done_on=D("2020-04-05"))
    assert assess(action(), IN_PROGRESS, [milestone], as_of=D(as_of)).rag is rag


def test_rejected_evidence_makes_the_action_amber_until_new_evidence_arrives() -> None:
    rejected = evidence("2020-03-01", "2020-02-01", "2020-02-29", Verdict.REJECTED, "2020-03-05")
    again = evidence("2020-03-20", "2020-03-01", "2020-03-19")
    assert assess(action(), IN_PROGRESS, evidence=[rejected], as_of=D("2020-03-04")).rag is (
        Rag.GREEN
    )
    assert assess(action(), IN_PROGRESS, evidence=[rejected], as_of=D("2020-03-05")).rag is (
        Rag.AMBER
    )
    found = assess(action(), IN_PROGRESS, evidence=[rejected, again], as_of=D("2020-03-20"))
    assert found.rag is Rag.GREEN
    assert (found.evidence_count, found.last_evidenced) == (2, D("2020-03-20"))


def test_assessing_before_the_action_was_opened_is_refused() -> None:
    with pytest.raises(NotYetOpened):
        assess(action(), IN_PROGRESS, as_of=D("2020-01-31"))


MONTHLY = EvidenceSchedule(EvidenceFrequency.MONTHLY, D("2020-03-01"), grace_days=14)


@pytest.mark.parametrize(
    ("as_of", "missing"),
    [
        ("2020-04-14", []),  # March's audit is due by the end of 14 April
        ("2020-04-15", ["2020-03-01"]),
        ("2020-05-14", ["2020-03-01"]),
        ("2020-05-15", ["2020-03-01", "2020-04-01"]),
    ],
)
def test_recurring_evidence_falls_due_grace_days_after_each_period(
    as_of: str, missing: list[str]
) -> None:
    found = missing_periods(MONTHLY, [], D(as_of))
    assert [p.start.isoformat() for p in found] == missing


def test_evidence_covering_a_period_fills_it_and_rejected_evidence_does_not() -> None:
    march = evidence("2020-04-10", "2020-03-01", "2020-03-31")
    april_rejected = evidence(
        "2020-05-10", "2020-04-01", "2020-04-30", Verdict.REJECTED, "2020-05-12"
    )
    found = missing_periods(MONTHLY, [march, april_rejected], D("2020-05-15"))
    assert [p.start.isoformat() for p in found] == ["2020-04-01"]
    # Before the verdict the April audit still counted.
    assert missing_periods(MONTHLY, [march, april_rejected], D("2020-05-11")) == ()


def test_quarterly_periods_and_an_end_date() -> None:
    schedule = EvidenceSchedule(
        EvidenceFrequency.QUARTERLY, D("2020-01-01"), grace_days=0, ends_on=D("2020-06-30")
    )
    periods = schedule.periods(D("2021-01-01"))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [
        ("2020-01-01", "2020-03-31"),
        ("2020-04-01", "2020-06-30"),
    ]


def test_a_missing_month_makes_the_action_red_and_overdue_from_the_day_after_it_was_due() -> None:
    found = assess(
        action(due=D("2020-12-31")), IN_PROGRESS, schedule=MONTHLY, as_of=D("2020-04-15")
    )
    assert (found.rag, found.overdue_since, found.days_overdue) == (Rag.RED, D("2020-04-15"), 1)
    on_time = assess(
        action(due=D("2020-12-31")), IN_PROGRESS, schedule=MONTHLY, as_of=D("2020-04-14")
    )
    assert on_time.rag is Rag.GREEN


def levels(as_of: str, legal: dt.date | None = None, rules: PlanRules | None = None) -> list[str]:
    a = action(legal=legal)
    found = assess(a, IN_PROGRESS, as_of=D(as_of))
    due = escalations_due(found, a.legal_deadline, rules or PlanRules())
    return [f"{e.level.value}@{e.on.isoformat()}" for e in due]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-06-30", []),
        ("2020-07-01", ["owner@2020-07-01"]),
        ("2020-07-13", ["owner@2020-07-01"]),  # 13 days overdue
        ("2020-07-14", ["owner@2020-07-01", "executive_lead@2020-07-14"]),  # 14th day
        ("2020-07-27", ["owner@2020-07-01", "executive_lead@2020-07-14"]),
        (
            "2020-07-28",
            ["owner@2020-07-01", "executive_lead@2020-07-14", "board@2020-07-28"],
        ),
    ],
)
def test_escalation_thresholds_at_their_boundaries(as_of: str, expected: list[str]) -> None:
    assert levels(as_of) == expected


def test_a_missed_legal_deadline_goes_to_the_board_the_day_after() -> None:
    assert levels("2020-06-01", legal=D("2020-05-31")) == [
        "owner@2020-06-01",
        "executive_lead@2020-06-01",
        "board@2020-06-01",
    ]


def test_thresholds_are_parameters() -> None:
    rules = PlanRules(executive_after_days=2, board_after_days=3)
    assert levels("2020-07-03", rules=rules) == [
        "owner@2020-07-01",
        "executive_lead@2020-07-02",
        "board@2020-07-03",
    ]
    with pytest.raises(ValueError, match="board threshold"):
        PlanRules(executive_after_days=10, board_after_days=5)


def test_escalation_levels_are_ordered_owner_executive_board() -> None:
    assert [level.label for level in EscalationLevel] == ["Owner", "Executive lead", "Board"]
