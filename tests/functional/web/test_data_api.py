"""The data API on the worked example, through the test client, on SQLite and PostgreSQL.

Expected values come from the worked example's own facts, never from the API's code.
"""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from carewatch.demo import nsft, synthetic
from carewatch.services.ratings import record_location, record_rating
from carewatch.store.database import Database
from tests.actors import OPERATOR

NAMES = sorted([nsft.NAME, *(t.name for t in synthetic.TRUSTS)], key=str.lower)


def _ids(body: dict[str, object]) -> list[str]:
    return [t["provider_id"] for t in body["data"]]  # type: ignore[attr-defined, index]


def test_list_trusts_by_name_with_count_and_paging(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts").json()
    assert body["count"] == 7
    assert [t["name"] for t in body["data"]] == NAMES
    page = demo_client.get("/api/v1/trusts", params={"offset": 2, "limit": 3}).json()
    assert page["count"] == 7
    assert [t["name"] for t in page["data"]] == NAMES[2:5]
    rmy = next(t for t in body["data"] if t["provider_id"] == "RMY")
    assert rmy["synthetic"] is False
    assert (rmy["trust_type"], rmy["region"]) == ("mental_health", "East of England")
    assert rmy["overall"]["rating"] == "Requires improvement"
    assert rmy["overall"]["rating_date"] == "2023-02-23"
    assert rmy["key_questions"]["caring"]["rating"] == "Good"
    assert rmy["report_count"] == len(nsft.REPORTS)


def test_list_trusts_filters_and_search(demo_client: TestClient) -> None:
    assert _ids(demo_client.get("/api/v1/trusts", params={"q": "norfolk"}).json()) == ["RMY"]
    assert _ids(demo_client.get("/api/v1/trusts", params={"q": "RMY"}).json()) == ["RMY"]
    assert _ids(demo_client.get("/api/v1/trusts", params={"region": "LONDON"}).json()) == ["SYN02"]
    good = {
        t.provider_id
        for t in synthetic.TRUSTS
        if synthetic.synthetic_reports(t)[-1].overall.label == "Good"
    }
    body = demo_client.get("/api/v1/trusts", params={"rating": "Good"}).json()
    assert set(_ids(body)) == good
    assert body["count"] == len(good)
    none = demo_client.get("/api/v1/trusts", params={"trust_type": "acute"}).json()
    assert none == {"data": [], "count": 0}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rating": "Brilliant"}, "rating"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"trust_type": "hospital"}, "trust_type"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_invalid_query_values_are_422_naming_the_field(
    demo_client: TestClient, params: dict[str, object], field: str
) -> None:
    response = demo_client.get("/api/v1/trusts", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == field
    assert body["message"]


def test_one_trust_and_its_grid(demo_client: TestClient) -> None:
    trust = demo_client.get("/api/v1/trusts/RMY").json()
    assert trust["name"] == nsft.NAME
    grid = demo_client.get("/api/v1/trusts/RMY/grid").json()
    assert (grid["subject_id"], grid["subject_kind"]) == ("RMY", "provider")
    labels = [row["label"] for row in grid["rows"]]
    assert labels == sorted(
        [nsft.ACUTE_WARDS, nsft.COMMUNITY_ADULTS, nsft.CRISIS, nsft.REHAB], key=str.lower
    )
    effective = grid["summary_row"]["cells"]["effective"]
    assert effective["rating"] == "Requires improvement"
    # The rules propose Good from today's ratings beneath; they gave RI, as published, from
    # those of February 2023: not a departure, but a rating that predates the ones beneath.
    assert (effective["proposed"], effective["rule"], effective["departs"]) == (
        "Good",
        "nhs-trust-2022 G",
        False,
    )
    assert effective["predates_beneath"] is True
    assert grid["summary_row"]["cells"]["caring"]["departs"] is False


def test_history_newest_first(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts/RMY/history").json()
    # Every report, including those that rated only core services (no trust ratings).
    assert body["count"] == len(nsft.REPORTS)
    assert [e["report_date"] for e in body["data"]] == sorted(
        (r.published.isoformat() for r in nsft.REPORTS), reverse=True
    )
    services_only = {r.published.isoformat() for r in nsft.REPORTS if not r.overall}
    for entry in body["data"]:
        if entry["report_date"] in services_only:
            assert entry["overall"] is None
    oldest = body["data"][-1]
    assert oldest["overall"] == "Inadequate"
    assert oldest["key_questions"] == dict(nsft.REPORTS[0].key_questions)
    assert oldest["url"] == nsft.REPORTS[0].source


def test_audit_lists_the_departure_with_its_explanation(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts/RMY/audit").json()
    assert body["count"] == 1
    finding = body["data"][0]
    assert (finding["aspect"], finding["published"], finding["proposed"]) == (
        "effective",
        "Requires improvement",
        "Good",
    )
    assert finding["explanation"]
    synthetic_audit = demo_client.get("/api/v1/trusts/SYN01/audit").json()
    assert synthetic_audit == {"data": [], "count": 0}


def test_locations_of_a_trust_and_one_location(demo_db: Database, demo_client: TestClient) -> None:
    assert demo_client.get("/api/v1/trusts/RMY/locations").json() == {"data": [], "count": 0}
    record_location(
        db=demo_db,
        location_id="1-TEST01",
        provider_id="RMY",
        name="Test ward block",
        actor=OPERATOR,
    )
    record_rating(
        db=demo_db,
        provider_id="RMY",
        location_id="1-TEST01",
        aspect="overall",
        rating="Good",
        rating_date=dt.date(2023, 2, 23),
        actor=OPERATOR,
    )
    body = demo_client.get("/api/v1/trusts/RMY/locations").json()
    assert body["count"] == 1
    assert body["data"][0]["location_id"] == "1-TEST01"
    assert body["data"][0]["overall"]["rating"] == "Good"
    location = demo_client.get("/api/v1/locations/1-TEST01").json()
    assert (location["name"], location["overall"]["rating"]) == ("Test ward block", "Good")
    grid = demo_client.get("/api/v1/locations/1-TEST01/grid").json()
    assert grid["subject_kind"] == "location"
    assert grid["summary_row"]["cells"]["overall"]["rating_date"] == "2023-02-23"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/trusts/NOPE",
        "/api/v1/trusts/NOPE/grid",
        "/api/v1/trusts/NOPE/history",
        "/api/v1/trusts/NOPE/locations",
        "/api/v1/trusts/NOPE/audit",
        "/api/v1/locations/NOPE",
        "/api/v1/locations/NOPE/grid",
        "/api/v1/locations/RMY",  # a trust is not a location
        "/api/v1/trusts/%00",
    ],
)
def test_unknown_ids_are_json_404(demo_client: TestClient, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"message", "field"}
    assert body["message"].startswith("There is no ")
