"""The incidents API on SQLite and PostgreSQL: the public summary with its small numbers
suppressed, the list, one incident and the duties due for those allowed (401 for the public,
403 for other trusts' roles and administrators), the patient's details only when asked for
and audited, and the writes with a bearer token: record, respond, candour, each refused as
the command line refuses it.

The small world: trust RCL with seven low-harm medication errors reported in March 2020 and
W7, a moderate-harm medication error reported on Thursday 19 December 2019 for a patient
with a name and an NHS number (943 476 5919).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from carewatch.domain.incidents import (
    AgeBand,
    Category,
    Incident,
    PatientDetails,
    PhysicalHarm,
)
from carewatch.services import incidents
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR, head, stored
from tests.functional.web.conftest import TEST_HOSTS, TestClient, bearer, database_url, sign_in_as

D = dt.date.fromisoformat
NAME = "Zebedee Quarrington"
NHS = "9434765919"
API = "/api/v1/trusts/RCL/incidents"


@pytest.fixture
def world(db: Database) -> Database:
    record_provider(db=db, actor=OPERATOR, provider_id="RCL", name="API Test NHS Trust")
    incidents.record_incident(
        db=db, actor=OPERATOR,
        incident=Incident(
            reference="W7", trust="RCL", occurred=D("2019-12-18"), reported=D("2019-12-19"),
            category=Category.MEDICATION, physical_harm=PhysicalHarm.MODERATE,
            description="Second dose given in error",
        ),
        patient=PatientDetails(name=NAME, nhs_number=NHS, age_band=AgeBand.Y66_85),
    )  # fmt: skip
    for i in range(7):
        incidents.record_incident(
            db=db, actor=OPERATOR,
            incident=Incident(
                reference=f"M{i}", trust="RCL", occurred=D("2020-03-02"),
                reported=dt.date(2020, 3, 2 + i), category=Category.MEDICATION,
                physical_harm=PhysicalHarm.LOW,
            ),
        )  # fmt: skip
    return db


@pytest.fixture
def api(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def test_the_summary_is_public_and_suppresses_small_numbers(api: TestClient) -> None:
    response = api.get(f"{API}/summary", params={"as_of": "2020-06-30"})
    assert response.status_code == 200, response.text
    # Eight incidents: 1 in December 2019 (suppressed) and 7 in March 2020 (suppressed with
    # it, or 8 - 7 would give the December count away); the same for the harms. W7's candour
    # notifications were never given: two deadlines missed, fewer than 5.
    assert response.json() == {
        "trust": "RCL",
        "as_of": "2020-06-30",
        "total": {"count": 8, "suppressed": False, "secondary": False},
        "by_month": [
            {"month": "2019-12", "count": None, "suppressed": True, "secondary": False},
            {"month": "2020-03", "count": None, "suppressed": True, "secondary": True},
        ],
        "by_physical_harm": [
            {"physical_harm": "low", "count": None, "suppressed": True, "secondary": True},
            {"physical_harm": "moderate", "count": None, "suppressed": True, "secondary": False},
        ],
        "by_category": [
            {"category": "medication", "count": 8, "suppressed": False, "secondary": False}
        ],
        "deadlines": [
            {"duty": "candour_verbal", "met": {"count": 0, "suppressed": False, "secondary": False},
             "missed": {"count": None, "suppressed": True, "secondary": False}},
            {"duty": "candour_written",
             "met": {"count": 0, "suppressed": False, "secondary": False},
             "missed": {"count": None, "suppressed": True, "secondary": False}},
        ],
        "illustrative": False,
    }  # fmt: skip
    assert "Second dose" not in response.text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        (("trust_editor", "RAA"), 403),
        (("admin", "RCL"), 403),
        (("trust_viewer", "RCL"), 200),
        (("regulator", "CQC"), 200),
        (("oversight", "NHSE"), 200),
    ],
)
def test_only_the_trusts_own_roles_and_the_national_roles_read_incidents(
    world: Database, api: TestClient, who: tuple[str, str] | None, status: int
) -> None:
    headers = bearer(world, role=who[0], organisation=who[1]) if who else {}
    for path in ("", "/due", "/W7"):
        response = api.get(f"{API}{path}", headers=headers)
        assert response.status_code == status, (path, response.text)
        assert NAME not in response.text
        assert "943" not in response.text
    # Everyone reads the summary.
    assert api.get(f"{API}/summary", headers=headers).status_code == 200


def test_the_patient_only_when_asked_for_and_each_read_audited(
    world: Database, api: TestClient
) -> None:
    headers = bearer(world, role="trust_viewer", organisation="RCL")
    listed = api.get(API, headers=headers).json()
    assert listed["count"] == 8
    assert {i["reference"]: i["patient"] for i in listed["data"]}["W7"] is None
    seq = head(world)
    asked = api.get(API, headers=headers, params={"with_personal_data": "true"}).json()
    w7 = next(i for i in asked["data"] if i["reference"] == "W7")
    assert w7["patient"] == {
        "name": NAME,
        "nhs_number": "943 476 5919",
        "age_band": "66_85_years",
        "sex": None,
        "ethnicity": None,
    }
    assert head(world) == seq + 1
    one = api.get(f"{API}/W7", headers=headers, params={"with_personal_data": "true"}).json()
    assert one["patient"]["name"] == NAME
    assert head(world) == seq + 2
    # Another trust's editor asking for them is refused, and nothing is read or audited.
    other = bearer(world, role="trust_editor", organisation="RAA")
    seq = head(world)
    refused = api.get(f"{API}/W7", headers=other, params={"with_personal_data": "true"})
    assert refused.status_code == 403
    assert NAME not in refused.text
    assert head(world) == seq


def test_one_incident_with_its_duties_as_of_a_day(world: Database, api: TestClient) -> None:
    headers = bearer(world, role="regulator", organisation="CQC")
    one = api.get(f"{API}/W7", headers=headers, params={"as_of": "2020-01-08"}).json()
    assert one["reference"] == "W7"
    assert one["status"] == "reported"
    # Reported Thursday 19 December 2019; the tenth working day after it (25, 26 December
    # and 1 January are bank holidays) is Tuesday 7 January 2020.
    assert [(d["duty"], d["due"], d["overdue"], d["met"]) for d in one["duties"]] == [
        ("candour_verbal", "2020-01-07", True, False),
        ("candour_written", "2020-01-07", True, False),
    ]
    assert one["next_statuses"] == ["decided", "no_further_response"]
    due = api.get(f"{API}/due", headers=headers, params={"as_of": "2020-01-08"}).json()
    assert due == {
        "data": [
            {"incident": "W7", "duty": "candour_verbal", "due": "2020-01-07", "overdue": True,
             "days_overdue": 1},
            {"incident": "W7", "duty": "candour_written", "due": "2020-01-07", "overdue": True,
             "days_overdue": 1},
        ],
        "count": 2,
    }  # fmt: skip
    assert api.get(f"{API}/W99", headers=headers).status_code == 404
    assert api.get("/api/v1/trusts/NOPE/incidents/summary").status_code == 404


NEW = {
    "reference": "N1",
    "occurred": "2020-03-02",
    "reported": "2020-03-03",
    "category": "self_harm",
    "physical_harm": "moderate",
    "description": "Found on the ward",
    "patient": {"name": "Ada Pemberton-Smythe", "nhs_number": "943 476 5919"},
}


def test_a_trust_editor_records_responds_and_meets_candour_with_a_token(
    world: Database, api: TestClient
) -> None:
    headers = bearer(world, role="trust_editor", organisation="RCL")
    seq = head(world)
    made = api.post(API, headers=headers, json=NEW)
    assert made.status_code == 201, made.text
    assert made.json()["reference"] == "N1"
    assert made.json()["patient"] is None
    assert "Ada" not in made.text
    assert head(world) == seq + 1
    # The same facts again change nothing.
    again = api.post(API, headers=headers, json=NEW)
    assert again.status_code == 201
    assert head(world) == seq + 1
    # Other facts need a reason: 422 naming it, nothing stored.
    before = stored(world)
    changed = api.post(API, headers=headers, json={**NEW, "physical_harm": "severe"})
    assert changed.status_code == 422
    assert changed.json()["field"] == "reason"
    assert stored(world) == before
    moved = api.post(
        f"{API}/N1/responses", headers=headers,
        json={"to": "decided", "on": "2020-03-04", "learning_response": "after_action_review"},
    )  # fmt: skip
    assert moved.status_code == 201, moved.text
    assert moved.json()["status"] == "decided"
    illegal = api.post(
        f"{API}/N1/responses", headers=headers, json={"to": "closed", "on": "2020-03-05"}
    )
    assert illegal.status_code == 409
    assert illegal.json()["field"] == "to"
    for step, on in (("verbal", "2020-03-04"), ("written", "2020-03-10")):
        given = api.post(f"{API}/N1/candour", headers=headers, json={"step": step, "on": on})
        assert given.status_code == 201, given.text
    duties = {d["duty"]: d["met"] for d in given.json()["duties"]}
    assert duties == {"candour_verbal": True, "candour_written": True}
    twice = api.post(
        f"{API}/N1/candour", headers=headers, json={"step": "written", "on": "2020-03-11"}
    )
    assert twice.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW, "patient": {"nhs_number": "9434765918"}}, "patient.nhs_number"),
        ({**NEW, "physical_harm": "awful"}, "physical_harm"),
        ({**NEW, "reported": "2020-03-01"}, "reported"),
        ({**NEW, "reported": "2999-01-01"}, "reported"),
        ({**NEW, "flags": ["cqc_notify"]}, "cqc_criteria"),
        ({**NEW, "reported": "20200303"}, "reported"),
        ({**NEW, "patient": {"age_band": "old"}}, "patient.age_band"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_stored(
    world: Database, api: TestClient, body: dict[str, object], field: str
) -> None:
    headers = bearer(world, role="trust_editor", organisation="RCL")
    before = stored(world)
    refused = api.post(API, headers=headers, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == field
    assert "943" not in refused.text
    assert "Ada" not in refused.text
    assert stored(world) == before


def test_writes_need_a_token_and_a_role_that_records_for_the_trust(
    world: Database, api: TestClient
) -> None:
    before = stored(world)
    assert api.post(API, json=NEW).status_code == 401
    for role, organisation in (
        ("trust_editor", "RAA"),
        ("trust_viewer", "RCL"),
        ("regulator", "CQC"),
    ):
        response = api.post(
            API, headers=bearer(world, role=role, organisation=organisation), json=NEW
        )
        assert response.status_code == 403, (role, response.text)
    # A signed-in browser's cookie does not authorise the API's writes.
    sign_in_as(api, world, role="trust_editor", organisation="RCL")
    assert api.post(API, json=NEW).status_code == 401
    # Only the users, tokens and sessions made to ask were stored; no incident.
    after = stored(world)[1]
    assert {t: n for t, n in after.items() if t.startswith("incident")} == {
        t: n for t, n in before[1].items() if t.startswith("incident")
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("", {"reference": "N2"}),
        ("", {"occurred": 7, "patient": {"nhs_number": "123"}}),
        ("/W7/responses", {}),
        ("/W7/candour", {"step": "verbal"}),
    ],
)
def test_a_role_that_may_not_record_is_refused_whatever_the_body(
    world: Database, api: TestClient, path: str, body: dict[str, object]
) -> None:
    # The role is checked before the body is read: a viewer learns nothing of the schema.
    headers = bearer(world, role="trust_viewer", organisation="RCL")
    before = stored(world)
    refused = api.post(API + path, headers=headers, json=body)
    assert refused.status_code == 403, refused.text
    assert "field" not in refused.json() or refused.json()["field"] is None
    after = stored(world)[1]
    assert {t: n for t, n in after.items() if t.startswith("incident")} == {
        t: n for t, n in before[1].items() if t.startswith("incident")
    }


def test_the_list_comes_a_page_at_a_time_and_counts_them_all(
    world: Database, api: TestClient
) -> None:
    headers = bearer(world, role="trust_viewer", organisation="RCL")
    first = api.get(API, headers=headers, params={"limit": 3}).json()
    assert [i["reference"] for i in first["data"]] == ["M6", "M5", "M4"]
    assert first["count"] == 8
    last = api.get(API, headers=headers, params={"offset": 6, "limit": 3}).json()
    assert [i["reference"] for i in last["data"]] == ["M0", "W7"]
    assert last["count"] == 8
    assert api.get(API, headers=headers, params={"offset": 8}).json() == {"data": [], "count": 8}
    for bad in ({"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "many"}):
        refused = api.get(API, headers=headers, params=bad)
        assert refused.status_code == 422, bad
        assert refused.json()["field"] == next(iter(bad))


def test_the_list_is_fifty_to_a_page_by_default(world: Database, api: TestClient) -> None:
    for n in range(50):
        incidents.record_incident(
            db=world, actor=OPERATOR,
            incident=Incident(
                reference=f"P{n:02d}", trust="RCL", occurred=D("2021-01-04"),
                reported=D("2021-01-04"), category=Category.MEDICATION,
                physical_harm=PhysicalHarm.NONE,
            ),
        )  # fmt: skip
    headers = bearer(world, role="trust_viewer", organisation="RCL")
    listed = api.get(API, headers=headers).json()
    assert listed["count"] == 58
    assert [i["reference"] for i in listed["data"]] == [f"P{n:02d}" for n in range(50)]


def test_the_api_records_every_governance_flag_and_problems_in_care(
    world: Database, api: TestClient
) -> None:
    headers = bearer(world, role="trust_editor", organisation="RCL")
    body = {
        **NEW, "reference": "N3", "category": "death", "physical_harm": "fatal",
        "flags": ["mental_health_act", "safeguarding_referral", "serious_incident"],
        "problems_in_care": "more_likely_than_not", "prolonged_psychological_harm": False,
    }  # fmt: skip
    made = api.post(API, headers=headers, json=body)
    assert made.status_code == 201, made.text
    i = incidents.incident_detail(
        db=world, actor=OPERATOR, trust="RCL", reference="N3"
    ).view.incident
    assert (i.problems_in_care.value, i.prolonged_psychological_harm) == (
        "more_likely_than_not", False,
    )  # fmt: skip
    g = i.governance
    assert (g.mental_health_act, g.safeguarding_referral, g.serious_incident) == (True,) * 3
    bad = api.post(API, headers=headers, json={**body, "problems_in_care": "maybe"})
    assert (bad.status_code, bad.json()["field"]) == (422, "problems_in_care")
