"""The incidents service on SQLite and PostgreSQL: what is recorded reads back, recording is
idempotent and changes need a reason, who may record and read (administrators may not), each
read of patients' details appends one audit event, refusals store nothing, and the duty
steps due come out on hand-worked dates.

The small world: trust RMY (and RAA, another trust), with incident W7, moderate harm from a
medication error reported on Thursday 19 December 2019, for a patient with a name and an
NHS number (943 476 5919, valid by its check digit).
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from carewatch.domain.access import PUBLIC, Forbidden, SignInRequired
from carewatch.domain.incidents import (
    AgeBand,
    Category,
    IllegalResponseMove,
    Incident,
    InvalidCandourTrail,
    PatientDetails,
    PhysicalHarm,
    ResponseStatus,
)
from carewatch.services import incidents
from carewatch.services.errors import NotFound
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored, user

D = dt.date.fromisoformat
NAME = "Zebedee Quarrington"
NHS = "9434765919"


def incident(**changes: object) -> Incident:
    values: dict[str, object] = {
        "reference": "W7",
        "trust": "RMY",
        "occurred": D("2019-12-18"),
        "reported": D("2019-12-19"),
        "category": Category.MEDICATION,
        "physical_harm": PhysicalHarm.MODERATE,
        "location": "RMY01",
        "description": "Second dose given in error",
    }
    values.update(changes)
    return Incident(**values)  # type: ignore[arg-type]


PATIENT = PatientDetails(name=NAME, nhs_number=NHS, age_band=AgeBand.Y66_85)


@pytest.fixture
def world(db: Database) -> Database:
    record_provider(db=db, actor=OPERATOR, provider_id="RMY", name="Norfolk and Suffolk")
    record_provider(db=db, actor=OPERATOR, provider_id="RAA", name="Another trust")
    incidents.record_incident(db=db, actor=OPERATOR, incident=incident(), patient=PATIENT)
    return db


def test_an_incident_reads_back_as_recorded(world: Database) -> None:
    found = incidents.incident_detail(
        db=world, actor=OPERATOR, trust="RMY", reference="W7", with_personal_data=True
    )
    assert found.view.incident == incident()
    assert found.view.patient == PATIENT
    assert found.view.status is ResponseStatus.REPORTED
    listed = incidents.list_incidents(db=world, actor=OPERATOR, trust="RMY")
    assert [v.incident.reference for v in listed] == ["W7"]
    assert listed[0].patient is None  # not asked for


def test_recording_again_changes_nothing_and_other_facts_need_a_reason(world: Database) -> None:
    before, seq = stored(world), head(world)
    incidents.record_incident(db=world, actor=OPERATOR, incident=incident(), patient=PATIENT)
    assert stored(world) == before
    assert head(world) == seq
    with pytest.raises(incidents.IncidentChangeNeedsReason) as refused:
        incidents.record_incident(
            db=world, actor=OPERATOR, incident=incident(physical_harm=PhysicalHarm.SEVERE),
            patient=PatientDetails(name="Someone Else", nhs_number=NHS),
        )  # fmt: skip
    assert refused.value.fields == ("physical_harm", "patient.name", "patient.age_band")
    assert NAME not in str(refused.value)
    assert "Someone" not in str(refused.value)
    assert stored(world) == before
    incidents.record_incident(
        db=world, actor=OPERATOR, incident=incident(physical_harm=PhysicalHarm.SEVERE),
        patient=PATIENT, reason="Harm regraded after review",
    )  # fmt: skip
    detail = incidents.incident_detail(db=world, actor=OPERATOR, trust="RMY", reference="W7")
    assert [(c.field, c.old, c.new) for c in detail.changes] == [
        ("physical_harm", "moderate", "severe")
    ]
    assert [e.action for e in appended(world, seq)] == ["incidents.change"]


@pytest.mark.parametrize(
    ("role", "org", "record", "read", "personal"),
    [
        ("trust_editor", "RMY", True, True, True),
        ("trust_viewer", "RMY", False, True, True),
        ("trust_editor", "RAA", False, False, False),
        ("trust_viewer", "RAA", False, False, False),
        ("regulator", "CQC", False, True, True),
        ("oversight", "NHSE", False, True, True),
        ("admin", "RMY", False, False, False),
    ],
)
def test_who_may_record_read_and_read_personal_data(
    world: Database, role: str, org: str, record: bool, read: bool, personal: bool
) -> None:
    actor = user(role, org)

    def outcome(work: object) -> bool:
        try:
            work()  # type: ignore[operator]
        except Forbidden:
            return False
        return True

    assert outcome(
        lambda: incidents.record_incident(db=world, actor=actor, incident=incident(reference="W8"))
    ) is record  # fmt: skip
    assert outcome(lambda: incidents.list_incidents(db=world, actor=actor, trust="RMY")) is read
    seq = head(world)
    assert outcome(
        lambda: incidents.list_incidents(
            db=world, actor=actor, trust="RMY", with_personal_data=True
        )
    ) is personal  # fmt: skip
    events = appended(world, seq)
    assert [e.action for e in events] == (["incident_patients.read"] if personal else [])
    if personal:
        assert events[0].actor == actor.identity


def test_the_public_is_asked_to_sign_in(world: Database) -> None:
    with pytest.raises(SignInRequired):
        incidents.list_incidents(db=world, actor=PUBLIC, trust="RMY")
    with pytest.raises(SignInRequired):
        incidents.record_incident(db=world, actor=PUBLIC, incident=incident(reference="W9"))


def test_each_read_of_a_patients_details_appends_one_audit_event(world: Database) -> None:
    viewer = user("trust_viewer", "RMY")
    seq = head(world)
    incidents.incident_detail(db=world, actor=viewer, trust="RMY", reference="W7")
    assert appended(world, seq) == []  # the patient's details were not read
    for _ in range(2):
        incidents.incident_detail(
            db=world, actor=viewer, trust="RMY", reference="W7", with_personal_data=True
        )
    events = appended(world, seq)
    assert [(e.action, e.entity) for e in events] == [
        ("incident_patient.read", "incident_patient")
    ] * 2


def test_the_response_moves_only_as_the_domain_allows_and_refusals_store_nothing(
    world: Database,
) -> None:
    editor = user("trust_editor", "RMY")
    before = stored(world)
    with pytest.raises(IllegalResponseMove):
        incidents.close_incident(
            db=world, actor=editor, trust="RMY", reference="W7", on=D("2020-01-02")
        )
    assert stored(world) == before
    incidents.respond_incident(
        db=world, actor=editor, trust="RMY", reference="W7", to="decided", on=D("2019-12-20"),
        learning_response="after_action_review",
    )  # fmt: skip
    for to, on in (("in_progress", "2019-12-23"), ("submitted", "2020-01-20")):
        incidents.respond_incident(
            db=world, actor=editor, trust="RMY", reference="W7", to=to, on=D(on)
        )
    assert (
        incidents.close_incident(
            db=world, actor=editor, trust="RMY", reference="W7", on=D("2020-02-01")
        )
        is ResponseStatus.CLOSED
    )
    detail = incidents.incident_detail(db=world, actor=editor, trust="RMY", reference="W7")
    assert [m.to.value for m in detail.view.response.moves] == [
        "decided", "in_progress", "submitted", "closed",
    ]  # fmt: skip
    assert {m.by for m in detail.view.response.moves} == {editor.label}


def test_candour_steps_are_kept_once_and_in_order(world: Database) -> None:
    editor = user("trust_editor", "RMY")
    incidents.record_candour(
        db=world, actor=editor, trust="RMY", reference="W7", step="verbal", on=D("2019-12-20")
    )
    seq = head(world)
    incidents.record_candour(
        db=world, actor=editor, trust="RMY", reference="W7", step="verbal", on=D("2019-12-20")
    )
    assert head(world) == seq  # the same step again changes nothing
    before = stored(world)
    with pytest.raises(InvalidCandourTrail, match="already recorded"):
        incidents.record_candour(
            db=world, actor=editor, trust="RMY", reference="W7", step="verbal", on=D("2019-12-23")
        )
    with pytest.raises(InvalidCandourTrail):
        incidents.record_candour(
            db=world, actor=editor, trust="RMY", reference="W7", step="written",
            on=D("2019-12-19"),
        )  # fmt: skip
    assert stored(world) == before


def test_duty_steps_due_on_hand_worked_dates(world: Database) -> None:
    # Reported Thursday 19 December 2019. Working days after it: 20, 23, 24 December (25 and
    # 26 are bank holidays), 27, 30, 31 December (1 January is), 2, 3, 6, 7 January: the
    # tenth is Tuesday 7 January 2020.
    due = incidents.incidents_due(db=world, actor=OPERATOR, trust="RMY", as_of=D("2020-01-08"))
    assert [s.as_json() for s in due] == [
        {"incident": "W7", "duty": "candour_verbal", "due": "2020-01-07", "overdue": True,
         "days_overdue": 1},
        {"incident": "W7", "duty": "candour_written", "due": "2020-01-07", "overdue": True,
         "days_overdue": 1},
    ]  # fmt: skip
    # A coroner's report of Friday 10 January 2020 about a death (W8): 56 calendar days later
    # is Friday 6 March (2020 is a leap year). On Monday 9 March it is 3 days overdue; W7's
    # written candour notice 62.
    incidents.record_candour(
        db=world, actor=OPERATOR, trust="RMY", reference="W7", step="verbal", on=D("2020-01-06")
    )
    death = incident(reference="W8", category=Category.DEATH, physical_harm=PhysicalHarm.FATAL)
    incidents.record_incident(db=world, actor=OPERATOR, incident=death)
    incidents.record_pfd_report(
        db=world, actor=OPERATOR, trust="RMY", reference="W8", pfd_reference="PFD-2020-01",
        report_date=D("2020-01-10"),
    )  # fmt: skip
    due = incidents.incidents_due(db=world, actor=OPERATOR, trust="RMY", as_of=D("2020-03-09"))
    assert [(s.incident, s.duty.value, s.due.isoformat(), s.days_overdue) for s in due] == [
        ("W7", "candour_written", "2020-01-07", 62),
        ("W8", "candour_verbal", "2020-01-07", 62),
        ("W8", "candour_written", "2020-01-07", 62),
        ("W8", "pfd_response", "2020-03-06", 3),
    ]


def test_links_name_what_the_trust_record_holds(world: Database) -> None:
    from carewatch.services.metrics import seed_catalogue

    seed_catalogue(db=world, actor=OPERATOR)
    incidents.link_incident(
        db=world, actor=OPERATOR, trust="RMY", reference="W7", kind="metric",
        target="medication_errors_reported",
    )  # fmt: skip
    with pytest.raises(NotFound):
        incidents.link_incident(
            db=world, actor=OPERATOR, trust="RMY", reference="W7", kind="finding",
            target="2020-MD1",
        )  # fmt: skip
    detail = incidents.incident_detail(db=world, actor=OPERATOR, trust="RMY", reference="W7")
    assert [(link.kind.value, link.target) for link in detail.links] == [
        ("metric", "medication_errors_reported")
    ]


def test_no_log_line_names_the_patient(
    world: Database, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="carewatch")
    # The command line's logging set-up (run by other tests in the same process) stops
    # carewatch's logger propagating to the root, where caplog listens: listen on it too.
    services_log = logging.getLogger("carewatch.services")
    services_log.addHandler(caplog.handler)
    request.addfinalizer(lambda: services_log.removeHandler(caplog.handler))
    incidents.record_incident(
        db=world, actor=OPERATOR, incident=incident(reference="W10"), patient=PATIENT
    )
    incidents.list_incidents(db=world, actor=OPERATOR, trust="RMY", with_personal_data=True)
    with pytest.raises(incidents.IncidentChangeNeedsReason):
        incidents.record_incident(
            db=world, actor=OPERATOR, incident=incident(reference="W10"),
            patient=PatientDetails(name="Other Person"),
        )  # fmt: skip
    text = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    for secret in (NAME, NHS, "943 476 5919"):
        assert secret not in text
    assert caplog.records  # the writes did log
