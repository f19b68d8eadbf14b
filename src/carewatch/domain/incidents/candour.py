"""The duty of candour (Regulation 20, Health and Social Care Act 2008 (Regulated Activities)
Regulations 2014): which incidents are notifiable, and the notifications the trust gave.

A notifiable safety incident, for a health service body such as an NHS trust (Regulation
20(8)), is an unintended or unexpected incident that appears to have resulted in, or could
result in, the death of the patient (where the death relates directly to the incident rather
than to the natural course of their illness), or severe harm, moderate harm or prolonged
psychological harm: psychological harm the patient has experienced, or is likely to
experience, for a continuous period of at least 28 days (Regulation 20(7)). Sources:
https://www.cqc.org.uk/guidance-providers/regulations/regulation-20-duty-candour,
https://www.legislation.gov.uk/uksi/2014/2936/regulation/20.

How carewatch reads it from LFPSE's harm levels (`notifiable_safety_incident`):

- moderate, severe or fatal physical harm: notifiable;
- prolonged psychological harm (recorded as such): notifiable, at any LFPSE level above none;
- moderate or severe psychological harm whose duration is not yet known: treated as
  notifiable until someone records that it is not prolonged (LFPSE's levels do not say how
  long the harm lasts, and the regulation covers harm "likely" to last 28 days; see
  docs/deviations.md);
- anything else: not notifiable by harm. A trust may still record that the duty applies
  (the incident "could result in" such harm), and `candour_applies` honours that.

>>> notifiable_safety_incident(PhysicalHarm.MODERATE)
True
>>> notifiable_safety_incident(PhysicalHarm.LOW, PsychologicalHarm.SEVERE, prolonged=False)
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.words import EventType, PhysicalHarm, PsychologicalHarm

__all__ = [
    "CandourTrail",
    "InvalidCandourTrail",
    "candour_applies",
    "notifiable_safety_incident",
]

_NOTIFIABLE_PHYSICAL = frozenset({PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL})
_NOTIFIABLE_UNTIL_KNOWN = frozenset({PsychologicalHarm.MODERATE, PsychologicalHarm.SEVERE})


def notifiable_safety_incident(
    physical: PhysicalHarm,
    psychological: PsychologicalHarm = PsychologicalHarm.NONE,
    *,
    prolonged: bool | None = None,
) -> bool:
    """Whether harm at these levels makes an incident notifiable under Regulation 20.

    `prolonged` says whether the psychological harm has lasted or is likely to last at least
    28 days in a row; None while it is not known.
    """
    if physical in _NOTIFIABLE_PHYSICAL:
        return True
    if psychological is PsychologicalHarm.NONE:
        return False
    if prolonged is None:
        return psychological in _NOTIFIABLE_UNTIL_KNOWN
    return prolonged


def candour_applies(incident: Incident) -> bool:
    """Whether the trust owes the duty of candour for `incident`: it recorded that the duty
    applies, or the incident (an incident, not a risk, an outcome or good care) meets the
    harm threshold."""
    if incident.governance.duty_of_candour:
        return True
    return incident.event_type is EventType.INCIDENT and notifiable_safety_incident(
        incident.physical_harm,
        incident.psychological_harm,
        prolonged=incident.prolonged_psychological_harm,
    )


class InvalidCandourTrail(ValueError):
    """A candour trail whose dates cannot all be true; `field` names the date to blame."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


@dataclass(frozen=True)
class CandourTrail:
    """The notifications given to the relevant person (the patient, or someone acting for
    them): in person, with an account, an apology and the further enquiries to be made
    (`verbal_on`), then in writing (`written_on`, Regulation 20(2)(d)); interim updates and
    the final letter once enquiries are done.

    The written notification follows the one in person, so it is never dated before it. It
    may be given without one when the person cannot be met or declines to meet.
    """

    verbal_on: dt.date | None = None
    written_on: dt.date | None = None
    updates: tuple[dt.date, ...] = ()
    final_letter_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.verbal_on and self.written_on and self.written_on < self.verbal_on:
            raise InvalidCandourTrail(
                f"the written notification ({self.written_on.isoformat()}) is dated before the "
                f"notification in person ({self.verbal_on.isoformat()}) it follows",
                "written_on",
            )
        if self.final_letter_on and self.written_on and self.final_letter_on < self.written_on:
            raise InvalidCandourTrail(
                "the final letter is dated before the written notification",
                "final_letter_on",
            )
