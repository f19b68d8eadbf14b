"""The edges of the API and the action's forms, on SQLite and PostgreSQL: dates are
YYYY-MM-DD only (a number is not seconds since 1970); a fact dated after today is refused
with 422 naming the field, storing nothing; evidence carries the day it was received; the
schema and the code agree on a quarter and on an empty ratings document; a body nested
200,000 deep or holding a 5,000-digit integer is refused with 422, never a 500.

The trust RPL is made up here through the plan service: one must-do with action A1 (opened
2020-02-01, due 2020-06-30), in progress since 2020-02-03.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.access import Actor
from carewatch.services import plans
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import head, stored
from tests.functional.web.conftest import bearer, database_url, sign_in_as

WRITER = Actor.operator("tests")
D = dt.date.fromisoformat
AHEAD = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()
"""Always after today in the United Kingdom (at most an hour ahead of UTC)."""
FUTURE = "only what has already happened can be recorded"
DAY_FORMAT = "a date is written YYYY-MM-DD, for example 2021-03-31"
UNREADABLE = "the body cannot be read: JSON nested too deeply, or a number with too many digits"
DEEP = "[" * 200_000 + "]" * 200_000
HUGE = '{"to": ' + "9" * 5_000 + "}"


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    record_provider(db=db, provider_id="RPL", name="Plan Test NHS Trust", actor=WRITER)
    plans.record_finding(
        db=db, actor=WRITER, provider_id="RPL", reference="MD1", kind="must_do",
        regulation="17", report_words="The trust must keep records up to date.",
        report_date=D("2020-01-15"),
    )  # fmt: skip
    action_id = plans.record_action(
        db=db, actor=WRITER, provider_id="RPL", finding_reference="MD1", reference="A1",
        title="Records audit", owner_role="Ward manager", opened=D("2020-02-01"),
        due=D("2020-06-30"),
    )  # fmt: skip
    plans.move_action(
        db=db, actor=WRITER, action_id=action_id, to="in_progress", on=D("2020-02-03")
    )
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        test_client.action_id = action_id  # type: ignore[attr-defined]
        yield test_client


def _action_id(client: TestClient) -> int:
    return int(client.action_id)  # type: ignore[attr-defined]


# --- dates in queries and bodies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/trusts/RPL/plan", "as_of"),
        ("/api/v1/trusts/RPL/actions", "as_of"),
        ("/api/v1/trusts/RPL/metrics", "as_of"),
        ("/api/v1/trusts/RPL/oversight", "as_of"),
        ("/api/v1/trusts/RPL/timeline", "from"),
        ("/api/v1/trusts/RPL/timeline", "to"),
    ],
)
def test_a_date_is_written_yyyy_mm_dd_and_nothing_else(
    client: TestClient, path: str, name: str
) -> None:
    for bad in ("0", "1700000000", "2020-03-01T00:00:00", "2020-3-1", "01/03/2020"):
        response = client.get(path, params={name: bad})
        assert response.status_code == 422, (bad, response.text)
        body = response.json()
        assert body["field"] == name
        if bad != "2020-3-1":
            assert body["message"] == DAY_FORMAT
    assert client.get(path, params={name: "2020-03-01"}).status_code == 200


def test_the_audit_filters_read_dates_the_same_way(client: TestClient, db: Database) -> None:
    client.headers.update(bearer(db))
    assert client.get("/api/v1/audit", params={"from": "0"}).json()["message"] == DAY_FORMAT
    assert client.get("/api/v1/audit", params={"from": "2020-03-01"}).status_code == 200


def test_evidence_dates_in_a_body_are_yyyy_mm_dd_too(client: TestClient, db: Database) -> None:
    client.headers.update(bearer(db, role="trust_editor", organisation="RPL"))
    before, was = head(db), stored(db)
    for field in ("received_on", "effective_from", "effective_to"):
        response = client.post(
            f"/api/v1/actions/{_action_id(client)}/evidence",
            json={"kind": "note", "note": "Audit done", field: 0},
        )
        assert response.status_code == 422
        assert response.json() == {"message": DAY_FORMAT, "field": field}
    assert (head(db), stored(db)) == (before, was)


# --- facts dated after today ----------------------------------------------------------------


def test_evidence_received_after_today_is_refused_and_nothing_is_stored(
    client: TestClient, db: Database
) -> None:
    client.headers.update(bearer(db, role="trust_editor", organisation="RPL"))
    before, was = head(db), stored(db)
    response = client.post(
        f"/api/v1/actions/{_action_id(client)}/evidence",
        json={"kind": "note", "note": "Audit done", "received_on": AHEAD},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "received_on"
    assert AHEAD in response.json()["message"]
    assert FUTURE in response.json()["message"]
    assert (head(db), stored(db)) == (before, was)


def test_evidence_received_in_the_past_counts_from_that_day(
    client: TestClient, db: Database
) -> None:
    action_id = _action_id(client)
    client.headers.update(bearer(db, role="trust_editor", organisation="RPL"))
    response = client.post(
        f"/api/v1/actions/{action_id}/evidence",
        json={"kind": "note", "note": "Audit of March", "received_on": "2020-04-02"},
    )
    assert response.status_code == 201, response.text
    (evidence,) = client.get(f"/api/v1/actions/{action_id}/evidence").json()["data"]
    assert evidence["uploaded_at"].startswith("2020-04-02")
    # The period it speaks for defaults to the day it was received.
    assert (evidence["effective_from"], evidence["effective_to"]) == ("2020-04-02", "2020-04-02")
    # ... so a submission dated that day is accepted (it would not be, were it stamped today).
    plans.move_action(
        db=db, actor=WRITER, action_id=action_id, to="evidence_submitted", on=D("2020-04-02")
    )


def test_a_file_sent_as_a_form_takes_its_received_day_too(client: TestClient, db: Database) -> None:
    action_id = _action_id(client)
    client.headers.update(bearer(db, role="trust_editor", organisation="RPL"))
    response = client.post(
        f"/api/v1/actions/{action_id}/evidence",
        data={"received_on": AHEAD},
        files={"file": ("audit.txt", b"records audit\n", "text/plain")},
    )
    assert (response.status_code, response.json()["field"]) == (422, "received_on")
    response = client.post(
        f"/api/v1/actions/{action_id}/evidence",
        data={"received_on": "2020-04-03"},
        files={"file": ("audit.txt", b"records audit\n", "text/plain")},
    )
    assert response.status_code == 201, response.text


def _form_token(client: TestClient, url: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, "the page has no form token"
    return match.group(1)


def test_the_forms_refuse_a_day_after_today_naming_the_date(
    client: TestClient, db: Database
) -> None:
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    url = f"/trusts/RPL/improvement-plan/actions/{_action_id(client)}"
    token = _form_token(client, url)
    before, was = head(db), stored(db)
    moved = client.post(
        f"{url}/move", data={"csrf_token": token, "form": "move", "to": "cancelled",
                             "on": AHEAD, "reason": "Merged into A2"},
    )  # fmt: skip
    assert moved.status_code == 422
    assert f'<a href="#on">the move is dated {AHEAD}' in moved.text
    added = client.post(
        f"{url}/evidence",
        data={"csrf_token": token, "form": "evidence", "kind": "note", "note": "Audit done",
              "received_on": AHEAD},
    )  # fmt: skip
    assert added.status_code == 422
    assert f'<a href="#received_on">the evidence&#39;s receipt is dated {AHEAD}' in added.text
    assert (head(db), stored(db)) == (before, was)


def test_the_evidence_form_takes_the_day_it_was_received(client: TestClient, db: Database) -> None:
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    action_id = _action_id(client)
    url = f"/trusts/RPL/improvement-plan/actions/{action_id}"
    page = client.get(url).text
    # The NHS.UK date input: day, month and year (the reader also takes one ISO field).
    for part in ("day", "month", "year"):
        assert f'id="received_on-{part}" name="received_on-{part}" type="text"' in page
    added = client.post(
        f"{url}/evidence",
        data={"csrf_token": _form_token(client, url), "form": "evidence", "kind": "note",
              "note": "Audit done", "received_on": "2020-04-02"},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    detail = plans.action_detail(db=db, action_id=action_id, actor=WRITER)
    (evidence,) = detail.evidence
    assert evidence.uploaded_at.date() == D("2020-04-02")
    assert evidence.effective_from == D("2020-04-02")


# --- the schema and the code agree ----------------------------------------------------------


def test_a_quarter_the_schema_allows_is_one_the_code_reads(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    (quarter,) = [
        p for p in spec["paths"]["/api/v1/oversight/league-table"]["get"]["parameters"]
        if p["name"] == "quarter"
    ]  # fmt: skip
    pattern = quarter["schema"]["anyOf"][0]["pattern"]
    for text, allowed in [
        ("Q2 2025/26", True),
        ("Q4 1999/00", True),
        ("Q1 2025/99", False),  # the financial year runs from one year to the next
        ("Q1 2025/25", False),
        ("Q5 2025/26", False),
    ]:
        assert bool(re.search(pattern, text)) is allowed, text
        response = client.get("/api/v1/oversight/league-table", params={"quarter": text})
        # Nothing stored: an allowed quarter is read and answers an empty table.
        assert response.status_code == (200 if allowed else 422), (text, response.text)


def test_an_empty_ratings_document_is_outside_the_schema_and_refused(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    body = spec["paths"]["/api/v1/ratings/aggregate"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    legacy = next(s for s in schema["oneOf"] if s["properties"]["framework"]["const"] == "legacy")
    saf = next(s for s in schema["oneOf"] if s["properties"]["framework"]["const"] == "saf")
    # {} meets neither: the SAF document needs `scores`, a legacy one what it aggregates.
    assert saf["required"] == ["framework", "scores"]
    assert all(option["required"] for option in legacy["anyOf"])
    assert client.post("/api/v1/ratings/aggregate", json={}).status_code == 422
    document = {"key_questions": {"safe": "Good", "well-led": "Requires improvement"}}
    answered = client.post("/api/v1/ratings/aggregate", json=document)
    assert answered.status_code == 200
    assert answered.json()["overall"]["rating"] == "Requires improvement"


# --- bodies no parser should be asked to finish --------------------------------------------


@pytest.mark.parametrize("body", [DEEP, HUGE], ids=["200000-deep", "5000-digits"])
def test_unreadable_bodies_are_refused_with_422(
    client: TestClient, db: Database, body: str
) -> None:
    action_id = _action_id(client)
    client.headers.update(bearer(db, role="trust_editor", organisation="RPL"))
    headers = {"content-type": "application/json"}
    before, was = head(db), stored(db)
    for path in (
        "/api/v1/ratings/aggregate",
        f"/api/v1/actions/{action_id}/moves",
        f"/api/v1/actions/{action_id}/evidence",
        "/api/v1/evidence/1/verdicts",
    ):
        response = client.post(path, content=body, headers=headers)
        assert response.status_code == 422, (path, response.status_code)
        assert set(response.json()) == {"message", "field"}
    deep = client.post("/api/v1/ratings/aggregate", content=body, headers=headers)
    assert deep.json()["message"] == UNREADABLE
    assert (head(db), stored(db)) == (before, was)
