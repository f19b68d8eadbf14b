"""A trust's incidents as the command line prints them with `--json` and the API returns them:
the list, one incident in full, the duty steps due, and the public summary. Built from
`carewatch.services.incidents` values. The patient's details appear only in the schema's
`patient` field, filled only when they were asked for and read (an audited read);
otherwise it is null. The summary holds counts only, small ones suppressed
(`{"count": null, "suppressed": true}`)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from carewatch.domain.incidents import Count, DutyStep, IncidentSummary, PatientDetails
from carewatch.services.incidents import IncidentDetail, IncidentView

__all__ = [
    "CandourEntryPublic",
    "CountPublic",
    "DeadlineCountsPublic",
    "DutyStepListPublic",
    "DutyStepPublic",
    "IncidentDetailPublic",
    "IncidentListPublic",
    "IncidentPublic",
    "IncidentSummaryPublic",
    "PatientPublic",
    "ResponseMovePublic",
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
    """One incident with its response's status and every governance fact recorded: CQC's
    criteria (`cqc_notify` is true when there is one), the Never Event's type, the flags, the
    prolonged psychological harm (null: not yet known) and the problems-in-care judgement."""

    reference: str
    trust: str
    event_type: str
    occurred: dt.date
    reported: dt.date
    category: str
    physical_harm: str
    psychological_harm: str
    prolonged_psychological_harm: bool | None
    problems_in_care: str
    location: str
    core_service: str
    duty_of_candour: bool
    cqc_notify: bool
    cqc_criteria: list[str]
    never_event: bool
    never_event_type: str | None
    serious_incident: bool
    mental_health_act: bool
    mental_capacity_act: bool
    safeguarding_referral: bool
    hsib_notify: bool
    mental_health_homicide: bool
    framework: str
    status: str
    description: str
    illustrative: bool
    source_url: str
    patient: PatientPublic | None

    @classmethod
    def from_view(cls, v: IncidentView) -> IncidentPublic:
        i = v.incident
        g = i.governance
        return cls(
            reference=i.reference,
            trust=i.trust,
            event_type=i.event_type.value,
            occurred=i.occurred,
            reported=i.reported,
            category=i.category.value,
            physical_harm=i.physical_harm.value,
            psychological_harm=i.psychological_harm.value,
            prolonged_psychological_harm=i.prolonged_psychological_harm,
            problems_in_care=i.problems_in_care.value,
            location=i.location,
            core_service=i.core_service,
            duty_of_candour=g.duty_of_candour,
            cqc_notify=g.cqc_notify,
            cqc_criteria=sorted(c.value for c in g.cqc_criteria),
            never_event=g.never_event,
            never_event_type=g.never_event_type.value if g.never_event_type else None,
            serious_incident=g.serious_incident,
            mental_health_act=g.mental_health_act,
            mental_capacity_act=g.mental_capacity_act,
            safeguarding_referral=g.safeguarding_referral,
            hsib_notify=g.hsib_notify,
            mental_health_homicide=g.mental_health_homicide,
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


class ResponseMovePublic(BaseModel):
    """A move of the incident's response."""

    to: str
    on: dt.date
    by: str
    reason: str
    learning_response: str | None
    target: dt.date | None


class CandourEntryPublic(BaseModel):
    """A candour notification given."""

    step: str
    given_on: dt.date
    recorded_by: str


class DutyStepStatePublic(BaseModel):
    """A duty step, done or not, and whether its deadline was met (null: not yet known)."""

    duty: str
    due: dt.date
    done_on: dt.date | None
    overdue: bool
    days_overdue: int
    met: bool | None

    @classmethod
    def from_step(cls, s: DutyStep) -> DutyStepStatePublic:
        return cls(
            duty=s.duty.value,
            due=s.due,
            done_on=s.done_on,
            overdue=s.overdue,
            days_overdue=s.days_overdue,
            met=s.met,
        )


class PfdReportPublic(BaseModel):
    """A coroner's Prevention of Future Deaths report about the incident."""

    reference: str
    report_date: dt.date
    responded_on: dt.date | None
    extended_to: dt.date | None


class LinkPublic(BaseModel):
    """What the incident is linked to: a finding, an action, a metric or an oversight event."""

    kind: str
    target: str


class IncidentDetailPublic(IncidentPublic):
    """One incident in full as of a day: its response's moves, candour notifications, PFD
    reports, links, every duty step, and the statuses the response may move to next."""

    as_of: dt.date
    moves: list[ResponseMovePublic]
    candour: list[CandourEntryPublic]
    pfd_reports: list[PfdReportPublic]
    links: list[LinkPublic]
    duties: list[DutyStepStatePublic]
    next_statuses: list[str]

    @classmethod
    def from_detail(cls, d: IncidentDetail) -> IncidentDetailPublic:
        base = IncidentPublic.from_view(d.view).model_dump()
        return cls(
            **base,
            as_of=d.as_of,
            moves=[
                ResponseMovePublic(
                    to=m.to.value,
                    on=m.on,
                    by=m.by,
                    reason=m.reason,
                    learning_response=m.learning_response.value if m.learning_response else None,
                    target=m.target,
                )
                for m in d.view.response.moves
            ],
            candour=[
                CandourEntryPublic(
                    step=c.step.value, given_on=c.given_on, recorded_by=c.recorded_by
                )
                for c in d.candour
            ],
            pfd_reports=[
                PfdReportPublic(
                    reference=r.reference,
                    report_date=r.report_date,
                    responded_on=r.responded_on,
                    extended_to=r.extended_to,
                )
                for r in d.pfd_reports
            ],
            links=[LinkPublic(kind=k.kind.value, target=k.target) for k in d.links],
            duties=[DutyStepStatePublic.from_step(s) for s in d.steps],
            next_statuses=[n.value for n in d.next_statuses],
        )


class CountPublic(BaseModel):
    """A count as published: `count` null and `suppressed` true for 1 to 4 ("fewer than 5"),
    or, with `secondary` true too, for a larger count hidden so that a small one beside it
    cannot be worked out from the total."""

    count: int | None
    suppressed: bool
    secondary: bool = False

    @classmethod
    def from_count(cls, c: Count) -> CountPublic:
        return cls(count=c.value, suppressed=c.suppressed, secondary=c.secondary)


class MonthCountPublic(CountPublic):
    month: str = Field(description="The month reported, YYYY-MM")


class HarmCountPublic(CountPublic):
    physical_harm: str


class CategoryCountPublic(CountPublic):
    category: str


class DeadlineCountsPublic(BaseModel):
    """For one duty, how many steps met their deadline and how many did not (done late, or
    overdue and not done)."""

    duty: str
    met: CountPublic
    missed: CountPublic


class IncidentSummaryPublic(BaseModel):
    """What anyone may know of a trust's incidents: counts only, with no free text and no
    patient's details; counts from 1 to 4 suppressed (`count` null, `suppressed` true), and
    a second cell suppressed where one alone could be worked out from the total."""

    trust: str
    as_of: dt.date
    total: CountPublic
    by_month: list[MonthCountPublic]
    by_physical_harm: list[HarmCountPublic]
    by_category: list[CategoryCountPublic]
    deadlines: list[DeadlineCountsPublic]
    illustrative: bool

    @classmethod
    def from_summary(cls, s: IncidentSummary) -> IncidentSummaryPublic:
        def n(c: Count) -> dict[str, object]:
            return {"count": c.value, "suppressed": c.suppressed, "secondary": c.secondary}

        return cls(
            trust=s.trust,
            as_of=s.as_of,
            total=CountPublic.from_count(s.total),
            by_month=[MonthCountPublic(month=m, **n(c)) for m, c in s.by_month],  # type: ignore[arg-type]
            by_physical_harm=[
                HarmCountPublic(physical_harm=h.value, **n(c))  # type: ignore[arg-type]
                for h, c in s.by_physical_harm
            ],
            by_category=[
                CategoryCountPublic(category=k.value, **n(c))  # type: ignore[arg-type]
                for k, c in s.by_category
            ],
            deadlines=[
                DeadlineCountsPublic(
                    duty=d.duty.value,
                    met=CountPublic.from_count(d.met),
                    missed=CountPublic.from_count(d.missed),
                )
                for d in s.deadlines
            ],
            illustrative=s.illustrative,
        )
