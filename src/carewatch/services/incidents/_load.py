"""Reading incidents from the tables as domain values, and the rows a domain incident is
stored as. Nothing here writes or decides who may read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Connection, select

from carewatch.domain.incidents import (
    AgeBand,
    CandourStep,
    Category,
    CqcCriterion,
    Ethnicity,
    EventType,
    Governance,
    Incident,
    LearningResponse,
    NeverEventType,
    PatientDetails,
    PfdReport,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    Sex,
    trail_from,
)
from carewatch.services.errors import NotFound
from carewatch.store.tables.incidents import (
    INCIDENT_CANDOUR_STEPS,
    INCIDENT_PATIENTS,
    INCIDENT_PFD_REPORTS,
    INCIDENT_RESPONSE_MOVES,
    INCIDENTS,
)

__all__ = [
    "incident_from_row",
    "incident_row",
    "incident_values",
    "load_patients",
    "load_responses",
    "patient_values",
    "utc",
]


def incident_values(
    incident: Incident, framework: ResponseFramework, source_url: str
) -> dict[str, Any]:
    """The columns an incident is stored in, but its trust, reference and `recorded_at`."""
    g = incident.governance
    return {
        "event_type": incident.event_type.value,
        "occurred": incident.occurred,
        "reported": incident.reported,
        "location": incident.location,
        "core_service": incident.core_service,
        "category": incident.category.value,
        "physical_harm": incident.physical_harm.value,
        "psychological_harm": incident.psychological_harm.value,
        "prolonged_psychological_harm": incident.prolonged_psychological_harm,
        "problems_in_care": incident.problems_in_care.value,
        "duty_of_candour": g.duty_of_candour,
        "cqc_criteria": sorted(c.value for c in g.cqc_criteria),
        "never_event": g.never_event,
        "never_event_type": g.never_event_type.value if g.never_event_type else None,
        "serious_incident": g.serious_incident,
        "mental_health_act": g.mental_health_act,
        "mental_capacity_act": g.mental_capacity_act,
        "safeguarding_referral": g.safeguarding_referral,
        "hsib_notify": g.hsib_notify,
        "mental_health_homicide": g.mental_health_homicide,
        "framework": framework.value,
        "description": incident.description,
        "illustrative": incident.illustrative,
        "source_url": source_url,
    }


def incident_from_row(row: Mapping[str, Any]) -> Incident:
    """The domain incident a stored row holds."""
    return Incident(
        reference=row["reference"],
        trust=row["provider_id"],
        occurred=row["occurred"],
        reported=row["reported"],
        category=Category(row["category"]),
        physical_harm=PhysicalHarm(row["physical_harm"]),
        psychological_harm=PsychologicalHarm(row["psychological_harm"]),
        event_type=EventType(row["event_type"]),
        location=row["location"],
        core_service=row["core_service"],
        governance=Governance(
            duty_of_candour=bool(row["duty_of_candour"]),
            cqc_criteria=frozenset(CqcCriterion(c) for c in row["cqc_criteria"] or ()),
            never_event=bool(row["never_event"]),
            never_event_type=NeverEventType(row["never_event_type"])
            if row["never_event_type"]
            else None,
            serious_incident=bool(row["serious_incident"]),
            mental_health_act=bool(row["mental_health_act"]),
            mental_capacity_act=bool(row["mental_capacity_act"]),
            safeguarding_referral=bool(row["safeguarding_referral"]),
            hsib_notify=bool(row["hsib_notify"]),
            mental_health_homicide=bool(row["mental_health_homicide"]),
        ),
        prolonged_psychological_harm=row["prolonged_psychological_harm"],
        problems_in_care=ProblemsInCare(row["problems_in_care"]),
        description=row["description"],
        illustrative=bool(row["illustrative"]),
    )


def patient_values(patient: PatientDetails) -> dict[str, Any]:
    """The columns a patient's details are stored in, but the incident's id."""
    return {
        "name": patient.name,
        "nhs_number": patient.nhs_number,
        "age_band": patient.age_band.value if patient.age_band else None,
        "sex": patient.sex.value if patient.sex else None,
        "ethnicity": patient.ethnicity.value if patient.ethnicity else None,
    }


def _patient(row: Mapping[str, Any]) -> PatientDetails:
    return PatientDetails(
        name=row["name"],
        nhs_number=row["nhs_number"],
        age_band=AgeBand(row["age_band"]) if row["age_band"] else None,
        sex=Sex(row["sex"]) if row["sex"] else None,
        ethnicity=Ethnicity(row["ethnicity"]) if row["ethnicity"] else None,
    )


def load_patients(conn: Connection, ids: Collection[int]) -> dict[int, PatientDetails]:
    """The patients' details of these incidents, by incident id (those that have them)."""
    if not ids:
        return {}
    rows = conn.execute(
        select(INCIDENT_PATIENTS).where(INCIDENT_PATIENTS.c.incident_id.in_(list(ids)))
    ).mappings()
    return {int(r["incident_id"]): _patient(dict(r)) for r in rows}


def load_responses(conn: Connection, rows: Mapping[int, Mapping[str, Any]]) -> dict[int, Response]:
    """Each incident's response (moves, candour trail and PFD reports), by incident id, from
    its stored row (`rows`: incident id to the row of `incidents`)."""
    ids = list(rows)
    moves: dict[int, list[ResponseMove]] = defaultdict(list)
    candour: dict[int, list[tuple[CandourStep, dt.date]]] = defaultdict(list)
    pfds: dict[int, list[PfdReport]] = defaultdict(list)
    if ids:
        m = INCIDENT_RESPONSE_MOVES.c
        for r in conn.execute(
            select(INCIDENT_RESPONSE_MOVES)
            .where(m.incident_id.in_(ids))
            .order_by(m.incident_id, m.seq)
        ).mappings():
            moves[int(r["incident_id"])].append(
                ResponseMove(
                    to=ResponseStatus(r["to_status"]),
                    on=r["moved_on"],
                    by=r["moved_by"],
                    reason=r["reason"],
                    learning_response=LearningResponse(r["learning_response"])
                    if r["learning_response"]
                    else None,
                    target=r["target"],
                )
            )
        c = INCIDENT_CANDOUR_STEPS.c
        for step in conn.execute(
            select(c.incident_id, c.step, c.given_on).where(c.incident_id.in_(ids))
        ):
            candour[int(step.incident_id)].append((CandourStep(step.step), step.given_on))
        p = INCIDENT_PFD_REPORTS.c
        for r in conn.execute(
            select(INCIDENT_PFD_REPORTS).where(p.incident_id.in_(ids)).order_by(p.report_date, p.id)
        ).mappings():
            pfds[int(r["incident_id"])].append(
                PfdReport(
                    reference=r["reference"],
                    report_date=r["report_date"],
                    responded_on=r["responded_on"],
                    extended_to=r["extended_to"],
                )
            )
    # Stored moves were checked when made: they are read back as they are, not replayed.
    return {
        i: Response(
            framework=ResponseFramework(row["framework"]),
            opened=row["reported"],
            moves=tuple(moves[i]),
            candour=trail_from(candour[i]),
            pfd_reports=tuple(pfds[i]),
        )
        for i, row in rows.items()
    }


def incident_row(conn: Connection, trust: str, reference: str) -> Mapping[str, Any]:
    """The stored row of the trust's incident with this reference; `NotFound` otherwise."""
    row = (
        conn.execute(
            select(INCIDENTS).where(
                INCIDENTS.c.provider_id == trust, INCIDENTS.c.reference == reference
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound("incident", f"{trust}/{reference}")
    return dict(row)


def utc(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC: SQLite returns naive datetimes (stored in UTC)."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
