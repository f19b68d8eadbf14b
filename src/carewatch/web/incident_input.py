"""An incident and its patient's details from what an API body or a page's form gave, in
the command line's words (`carewatch incidents add`), for the incidents service to store.

Every refusal is a `BadIncident` naming the field (the API's body field, which is also the
form input's name) and saying what is expected; no message repeats a value given, so a
patient's name or NHS number typed in the wrong box is never echoed.

>>> found = incident_from(trust="RMY", reference="W1", occurred=dt.date(2020, 3, 2),
...     reported=dt.date(2020, 3, 2), category="medication", physical_harm="low")
>>> found.incident.category.value, found.patient is None, found.framework.value
('medication', True, 'psirf')
>>> try:
...     incident_from(trust="RMY", reference="W1", occurred=dt.date(2020, 3, 2),
...         reported=dt.date(2020, 3, 2), category="medication", physical_harm="awful")
... except BadIncident as exc:
...     print(exc.field)
physical_harm
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from carewatch.domain.incidents import (
    FLAGS,
    PLAIN_FLAGS,
    AgeBand,
    Category,
    CqcCriterion,
    Ethnicity,
    EventType,
    Governance,
    Incident,
    InvalidIncident,
    InvalidNhsNumber,
    InvalidPatientDetails,
    NeverEventType,
    PatientDetails,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    ResponseFramework,
    Sex,
    UnknownIncidentWord,
)
from carewatch.domain.words import Word

__all__ = ["FLAGS", "BadIncident", "IncidentInput", "incident_from", "word"]


class BadIncident(ValueError):
    """A field that cannot be read; `field` names it, the message says what is expected."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class IncidentInput:
    """What to store: the incident, its patient's details (None when none were given) and
    the framework its response is under."""

    incident: Incident
    patient: PatientDetails | None
    framework: ResponseFramework


W = TypeVar("W", bound=Word)


def word(cls: type[W], text: str, field: str) -> W:
    """`text` read as a member of `cls`, else `BadIncident` naming `field`."""
    try:
        return cls.parse(text)
    except UnknownIncidentWord:
        raise BadIncident(
            field, f"not a known word: expected one of {', '.join(cls.values())}"
        ) from None


def incident_from(
    *,
    trust: str,
    reference: str,
    occurred: dt.date,
    reported: dt.date,
    category: str,
    physical_harm: str,
    psychological_harm: str = "none",
    event_type: str = "incident",
    location: str = "",
    core_service: str = "",
    description: str = "",
    flags: Sequence[str] = (),
    cqc_criteria: Sequence[str] = (),
    never_event_type: str | None = None,
    framework: str = "psirf",
    prolonged_psychological_harm: bool | None = None,
    problems_in_care: str = "not_yet_judged",
    patient_name: str = "",
    nhs_number: str = "",
    age_band: str | None = None,
    sex: str | None = None,
    ethnicity: str | None = None,
) -> IncidentInput:
    """The incident these fields describe; `BadIncident` naming the first field that is
    wrong. Patient's details are kept only when at least one of them was given."""
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise BadIncident("flags", f"not a flag: expected one of {', '.join(FLAGS)}")
    cqc = frozenset(word(CqcCriterion, c, "cqc_criteria") for c in cqc_criteria)
    if ("cqc_notify" in flags) != bool(cqc):
        raise BadIncident(
            "cqc_criteria", "a CQC notification and its criteria go together: give both or neither"
        )
    never = word(NeverEventType, never_event_type, "never_event_type") if never_event_type else None
    try:
        incident = Incident(
            reference=reference.strip(),
            trust=trust,
            occurred=occurred,
            reported=reported,
            category=word(Category, category, "category"),
            physical_harm=word(PhysicalHarm, physical_harm, "physical_harm"),
            psychological_harm=word(PsychologicalHarm, psychological_harm, "psychological_harm"),
            event_type=word(EventType, event_type, "event_type"),
            location=location.strip(),
            core_service=core_service.strip(),
            governance=Governance(
                cqc_criteria=cqc,
                never_event="never_event" in flags,
                never_event_type=never,
                **{name: name in flags for name in PLAIN_FLAGS},
            ),
            description=description.strip(),
            prolonged_psychological_harm=prolonged_psychological_harm,
            problems_in_care=word(ProblemsInCare, problems_in_care, "problems_in_care"),
        )
    except InvalidIncident as exc:
        raise BadIncident(exc.field, str(exc)) from None
    patient = None
    if any((patient_name.strip(), nhs_number.strip(), age_band, sex, ethnicity)):
        try:
            patient = PatientDetails(
                name=patient_name.strip(),
                nhs_number=nhs_number.strip(),
                age_band=word(AgeBand, age_band, "age_band") if age_band else None,
                sex=word(Sex, sex, "sex") if sex else None,
                ethnicity=word(Ethnicity, ethnicity, "ethnicity") if ethnicity else None,
            )
        except InvalidNhsNumber as exc:
            raise BadIncident("nhs_number", str(exc)) from None
        except InvalidPatientDetails as exc:
            raise BadIncident(exc.field, str(exc)) from None
    return IncidentInput(incident, patient, word(ResponseFramework, framework, "framework"))
