"""Serious incidents on the trust's oversight timeline, on the worked example (SQLite and
PostgreSQL), through the service, the command line's JSON, the API and the page.

On the worked example the 2018 death on the M11 (a Serious Incident, with ITV Anglia's report
as its public source) is on the timeline and its 500-odd medication errors are not. Two
incidents are added, made up, each with a named patient and free text naming them: a
low-harm Never Event with no public source (on the timeline for those who may read the
trust's incidents, not for the public) and a low-harm fall (on it for nobody).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.domain.access import PUBLIC
from carewatch.domain.incidents import (
    AgeBand,
    Category,
    Governance,
    Incident,
    NeverEventType,
    PatientDetails,
    PhysicalHarm,
)
from carewatch.domain.oversight import EventKind, TimelineEvent
from carewatch.services import incidents
from carewatch.store.database import Database
from tests.actors import OPERATOR, user
from tests.functional.web.conftest import TestClient, bearer, database_url, sign_in_as

D = dt.date.fromisoformat
NAME = "Zebedee Quarrington"
NHS = "9434765919"
SECRETS = (NAME, "Quarrington", NHS, "943 476 5919", "66-85", "81-year-old", "Devon")
M11 = "NSFT-2018-M11"
NEVER = "NE-2023-01"
FALL = "FALL-2023-01"
M11_TITLE = "Patient safety incident reported: transfer or out-of-area placement, fatal"
M11_DETAIL = (
    "Response: Serious Incident investigation (closed 2018-10-03). On the timeline as a death "
    "and a Serious Incident. The trust's reference: NSFT-2018-M11."
)
ITV = "https://www.itv.com/news/anglia/2020-01-15/norfolk-and-suffolk-nhs-trust-to-stay-in-special-measures-despite-improvements"

runner = CliRunner()


def add_made_up_incidents(db: Database) -> None:
    patient = PatientDetails(name=NAME, nhs_number=NHS, age_band=AgeBand.Y66_85)
    never = Incident(
        reference=NEVER,
        trust="RMY",
        occurred=D("2023-03-01"),
        reported=D("2023-03-02"),
        category=Category.TREATMENT_PROCEDURE,
        physical_harm=PhysicalHarm.LOW,
        governance=Governance(never_event=True, never_event_type=NeverEventType.WRONG_SITE_SURGERY),
        description=f"{NAME} (66-85) had the wrong knee operated on",
    )
    fall = Incident(
        reference=FALL,
        trust="RMY",
        occurred=D("2023-03-05"),
        reported=D("2023-03-06"),
        category=Category.PATIENT_ACCIDENT,
        physical_harm=PhysicalHarm.LOW,
        description=f"{NAME} slipped in the corridor",
    )
    for made_up in (never, fall):
        incidents.record_incident(db=db, actor=OPERATOR, incident=made_up, patient=patient)


def incident_refs(events: list[Any]) -> list[str]:
    """The references of the incident events, whatever their form (domain or JSON)."""
    found = []
    for e in events:
        if isinstance(e, TimelineEvent):
            if e.kind is EventKind.INCIDENT:
                found.append(e.incident or "")
        elif e["kind"] == "incident":
            found.append(e["incident"])
    return found


def assert_no_personal_data(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_the_service_puts_deaths_and_never_events_on_it_and_the_public_sees_public_facts(
    demo_db: Database,
) -> None:
    add_made_up_incidents(demo_db)
    regulator = user("regulator", "CQC")
    seen = incidents.timeline_with_incidents(db=demo_db, actor=regulator, provider_id="RMY")
    assert incident_refs(seen) == [M11, NEVER]  # oldest first, as the timeline is
    m11 = next(e for e in seen if e.incident == M11)
    assert (m11.date, m11.title, m11.detail, m11.source) == (
        D("2018-06-12"),
        M11_TITLE,
        M11_DETAIL,
        ITV,
    )
    never = next(e for e in seen if e.incident == NEVER)
    assert never.title == "Patient safety incident reported: treatment or procedure, low harm"
    assert never.detail == (
        "Response: learning response (not yet decided). On the timeline as a Never Event "
        "(wrong site surgery) and a patient safety incident investigation. The trust's "
        "reference: NE-2023-01."
    )
    assert never.source == ""
    assert_no_personal_data(repr(seen))

    # The other events are still there, in date order, incidents among them.
    kinds = {e.kind for e in seen}
    assert {EventKind.RATING_PUBLISHED, EventKind.REGIME_ENTERED, EventKind.INCIDENT} <= kinds
    assert [e.date for e in seen] == sorted(e.date for e in seen)

    public = incidents.timeline_with_incidents(db=demo_db, actor=PUBLIC, provider_id="RMY")
    assert incident_refs(public) == [M11]
    # Another trust's editor may not read RMY's incidents: the public's view.
    other = incidents.timeline_with_incidents(
        db=demo_db, actor=user("trust_editor", "RAA"), provider_id="RMY"
    )
    assert incident_refs(other) == [M11]
    # Dates bound the incidents as they bound every event.
    spring = incidents.timeline_with_incidents(
        db=demo_db, actor=regulator, provider_id="RMY", start=D("2023-03-02"), end=D("2023-03-31")
    )
    assert incident_refs(spring) == [NEVER]


def test_the_command_line_prints_them_for_the_operator(demo_db: Database) -> None:
    add_made_up_incidents(demo_db)
    url = database_url(demo_db)
    result = runner.invoke(
        app, ["oversight", "timeline", "RMY", "--from", "2018-01-01", "--json", "--db", url]
    )
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert incident_refs(printed["data"]) == [NEVER, M11]  # newest first
    m11 = next(e for e in printed["data"] if e["incident"] == M11)
    assert m11 == {
        "date": "2018-06-12",
        "kind": "incident",
        "title": M11_TITLE,
        "detail": M11_DETAIL,
        "source": ITV,
        "incident": M11,
    }
    assert_no_personal_data(result.stdout)

    words = runner.invoke(app, ["oversight", "timeline", "RMY", "--db", url])
    assert words.exit_code == 0, words.stderr
    assert f"2018-06-12  {'incident':<18}  {M11_TITLE}" in words.stdout
    assert_no_personal_data(words.stdout)


def test_the_api_gives_the_public_only_what_is_public(
    demo_db: Database, demo_client: TestClient
) -> None:
    add_made_up_incidents(demo_db)
    route = "/api/v1/trusts/RMY/timeline?kind=incident"
    public = demo_client.get(route)
    assert public.status_code == 200, public.text
    assert incident_refs(public.json()["data"]) == [M11]
    assert public.json()["count"] == 1
    regulator = demo_client.get(route, headers=bearer(demo_db))
    assert regulator.status_code == 200, regulator.text
    assert incident_refs(regulator.json()["data"]) == [NEVER, M11]
    assert all(e["kind"] == "incident" for e in regulator.json()["data"])
    for response in (public, regulator):
        assert_no_personal_data(response.text)


def test_the_page_shows_the_entry_and_links_it_for_those_who_may_read_incidents(
    demo_db: Database, demo_client: TestClient
) -> None:
    add_made_up_incidents(demo_db)
    public = demo_client.get("/trusts/RMY/timeline?kind=incident")
    assert public.status_code == 200
    assert M11_TITLE in public.text
    assert "Serious Incident investigation (closed 3 October 2018)" in public.text
    assert "Serious patient safety incident" in public.text  # the kind's tag
    assert "/incidents/NSFT-2018-M11" not in public.text
    assert NEVER not in public.text
    assert "1 event matching these filters" in public.text
    assert_no_personal_data(public.text)

    sign_in_as(demo_client, demo_db, role="trust_viewer", organisation="RMY")
    reader = demo_client.get("/trusts/RMY/timeline?kind=incident")
    assert reader.status_code == 200
    assert 'href="/trusts/RMY/incidents/NSFT-2018-M11"' in reader.text
    assert 'href="/trusts/RMY/incidents/NE-2023-01"' in reader.text
    assert "Never Event (wrong site surgery)" in reader.text
    assert FALL not in reader.text
    assert "2 events matching these filters" in reader.text
    assert_no_personal_data(reader.text)


def test_no_medication_error_is_on_it(demo_db: Database) -> None:
    everyone = incidents.list_incidents(db=demo_db, actor=OPERATOR, trust="RMY")
    medication = [v for v in everyone if v.incident.category is Category.MEDICATION]
    assert len(medication) > 400  # the worked example's three years of them
    seen = incidents.timeline_with_incidents(db=demo_db, actor=OPERATOR, provider_id="RMY")
    assert incident_refs(seen) == [M11]
