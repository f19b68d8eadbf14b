"""The improvement plan JSON API on SQLite and PostgreSQL: the plan, actions with filters,
one action, its evidence metadata and file, and the public plan; 404 for unknown ids and 422
for bad input.

The trust and its plan are made up here and written through the plan service: one must-do
with action A1 (owner: a ward manager, not on the board, due 2020-06-30) that has one file
of evidence, and a should-do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.access import Actor as _WriterActor
from carewatch.services import plans
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import bearer, database_url, sign_in_as

WRITER = _WriterActor.operator("tests")

D = dt.date.fromisoformat
CONTENT = b"audit\x00\x01\x02 report"
DIGEST = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    record_provider(
        db=db,
        provider_id="RPL",
        name="Plan Test NHS Trust",
        trust_type="mental_health",
        actor=WRITER,
    )
    plans.record_finding(
        db=db,
        provider_id="RPL",
        reference="MD1",
        kind="must_do",
        regulation="17",
        report_words="The trust must keep records up to date.",
        public_summary="Keep records up to date.",
        report_date=D("2020-01-15"),
        actor=WRITER,
    )
    plans.record_finding(
        db=db,
        provider_id="RPL",
        reference="SD1",
        kind="should_do",
        report_words="The trust should improve signage.",
        report_date=D("2020-01-15"),
        actor=WRITER,
    )
    action_id = plans.record_action(
        db=db,
        provider_id="RPL",
        finding_reference="MD1",
        reference="A1",
        title="Records audit",
        owner_role="Ward manager",
        owner_person="Pat Example",
        opened=D("2020-02-01"),
        due=D("2020-06-30"),
        notes="Internal remark",
        actor=WRITER,
    )
    plans.move_action(
        db=db, action_id=action_id, to="in_progress", on=D("2020-02-03"), actor=WRITER
    )
    plans.add_evidence(
        db=db,
        action_id=action_id,
        kind="file",
        supplied_by="Ward manager",
        uploaded_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC),
        effective_from=D("2020-02-01"),
        effective_to=D("2020-02-29"),
        content=CONTENT,
        filename="audit.txt",
        media_type="text/plain",
        actor=WRITER,
    )
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        test_client.action_id = action_id  # type: ignore[attr-defined]
        yield test_client


def test_the_plan_groups_actions_under_findings(client: TestClient) -> None:
    body = client.get("/api/v1/trusts/RPL/plan", params={"as_of": "2020-07-01"}).json()
    assert [item["finding"]["reference"] for item in body["data"]] == ["MD1", "SD1"]
    (action,) = body["data"][0]["actions"]
    assert (action["status"], action["rag"], action["days_overdue"]) == ("in_progress", "red", 1)
    assert (action["evidence_count"], action["last_evidenced"]) == (1, "2020-03-01")
    assert body["rag_counts"] == {"Red": 1}


def test_actions_filter_by_status_and_overdue(client: TestClient) -> None:
    url = "/api/v1/trusts/RPL/actions"
    assert client.get(url, params={"as_of": "2020-06-30", "overdue": "true"}).json()["count"] == 0
    assert client.get(url, params={"as_of": "2020-07-01", "overdue": "true"}).json()["count"] == 1
    assert client.get(url, params={"as_of": "2020-07-01", "status": "closed"}).json()["count"] == 0
    bad = client.get(url, params={"status": "finished"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "status[0]"


def test_one_action_with_history_and_evidence(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    client.headers.update(bearer(db, role="trust_viewer", organisation="RPL"))
    body = client.get(f"/api/v1/actions/{action_id}", params={"as_of": "2020-03-02"}).json()
    assert body["notes"] == "Internal remark"
    assert [h["to"] for h in body["history"]] == ["in_progress"]
    assert body["next_statuses"] == ["evidence_submitted", "cancelled"]
    (evidence,) = body["evidence"]
    assert (evidence["sha256"], evidence["size"]) == (DIGEST, len(CONTENT))
    listed = client.get(f"/api/v1/actions/{action_id}/evidence").json()
    assert listed["count"] == 1
    download = client.get(evidence["download"])
    assert download.status_code == 200
    assert download.content == CONTENT
    assert download.headers["content-type"].startswith("text/plain")
    assert "attachment" in download.headers["content-disposition"]


def test_the_public_sees_no_internal_detail_on_any_route(client: TestClient) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    for url in (
        f"/api/v1/actions/{action_id}",
        f"/api/v1/actions/{action_id}/evidence",
        "/api/v1/trusts/RPL/plan",
        "/api/v1/trusts/RPL/actions",
    ):
        response = client.get(url, params={"as_of": "2020-03-02"})
        assert response.status_code == 200
        assert "Pat Example" not in response.text
        assert "Internal remark" not in response.text
        assert "audit.txt" not in response.text
    (evidence,) = client.get(f"/api/v1/actions/{action_id}").json()["evidence"]
    assert evidence["download"] is None
    refused = client.get(f"/api/v1/evidence-files/{DIGEST}")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer realm="carewatch"'


def test_another_trusts_user_sees_no_internal_detail(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    client.headers.update(bearer(db, role="trust_editor", organisation="RAA"))
    response = client.get(f"/api/v1/actions/{action_id}")
    assert "Internal remark" not in response.text
    assert client.get(f"/api/v1/evidence-files/{DIGEST}").status_code == 403


def test_the_public_plan_has_no_internal_detail(client: TestClient) -> None:
    response = client.get("/api/v1/trusts/RPL/public-plan", params={"as_of": "2020-03-02"})
    body = response.json()
    assert [m["reference"] for m in body["data"]] == ["MD1"]
    assert body["data"][0]["summary"] == "Keep records up to date."
    assert body["data"][0]["actions"][0]["owner"] == "Ward manager"
    assert "Pat Example" not in response.text
    assert "Internal remark" not in response.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/trusts/NOPE/plan", 404),
        ("/api/v1/trusts/NOPE/public-plan", 404),
        ("/api/v1/actions/999999", 404),
        ("/api/v1/actions/0", 422),
        ("/api/v1/actions/abc", 422),
        ("/api/v1/evidence-files/" + "0" * 64, 404),
        ("/api/v1/evidence-files/not-a-hash", 404),
        ("/api/v1/trusts/RPL/plan?as_of=2020-13-01", 422),
    ],
)
def test_unknown_ids_and_bad_input(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert set(response.json()) == {"message", "field"}


def test_an_uploaded_page_is_served_as_plain_bytes(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    page = b"<html><script>alert(1)</script></html>"
    added = plans.add_evidence(
        db=db, actor=WRITER, action_id=action_id, kind="file", supplied_by="Ward manager",
        uploaded_at=dt.datetime(2020, 3, 2, 9, tzinfo=dt.UTC), effective_from=D("2020-03-01"),
        content=page, filename="page.html", media_type="text/html",
    )  # fmt: skip
    client.headers.update(bearer(db, role="trust_viewer", organisation="RPL"))
    served = client.get(f"/api/v1/evidence-files/{added.sha256}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "attachment" in served.headers["content-disposition"]


def test_a_machine_client_moves_an_action_with_its_token(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    url = f"/api/v1/actions/{action_id}/moves"
    assert client.post(url, json={"to": "evidence_submitted"}).status_code == 401
    other = bearer(db, role="trust_editor", organisation="RAA")
    assert client.post(url, json={"to": "evidence_submitted"}, headers=other).status_code == 403
    editor = bearer(db, role="trust_editor", organisation="RPL")
    moved = client.post(url, json={"to": "evidence_submitted"}, headers=editor)
    assert moved.status_code == 201
    assert moved.json()["action"]["status"] == "evidence_submitted"
    assert moved.json()["history"][-1]["by"].startswith("Test trust_editor")
    illegal = client.post(url, json={"to": "open"}, headers=editor)
    assert illegal.status_code == 409
    assert illegal.json()["field"] == "to"
    unknown = client.post(url, json={"to": "finished"}, headers=editor)
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "to"
    assert (
        client.post(
            "/api/v1/actions/999999/moves", json={"to": "closed"}, headers=editor
        ).status_code
        == 404
    )


def test_a_browser_session_cannot_write_through_the_api(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    response = client.post(f"/api/v1/actions/{action_id}/moves", json={"to": "evidence_submitted"})
    assert response.status_code == 401


def test_the_write_is_documented_with_its_security_scheme(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    move = document["paths"]["/api/v1/actions/{action_id}/moves"]["post"]
    assert move["security"] == [{"bearerToken": []}]
    assert {"201", "401", "403", "404", "409", "422"} <= set(move["responses"])
