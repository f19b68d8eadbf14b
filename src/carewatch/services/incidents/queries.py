"""Readers of a trust's incidents: the list, one incident in full, the duty steps due, the
public summary, and the trust's oversight timeline with its serious incidents.

Every reader but `incident_summary` needs `read_incidents` for the trust (its own trust's
roles, the regulator and NHS England's oversight role; not an administrator, not the public).
The patient's details are read only when asked for (`with_personal_data`), only by those with
`read_patient_details`, and each such read appends one audit event before anything is
returned; anyone else asking is refused with `Forbidden` (the public: `SignInRequired`).
`incident_summary` is for anyone: counts only, small numbers suppressed, no free text and
no patient's details. `timeline_with_incidents` is for anyone too: the incidents on it are
those of oversight level, shown to the public only when they are public knowledge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from carewatch.domain.access import Actor, Permission, may, require
from carewatch.domain.incidents import (
    DEFAULT_CLOCK_RULES,
    LEGAL_RESPONSE_MOVES,
    CandourStep,
    ClockRules,
    CqcCriterion,
    DutyStep,
    IncidentLinkKind,
    IncidentSummary,
    PhysicalHarm,
    ResponseStatus,
    due,
    duty_steps,
    summarise,
    timeline_event,
)
from carewatch.domain.oversight import TimelineEvent, merge_timeline
from carewatch.services._dates import today_in_uk
from carewatch.services._db import require_provider
from carewatch.services.audit import record_read
from carewatch.services.incidents._load import (
    incident_from_row,
    incident_row,
    load_patients,
    load_responses,
    utc,
)
from carewatch.services.incidents.models import (
    CandourEntry,
    IncidentChangeView,
    IncidentDetail,
    IncidentLinkView,
    IncidentView,
)
from carewatch.services.oversight import oversight_timeline
from carewatch.store.database import Database
from carewatch.store.tables.incidents import (
    INCIDENT_CANDOUR_STEPS,
    INCIDENT_CHANGES,
    INCIDENT_LINKS,
    INCIDENT_RESPONSE_MOVES,
    INCIDENTS,
)

__all__ = [
    "count_incidents",
    "incident_detail",
    "incident_summary",
    "incidents_due",
    "list_incidents",
    "timeline_with_incidents",
]


def _allowed(actor: Actor, trust: str, with_personal_data: bool) -> None:
    require(actor, Permission.READ_INCIDENTS, trust=trust)
    if with_personal_data:
        require(actor, Permission.READ_PATIENT_DETAILS, trust=trust)


def list_incidents(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    with_personal_data: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[IncidentView, ...]:
    """The trust's incidents, newest reported first (then by reference), each with its
    response; the patients' details only `with_personal_data` (one audit event for the read).
    `offset` and `limit` take one page of them (`count_incidents` counts them all).
    `NotFound` for an unknown trust."""
    _allowed(actor, trust, with_personal_data)
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        rows: dict[int, Mapping[str, Any]] = {
            int(r["id"]): dict(r)
            for r in conn.execute(
                select(INCIDENTS)
                .where(INCIDENTS.c.provider_id == trust)
                .order_by(INCIDENTS.c.reported.desc(), INCIDENTS.c.reference)
                .offset(offset)
                .limit(limit)
            ).mappings()
        }
        responses = load_responses(conn, rows)
        patients = load_patients(conn, list(rows)) if with_personal_data else {}
    if with_personal_data:
        record_read(db, actor, "incident_patients", trust)
    return tuple(
        IncidentView(
            id=i,
            incident=incident_from_row(row),
            response=responses[i],
            source_url=row["source_url"],
            patient=patients.get(i),
        )
        for i, row in rows.items()
    )


def count_incidents(*, db: Database, actor: Actor, trust: str) -> int:
    """How many incidents the trust has recorded. `NotFound` for an unknown trust."""
    _allowed(actor, trust, False)
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        found = conn.execute(
            select(func.count()).select_from(INCIDENTS).where(INCIDENTS.c.provider_id == trust)
        ).scalar_one()
    return int(found)


def incident_detail(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    as_of: dt.date | None = None,
    with_personal_data: bool = False,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
) -> IncidentDetail:
    """One incident in full as of the end of `as_of` (default today in the UK): its response,
    candour notifications, PFD reports, changes, links and every duty step, done or not; the
    patient's details only `with_personal_data` (one audit event for the read). `NotFound`
    for an unknown trust or incident."""
    _allowed(actor, trust, with_personal_data)
    day = as_of or today_in_uk()
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        row = incident_row(conn, trust, reference)
        incident_id = int(row["id"])
        response = load_responses(conn, {incident_id: row})[incident_id]
        c = INCIDENT_CANDOUR_STEPS.c
        candour = tuple(
            CandourEntry(CandourStep(r.step), r.given_on, r.recorded_by)
            for r in conn.execute(
                select(c.step, c.given_on, c.recorded_by)
                .where(c.incident_id == incident_id)
                .order_by(c.given_on, c.id)
            )
        )
        h = INCIDENT_CHANGES.c
        changes = tuple(
            IncidentChangeView(
                r.field, r.old_value, r.new_value, r.changed_by, utc(r.changed_at), r.reason
            )
            for r in conn.execute(
                select(INCIDENT_CHANGES).where(h.incident_id == incident_id).order_by(h.id)
            )
        )
        k = INCIDENT_LINKS.c
        links = tuple(
            IncidentLinkView(IncidentLinkKind(r.kind), r.target)
            for r in conn.execute(
                select(k.kind, k.target).where(k.incident_id == incident_id).order_by(k.id)
            )
        )
        patient = (
            load_patients(conn, [incident_id]).get(incident_id) if with_personal_data else None
        )
    if with_personal_data:
        record_read(db, actor, "incident_patient", incident_id)
    incident = incident_from_row(row)
    view = IncidentView(incident_id, incident, response, row["source_url"], patient)
    return IncidentDetail(
        view=view,
        candour=candour,
        pfd_reports=response.pfd_reports,
        changes=changes,
        links=links,
        steps=duty_steps(incident, response, day, rules),
        next_statuses=tuple(
            sorted(LEGAL_RESPONSE_MOVES[response.current], key=list(type(response.current)).index)
        ),
        as_of=day,
    )


def incidents_due(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    as_of: dt.date | None = None,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
) -> tuple[DutyStep, ...]:
    """Every duty step of the trust's incidents not done by the end of `as_of` (default today
    in the UK), due or overdue: candour notifications, PFD responses, StEIS and SIF reports,
    learning responses by their agreed date. Ordered by due date, then incident reference,
    then duty. `NotFound` for an unknown trust."""
    day = as_of or today_in_uk()
    views = list_incidents(db=db, actor=actor, trust=trust)
    steps = [s for v in views for s in due(v.incident, v.response, day, rules)]
    order = {duty: i for i, duty in enumerate(type(steps[0].duty))} if steps else {}
    return tuple(sorted(steps, key=lambda s: (s.due, s.incident, order[s.duty])))


def incident_summary(
    *,
    db: Database,
    trust: str,
    as_of: dt.date | None = None,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
) -> IncidentSummary:
    """What anyone may know of the trust's incidents reported by the end of `as_of` (default
    today in the UK): counts by month, physical harm and category, and each duty's deadlines
    met and missed, counts of 1 to 4 suppressed (`carewatch.domain.incidents.summary`). Needs
    no permission: it holds no free text and no patient's details, and reading it is not
    audited. `NotFound` for an unknown trust."""
    day = as_of or today_in_uk()
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        rows: dict[int, Mapping[str, Any]] = {
            int(r["id"]): dict(r)
            for r in conn.execute(
                select(INCIDENTS).where(
                    INCIDENTS.c.provider_id == trust, INCIDENTS.c.reported <= day
                )
            ).mappings()
        }
        responses = load_responses(conn, rows)
    found = [(incident_from_row(row), responses[i]) for i, row in rows.items()]
    steps = [s for incident, response in found for s in duty_steps(incident, response, day, rules)]
    return summarise(trust, day, [incident for incident, _ in found], steps)


def timeline_with_incidents(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[TimelineEvent]:
    """The provider's oversight timeline between two dates (inclusive; None: unbounded) with
    its patient-safety incidents of oversight level among the events, dated the day each was
    reported (`carewatch.domain.incidents.timeline`): all of them for those who may read the
    trust's incidents, and for anyone else only those with a public source, which are public
    knowledge. An entry holds no free text and no patient's details; reading it is not
    audited. `NotFound` for an unknown provider.

    The incidents are read here, not by the oversight service, because the service areas
    depend one way: incidents may read oversight, not the reverse."""
    events = oversight_timeline(db=db, provider_id=provider_id, start=start, end=end)
    i = INCIDENTS.c
    query = select(INCIDENTS).where(i.provider_id == provider_id)
    if start is not None:
        query = query.where(i.reported >= start)
    if end is not None:
        query = query.where(i.reported <= end)
    if not may(actor, Permission.READ_INCIDENTS, trust=provider_id):
        query = query.where(i.source_url != "")
    # Only the candidates are read: a superset of what `oversight_reasons` accepts (a death,
    # a Never Event, a Serious Incident, a response decided: a SIF declaration or a PSII;
    # every PSII a national rule requires is a Never Event's or a death's). The domain rule
    # decides among them. Without it a reader's timeline read the worked example's 500
    # incidents and their responses to show one.
    m = INCIDENT_RESPONSE_MOVES.c
    query = query.where(
        or_(
            i.physical_harm == PhysicalHarm.FATAL.value,
            i.never_event.is_(True),
            i.serious_incident.is_(True),
            cast(i.cqc_criteria, String).contains(f'"{CqcCriterion.DEATH.value}"'),
            i.id.in_(select(m.incident_id).where(m.to_status == ResponseStatus.DECIDED.value)),
        )
    )
    with db.engine.connect() as conn:
        rows: dict[int, Mapping[str, Any]] = {
            int(r["id"]): dict(r) for r in conn.execute(query).mappings()
        }
        responses = load_responses(conn, rows)
    found = (
        timeline_event(incident_from_row(row), responses[n], row["source_url"])
        for n, row in rows.items()
    )
    return merge_timeline(events, [e for e in found if e is not None], start=start, end=end)
