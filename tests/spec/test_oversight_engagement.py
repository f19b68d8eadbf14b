"""Meetings, statements, commitments and escalation options.

A commitment is open until marked kept (on or before its due date, or when it had none), kept
late (after its due date) or broken, each with its date and evidence; it is overdue on a date
when it is still open then and its due date has passed. Escalation options (special
administration, merger or acquisition, split, abolition, change of leadership, buddy trust,
improvement director) carry who proposed them, each stakeholder's position and the outcome.
People are recorded by role and organisation, never by name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    Escalation,
    EscalationOption,
    EscalationOutcome,
    InvalidCommitment,
    MeetingFormat,
    StakeholderPosition,
    UnknownEngagementWord,
    UnknownEscalationWord,
    mark,
)
from tests.spec.test_oversight_transitions import rows

MADE = dt.date(2018, 11, 30)
DUE = dt.date(2019, 1, 31)

MARKING = """
| status    | marked on  | as of      | status then | overdue then |
|-----------|------------|------------|-------------|--------------|
| -         | -          | 2019-01-31 | open        | no           |
| -         | -          | 2019-02-01 | open        | yes          |
| kept      | 2019-01-20 | 2019-01-19 | open        | no           |
| kept      | 2019-01-20 | 2019-02-01 | kept        | no           |
| kept_late | 2019-03-01 | 2019-02-15 | open        | yes          |
| kept_late | 2019-03-01 | 2019-03-01 | kept_late   | no           |
| broken    | 2019-04-01 | 2019-03-15 | open        | yes          |
| broken    | 2019-04-01 | 2019-04-01 | broken      | no           |
| -         | -          | 2018-11-01 | open        | no           |
"""


@pytest.mark.parametrize("case", rows(MARKING), ids=lambda c: f"{c['status']}@{c['as of']}")
def test_a_commitment_as_of_any_date(case: dict[str, str]) -> None:
    commitment = Commitment("Significant progress by late January", "Trust board", MADE, due=DUE)
    if case["status"] != "-":
        commitment = mark(
            commitment,
            CommitmentStatus.parse(case["status"]),
            dt.date.fromisoformat(case["marked on"]),
            "CQC report",
        )
    as_of = dt.date.fromisoformat(case["as of"])
    assert commitment.status_on(as_of) is CommitmentStatus(case["status then"])
    assert commitment.overdue(as_of) is (case["overdue then"] == "yes")


def test_a_commitment_without_a_due_date_is_never_overdue() -> None:
    commitment = Commitment("Regular updates", "NHS Improvement", MADE)
    assert not commitment.overdue(dt.date(2030, 1, 1))
    assert (
        mark(commitment, CommitmentStatus.KEPT, dt.date(2025, 1, 1), "").status_on(
            dt.date(2025, 1, 1)
        )
        is CommitmentStatus.KEPT
    )


REFUSED = """
| status    | marked on  | error                     |
|-----------|------------|---------------------------|
| open      | 2019-01-20 | mark it kept              |
| kept      | 2019-02-20 | mark it kept_late         |
| kept_late | 2019-01-20 | was not late              |
| broken    | 2018-11-01 | marked before it was made |
"""


@pytest.mark.parametrize("case", rows(REFUSED), ids=lambda c: c["status"])
def test_impossible_markings_are_refused(case: dict[str, str]) -> None:
    commitment = Commitment("Face-to-face meeting in January", "NHS Improvement", MADE, due=DUE)
    with pytest.raises(InvalidCommitment, match=case["error"]):
        mark(
            commitment,
            CommitmentStatus.parse(case["status"]),
            dt.date.fromisoformat(case["marked on"]),
            "evidence",
        )


def test_a_commitment_cannot_fall_due_before_it_is_made_or_be_marked_without_a_date() -> None:
    with pytest.raises(InvalidCommitment, match="due before it was made"):
        Commitment("x", "y", MADE, due=MADE - dt.timedelta(days=1))
    with pytest.raises(InvalidCommitment, match="needs its date"):
        Commitment("x", "y", MADE, status=CommitmentStatus.KEPT)


WORDS = """
| word            | meeting format  |
|-----------------|-----------------|
| conference call | conference_call |
| Face-to-face    | face_to_face    |
| video           | video           |
| letter          | letter          |
"""


@pytest.mark.parametrize("case", rows(WORDS), ids=lambda c: c["word"])
def test_meeting_formats(case: dict[str, str]) -> None:
    assert MeetingFormat.parse(case["word"]) is MeetingFormat(case["meeting format"])


def test_labels_and_unknown_words() -> None:
    assert MeetingFormat.FACE_TO_FACE.label == "Face-to-face"
    assert MeetingFormat.CONFERENCE_CALL.label == "Conference call"
    assert MeetingFormat.parse(MeetingFormat.VIDEO) is MeetingFormat.VIDEO
    assert CommitmentStatus.parse(CommitmentStatus.KEPT) is CommitmentStatus.KEPT
    with pytest.raises(UnknownEngagementWord, match="meeting format 'carrier pigeon'"):
        MeetingFormat.parse("carrier pigeon")
    with pytest.raises(UnknownEngagementWord, match="commitment status"):
        CommitmentStatus.parse(3)  # type: ignore[arg-type]


OPTIONS = """
| word                   | option                 | label                  |
|------------------------|------------------------|------------------------|
| special administration | special_administration | Special administration |
| merger or acquisition  | merger_or_acquisition  | Merger or acquisition  |
| split                  | split                  | Split                  |
| abolition              | abolition              | Abolition              |
| change-of-leadership   | change_of_leadership   | Change of leadership   |
| Buddy trust            | buddy_trust            | Buddy trust            |
| improvement director   | improvement_director   | Improvement director   |
"""


@pytest.mark.parametrize("case", rows(OPTIONS), ids=lambda c: c["option"])
def test_escalation_options(case: dict[str, str]) -> None:
    option = EscalationOption.parse(case["word"])
    assert option is EscalationOption(case["option"])
    assert option.label == case["label"]


def test_an_escalation_keeps_each_stakeholders_position() -> None:
    escalation = Escalation(
        EscalationOption.SPECIAL_ADMINISTRATION,
        "MP for Norwich North",
        dt.date(2018, 10, 4),
        outcome=EscalationOutcome.parse("considered"),
        positions=(
            StakeholderPosition("MP for Norwich North", "House of Commons", "Calls for it"),
            StakeholderPosition("Chief Inspector of Hospitals", "CQC", "Not ruled out"),
        ),
    )
    assert (
        escalation.title == "Special administration proposed by MP for Norwich North (considered)"
    )
    assert [p.organisation for p in escalation.positions] == ["House of Commons", "CQC"]
    assert EscalationOutcome.parse(EscalationOutcome.TAKEN) is EscalationOutcome.TAKEN
    with pytest.raises(UnknownEscalationWord, match="escalation outcome 'maybe'"):
        EscalationOutcome.parse("maybe")
    with pytest.raises(UnknownEscalationWord, match="escalation option"):
        EscalationOption.parse(None)  # type: ignore[arg-type]
