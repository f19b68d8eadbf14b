"""Actions: what a trust will do about a finding, who owns it and by when.

An action has an owner (a role, the person in it, and whether that person sits on the
board), an executive lead it escalates to, a priority, milestones, a due date and, when the
finding came with a section 29A warning notice, the legal deadline the notice set (CQC must
check compliance at its end: Health and Social Care Act 2008 s.29A, inserted by the Care Act
2014 s.82, https://legislation.gov.uk/ukpga/2014/23/section/82/enacted/data.htm). The date
that counts is the earlier of the two.

Only board members' names are public (their names are published by the trust in its annual
report and board papers); everyone else appears by role only.

>>> owner = Owner(role="Ward manager", person="A. Person")
>>> owner.public_name
'Ward manager'
>>> Owner(role="Chief nurse", person="B. Person", board_member=True).public_name
'B. Person (Chief nurse)'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.words import UnknownWord, Word, or_list

__all__ = [
    "Action",
    "InvalidAction",
    "Milestone",
    "Owner",
    "Priority",
    "TargetDirection",
    "UnknownDirection",
    "UnknownPriority",
]


class InvalidAction(ValueError):
    """An action whose parts cannot all be true; `field` names the part."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


class UnknownPriority(UnknownWord):
    def describe(self) -> str:
        return f"unknown priority {self.text!r}: expected {or_list(self.allowed)}"


class Priority(Word, error=UnknownPriority):
    """How urgent an action is; a must-do's actions are normally high."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Owner:
    """Who answers for an action: a role, the person in it (may be empty), and whether that
    person is a board member (executive or non-executive director)."""

    role: str
    person: str = ""
    board_member: bool = False

    def __post_init__(self) -> None:
        if not self.role.strip():
            raise InvalidAction("an owner needs a role", "owner_role")

    @property
    def public_name(self) -> str:
        """What a public page may show: the role, with the name only for a board member."""
        if self.board_member and self.person.strip():
            return f"{self.person} ({self.role})"
        return self.role

    @property
    def internal_name(self) -> str:
        """What the trust's own pages show: the person and role."""
        return f"{self.person} ({self.role})" if self.person.strip() else self.role


@dataclass(frozen=True)
class Milestone:
    """A step towards the action, due by the end of `due`; `done_on` once reached."""

    title: str
    due: dt.date
    done_on: dt.date | None = None

    def overdue_on(self, day: dt.date) -> bool:
        """Not done by the end of its due day, looking from `day` (done later counts only
        from the day it was done)."""
        if day <= self.due:
            return False
        return self.done_on is None or self.done_on > day

    def done_by(self, day: dt.date) -> bool:
        return self.done_on is not None and self.done_on <= day


@dataclass(frozen=True)
class Action:
    """What will be done, by whom and by when.

    `due` is the trust's own date; `legal_deadline` (optional) the date a warning notice set.
    """

    reference: str
    title: str
    owner: Owner
    opened: dt.date
    due: dt.date
    priority: Priority = Priority.MEDIUM
    executive_lead: str = ""
    legal_deadline: dt.date | None = None
    illustrative: bool = False

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidAction("an action needs a reference", "reference")
        if not self.title.strip():
            raise InvalidAction("an action needs a title", "title")
        if self.due < self.opened:
            raise InvalidAction(
                f"due date {self.due.isoformat()} is before the action was opened "
                f"({self.opened.isoformat()})",
                "due",
            )

    @property
    def deadline(self) -> dt.date:
        """The date that counts: the due date, or the legal deadline when that is earlier."""
        if self.legal_deadline is not None and self.legal_deadline < self.due:
            return self.legal_deadline
        return self.due


class UnknownDirection(UnknownWord):
    def describe(self) -> str:
        return f"unknown target direction {self.text!r}: expected {or_list(self.allowed)}"


class TargetDirection(Word, what="target direction", error=UnknownDirection):
    """Which side of a metric's target shows the fix worked."""

    AT_LEAST = "at_least"  # e.g. a staffing fill rate of at least 95%
    AT_MOST = "at_most"  # e.g. a waiting time of at most 28 days

    @property
    def label(self) -> str:
        return "At least" if self is TargetDirection.AT_LEAST else "At most"

    def met(self, value: float, target: float) -> bool:
        """Whether `value` meets `target` in this direction (equal counts as met)."""
        return value >= target if self is TargetDirection.AT_LEAST else value <= target
