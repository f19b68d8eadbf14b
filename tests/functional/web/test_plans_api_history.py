"""Writing evidence and verdicts through the JSON API, and the history it then shows, on
SQLite and PostgreSQL: bearer token only (401 anonymous or with a browser session), 403 for
another trust's user or a role without the permission, 404 for an unknown id, 409 or 422 with
the reason; a note or a link as JSON and a file as multipart with the page's size rules; a
supplier may not verify their own evidence; a re-verification keeps the first verdict; the
public API shows a moved due date but no restricted value.

The world (made here through the plan service): trust RPL, must-do MD1, action A1 owned by
Pat Example (a ward manager below the board), due 30 June 2020.
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

from carewatch.domain.access import Actor
from carewatch.services import plans
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import bearer, database_url, sign_in_as
from tests.integration.builders import records_audit_action, records_audit_world

OPERATOR = Actor.operator("tests")
D = dt.date.fromisoformat


OPENED = D("2020-02-01")


def _action(db: Database, **changes: object) -> int:
    return records_audit_action(db, opened=OPENED, **changes)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    action_id = records_audit_world(db, opened=OPENED, due=D("2020-06-30"))
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        test_client.action_id = action_id  # type: ignore[attr-defined]
        yield test_client


def test_a_note_and_a_link_are_added_as_json(client: TestClient, db: Database) -> None:
    url = f"/api/v1/actions/{client.action_id}/evidence"  # type: ignore[attr-defined]
    editor = bearer(db, role="trust_editor", organisation="RPL")
    note = {"kind": "note", "note": "Audit of 40 records", "effective_from": "2020-03-01"}
    added = client.post(url, json=note, headers=editor)
    assert added.status_code == 201, added.text
    body = added.json()
    assert set(body) == {"evidence_id", "created", "duplicate", "duplicate_of", "sha256"}
    assert (body["created"], body["duplicate"], body["sha256"]) == (True, False, None)
    again = client.post(url, json=note, headers=editor)
    assert again.status_code == 200
    assert (again.json()["evidence_id"], again.json()["created"]) == (body["evidence_id"], False)
    link = {"kind": "link", "url": "https://intranet.example/audit", "title": "Audit"}
    assert client.post(url, json=link, headers=editor).status_code == 201
    bad = client.post(url, json={"kind": "link", "url": "javascript:alert(1)"}, headers=editor)
    assert (bad.status_code, bad.json()["field"]) == (422, "url")
    empty = client.post(url, json={"kind": "note"}, headers=editor)
    assert (empty.status_code, empty.json()["field"]) == (422, "note")
    file_as_json = client.post(url, json={"kind": "file"}, headers=editor)
    assert (file_as_json.status_code, file_as_json.json()["field"]) == (422, "kind")


def test_a_file_is_uploaded_as_multipart_under_the_pages_rules(
    client: TestClient, db: Database
) -> None:
    url = f"/api/v1/actions/{client.action_id}/evidence"  # type: ignore[attr-defined]
    editor = bearer(db, role="trust_editor", organisation="RPL")
    content = b"%PDF-1.4 records audit"
    added = client.post(
        url,
        files={"file": ("C:\\scans\\audit.pdf", content, "application/pdf")},
        data={"effective_from": "2020-03-01", "effective_to": "2020-03-31"},
        headers=editor,
    )
    assert added.status_code == 201, added.text
    assert added.json()["sha256"] == hashlib.sha256(content).hexdigest()
    detail = plans.action_detail(db=db, action_id=client.action_id, actor=OPERATOR)  # type: ignore[attr-defined]
    (stored,) = detail.evidence
    assert (stored.filename, stored.media_type, stored.size) == (
        "audit.pdf", "application/pdf", len(content),
    )  # fmt: skip
    assert (stored.effective_from, stored.effective_to) == (D("2020-03-01"), D("2020-03-31"))
    empty = client.post(url, files={"file": ("e.txt", b"", "text/plain")}, headers=editor)
    assert (empty.status_code, empty.json()) == (
        422,
        {"message": "The file is empty", "field": "file"},
    )
    large = b"x" * (10 * 1024 * 1024 + 1)
    too_big = client.post(
        url, files={"file": ("big.bin", large, "application/pdf")}, headers=editor
    )
    assert too_big.status_code == 422
    assert too_big.json()["message"] == "The file must be smaller than 10 MB"
    assert len(plans.action_detail(db=db, action_id=client.action_id, actor=OPERATOR).evidence) == 1  # type: ignore[attr-defined]


def test_who_may_add_evidence(client: TestClient, db: Database) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    url = f"/api/v1/actions/{action_id}/evidence"
    note = {"kind": "note", "note": "n"}
    assert client.post(url, json=note).status_code == 401
    viewer = bearer(db, role="trust_viewer", organisation="RPL")
    assert client.post(url, json=note, headers=viewer).status_code == 403
    other = bearer(db, role="trust_editor", organisation="RAA")
    assert client.post(url, json=note, headers=other).status_code == 403
    editor = bearer(db, role="trust_editor", organisation="RPL")
    missing = client.post("/api/v1/actions/999999/evidence", json=note, headers=editor)
    assert (missing.status_code, set(missing.json())) == (404, {"message", "field"})
    # A refused caller is answered before the upload is read, whatever the body.
    assert client.post(url, content=b"not json", headers=other).status_code == 403
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    assert client.post(url, json=note).status_code == 401


def test_a_verdict_is_given_kept_and_never_by_the_supplier(
    client: TestClient, db: Database
) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    supplier = bearer(db, role="trust_editor", organisation="RPL")
    added = client.post(
        f"/api/v1/actions/{action_id}/evidence",
        json={"kind": "note", "note": "Audit of 40 records", "effective_from": "2020-03-01"},
        headers=supplier,
    ).json()
    url = f"/api/v1/evidence/{added['evidence_id']}/verdicts"
    own = client.post(url, json={"verdict": "accepted"}, headers=supplier)
    assert own.status_code == 409
    assert own.json()["message"] == "evidence is verified by someone other than its supplier"
    assert client.post(url, json={"verdict": "accepted"}).status_code == 401
    viewer = bearer(db, role="trust_viewer", organisation="RPL")
    assert client.post(url, json={"verdict": "accepted"}, headers=viewer).status_code == 403
    other = bearer(db, role="trust_editor", organisation="RAA")
    assert client.post(url, json={"verdict": "accepted"}, headers=other).status_code == 403
    regulator = bearer(db, role="regulator", organisation="CQC")
    bad = client.post(url, json={"verdict": "pending"}, headers=regulator)
    assert (bad.status_code, bad.json()["field"]) == (422, "verdict")
    missing = client.post("/api/v1/evidence/999999/verdicts", json={"verdict": "accepted"},
                          headers=regulator)  # fmt: skip
    assert missing.status_code == 404

    first = client.post(url, json={"verdict": "accepted", "note": "Complete"}, headers=regulator)
    assert first.status_code == 201, first.text
    # Today taken now, not when the module was imported: the suite may cross midnight.
    today = dt.date.today().isoformat()
    assert (first.json()["verdict"], first.json()["on"]) == ("accepted", today)
    assert first.json()["by"].startswith("Test regulator")
    oversight = bearer(db, role="oversight", organisation="NHSE")
    second = client.post(url, json={"verdict": "rejected", "note": "Two wards missing"},
                         headers=oversight)  # fmt: skip
    assert second.status_code == 201
    shown = client.get(f"/api/v1/actions/{action_id}", headers=viewer).json()
    (evidence,) = shown["evidence"]
    assert evidence["verdict"] == "rejected"
    assert [(v["verdict"], v["note"]) for v in evidence["verdicts"]] == [
        ("accepted", "Complete"),
        ("rejected", "Two wards missing"),
    ]
    assert [v["id"] for v in shown["verdicts"]] == [first.json()["id"], second.json()["id"]]
    public = client.get(f"/api/v1/actions/{action_id}").json()
    assert [(v["verdict"], v["by"], v["note"]) for v in public["verdicts"]] == [
        ("accepted", "", ""),
        ("rejected", "", ""),
    ]


def test_the_public_api_shows_a_moved_due_date_without_restricted_values(
    client: TestClient, db: Database
) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    _action(db, due=D("2020-09-30"), owner_person="Sam Other", reason="Pat Example on leave",
            at=dt.datetime(2020, 4, 2, 9, tzinfo=dt.UTC))  # fmt: skip
    public = client.get("/api/v1/trusts/RPL/public-plan", params={"as_of": "2020-04-03"})
    (must_do,) = public.json()["data"]
    assert must_do["actions"][0]["due_date_moves"] == [
        {"old": "2020-06-30", "new": "2020-09-30", "on": "2020-04-02"}
    ]
    detail = client.get(f"/api/v1/actions/{action_id}", params={"as_of": "2020-04-03"})
    changes = [(c["field"], c["old"], c["new"], c["withheld"]) for c in detail.json()["changes"]]
    assert changes == [
        ("owner_person", "", "", True),
        ("due_date", "2020-06-30", "2020-09-30", False),
    ]
    for response in (public, detail):
        for secret in ("Pat Example", "Sam Other", "on leave", "Internal remark"):
            assert secret not in response.text
    viewer = bearer(db, role="trust_viewer", organisation="RPL")
    inside = client.get(f"/api/v1/actions/{action_id}", params={"as_of": "2020-04-03"},
                        headers=viewer).json()  # fmt: skip
    first = inside["changes"][0]
    assert (first["old"], first["new"], first["reason"]) == (
        "Pat Example", "Sam Other", "Pat Example on leave",
    )  # fmt: skip


def test_the_writes_are_documented_with_their_security_scheme(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    evidence = document["paths"]["/api/v1/actions/{action_id}/evidence"]["post"]
    verdicts = document["paths"]["/api/v1/evidence/{evidence_id}/verdicts"]["post"]
    for operation in (evidence, verdicts):
        assert operation["security"] == [{"bearerToken": []}]
    assert {"200", "201", "401", "403", "404", "413", "422"} <= set(evidence["responses"])
    assert {"201", "401", "403", "404", "409", "422"} <= set(verdicts["responses"])
    assert set(evidence["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    error = verdicts["responses"]["409"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorPublic"}
