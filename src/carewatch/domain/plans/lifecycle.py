"""An action's lifecycle: its statuses, the legal moves between them, and its status on any
date from the append-only history of moves.

    open → in progress → evidence submitted → verified → closed
                 ↑               │  (evidence rejected: back to in progress)
                 └── reopened ←──┴── verified / closed
    any status but verified and closed → cancelled (only with a reason; final)

There is no single NHS or CQC standard for this lifecycle; it follows how trusts report
progress on their CQC action plans (the trust's report to CQC after a requirement notice says
what it will do and by when, https://www.cqc.org.uk/guidance-providers/regulations-enforcement/enforcement-policy),
with evidence checked by someone other than the person who supplied it before an action
counts as done: moving to evidence submitted needs evidence uploaded by that day, and to
verified needs evidence accepted by then (`check_evidence`). docs/improvement-plan.md
explains each choice.

Moves are dated; a move may share its date with the one before (several steps in a day) but
never come before it or before the day the action was opened. "Due on D" means by the end of
day D, so a move on D is on time.

>>> history = ActionHistory(opened=dt.date(2020, 2, 1))
>>> history = history.move(Move(ActionStatus.IN_PROGRESS, dt.date(2020, 2, 3), "Matron"))
>>> history.status_on(dt.date(2020, 2, 2)).label
'Open'
>>> history.status_on(dt.date(2020, 2, 3)).label
'In progress'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NoReturn

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "FINISHED",
    "LEGAL_MOVES",
    "ActionHistory",
    "ActionStatus",
    "IllegalMove",
    "Move",
    "UnknownActionStatus",
    "check_evidence",
    "history_from",
    "legal_moves_from",
]


class UnknownActionStatus(UnknownWord):
    """A word that names no action status."""


class ActionStatus(Word, what="action status", error=UnknownActionStatus):
    """Where an action stands; read from its value ("in_progress") or its label ("In
    progress") in any case."""

    OPEN = "open"  # recorded, work not started
    IN_PROGRESS = "in_progress"  # work under way
    EVIDENCE_SUBMITTED = "evidence_submitted"  # the owner says it is done and shows evidence
    VERIFIED = "verified"  # a verifier accepted the evidence
    CLOSED = "closed"  # signed off (by the board or its committee); nothing more expected
    REOPENED = "reopened"  # found not fixed after all (a re-inspection, an audit, an incident)
    CANCELLED = "cancelled"  # withdrawn, with a reason (superseded, merged into another action)


S = ActionStatus
LEGAL_MOVES: dict[ActionStatus, frozenset[ActionStatus]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.EVIDENCE_SUBMITTED, S.CANCELLED}),
    S.EVIDENCE_SUBMITTED: frozenset({S.VERIFIED, S.IN_PROGRESS, S.CANCELLED}),
    S.VERIFIED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.EVIDENCE_SUBMITTED, S.CANCELLED}),
    S.CANCELLED: frozenset(),
}
"""From each status, the statuses it may move to. Verified and closed actions are not
cancelled (they are reopened when found not fixed); a cancelled action is final."""

FINISHED = frozenset({S.VERIFIED, S.CLOSED, S.CANCELLED})
"""Statuses in which nothing more is due: no deadline, no recurring evidence, no escalation."""


def legal_moves_from(status: ActionStatus) -> frozenset[ActionStatus]:
    """The statuses an action in `status` may move to."""
    return LEGAL_MOVES[status]


@dataclass(frozen=True)
class Move:
    """One step of an action's lifecycle: to which status, on which day, by whom (a role or a
    name), and why (required to cancel)."""

    to: ActionStatus
    on: dt.date
    by: str = ""
    reason: str = ""


class IllegalMove(ValueError):
    """A move the action's lifecycle does not allow; the history is unchanged."""

    def __init__(self, current: ActionStatus, move: Move, reason: str) -> None:
        super().__init__(
            f"{current.label} → {move.to.label} on {move.on.isoformat()} is not allowed: {reason}"
        )
        self.current = current
        self.move = move
        self.reason = reason


@dataclass(frozen=True)
class ActionHistory:
    """An action's moves in the order they were made, from the day it was opened."""

    opened: dt.date
    moves: tuple[Move, ...] = ()

    @property
    def current(self) -> ActionStatus:
        """The status after the latest move (open when there is none)."""
        return self.moves[-1].to if self.moves else ActionStatus.OPEN

    def move(self, move: Move) -> ActionHistory:
        """The history with `move` appended, or `IllegalMove` naming the rule it breaks."""
        current = self.current

        def refuse(reason: str) -> NoReturn:
            raise IllegalMove(current, move, reason)

        if move.on < self.opened:
            refuse(f"it is before the action was opened ({self.opened.isoformat()})")
        if self.moves and move.on < self.moves[-1].on:
            refuse(
                f"it is before the latest move ({self.moves[-1].on.isoformat()}); "
                "dates cannot go backwards"
            )
        if move.to not in LEGAL_MOVES[current]:
            allowed = ", ".join(sorted(s.label for s in LEGAL_MOVES[current])) or "none"
            refuse(f"from {current.label} the next status can be: {allowed}")
        if move.to is ActionStatus.CANCELLED and not move.reason.strip():
            refuse("cancelling needs a reason")
        return ActionHistory(self.opened, (*self.moves, move))

    def status_on(self, day: dt.date) -> ActionStatus | None:
        """The status at the end of `day` (after every move made that day); None before the
        action was opened."""
        if day < self.opened:
            return None
        status = ActionStatus.OPEN
        for move in self.moves:
            if move.on > day:
                break
            status = move.to
        return status

    def moves_until(self, day: dt.date) -> tuple[Move, ...]:
        """The moves made on or before `day`."""
        return tuple(m for m in self.moves if m.on <= day)

    def last_move_to(self, status: ActionStatus, day: dt.date) -> Move | None:
        """The latest move into `status` on or before `day`, if any."""
        found = None
        for move in self.moves_until(day):
            if move.to is status:
                found = move
        return found


def check_evidence(current: ActionStatus, move: Move, uploaded: int, accepted: int) -> None:
    """Refuse a move the evidence does not support: submitting evidence needs at least one
    piece uploaded by the move's day, and verifying needs at least one accepted by then."""
    if move.to is ActionStatus.EVIDENCE_SUBMITTED and uploaded == 0:
        raise IllegalMove(current, move, "no evidence has been uploaded")
    if move.to is ActionStatus.VERIFIED and accepted == 0:
        raise IllegalMove(current, move, "no evidence has been accepted")


def history_from(opened: dt.date, moves: list[Move] | tuple[Move, ...]) -> ActionHistory:
    """Replay `moves` from an action opened on `opened`; `IllegalMove` at the first bad one."""
    history = ActionHistory(opened)
    for move in moves:
        history = history.move(move)
    return history
