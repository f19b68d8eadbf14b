"""Escalation options considered or taken for a failing trust, with who stood where.

Options from the regulatory-framework reference §5.1 (improvement director, buddy trust,
leadership change), §5.4 (trust special administration) and the calls made about NSFT (§8:
special administration, abolition, splitting Suffolk services from Norfolk).

>>> EscalationOption.parse("buddy trust").label
'Buddy trust'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "Escalation",
    "EscalationOption",
    "EscalationOutcome",
    "StakeholderPosition",
    "UnknownEscalationWord",
]


class UnknownEscalationWord(UnknownWord):
    """A word that names no escalation option or outcome."""


class EscalationOption(Word, what="escalation option", error=UnknownEscalationWord):
    """A step beyond the current regime that someone proposed."""

    SPECIAL_ADMINISTRATION = "special_administration"  # trust special administrator appointed
    MERGER_OR_ACQUISITION = "merger_or_acquisition"  # taken over by or merged with another trust
    SPLIT = "split"  # services separated into different organisations
    ABOLITION = "abolition"  # the trust dissolved
    CHANGE_OF_LEADERSHIP = "change_of_leadership"  # chair or chief executive replaced
    BUDDY_TRUST = "buddy_trust"  # a partner trust supports it
    IMPROVEMENT_DIRECTOR = "improvement_director"  # appointed by the oversight body


class EscalationOutcome(Word, what="escalation outcome", error=UnknownEscalationWord):
    """What became of a proposed escalation."""

    PENDING = "pending"  # not yet decided
    CONSIDERED = "considered"  # looked at by a decision-maker, no decision published
    TAKEN = "taken"  # done
    REJECTED = "rejected"  # decided against


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
