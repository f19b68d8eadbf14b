"""Properties of action histories that hold for every sequence of moves.

- Any sequence of moves the lifecycle accepts gives a consistent history: each step is one
  of the legal moves from the status before it, dates never go backwards, nothing follows a
  cancellation, replaying the moves gives the same history, and the status on any day is the
  status after the last move made by the end of that day.
- A refused move names the status the action was in, and leaves it there.
- Assessment is consistent with the history: finished actions are never overdue, an
  overdue action is red, and the days overdue grow by one a day while nothing changes.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from carewatch.domain.plans import (
    FINISHED,
    LEGAL_MOVES,
    Action,
    ActionHistory,
    ActionStatus,
    IllegalMove,
    Move,
    Owner,
    Rag,
    assess,
    history_from,
)

OPENED = dt.date(2020, 1, 1)
STATUSES = list(ActionStatus)


@st.composite
def attempts(draw: st.DrawFn) -> list[Move]:
    """Moves to any status (legal or not), with gaps of 0–40 days (sometimes negative)."""
    moves = []
    day = OPENED
    for _ in range(draw(st.integers(0, 12))):
        day += dt.timedelta(days=draw(st.integers(-3, 40)))
        reason = draw(st.sampled_from(["", "superseded by another action"]))
        moves.append(Move(draw(st.sampled_from(STATUSES)), day, "Matron", reason))
    return moves


def accept_what_is_legal(moves: list[Move]) -> tuple[ActionHistory, int]:
    history = ActionHistory(OPENED)
    refusals: list[tuple[ActionStatus, ActionStatus]] = []
    for move in moves:
        try:
            history = history.move(move)
        except IllegalMove as exc:
            refusals.append((exc.current, history.current))
    # Each refusal names the status the history was (and stays) in.
    assert all(named is current for named, current in refusals)
    return history, len(refusals)


@given(attempts())
def test_any_accepted_sequence_is_a_consistent_history(moves: list[Move]) -> None:
    history, refused = accept_what_is_legal(moves)
    assert len(history.moves) + refused == len(moves)
    before = ActionStatus.OPEN
    last_day = OPENED
    for move in history.moves:
        assert move.to in LEGAL_MOVES[before]
        assert move.on >= last_day
        assert before is not ActionStatus.CANCELLED
        if move.to is ActionStatus.CANCELLED:
            assert move.reason.strip()
        before, last_day = move.to, move.on
    assert history.current is before
    assert history_from(OPENED, history.moves) == history


@given(attempts(), st.integers(-5, 600))
def test_status_on_a_day_is_the_last_move_made_by_then(moves: list[Move], offset: int) -> None:
    history, _ = accept_what_is_legal(moves)
    day = OPENED + dt.timedelta(days=offset)
    found = history.status_on(day)
    if day < OPENED:
        assert found is None
        return
    made = [m for m in history.moves if m.on <= day]
    assert found is (made[-1].to if made else ActionStatus.OPEN)


@given(attempts(), st.integers(0, 800))
def test_assessment_agrees_with_the_history(moves: list[Move], offset: int) -> None:
    history, _ = accept_what_is_legal(moves)
    action = Action("A1", "Fix", Owner("Matron"), OPENED, OPENED + dt.timedelta(days=200))
    day = OPENED + dt.timedelta(days=offset)
    found = assess(action, history, as_of=day)
    assert found.status is history.status_on(day)
    if found.status in FINISHED:
        assert not found.overdue
        assert found.rag is (None if found.status is ActionStatus.CANCELLED else Rag.BLUE)
    if found.overdue:
        assert found.rag is Rag.RED
        assert found.days_overdue >= 1
        later = assess(action, history, as_of=day + dt.timedelta(days=1))
        if history.status_on(day + dt.timedelta(days=1)) is found.status and not [
            m for m in history.moves if m.on == day + dt.timedelta(days=1)
        ]:
            assert later.days_overdue == found.days_overdue + 1
