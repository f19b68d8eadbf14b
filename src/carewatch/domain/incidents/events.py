"""A patient-safety event as LFPSE records it: what, when, where, how much harm, and the
governance flags that decide what the trust owes.

Dates: `occurred` is the day the event happened (or is thought to have happened); `reported`
the day it was recorded on the trust's system, which is the day the trust is taken to have
become aware of it and the day every clock starts from (see `carewatch.domain.incidents.clocks`).
An event cannot be reported before it occurred.

Governance flags follow LFPSE's `AdverseEventGovernance` (https://github.com/cuperman007/lfpse-taxonomy,
`.mkdocs/docs/v5/taxonomy.md`): duty of candour, CQC notification with its four criteria,
local-authority safeguarding, Never Event with its type, Serious Incident (the 2015
framework), and "sectioned under the Mental Health Act". `mental_capacity_act` and
`problems_in_care` are not LFPSE fields: PSIRF's national rules need them (`responses`).

Free text (`description`) may name people: it is for the trust's own staff and never shown on
public or aggregate views.

>>> e = Incident(reference="W123", trust="RMY", occurred=dt.date(2018, 11, 2),
...              reported=dt.date(2018, 11, 2), category=Category.TRANSFER_OR_OUT_OF_AREA_PLACEMENT,
...              physical_harm=PhysicalHarm.FATAL,
...              governance=Governance(cqc_criteria=frozenset({CqcCriterion.DEATH})))
>>> e.governance.cqc_notify, e.is_death
(True, True)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from carewatch.domain.incidents.words import (
    Category,
    CqcCriterion,
    EventType,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
)

__all__ = ["Governance", "Incident", "InvalidIncident"]

_ODS = re.compile(r"^[A-Z0-9]{3,10}$")


class InvalidIncident(ValueError):
    """An incident whose parts cannot all be true; `field` names the part to blame."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


PLAIN_FLAGS = (
    "duty_of_candour",
    "serious_incident",
    "mental_health_act",
    "mental_capacity_act",
    "safeguarding_referral",
    "hsib_notify",
    "mental_health_homicide",
)
"""The yes/no governance flags, named as `Governance` names them: the one list the command
line, the web form and the CSV import read them by."""

FLAGS = ("duty_of_candour", "cqc_notify", "never_event", *PLAIN_FLAGS[1:])
"""Every governance flag a writer may set: the plain ones, and `cqc_notify` and `never_event`,
which also need their criteria and type."""


@dataclass(frozen=True)
class Governance:
    """The governance flags of one event.

    `cqc_notify` is true exactly when at least one CQC criterion is given: LFPSE's
    `CqcNotify` and `CqcCriteria` are two fields, but one without the other says nothing.
    A Never Event needs its type, and a type needs the flag.
    """

    duty_of_candour: bool = False
    cqc_criteria: frozenset[CqcCriterion] = frozenset()
    never_event: bool = False
    never_event_type: NeverEventType | None = None
    serious_incident: bool = False
    mental_health_act: bool = False  # detained ("sectioned") under the Mental Health Act 1983
    mental_capacity_act: bool = False  # the Mental Capacity Act 2005 applied to the patient
    safeguarding_referral: bool = False  # referred to the local authority's safeguarding team
    hsib_notify: bool = False  # meets HSIB's (now MNSI's) maternity investigation criteria
    mental_health_homicide: bool = False  # a homicide by a person in receipt of mental health care

    def __post_init__(self) -> None:
        if not isinstance(self.cqc_criteria, frozenset):
            object.__setattr__(self, "cqc_criteria", frozenset(self.cqc_criteria))
        if self.never_event and self.never_event_type is None:
            raise InvalidIncident("a Never Event needs its type", "never_event_type")
        if self.never_event_type is not None and not self.never_event:
            raise InvalidIncident(
                "a Never Event type is given but the event is not marked a Never Event",
                "never_event",
            )

    @property
    def cqc_notify(self) -> bool:
        """Whether the event must be notified to CQC (it meets at least one criterion)."""
        return bool(self.cqc_criteria)


@dataclass(frozen=True)
class Incident:
    """One patient-safety event, without the patient's personal details (held apart, as
    `PatientDetails`).

    `reference` is the trust's own reference for it; `trust` the trust's ODS code; `location`
    an optional site or ward id; `core_service` an optional CQC core service.
    `prolonged_psychological_harm` says whether the patient has experienced or is likely to
    experience psychological harm for a continuous period of at least 28 days (Regulation
    20(7)); None while nobody knows yet.
    """

    reference: str
    trust: str
    occurred: dt.date
    reported: dt.date
    category: Category
    physical_harm: PhysicalHarm = PhysicalHarm.NONE
    psychological_harm: PsychologicalHarm = PsychologicalHarm.NONE
    event_type: EventType = EventType.INCIDENT
    location: str = ""
    core_service: str = ""
    governance: Governance = field(default_factory=Governance)
    prolonged_psychological_harm: bool | None = None
    problems_in_care: ProblemsInCare = ProblemsInCare.NOT_YET_JUDGED
    description: str = ""
    illustrative: bool = False

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidIncident("an incident needs the trust's reference for it", "reference")
        if len(self.reference) > 64:
            raise InvalidIncident("an incident reference is at most 64 characters", "reference")
        trust = self.trust.strip().upper()
        if not _ODS.match(trust):
            raise InvalidIncident(
                "a trust is named by its ODS code: 3 to 10 letters and digits (e.g. RMY)",
                "trust",
            )
        object.__setattr__(self, "trust", trust)
        if self.reported < self.occurred:
            raise InvalidIncident(
                f"reported on {self.reported.isoformat()}, before it occurred "
                f"({self.occurred.isoformat()})",
                "reported",
            )
        if self.event_type is EventType.GOOD_CARE and (
            self.physical_harm is not PhysicalHarm.NONE
            or self.psychological_harm is not PsychologicalHarm.NONE
        ):
            raise InvalidIncident("good care is recorded without harm", "physical_harm")
        if self.prolonged_psychological_harm and self.psychological_harm is PsychologicalHarm.NONE:
            raise InvalidIncident(
                "prolonged psychological harm is recorded but psychological harm is none",
                "prolonged_psychological_harm",
            )

    @property
    def is_death(self) -> bool:
        """Whether the patient died: fatal physical harm, or CQC's death criterion."""
        return (
            self.physical_harm is PhysicalHarm.FATAL
            or CqcCriterion.DEATH in self.governance.cqc_criteria
        )
