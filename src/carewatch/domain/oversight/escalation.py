"""Escalation options considered or taken for a failing trust, with who stood where.

Options from the regulatory-framework reference §5.1 (improvement director, buddy trust,
leadership change), §5.4 (trust special administration) and the calls made about NSFT (§8:
special administration, abolition, splitting Suffolk services from Norfolk).

>>> EscalationOption.parse("buddy trust").label
'Buddy trust'
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TypeVar

from carewatch.domain.oversight.words import member_of

__all__ = [
    "Escalation",
    "EscalationOption",
    "EscalationOutcome",
    "StakeholderPosition",
    "UnknownEscalationWord",
]

E = TypeVar("E", bound=enum.Enum)


class UnknownEscalationWord(ValueError):
    def __init__(self, what: str, text: object, allowed: str) -> None:
        super().__init__(f"unknown escalation {what} {text!r}: expected one of {allowed}")
        self.text = text


class EscalationOption(enum.Enum):
    """A step beyond the current regime that someone proposed."""

    SPECIAL_ADMINISTRATION = "special_administration"  # trust special administrator appointed
    MERGER_OR_ACQUISITION = "merger_or_acquisition"  # taken over by or merged with another trust
    SPLIT = "split"  # services separated into different organisations
    ABOLITION = "abolition"  # the trust dissolved
    CHANGE_OF_LEADERSHIP = "change_of_leadership"  # chair or chief executive replaced
    BUDDY_TRUST = "buddy_trust"  # a partner trust supports it
    IMPROVEMENT_DIRECTOR = "improvement_director"  # appointed by the oversight body

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str | EscalationOption) -> EscalationOption:
        return _parse(cls, "option", text)


class EscalationOutcome(enum.Enum):
    """What became of a proposed escalation."""

    PENDING = "pending"  # not yet decided
    CONSIDERED = "considered"  # looked at by a decision-maker, no decision published
    TAKEN = "taken"  # done
    REJECTED = "rejected"  # decided against

    @classmethod
    def parse(cls, text: str | EscalationOutcome) -> EscalationOutcome:
        return _parse(cls, "outcome", text)


def _parse(cls: type[E], what: str, text: str | E) -> E:
    found = member_of(cls, text)
    if found is None:
        raise UnknownEscalationWord(what, text, ", ".join(str(m.value) for m in cls))
    return found


@dataclass(frozen=True)
class StakeholderPosition:
    """A public position on an escalation, by role and organisation (never a private name)."""

    who: str
    organisation: str
    position: str


@dataclass(frozen=True)
class Escalation:
    """An escalation option as proposed on `date` by `proposed_by`, and its outcome."""

    option: EscalationOption
    proposed_by: str
    date: dt.date
    outcome: EscalationOutcome = EscalationOutcome.PENDING
    positions: tuple[StakeholderPosition, ...] = ()
    detail: str = ""
    source: str = ""

    @property
    def title(self) -> str:
        return f"{self.option.label} proposed by {self.proposed_by} ({self.outcome.value})"
