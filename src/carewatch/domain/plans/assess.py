"""An action as of a day: its status, whether it is overdue or due soon, its RAG rating, and
how far its lateness has been escalated.

There is no single NHS standard for rating an improvement plan's actions; trusts and their
regulators use "BRAG" ratings (blue for complete and assured, then red, amber, green) in
board papers. The rule here is carewatch's choice, written down in docs/improvement-plan.md:

- Blue: verified or closed (the evidence was accepted).
- no rating: cancelled.
- Red: overdue, meaning the deadline (the due date, or the legal deadline when earlier) has
  passed and the action is not finished, unless the evidence was submitted on or before the
  deadline and is waiting to be checked; or recurring evidence is missing. A reopened
  action past its deadline is overdue from the day it was reopened, not from the deadline
  (it was not late while it stood verified or closed).
- Amber: a milestone is overdue; or the latest decided evidence was rejected; or the deadline
  falls within `due_soon_days` and evidence has not been submitted.
- Green: otherwise (on track).

"Due on D" means by the end of day D: on D the action is due soon (0 days left), on D + 1 it
is 1 day overdue.

Escalation: an overdue action is flagged to its owner on the first day overdue, to the
executive lead on its `executive_after_days`-th day overdue and to the board on its
`board_after_days`-th; a missed legal deadline (a warning notice's) goes to the board at once.
The defaults (14 and 28 days, about two and four weeks, so that a fortnightly executive
meeting and a monthly board or quality committee see it) are parameters.

>>> from carewatch.domain.plans.actions import Action, Owner
>>> from carewatch.domain.plans.lifecycle import ActionHistory
>>> a = Action("A1", "Fix", Owner("Matron"), dt.date(2020, 1, 1), dt.date(2020, 3, 31))
>>> assess(a, ActionHistory(a.opened), as_of=dt.date(2020, 3, 31)).rag.label
'Amber'
>>> assess(a, ActionHistory(a.opened), as_of=dt.date(2020, 4, 1)).days_overdue
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from carewatch.domain.plans.actions import Action, Milestone
from carewatch.domain.plans.evidence import (
    Evidence,
    EvidenceSchedule,
    Period,
    Verdict,
    missing_periods,
)
from carewatch.domain.plans.lifecycle import FINISHED, ActionHistory, ActionStatus
from carewatch.domain.words import Word

__all__ = [
    "DEFAULT_RULES",
    "ActionAssessment",
    "EscalationDue",
    "EscalationLevel",
    "NotYetOpened",
    "PlanRules",
    "Rag",
    "assess",
    "escalations_due",
]


class NotYetOpened(ValueError):
    """Assessing an action on a day before it was opened."""


class Rag(Word, what="RAG rating"):
    """Blue, red, amber, green: how an action is doing."""

    BLUE = "blue"  # complete and assured (verified or closed)
    RED = "red"  # overdue, or recurring evidence missing
    AMBER = "amber"  # at risk: milestone late, evidence rejected, or due soon
    GREEN = "green"  # on track


class EscalationLevel(Word, what="escalation level"):
    """Who an overdue action is flagged to, in order."""

    OWNER = "owner"
    EXECUTIVE_LEAD = "executive_lead"
    BOARD = "board"


@dataclass(frozen=True)
class PlanRules:
    """The thresholds of the RAG and escalation rules (days); see the module docstring."""

    due_soon_days: int = 14
    executive_after_days: int = 14
    board_after_days: int = 28
    legal_deadline_to_board: bool = True

    def __post_init__(self) -> None:
        if min(self.due_soon_days, self.executive_after_days, self.board_after_days) < 1:
            raise ValueError("thresholds are whole days of at least 1")
        if self.board_after_days < self.executive_after_days:
            raise ValueError("the board threshold cannot come before the executive lead's")


DEFAULT_RULES = PlanRules()


@dataclass(frozen=True)
class ActionAssessment:
    """An action as of `as_of`: status, RAG and why, lateness and evidence."""

    as_of: dt.date
    status: ActionStatus
    rag: Rag | None
    reasons: tuple[str, ...]
    deadline: dt.date
    overdue_since: dt.date | None
    due_soon: bool
    missing: tuple[Period, ...]
    milestones_overdue: int
    evidence_count: int
    last_evidenced: dt.date | None
    legal_deadline_missed: bool
    deadline_passed: bool = False
    """The action's own deadline has passed with nothing in time to show for it (as against
    lateness from recurring evidence alone, which can come before the deadline)."""

    @property
    def overdue(self) -> bool:
        return self.overdue_since is not None

    @property
    def days_overdue(self) -> int:
        """Whole days since the last on-time day (1 on the day after the deadline); 0 when
        not overdue."""
        if self.overdue_since is None:
            return 0
        return (self.as_of - self.overdue_since).days + 1

    @property
    def days_left(self) -> int:
        """Days until the deadline (0 on the day itself; negative once passed)."""
        return (self.deadline - self.as_of).days


def assess(
    action: Action,
    history: ActionHistory,
    milestones: Sequence[Milestone] = (),
    evidence: Sequence[Evidence] = (),
    schedule: EvidenceSchedule | None = None,
    *,
    as_of: dt.date,
    rules: PlanRules = DEFAULT_RULES,
) -> ActionAssessment:
    """The action as it stood at the end of `as_of`; `NotYetOpened` before it was opened."""
    status = history.status_on(as_of)
    if status is None:
        raise NotYetOpened(f"action {action.reference!r} was opened on {action.opened}")
    known = [e for e in evidence if e.uploaded_on <= as_of]
    counting = [e for e in known if e.counts_on(as_of)]
    last = max((e.uploaded_on for e in counting), default=None)
    deadline = action.deadline
    base = {
        "as_of": as_of,
        "status": status,
        "deadline": deadline,
        "evidence_count": len(known),
        "last_evidenced": last,
    }
    if status in FINISHED:
        rag = None if status is ActionStatus.CANCELLED else Rag.BLUE
        reason = status.label.lower()
        return ActionAssessment(
            **base,  # type: ignore[arg-type]
            rag=rag,
            reasons=(reason,),
            overdue_since=None,
            due_soon=False,
            missing=(),
            milestones_overdue=0,
            legal_deadline_missed=False,
        )
    reasons: list[str] = []
    since: list[dt.date] = []
    submitted = history.last_move_to(ActionStatus.EVIDENCE_SUBMITTED, as_of)
    awaiting_in_time = (
        status is ActionStatus.EVIDENCE_SUBMITTED
        and submitted is not None
        and submitted.on <= deadline
    )
    reopened = history.last_move_to(ActionStatus.REOPENED, as_of)
    if as_of > deadline and not awaiting_in_time:
        late_from = deadline + dt.timedelta(days=1)
        if reopened is not None:
            late_from = max(late_from, reopened.on)
        since.append(late_from)
        reasons.append(f"deadline {deadline.isoformat()} passed")
    missing = missing_periods(schedule, known, as_of) if schedule else ()
    if missing:
        since.append(missing[0].due + dt.timedelta(days=1))
        reasons.append(
            f"recurring evidence missing for {len(missing)} period(s) from "
            f"{missing[0].start.isoformat()}"
        )
    late_milestones = sum(1 for m in milestones if m.overdue_on(as_of))
    latest_rejected = _latest_rejected(known, as_of)
    days_left = (deadline - as_of).days
    due_soon = 0 <= days_left <= rules.due_soon_days
    legal_missed = (
        action.legal_deadline is not None
        and as_of > action.legal_deadline
        and not (
            awaiting_in_time and submitted is not None and submitted.on <= action.legal_deadline
        )
    )
    if since:
        rag = Rag.RED
    else:
        if late_milestones:
            reasons.append(f"{late_milestones} milestone(s) overdue")
        if latest_rejected:
            reasons.append("the latest evidence was rejected")
        if due_soon and status is not ActionStatus.EVIDENCE_SUBMITTED:
            reasons.append(f"due in {days_left} day(s)")
        if awaiting_in_time and as_of > deadline:
            reasons.append("evidence submitted in time, awaiting verification")
        rag = Rag.AMBER if reasons else Rag.GREEN
        if not reasons:
            reasons.append("on track")
    return ActionAssessment(
        **base,  # type: ignore[arg-type]
        rag=rag,
        reasons=tuple(reasons),
        overdue_since=min(since) if since else None,
        due_soon=due_soon and not since,
        missing=missing,
        milestones_overdue=late_milestones,
        legal_deadline_missed=legal_missed,
        deadline_passed=as_of > deadline and not awaiting_in_time,
    )


@dataclass(frozen=True)
class EscalationDue:
    """An escalation the action has reached: to `level`, from `on`, for the lateness that
    began on `overdue_since`."""

    level: EscalationLevel
    on: dt.date
    overdue_since: dt.date


def escalations_due(
    assessment: ActionAssessment,
    legal_deadline: dt.date | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> tuple[EscalationDue, ...]:
    """Every level the action's current lateness has reached by `assessment.as_of`, each with
    the day it was reached (owner: first day overdue; executive lead: day
    `executive_after_days` overdue; board: day `board_after_days`, or the day after a missed
    legal deadline)."""
    since = assessment.overdue_since
    if since is None:
        return ()
    board = since + dt.timedelta(days=rules.board_after_days - 1)
    if rules.legal_deadline_to_board and assessment.legal_deadline_missed and legal_deadline:
        board = min(board, max(since, legal_deadline + dt.timedelta(days=1)))
    executive = min(board, since + dt.timedelta(days=rules.executive_after_days - 1))
    reached = (
        (EscalationLevel.OWNER, since),
        (EscalationLevel.EXECUTIVE_LEAD, executive),
        (EscalationLevel.BOARD, board),
    )
    return tuple(EscalationDue(level, on, since) for level, on in reached if on <= assessment.as_of)


def _latest_rejected(known: Sequence[Evidence], as_of: dt.date) -> bool:
    """The latest verdict given by `as_of` was a rejection and nothing was uploaded after it."""
    decided = [e for e in known if e.verdict_on(as_of) is not Verdict.PENDING]
    if not decided:
        return False
    latest = max(decided, key=lambda e: (e.verified_on or as_of, e.uploaded_at))
    if latest.verdict is not Verdict.REJECTED:
        return False
    day = latest.verified_on or as_of
    return not any(e.uploaded_on > day for e in known)
