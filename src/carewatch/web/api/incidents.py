"""A trust's patient-safety incidents: the public summary for anyone; the list, one incident
and the duties due for the trust's own roles and the national roles; and, with a bearer
token, record an incident, move its response and record a candour notification, by the same
rules as `carewatch incidents`.

The patients' details are returned only with `with_personal_data=true`, only to a role that
may read them (the trust's own editors and viewers, the regulator, NHS England's oversight
role), and each such read is audited. The summary holds counts only, with counts from 1 to
4 suppressed; it never holds free text or a patient's details.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from carewatch.domain.access import Permission, SignInRequired, require
from carewatch.domain.incidents import (
    IllegalResponseMove,
    InvalidCandourTrail,
    InvalidIncident,
    UnknownIncidentWord,
)
from carewatch.schemas.incidents import (
    DutyStepListPublic,
    DutyStepPublic,
    IncidentDetailPublic,
    IncidentListPublic,
    IncidentPublic,
    IncidentSummaryPublic,
)
from carewatch.services import incidents
from carewatch.web.api.params import MAX_API_PAGE, PRINTABLE, Day, Offset
from carewatch.web.api.plans import BEARER
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who
from carewatch.web.incident_input import FLAGS, BadIncident, incident_from

__all__ = ["router"]

router = APIRouter(tags=["incidents"])

AsOf = Annotated[
    Day | None, Query(description="As things stood at the end of this date (default today)")
]
WithPersonalData = Annotated[
    bool,
    Query(
        description="Include the patients' details: only for the trust's own roles and the "
        "national roles, and every such read is audited"
    ),
]
Reference = Annotated[
    str,
    Path(max_length=64, pattern=PRINTABLE, description="The trust's own reference for it"),
]
READ_RESPONSES: dict[int | str, dict[str, object]] = {
    **NOT_FOUND,
    **INVALID,
    401: {"model": ErrorPublic, "description": "Sign in first: the public sees the summary"},
    403: {"model": ErrorPublic, "description": "The role may not read this trust's incidents"},
}
WRITE_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorPublic, "description": "No valid bearer token"},
    403: {"model": ErrorPublic, "description": "The token's role may not record this trust's"},
    404: {"model": ErrorPublic, "description": "There is no such trust or incident"},
    409: {"model": ErrorPublic, "description": "Refused now: the rules do not allow it"},
    422: {"model": ErrorPublic, "description": "A field is not valid; `field` names it"},
}


@router.get(
    "/trusts/{provider_id}/incidents/summary",
    summary="A trust's incidents for the public",
    responses={**NOT_FOUND, **INVALID},
)
def get_incident_summary(trust: Trust, db: Db, as_of: AsOf = None) -> IncidentSummaryPublic:
    """Counts of the trust's incidents by month reported, physical harm and category, and of
    each duty's deadlines met and missed. Counts from 1 to 4 are suppressed (`count` null,
    `suppressed` true), and where one suppressed count could be worked out from the total,
    the smallest other is suppressed too. No free text, no patient's details."""
    return IncidentSummaryPublic.from_summary(
        incidents.incident_summary(db=db, trust=trust.provider_id, as_of=as_of)
    )


@router.get(
    "/trusts/{provider_id}/incidents/due",
    summary="A trust's incident duties due",
    responses=READ_RESPONSES,
)
def get_incidents_due(trust: Trust, db: Db, who: Who, as_of: AsOf = None) -> DutyStepListPublic:
    """Every duty step not yet done, due or overdue: candour notifications, PFD responses,
    StEIS and SIF reports, learning responses by their agreed date (`incidents due --json`)."""
    steps = incidents.incidents_due(db=db, actor=who.actor, trust=trust.provider_id, as_of=as_of)
    data = [DutyStepPublic.from_step(s) for s in steps]
    return DutyStepListPublic(data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/incidents",
    summary="A trust's incidents",
    responses=READ_RESPONSES,
)
def get_incidents(
    trust: Trust,
    db: Db,
    who: Who,
    with_personal_data: WithPersonalData = False,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_API_PAGE, description="Page size")] = 50,
) -> IncidentListPublic:
    """The trust's incidents, newest reported first, a page at a time, with harm, category,
    flags, free text and the response's status (`incidents list --json`); `count` counts them
    all; `patient` is null unless asked for."""
    found = incidents.list_incidents(
        db=db, actor=who.actor, trust=trust.provider_id, with_personal_data=with_personal_data,
        offset=offset, limit=limit,
    )  # fmt: skip
    count = incidents.count_incidents(db=db, actor=who.actor, trust=trust.provider_id)
    return IncidentListPublic(data=[IncidentPublic.from_view(v) for v in found], count=count)


@router.get(
    "/trusts/{provider_id}/incidents/{reference}",
    summary="One incident",
    responses=READ_RESPONSES,
)
def get_incident(
    trust: Trust,
    reference: Reference,
    db: Db,
    who: Who,
    as_of: AsOf = None,
    with_personal_data: WithPersonalData = False,
) -> IncidentDetailPublic:
    """One incident as of a date: its facts, the response's moves, candour notifications,
    coroners' reports, links, every duty step with whether it was met, and the statuses the
    response may move to next (`incidents show --json`)."""
    detail = incidents.incident_detail(
        db=db, actor=who.actor, trust=trust.provider_id, reference=reference, as_of=as_of,
        with_personal_data=with_personal_data,
    )  # fmt: skip
    return IncidentDetailPublic.from_detail(detail)


class PatientCreate(BaseModel):
    """The patient's details (restricted personal data), in LFPSE's words."""

    name: str = Field(default="", max_length=200)
    nhs_number: str = Field(default="", max_length=20, description="Checked by its check digit")
    age_band: str | None = Field(default=None, max_length=40, description="e.g. 66_85_years")
    sex: str | None = Field(default=None, max_length=40, description="female, male, ...")
    ethnicity: str | None = Field(default=None, max_length=60)


class IncidentCreate(BaseModel):
    """An incident to record, with the fields of `carewatch incidents add`."""

    reference: str = Field(max_length=64, description="The trust's own reference for it")
    occurred: Day = Field(description="The day it happened")
    reported: Day = Field(description="The day it was reported, when every clock starts")
    category: str = Field(max_length=60, description="e.g. medication, self_harm")
    physical_harm: str = Field(max_length=40, description="none, low, moderate, severe, fatal")
    psychological_harm: str = Field(default="none", max_length=40)
    event_type: str = Field(default="incident", max_length=40)
    location: str = Field(default="", max_length=64, description="The location's id")
    core_service: str = Field(default="", max_length=200)
    description: str = Field(
        default="", max_length=10_000, description="What happened (free text, never public)"
    )
    flags: list[str] = Field(
        default_factory=list,
        max_length=len(FLAGS),
        description=", ".join(FLAGS),
    )
    cqc_criteria: list[str] = Field(default_factory=list, max_length=4)
    never_event_type: str | None = Field(default=None, max_length=80)
    framework: str = Field(default="psirf", max_length=10, description="psirf, or sif before it")
    prolonged_psychological_harm: bool | None = Field(
        default=None,
        description="Psychological harm for at least 28 days in a row, experienced or likely; "
        "null while not yet known",
    )
    problems_in_care: str = Field(
        default="not_yet_judged",
        max_length=40,
        description="not_yet_judged, not_linked, may_be_linked or more_likely_than_not",
    )
    source_url: str = Field(default="", max_length=1000)
    reason: str = Field(
        default="", max_length=2000, description="Why, when it is recorded already with other facts"
    )
    patient: PatientCreate | None = None


class ResponseMoveCreate(BaseModel):
    """A move of the incident's response, as `carewatch incidents respond`."""

    to: str = Field(max_length=40, description="decided, in_progress, submitted, closed, ...")
    on: Day = Field(description="The day of the move (not in the future)")
    learning_response: str | None = Field(
        default=None, max_length=40, description="Under PSIRF: swarm_huddle, ..., psii"
    )
    target: Day | None = Field(default=None, description="The date agreed for it to finish")
    reason: str = Field(default="", max_length=2000, description="Why")


class CandourCreate(BaseModel):
    """A notification given under the duty of candour, as `carewatch incidents candour`."""

    step: str = Field(max_length=40, description="verbal, written, update or final_letter")
    on: Day = Field(description="The day it was given (not in the future)")


def _may_record(
    trust: Trust,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """401, 403 or 404 before the body is validated: a role that may not record the trust's
    incidents is refused whatever it sent, and learns nothing of what a body needs."""
    if who.via != "token":
        # A browser's cookie never authorises the API's writes: only a bearer token does.
        raise SignInRequired(Permission.RECORD_INCIDENTS)
    require(who.actor, Permission.RECORD_INCIDENTS, trust=trust.provider_id)


def _refused(status: int, message: str, field: str | None) -> JSONResponse:
    return JSONResponse({"message": message, "field": field}, status_code=status)


@router.post(
    "/trusts/{provider_id}/incidents",
    summary="Record an incident",
    status_code=201,
    response_model=IncidentDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_incident(
    trust: Trust, given: IncidentCreate, db: Db, who: Who
) -> IncidentDetailPublic | JSONResponse:
    """Record an incident of the trust as the token's user (a trust editor of that trust).
    The same facts again change nothing; other facts need `reason` (422 naming `reason`
    without one). Answers the incident as stored, without the patient's details."""
    p = given.patient or PatientCreate()
    try:
        found = incident_from(
            trust=trust.provider_id, reference=given.reference, occurred=given.occurred,
            reported=given.reported, category=given.category, physical_harm=given.physical_harm,
            psychological_harm=given.psychological_harm, event_type=given.event_type,
            location=given.location, core_service=given.core_service,
            description=given.description, flags=given.flags, cqc_criteria=given.cqc_criteria,
            never_event_type=given.never_event_type, framework=given.framework,
            prolonged_psychological_harm=given.prolonged_psychological_harm,
            problems_in_care=given.problems_in_care,
            patient_name=p.name, nhs_number=p.nhs_number, age_band=p.age_band, sex=p.sex,
            ethnicity=p.ethnicity,
        )  # fmt: skip
        incidents.record_incident(
            db=db, actor=who.actor, incident=found.incident, patient=found.patient,
            framework=found.framework, source_url=given.source_url, reason=given.reason,
        )  # fmt: skip
    except BadIncident as exc:
        field = f"patient.{exc.field}" if exc.field in _PATIENT_FIELDS else exc.field
        return _refused(422, exc.message, field)
    except InvalidIncident as exc:
        return _refused(422, str(exc), exc.field)
    detail = incidents.incident_detail(
        db=db, actor=who.actor, trust=trust.provider_id, reference=found.incident.reference
    )
    return IncidentDetailPublic.from_detail(detail)


_PATIENT_FIELDS = {"name", "nhs_number", "age_band", "sex", "ethnicity"}


@router.post(
    "/trusts/{provider_id}/incidents/{reference}/responses",
    summary="Move an incident's response",
    status_code=201,
    response_model=IncidentDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_response_move(
    trust: Trust, reference: Reference, move: ResponseMoveCreate, db: Db, who: Who
) -> IncidentDetailPublic | JSONResponse:
    """Move the incident's response on the day given, as the token's user. 409 with the
    rule when the lifecycle or a national rule does not allow it."""
    try:
        incidents.respond_incident(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference, to=move.to,
            on=move.on, reason=move.reason, learning_response=move.learning_response,
            target=move.target,
        )  # fmt: skip
    except UnknownIncidentWord as exc:
        field = "learning_response" if "learning" in exc.what else "to"
        return _refused(422, f"not a known word: expected one of {', '.join(exc.allowed)}", field)
    except IllegalResponseMove as exc:
        return _refused(409, str(exc), "to")
    return _detail(db, who, trust.provider_id, reference)


@router.post(
    "/trusts/{provider_id}/incidents/{reference}/candour",
    summary="Record a candour notification",
    status_code=201,
    response_model=IncidentDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_candour(
    trust: Trust, reference: Reference, given: CandourCreate, db: Db, who: Who
) -> IncidentDetailPublic | JSONResponse:
    """Record a notification given under the duty of candour on the day given, as the
    token's user. The same step on the same day again changes nothing; 409 for a step given
    once recorded again on another day, or dates out of order."""
    try:
        incidents.record_candour(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference,
            step=given.step, on=given.on,
        )  # fmt: skip
    except UnknownIncidentWord as exc:
        return _refused(422, f"not a known word: expected one of {', '.join(exc.allowed)}", "step")
    except InvalidCandourTrail as exc:
        return _refused(409, str(exc), exc.field)
    return _detail(db, who, trust.provider_id, reference)


def _detail(db: Db, who: Who, trust: str, reference: str) -> IncidentDetailPublic:
    return IncidentDetailPublic.from_detail(
        incidents.incident_detail(db=db, actor=who.actor, trust=trust, reference=reference)
    )
