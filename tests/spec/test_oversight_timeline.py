"""One timeline: every rating, regime decision, enforcement action, escalation, meeting and
commitment of a trust, sorted by date and, on the same date, in this order of kinds:
rating_published, regime_entered, regime_exited, regime_retained, segment_changed,
enforcement_issued, enforcement_closed, escalation, meeting, commitment_due, commitment_kept,
commitment_broken. `start` and `end` keep the events between them (inclusive).
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    Decision,
    DecisionKind,
    Escalation,
    EscalationOption,
    EventKind,
    FundamentalStandard,
    Meeting,
    MeetingFormat,
    OverallRating,
    Participant,
    Regime,
    RequirementNotice,
    StakeholderPosition,
    apply,
    timeline,
)
from carewatch.domain.ratings import Rating
from tests.spec.test_oversight_transitions import history_of, rows

HISTORY = history_of(
    "2015-02-12 entered none>qsm; 2016-10-13 exited qsm>none; 2017-10-13 entered none>qsm; "
    "2018-11-29 retained qsm>qsm; 2021-07-01 exited qsm>s4; 2025-02-14 segment_changed s4>s3"
)
RATINGS = [
    OverallRating(dt.date(2015, 2, 12), Rating.INADEQUATE, "https://example.org/r1"),
    OverallRating(dt.date(2018, 11, 29), Rating.INADEQUATE, "https://example.org/r2"),
]
NOTICE = RequirementNotice(
    FundamentalStandard.REG_12, dt.date(2018, 11, 29), closed=dt.date(2020, 1, 30)
)
ESCALATION = Escalation(
    EscalationOption.SPLIT,
    "MP for Waveney",
    dt.date(2018, 11, 29),
    positions=(StakeholderPosition("MP for Waveney", "House of Commons", "Separate Suffolk"),),
    detail="Suffolk services separating from Norfolk.",
)
MEETING = Meeting(
    dt.date(2018, 11, 30),
    MeetingFormat.CONFERENCE_CALL,
    "MPs, CQC and NHS Improvement",
    participants=(Participant("MP for Norwich North", "House of Commons"),),
    absent=(Participant("Chief executive", "the trust"),),
)
COMMITMENTS = [
    Commitment(
        "Face-to-face meeting in January",
        "NHS Improvement",
        dt.date(2018, 11, 30),
        due=dt.date(2019, 1, 31),
        status=CommitmentStatus.KEPT_LATE,
        marked_on=dt.date(2019, 3, 1),
        evidence="Meeting held in March",
    ),
    Commitment(
        "Significant progress by late January",
        "Trust board",
        dt.date(2018, 11, 30),
        due=dt.date(2019, 1, 31),
        status=CommitmentStatus.BROKEN,
        marked_on=dt.date(2020, 1, 30),
    ),
]

EXPECTED = """
| date       | kind               | title                                                      |
|------------|--------------------|------------------------------------------------------------|
| 2015-02-12 | rating_published   | Rated Inadequate overall                                   |
| 2015-02-12 | regime_entered     | Entered Quality special measures                           |
| 2016-10-13 | regime_exited      | Left Quality special measures                              |
| 2017-10-13 | regime_entered     | Entered Quality special measures                           |
| 2018-11-29 | rating_published   | Rated Inadequate overall                                   |
| 2018-11-29 | regime_retained    | Kept in Quality special measures                           |
| 2018-11-29 | enforcement_issued | Requirement notice: Regulation 12: Safe care and treatment |
| 2018-11-29 | escalation         | Split proposed by MP for Waveney (pending)                 |
| 2018-11-30 | meeting            | MPs, CQC and NHS Improvement                               |
| 2019-01-31 | commitment_due     | NHS Improvement: Face-to-face meeting in January           |
| 2019-01-31 | commitment_due     | Trust board: Significant progress by late January          |
| 2019-03-01 | commitment_kept    | NHS Improvement: Face-to-face meeting in January           |
| 2020-01-30 | enforcement_closed | Requirement notice: Regulation 12: Safe care and treatment |
| 2020-01-30 | commitment_broken  | Trust board: Significant progress by late January          |
| 2021-07-01 | regime_exited      | Left Quality special measures for segment 4                |
| 2025-02-14 | segment_changed    | Moved from segment 4 to segment 3                          |
"""


def _all(start: dt.date | None = None, end: dt.date | None = None) -> list:
    return timeline(
        history=HISTORY,
        ratings=RATINGS,
        enforcement=[NOTICE],
        escalations=[ESCALATION],
        meetings=[MEETING],
        commitments=COMMITMENTS,
        start=start,
        end=end,
    )


def test_the_timeline_in_order() -> None:
    events = _all()
    assert [(e.date.isoformat(), e.kind.value, e.title) for e in events] == [
        (r["date"], r["kind"], r["title"]) for r in rows(EXPECTED)
    ]


FILTERS = """
| start      | end        | first      | last       | count |
|------------|------------|------------|------------|-------|
| -          | -          | 2015-02-12 | 2025-02-14 | 16    |
| 2018-11-29 | 2018-11-30 | 2018-11-29 | 2018-11-30 | 5     |
| 2019-02-01 | -          | 2019-03-01 | 2025-02-14 | 5     |
| -          | 2015-12-31 | 2015-02-12 | 2015-02-12 | 2     |
| 2030-01-01 | -          | -          | -          | 0     |
"""


@pytest.mark.parametrize("case", rows(FILTERS), ids=lambda c: f"{c['start']}..{c['end']}")
def test_the_timeline_between_dates(case: dict[str, str]) -> None:
    def day(cell: str) -> dt.date | None:
        return None if cell == "-" else dt.date.fromisoformat(cell)

    events = _all(day(case["start"]), day(case["end"]))
    assert len(events) == int(case["count"])
    if events:
        assert events[0].date == day(case["first"])
        assert events[-1].date == day(case["last"])


def test_details_say_who_why_and_where_from() -> None:
    events = {(e.kind, e.date): e for e in _all()}
    meeting = events[(EventKind.MEETING, dt.date(2018, 11, 30))]
    assert meeting.detail == (
        "Conference call. Present: MP for Norwich North (House of Commons). "
        "Absent: Chief executive (the trust)."
    )
    kept = events[(EventKind.COMMITMENT_KEPT, dt.date(2019, 3, 1))]
    assert kept.detail == "Kept (late). Meeting held in March"
    escalation = events[(EventKind.ESCALATION, dt.date(2018, 11, 29))]
    assert escalation.detail == (
        "Suffolk services separating from Norfolk. Positions: MP for Waveney (House of "
        "Commons): Separate Suffolk."
    )
    assert events[(EventKind.RATING_PUBLISHED, dt.date(2015, 2, 12))].source == (
        "https://example.org/r1"
    )


def test_a_decision_detail_names_recommender_decider_and_conditions() -> None:
    history = apply(
        history_of("2015-02-12 entered none>qsm"),
        Decision(
            DecisionKind.EXITED,
            Regime.QUALITY_SPECIAL_MEASURES,
            Regime.NONE,
            dt.date(2016, 10, 13),
            recommended_by="CQC Chief Inspector of Hospitals",
            decided_by="NHS Improvement",
            rationale="Sufficient improvement.",
            conditions=("address outstanding safety issues",),
            source="https://example.org/exit",
        ),
    )
    exit_event = timeline(history=history)[-1]
    assert exit_event.detail == (
        "Sufficient improvement. Recommended by CQC Chief Inspector of Hospitals. "
        "Decided by NHS Improvement. Conditions: address outstanding safety issues."
    )
    assert exit_event.source == "https://example.org/exit"


def test_enforcement_events_carry_their_actions_position() -> None:
    # The position (from 1) in the enforcement given, so a reader can open that action;
    # other events carry none.
    events = _all()
    enforcement = {EventKind.ENFORCEMENT_ISSUED, EventKind.ENFORCEMENT_CLOSED}
    assert {e.enforcement_position for e in events if e.kind in enforcement} == {1}
    assert {e.enforcement_position for e in events if e.kind not in enforcement} == {None}
