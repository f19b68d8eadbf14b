"""Writers of a trust's incidents: the incident and its patient's details, the response's
moves, candour notifications, PFD reports and links.

Writers take keyword-only arguments and the `actor` they act for, decide by
`carewatch.domain.access` (`record_incidents` for the incident's trust), validate through
`carewatch.domain.incidents`, run in one transaction (nothing is stored when anything is
refused) and append exactly one audit event when they store something. Recording an
incident is idempotent by trust and reference: the same facts again change nothing; other
facts need a `reason`, and each changed field is kept in `incident_changes` (for the
patient's details, only the field's name). No log line, audit digest or error carries a
patient's name or NHS number: they name the field only.

Example::

    record_incident(db=db, actor=actor, incident=Incident(reference="W1", trust="RMY", ...),
                    patient=PatientDetails(name="...", nhs_number="9434765919"))
    respond_incident(db=db, actor=actor, trust="RMY", reference="W1", to="decided",
                     on=dt.date(2024, 3, 4), learning_response="psii")
    record_candour(db=db, actor=actor, trust="RMY", reference="W1", step="verbal",
                   on=dt.date(2024, 3, 5))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from carewatch.domain.access import Actor, ActorKind, Permission, require
from carewatch.domain.incidents import (
    CandourStep,
    CandourTrail,
    Incident,
    IncidentLinkKind,
    InvalidCandourTrail,
    InvalidIncident,
    LearningResponse,
    PatientDetails,
    PfdReport,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    apply,
    trail_from,
)
from carewatch.domain.plans import changed_fields
from carewatch.services import audit, oversight, plans
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    Outcome,
    Stored,
    insert_missing,
    lock_row,
    log_event,
    require_provider,
    upsert,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.incidents._load import (
    incident_from_row,
    incident_row,
    incident_values,
    load_responses,
    patient_values,
)
from carewatch.services.incidents.models import IncidentChangeNeedsReason
from carewatch.services.metrics import metric_names
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.incidents import (
    INCIDENT_CANDOUR_STEPS,
    INCIDENT_CHANGES,
    INCIDENT_LINKS,
    INCIDENT_PATIENTS,
    INCIDENT_PFD_REPORTS,
    INCIDENT_RESPONSE_MOVES,
    INCIDENTS,
)

__all__ = [
    "Outcome",
    "Stored",
    "check_incident",
    "close_incident",
    "link_incident",
    "record_candour",
    "record_incident",
    "record_pfd_report",
    "respond_incident",
    "store_incident",
    "stored_unchanged",
]

PATIENT_FIELDS = ("name", "nhs_number", "age_band", "sex", "ethnicity")


def _signed(actor: Actor, typed: str) -> str:
    """Who did it, as the history records: a signed-in user by their identity; the operator
    by the name they give, else their own."""
    if actor.kind is ActorKind.USER:
        return actor.label
    return typed.strip() or actor.label


def record_incident(
    *,
    db: Database,
    actor: Actor,
    incident: Incident,
    patient: PatientDetails | None = None,
    framework: ResponseFramework | str = ResponseFramework.PSIRF,
    source_url: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
) -> Stored:
    """Store `incident` (keyed by its trust and reference) and, when given, its patient's
    details; return its id and whether it was new, changed (with the fields) or unchanged.
    The response starts Reported on the day it was reported, under `framework` (PSIRF unless
    the incident predates the trust's adoption of it).

    The same facts again change nothing (and append no audit event). Other facts need
    `reason`: each changed field is kept as a change, `IncidentChangeNeedsReason` (nothing
    stored) without one. `patient` None keeps the details stored; given, they replace them.
    `FutureDate` for a day after today; `NotFound` for an unknown trust.
    """
    frame = ResponseFramework.parse(framework)
    check_incident(incident, patient, frame, source_url)
    require(actor, Permission.RECORD_INCIDENTS, trust=incident.trust)
    moment = at or dt.datetime.now(dt.UTC)
    with db.engine.connect() as conn:
        unchanged = stored_unchanged(conn, incident, patient, frame, source_url)
    if unchanged is not None:
        # Nothing to write: no transaction, so not even the data version moves.
        return Stored(unchanged, Outcome.UNCHANGED)
    with write_transaction(db) as conn:
        require_provider(conn, incident.trust)
        stored = store_incident(
            conn, actor, incident, patient, frame, source_url, reason=reason, at=moment
        )
        if stored.outcome is Outcome.NEW:
            audit.append(
                conn, actor, "incidents.record", "incident", stored.id,
                {"reference": incident.reference, "category": incident.category.value,
                 "physical_harm": incident.physical_harm.value,
                 "patient_details": patient is not None},
            )  # fmt: skip
        elif stored.outcome is Outcome.CHANGED:
            # The digest covers the changed fields' names and the reason, never their values.
            audit.append(
                conn, actor, "incidents.change", "incident", stored.id,
                {"fields": list(stored.fields), "reason": reason.strip()},
            )  # fmt: skip
    if stored.outcome is not Outcome.UNCHANGED:
        log_event(
            f"incidents.{'record' if stored.outcome is Outcome.NEW else 'change'}",
            provider_id=incident.trust, incident_id=stored.id, fields=len(stored.fields),
        )  # fmt: skip
    return stored


def check_incident(
    incident: Incident,
    patient: PatientDetails | None,
    framework: ResponseFramework,
    source_url: str,
) -> None:
    """Refuse, before any transaction, what no database could store: a day after today, or
    text longer than its column (`FutureDate`, `ValueTooLong`, naming the field)."""
    refuse_future(incident.occurred, what="the incident", field="occurred")
    refuse_future(incident.reported, what="the report", field="reported")
    key = {"provider_id": incident.trust, "reference": incident.reference}
    check_fits(INCIDENTS, {**key, **incident_values(incident, framework, source_url)})
    if patient is not None:
        check_fits(INCIDENT_PATIENTS, patient_values(patient))


def stored_unchanged(
    conn: Connection,
    incident: Incident,
    patient: PatientDetails | None,
    framework: ResponseFramework,
    source_url: str,
) -> int | None:
    """The id of the incident when it is stored already with exactly these facts; else None."""
    key = {"provider_id": incident.trust, "reference": incident.reference}
    found = conn.execute(
        select(INCIDENTS.c.id).where(
            INCIDENTS.c.provider_id == key["provider_id"],
            INCIDENTS.c.reference == key["reference"],
        )
    ).scalar()
    if found is None:
        return None
    values = incident_values(incident, framework, source_url)
    return None if _changes(conn, int(found), values, patient) else int(found)


def store_incident(
    conn: Connection,
    actor: Actor,
    incident: Incident,
    patient: PatientDetails | None,
    framework: ResponseFramework,
    source_url: str,
    *,
    reason: str,
    at: dt.datetime,
) -> Stored:
    """Insert or change one incident in the caller's transaction (which appends the audit
    event); see `record_incident` for the rules."""
    values = incident_values(incident, framework, source_url)
    key = {"provider_id": incident.trust, "reference": incident.reference}
    if insert_missing(conn, INCIDENTS, [{**key, **values, "recorded_at": at}], conflict=list(key)):
        incident_id = _incident_id(conn, key)
        if patient is not None:
            conn.execute(
                insert(INCIDENT_PATIENTS).values(incident_id=incident_id, **patient_values(patient))
            )
        return Stored(incident_id, Outcome.NEW)
    incident_id = _incident_id(conn, key)
    lock_row(conn, INCIDENTS, {"id": incident_id})
    changes = _changes(conn, incident_id, values, patient)
    if not changes:
        return Stored(incident_id, Outcome.UNCHANGED)
    fields = tuple(c[0] for c in changes)
    if not reason.strip():
        raise IncidentChangeNeedsReason(
            f"incident {incident.trust}/{incident.reference}", list(fields)
        )
    first = conn.execute(
        select(INCIDENT_RESPONSE_MOVES.c.moved_on)
        .where(INCIDENT_RESPONSE_MOVES.c.incident_id == incident_id)
        .order_by(INCIDENT_RESPONSE_MOVES.c.seq)
        .limit(1)
    ).scalar()
    if first is not None and first < incident.reported:
        raise InvalidIncident(
            f"the response first moved on {first.isoformat()}, before the new report day",
            "reported",
        )
    conn.execute(update(INCIDENTS).where(INCIDENTS.c.id == incident_id).values(**values))
    if patient is not None:
        upsert(
            conn, INCIDENT_PATIENTS, {"incident_id": incident_id}, patient_values(patient),
            returning=None,
        )  # fmt: skip
    conn.execute(
        insert(INCIDENT_CHANGES),
        [
            {
                "incident_id": incident_id,
                "field": field,
                "old_value": old,
                "new_value": new,
                "changer": actor.identity,
                "changed_by": _signed(actor, ""),
                "changed_at": at,
                "reason": reason.strip(),
            }
            for field, old, new in changes
        ],
    )
    return Stored(incident_id, Outcome.CHANGED, fields)


def _incident_id(conn: Connection, key: Mapping[str, str]) -> int:
    return int(
        conn.execute(
            select(INCIDENTS.c.id).where(
                INCIDENTS.c.provider_id == key["provider_id"],
                INCIDENTS.c.reference == key["reference"],
            )
        ).scalar_one()
    )


def _changes(
    conn: Connection, incident_id: int, values: Mapping[str, Any], patient: PatientDetails | None
) -> list[tuple[str, str, str]]:
    """(field, old, new) for each changed fact; a patient's field with its values withheld."""
    stored = conn.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).mappings().one()
    found = [(c.field, c.old, c.new) for c in changed_fields(dict(stored), values)]
    if patient is None:
        return found
    row = (
        conn.execute(
            select(INCIDENT_PATIENTS).where(INCIDENT_PATIENTS.c.incident_id == incident_id)
        )
        .mappings()
        .first()
    )
    before = dict(row) if row is not None else {}
    given = patient_values(patient)
    for name in PATIENT_FIELDS:
        if (before.get(name) or "") != (given[name] or ""):
            found.append((f"patient.{name}", "", ""))
    return found


def _locked_incident(conn: Connection, trust: str, reference: str) -> Mapping[str, Any]:
    row = incident_row(conn, trust, reference)
    lock_row(conn, INCIDENTS, {"id": row["id"]})
    return row


def respond_incident(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    to: ResponseStatus | str,
    on: dt.date,
    by: str = "",
    reason: str = "",
    learning_response: LearningResponse | str | None = None,
    target: dt.date | None = None,
) -> ResponseStatus:
    """Append a move to the incident's response and return the new status.

    `IllegalResponseMove` (nothing stored) when the lifecycle or a national rule does not
    allow it (see `carewatch.domain.incidents.apply`); `NotFound` for an unknown incident.
    """
    move = ResponseMove(
        to=ResponseStatus.parse(to),
        on=on,
        by="",
        reason=reason.strip(),
        learning_response=LearningResponse.parse(learning_response)
        if learning_response is not None
        else None,
        target=target,
    )
    refuse_future(on, what="the move", field="on")
    require(actor, Permission.RECORD_INCIDENTS, trust=trust)
    with write_transaction(db) as conn:
        row = _locked_incident(conn, trust, reference)
        incident_id = int(row["id"])
        response = load_responses(conn, {incident_id: row})[incident_id]
        signed = _signed(actor, by)
        apply(response, move, incident_from_row(row))
        values = {
            "incident_id": incident_id,
            "seq": len(response.moves) + 1,
            "to_status": move.to.value,
            "moved_on": on,
            "moved_by": signed,
            "reason": move.reason,
            "learning_response": move.learning_response.value if move.learning_response else None,
            "target": target,
            "recorded_at": dt.datetime.now(dt.UTC),
        }
        check_fits(INCIDENT_RESPONSE_MOVES, values)
        conn.execute(insert(INCIDENT_RESPONSE_MOVES).values(**values))
        audit.append(conn, actor, "incidents.respond", "incident", incident_id, values)
    log_event("incidents.respond", incident_id=incident_id, to=move.to.value)
    return move.to


def close_incident(
    *, db: Database, actor: Actor, trust: str, reference: str, on: dt.date, by: str = ""
) -> ResponseStatus:
    """Close the incident's response (signed off, nothing more expected): the move from
    submitted to closed, refused as `respond_incident` refuses any illegal move."""
    return respond_incident(
        db=db, actor=actor, trust=trust, reference=reference, to=ResponseStatus.CLOSED, on=on,
        by=by,
    )  # fmt: skip


def record_candour(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    step: CandourStep | str,
    on: dt.date,
    by: str = "",
) -> CandourTrail:
    """Record a candour notification given on `on` and return the trail with it.

    The same step on the same day again changes nothing. `InvalidCandourTrail` (nothing
    stored) for a step given once (in person, written, the final letter) recorded again on
    another day, a day before the incident was reported, or dates out of order (the
    written notification before the one in person).
    """
    kind = CandourStep.parse(step)
    refuse_future(on, what="the notification", field="on")
    require(actor, Permission.RECORD_INCIDENTS, trust=trust)
    with write_transaction(db) as conn:
        row = _locked_incident(conn, trust, reference)
        incident_id = int(row["id"])
        c = INCIDENT_CANDOUR_STEPS.c
        given = [
            (CandourStep(r.step), r.given_on)
            for r in conn.execute(select(c.step, c.given_on).where(c.incident_id == incident_id))
        ]
        if (kind, on) in given:
            return trail_from(given)
        if on < row["reported"]:
            raise InvalidCandourTrail(
                f"the notification is dated before the incident was reported "
                f"({row['reported'].isoformat()})",
                "on",
            )
        earlier = [d for s, d in given if s is kind]
        if kind.once and earlier:
            raise InvalidCandourTrail(
                f"{kind.label} was already recorded, on {earlier[0].isoformat()}", "on"
            )
        trail = trail_from([*given, (kind, on)])
        values = {
            "incident_id": incident_id,
            "step": kind.value,
            "given_on": on,
            "recorded_by": _signed(actor, by),
            "recorded_at": dt.datetime.now(dt.UTC),
        }
        check_fits(INCIDENT_CANDOUR_STEPS, values)
        conn.execute(insert(INCIDENT_CANDOUR_STEPS).values(**values))
        audit.append(
            conn, actor, "incidents.candour", "incident", incident_id,
            {"step": kind.value, "given_on": on},
        )  # fmt: skip
    log_event("incidents.candour", incident_id=incident_id, step=kind.value)
    return trail


def record_pfd_report(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    pfd_reference: str,
    report_date: dt.date,
    responded_on: dt.date | None = None,
    extended_to: dt.date | None = None,
    reason: str = "",
) -> int:
    """Store a coroner's Prevention of Future Deaths report about the incident (keyed by
    incident and `pfd_reference`) and return its id.

    `InvalidPfdReport` (nothing stored) for dates that cannot all be true (an extension that
    does not end after the 56 days), a report dated before the incident occurred, or an
    incident not recorded as a death. Recording it again with the same facts changes nothing;
    adding the response's day or an extension not recorded before needs no reason; any other
    difference needs `reason` (`IncidentChangeNeedsReason` without one) and each changed field
    is kept as a change of the incident (`pfd_report.report_date`, ...)."""
    report = PfdReport(pfd_reference, report_date, responded_on, extended_to)
    refuse_future(report_date, what="the report", field="report_date")
    refuse_future(responded_on, what="the response", field="responded_on")
    require(actor, Permission.RECORD_INCIDENTS, trust=trust)
    values = {
        "report_date": report.report_date,
        "responded_on": report.responded_on,
        "extended_to": report.extended_to,
    }
    with db.engine.connect() as conn:
        row = incident_row(conn, trust, reference)
        report.check_about(incident_from_row(row))
        before = _stored_pfd(conn, int(row["id"]), report.reference)
    if before is not None and all(before[n] == v for n, v in values.items()):
        # Nothing to write: no transaction, so not even the data version moves.
        return int(before["id"])
    with write_transaction(db) as conn:
        row = _locked_incident(conn, trust, reference)
        incident_id = int(row["id"])
        report.check_about(incident_from_row(row))
        before = _stored_pfd(conn, incident_id, report.reference)
        changed = [
            name
            for name, value in values.items()
            if before is not None and before[name] is not None and before[name] != value
        ]
        if changed and not reason.strip():
            raise IncidentChangeNeedsReason(
                f"PFD report {report.reference} of incident {trust}/{reference}",
                [f"pfd_report.{name}" for name in changed],
            )
        pfd_id = upsert(
            conn, INCIDENT_PFD_REPORTS,
            {"incident_id": incident_id, "reference": report.reference}, values,
        )  # fmt: skip
        if changed and before is not None:
            moment = dt.datetime.now(dt.UTC)
            conn.execute(
                insert(INCIDENT_CHANGES),
                [
                    {
                        "incident_id": incident_id,
                        "field": f"pfd_report.{name}",
                        "old_value": f"{report.reference} {_day(before[name])}",
                        "new_value": f"{report.reference} {_day(values[name])}",
                        "changer": actor.identity,
                        "changed_by": _signed(actor, ""),
                        "changed_at": moment,
                        "reason": reason.strip(),
                    }
                    for name in changed
                ],
            )
        audit.append(
            conn, actor, "incidents.pfd", "incident", incident_id,
            {"reference": report.reference, "report_date": report_date,
             "responded_on": responded_on, "extended_to": extended_to,
             "changed": changed, "reason": reason.strip() if changed else ""},
        )  # fmt: skip
    log_event("incidents.pfd", incident_id=incident_id)
    return int(pfd_id)


def _stored_pfd(conn: Connection, incident_id: int, reference: str) -> RowMapping | None:
    p = INCIDENT_PFD_REPORTS.c
    return (
        conn.execute(
            select(p.id, p.report_date, p.responded_on, p.extended_to).where(
                p.incident_id == incident_id, p.reference == reference
            )
        )
        .mappings()
        .first()
    )


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "none"


def link_incident(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    kind: IncidentLinkKind | str,
    target: str,
) -> None:
    """Link the incident to something of the trust's record, named by `target`: a finding by
    its reference (`2020-MD1`), an action by its finding's reference and its own
    (`2020-MD1/A1`), a metric by its catalogue code (`medication_errors_reported`), an
    oversight event by its day and kind on the trust's timeline (`2019-06-12:enforcement_issued`).
    `NotFound` when the trust's record holds no such thing. Linking it again changes nothing.
    """
    link = IncidentLinkKind.parse(kind)
    named = target.strip()
    if not named:
        raise InvalidIncident("a link names what it links to", "target")
    require(actor, Permission.RECORD_INCIDENTS, trust=trust)
    if not _target_exists(db, trust, link, named):
        raise NotFound(link.label.lower(), named)
    with write_transaction(db) as conn:
        row = _locked_incident(conn, trust, reference)
        incident_id = int(row["id"])
        values = {"incident_id": incident_id, "kind": link.value, "target": named}
        added = insert_missing(
            conn, INCIDENT_LINKS, [values], conflict=["incident_id", "kind", "target"]
        )
        if added:
            audit.append(conn, actor, "incidents.link", "incident", incident_id, values)
    if added:
        log_event("incidents.link", incident_id=incident_id, kind=link.value)


def _target_exists(db: Database, trust: str, kind: IncidentLinkKind, target: str) -> bool:
    """Whether the trust's record holds what `target` names, read through its area's face."""
    if kind is IncidentLinkKind.FINDING:
        return plans.plan_holds(db=db, provider_id=trust, finding=target)
    if kind is IncidentLinkKind.ACTION:
        finding, _, action = target.partition("/")
        return plans.plan_holds(db=db, provider_id=trust, finding=finding, action=action)
    if kind is IncidentLinkKind.METRIC:
        with db.engine.connect() as conn:
            return target in metric_names(conn, [target])
    day, _, event_kind = target.partition(":")
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        return False
    events = oversight.oversight_timeline(db=db, provider_id=trust, start=when, end=when)
    return any(e.kind.value == event_kind for e in events)
