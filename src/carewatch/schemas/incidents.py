"""A trust's incidents as the command line prints them with `--json` (and the API will return
them): the list, one incident, and the duty steps due. Built from
`carewatch.services.incidents` values. The patient's details appear only in the schema's
`patient` field, filled only when they were asked for and read (an audited read); otherwise
it is null."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from carewatch.domain.incidents import DutyStep, PatientDetails
from carewatch.services.incidents import IncidentView

__all__ = [
    "DutyStepListPublic",
    "DutyStepPublic",
    "IncidentListPublic",
    "IncidentPublic",
    "PatientPublic",
]


class PatientPublic(BaseModel):
    """The patient's details (restricted personal data)."""

    name: str
    nhs_number: str
    age_band: str | None
    sex: str | None
    ethnicity: str | None

    @classmethod
    def from_details(cls, p: PatientDetails) -> PatientPublic:
        return cls(
            name=p.name,
            nhs_number=p.nhs_number_formatted,
            age_band=p.age_band.value if p.age_band else None,
            sex=p.sex.value if p.sex else None,
            ethnicity=p.ethnicity.value if p.ethnicity else None,
        )


class IncidentPublic(BaseModel):
    """One incident with its response's status."""

    reference: str
    trust: str
    event_type: str
    occurred: dt.date
    reported: dt.date
    category: str
    physical_harm: str
    psychological_harm: str
    location: str
    core_service: str
    duty_of_candour: bool
    cqc_notify: bool
    never_event: bool
    mental_health_act: bool
    framework: str
    status: str
    description: str
    illustrative: bool
    source_url: str
    patient: PatientPublic | None

    @classmethod
    def from_view(cls, v: IncidentView) -> IncidentPublic:
        i = v.incident
        return cls(
            reference=i.reference,
            trust=i.trust,
            event_type=i.event_type.value,
            occurred=i.occurred,
            reported=i.reported,
            category=i.category.value,
            physical_harm=i.physical_harm.value,
            psychological_harm=i.psychological_harm.value,
            location=i.location,
            core_service=i.core_service,
            duty_of_candour=i.governance.duty_of_candour,
            cqc_notify=i.governance.cqc_notify,
            never_event=i.governance.never_event,
            mental_health_act=i.governance.mental_health_act,
            framework=v.response.framework.value,
            status=v.status.value,
            description=i.description,
            illustrative=i.illustrative,
            source_url=v.source_url,
            patient=PatientPublic.from_details(v.patient) if v.patient is not None else None,
        )


class IncidentListPublic(BaseModel):
    data: list[IncidentPublic]
    count: int


class DutyStepPublic(BaseModel):
    """A duty step due or overdue: `DutyStep.as_json`'s shape."""

    incident: str
    duty: str
    due: dt.date
    overdue: bool
    days_overdue: int

    @classmethod
    def from_step(cls, s: DutyStep) -> DutyStepPublic:
        return cls.model_validate(s.as_json())


class DutyStepListPublic(BaseModel):
    data: list[DutyStepPublic]
    count: int
