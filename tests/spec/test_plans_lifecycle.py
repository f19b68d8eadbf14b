"""An action's lifecycle: every legal and every illegal move, and status as of any date.

    open → in progress → evidence submitted → verified → closed
    evidence submitted → in progress (evidence rejected: back to work)
    verified, closed → reopened → in progress or evidence submitted
    open, in progress, evidence submitted, reopened → cancelled (only with a reason; final)

Source: carewatch's lifecycle (docs/improvement-plan.md; issue "Improvement plan": "open → in
progress → evidence submitted → verified → closed, with reopened, and cancelled only with a
reason. Illegal moves are refused with a named error. Status as of any date.").

The table below is the rule, written out by hand: `x` marks a legal move from the row's
status to the column's. Every other pair must be refused with `IllegalMove`.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from carewatch.domain.plans import (
    ActionHistory,
    ActionStatus,
    IllegalMove,
    Move,
    UnknownActionStatus,
    check_evidence,
    history_from,
)

TABLE = """
from \\ to           open  in_progress  evidence_submitted  verified  closed  reopened  cancelled
open                 .     x            .                   .         .       .         x
in_progress          .     .            x                   .         .       .         x
evidence_submitted   .     x            .                   x         .       .         x
verified             .     .            .                   .         x       x         .
closed               .     .            .                   .         .       x         .
reopened             .     x            x                   .         .       .         x
cancelled            .     .            .                   .         .       .         .
"""


def _legal() -> set[tuple[str, str]]:
    lines = [line.split() for line in TABLE.strip().splitlines()]
    columns = lines[0][3:]  # after "from \\ to"
    return {
        (row[0], column)
        for row in lines[1:]
        for column, mark in zip(columns, row[1:], strict=True)
        if mark == "x"
    }


LEGAL = _legal()
OPENED = dt.date(2020, 2, 1)
DAY = dt.date(2020, 3, 1)

# The shortest path from open to each status, so a move can be tried from there.
PATHS = {
    "open": [],
    "in_progress": ["in_progress"],
    "evidence_submitted": ["in_progress", "evidence_submitted"],
    "verified": ["in_progress", "evidence_submitted", "verified"],
    "closed": ["in_progress", "evidence_submitted", "verified", "closed"],
    "reopened": ["in_progress", "evidence_submitted", "verified", "reopened"],
    "cancelled": ["cancelled"],
}


def at(status: str) -> ActionHistory:
    moves = [Move(ActionStatus(s), DAY, "Matron", "superseded") for s in PATHS[status]]
    return history_from(OPENED, moves)


@pytest.mark.parametrize(
    ("start", "to"), list(itertools.product(PATHS, [s.value for s in ActionStatus]))
)
def test_each_move_is_legal_exactly_when_the_table_says(start: str, to: str) -> None:
    history = at(start)
    assert history.current.value == start
    move = Move(ActionStatus(to), DAY, "Matron", reason="a reason")
    if (start, to) in LEGAL:
        assert history.move(move).current.value == to
    else:
        with pytest.raises(IllegalMove) as refused:
            history.move(move)
        assert refused.value.current.value == start
        assert "not allowed" in str(refused.value)


def test_the_table_has_thirteen_legal_moves() -> None:
    assert len(LEGAL) == 13


@pytest.mark.parametrize("start", ["open", "in_progress", "evidence_submitted", "reopened"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(start: str, reason: str) -> None:
    with pytest.raises(IllegalMove, match="cancelling needs a reason"):
        at(start).move(Move(ActionStatus.CANCELLED, DAY, "Director", reason))


def test_moves_cannot_go_back_in_time_but_may_share_a_day() -> None:
    history = at("in_progress")
    same_day = history.move(Move(ActionStatus.EVIDENCE_SUBMITTED, DAY))
    assert same_day.current is ActionStatus.EVIDENCE_SUBMITTED
    with pytest.raises(IllegalMove, match="dates cannot go backwards"):
        history.move(Move(ActionStatus.EVIDENCE_SUBMITTED, DAY - dt.timedelta(days=1)))


def test_no_move_before_the_action_was_opened() -> None:
    with pytest.raises(IllegalMove, match="before the action was opened"):
        ActionHistory(OPENED).move(Move(ActionStatus.IN_PROGRESS, OPENED - dt.timedelta(1)))


def test_status_as_of_any_date_is_the_status_at_the_end_of_that_day() -> None:
    moves = [
        ("in_progress", "2020-02-03"),
        ("evidence_submitted", "2020-03-10"),
        ("verified", "2020-03-10"),
        ("reopened", "2020-06-01"),
    ]
    history = history_from(
        OPENED, [Move(ActionStatus(s), dt.date.fromisoformat(d)) for s, d in moves]
    )
    expected = [
        ("2020-01-31", None),
        ("2020-02-01", "open"),
        ("2020-02-02", "open"),
        ("2020-02-03", "in_progress"),
        ("2020-03-09", "in_progress"),
        ("2020-03-10", "verified"),  # two moves that day: the later one stands
        ("2020-05-31", "verified"),
        ("2020-06-01", "reopened"),
        ("2030-01-01", "reopened"),
    ]
    for day, status in expected:
        found = history.status_on(dt.date.fromisoformat(day))
        assert (found.value if found else None) == status, day


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("in_progress", ActionStatus.IN_PROGRESS),
        ("In progress", ActionStatus.IN_PROGRESS),
        ("evidence-submitted", ActionStatus.EVIDENCE_SUBMITTED),
        ("CLOSED", ActionStatus.CLOSED),
    ],
)
def test_statuses_are_read_by_value_or_label(text: str, status: ActionStatus) -> None:
    assert ActionStatus.parse(text) is status


def test_an_unknown_status_is_a_named_error() -> None:
    with pytest.raises(UnknownActionStatus, match="expected one of open, in_progress"):
        ActionStatus.parse("done")


@pytest.mark.parametrize(
    ("to", "uploaded", "accepted", "refused"),
    [
        ("evidence_submitted", 0, 0, "no evidence has been uploaded"),
        ("evidence_submitted", 1, 0, None),
        ("verified", 1, 0, "no evidence has been accepted"),
        ("verified", 1, 1, None),
        ("in_progress", 0, 0, None),
        ("closed", 0, 0, None),  # closing follows verification, which needed it
    ],
)
def test_submitting_needs_evidence_and_verifying_needs_accepted_evidence(
    to: str, uploaded: int, accepted: int, refused: str | None
) -> None:
    move = Move(ActionStatus(to), DAY)
    if refused is None:
        check_evidence(ActionStatus.IN_PROGRESS, move, uploaded, accepted)
    else:
        with pytest.raises(IllegalMove, match=refused):
            check_evidence(ActionStatus.IN_PROGRESS, move, uploaded, accepted)
