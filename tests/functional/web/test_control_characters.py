"""A NUL or another control character typed into a form field, sent in a JSON body or put in
a query string is answered 422 naming the field, never 500, on SQLite and PostgreSQL (whose
driver cannot take NUL at all), and nothing is stored. The message names the character's
code point, never the text.

The world (`tests.integration.builders.records_audit_world`): trust RPL, must-do MD1 and its
open action A1, opened 1 February 2020 and due 30 June 2020.
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
from carewatch.domain.plans import ActionStatus
from carewatch.services import plans
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import head, stored
from tests.functional.web.conftest import bearer, database_url, sign_in_as
from tests.integration.builders import records_audit_world

OPERATOR = Actor.operator("tests")
D = dt.date.fromisoformat
PAGE = "/trusts/RPL/improvement-plan/actions/{action_id}"
NUL = "U+0000"


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    action_id = records_audit_world(db, opened=D("2020-02-01"), due=D("2020-06-30"))
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        test_client.action_id = action_id  # type: ignore[attr-defined]
        yield test_client


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form token"
    return match.group(1)


# Each form of an action's page: its path under the action, its fields (a control character
# in one), and the input the error summary links to.
FORMS = [
    ("move", {"to": "in_progress", "reason": "Started\x00today"}, "reason"),
    ("evidence", {"kind": "note", "note": "Audit\x00of 40 records"}, "note"),
    ("evidence", {"kind": "link", "url": "https://intranet.example/a", "title": "A\x00"}, "title"),
    ("evidence", {"kind": "note", "note": "Audit", "title": "Esc\x1b[31m"}, "title"),
]


@pytest.mark.parametrize(
    ("path", "fields", "field"), FORMS, ids=["move-reason", "note", "link-title", "escape"]
)
def test_a_form_field_with_a_control_character_is_refused_naming_it(
    client: TestClient, db: Database, path: str, fields: dict[str, str], field: str
) -> None:
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    page = PAGE.format(action_id=client.action_id)  # type: ignore[attr-defined]
    token = _token(client.get(page).text)
    before, was = head(db), stored(db)
    response = client.post(f"{page}/{path}", data={"csrf_token": token, **fields})
    assert response.status_code == 422
    assert re.search(
        rf'<a href="#{field}">{field}: holds a control character \(U\+00', response.text
    )
    assert "\x00" not in response.text.split('id="error-summary', 1)[-1].split("</div>", 1)[0]
    assert (head(db), stored(db)) == (before, was)


def test_a_verdict_form_with_nul_is_refused_naming_the_note(
    client: TestClient, db: Database
) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    added = plans.add_evidence(
        db=db, actor=OPERATOR, action_id=action_id, kind="note", note="Audit of 40 records",
        supplied_by="Ward manager", uploaded_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC),
        effective_from=D("2020-02-01"),
    )  # fmt: skip
    sign_in_as(client, db, role="trust_editor", organisation="RPL")
    page = PAGE.format(action_id=action_id)
    token = _token(client.get(page).text)
    before, was = head(db), stored(db)
    response = client.post(
        f"{page}/evidence/{added.evidence_id}/verify",
        data={"csrf_token": token, "verdict": "rejected", "note": "Two\x00missing"},
    )
    assert response.status_code == 422
    assert f'href="#verify-{added.evidence_id}-note">note: holds a control character' in (
        response.text
    )
    assert (head(db), stored(db)) == (before, was)


# Each write of the JSON API: its path (given the action's and the evidence's ids), a body
# holding "\u0000" in one field, and that field as the API names it.
API_WRITES = [
    ("/api/v1/actions/{action_id}/moves", {"to": "in_progress", "note": "a\x00b"}, "note"),
    ("/api/v1/actions/{action_id}/evidence", {"kind": "note", "note": "a\x00b"}, "note"),
    (
        "/api/v1/actions/{action_id}/evidence",
        {"kind": "link", "url": "https://intranet.example/a", "title": "a\x00b"},
        "title",
    ),
    (
        "/api/v1/actions/{action_id}/evidence",
        {"kind": "link", "url": "https://intranet.example/a\x00b"},
        "url",
    ),
    ("/api/v1/evidence/{evidence_id}/verdicts", {"verdict": "accepted", "note": "a\x00b"}, "note"),
]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    API_WRITES,
    ids=["move-note", "evidence-note", "evidence-title", "evidence-url", "verdict-note"],
)
def test_a_json_body_with_nul_is_a_422_naming_the_field(
    client: TestClient, db: Database, path: str, body: dict[str, str], field: str
) -> None:
    action_id = client.action_id  # type: ignore[attr-defined]
    added = plans.add_evidence(
        db=db, actor=OPERATOR, action_id=action_id, kind="note", note="Audit of 40 records",
        supplied_by="Ward manager", uploaded_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC),
        effective_from=D("2020-02-01"),
    )  # fmt: skip
    editor = bearer(db, role="trust_editor", organisation="RPL")
    url = path.format(action_id=action_id, evidence_id=added.evidence_id)
    before, was = head(db), stored(db)
    response = client.post(url, json=body, headers=editor)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer == {
        "message": f"{field}: holds a control character ({NUL}), which cannot be stored",
        "field": field,
    }
    assert (head(db), stored(db)) == (before, was)
    detail = plans.action_detail(db=db, action_id=action_id, actor=OPERATOR)
    assert detail.summary.status is ActionStatus.OPEN


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/audit?entity=action%00", "entity"),
        ("/api/v1/trusts?search=Norf%00", "search"),
        ("/api/v1/trusts/RPL/actions?status=open&owner=Ward%1Bmanager", "owner"),
    ],
    ids=["audit-entity", "trust-search", "escape"],
)
def test_a_query_string_with_a_control_character_is_a_422_naming_the_parameter(
    client: TestClient, db: Database, url: str, field: str
) -> None:
    response = client.get(url, headers=bearer(db, role="admin", organisation="RPL"))
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert re.fullmatch(
        r"the value holds a control character \(U\+00(00|1B)\), which is not allowed",
        response.json()["message"],
    )


def test_a_page_with_nul_in_its_query_string_says_so_not_500(
    client: TestClient, db: Database
) -> None:
    sign_in_as(client, db, role="admin", organisation="RPL")
    response = client.get("/audit?entity=action%00")
    assert response.status_code == 422
    assert "holds a control character (U+0000), which is not allowed" in response.text


def test_signing_in_with_nul_in_the_email_fails_as_any_wrong_address(client: TestClient) -> None:
    form = client.get("/sign-in").text
    response = client.post(
        "/sign-in",
        data={"email": "someone\x00@rpl.example", "password": "x" * 12, "csrf_token": _token(form)},
    )
    assert response.status_code == 401  # the same refusal as for any address not known


def test_the_api_document_declares_what_query_strings_may_hold(client: TestClient) -> None:
    """Every free-text query parameter carries the pattern the site enforces, so a client
    (and the schema fuzzing) knows a C1 control character such as U+0082 is refused too."""
    document = client.get("/api/v1/openapi.json").json()
    free_text: list[tuple[str, str, str]] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                for branch in [parameter["schema"], *parameter["schema"].get("anyOf", [])]:
                    if branch.get("type") == "string" and not {"enum", "format"} & branch.keys():
                        free_text.append((f"{method} {path}", parameter["name"], branch["pattern"]))
    assert ("get /api/v1/trusts", "q", r"^[^\x00-\x1f\x7f-\x9f]*$") in free_text
    assert ("get /api/v1/oversight/league-table", "peer_group", r"^[^\x00-\x1f\x7f-\x9f]*$") in (
        free_text
    )
    for where, name, pattern in free_text:
        if pattern == r"^[^\x00-\x1f\x7f-\x9f]*$":  # free text; others are narrower still
            assert re.fullmatch(pattern, "Norfolk and Suffolk"), (where, name)
        for refused in ("\x00", "\x1b", "\x7f", "\x82", "\x9f"):
            assert not re.fullmatch(pattern, f"a{refused}b"), (where, name, refused)
    response = client.get("/api/v1/oversight/league-table?peer_group=a%C2%8Eb")
    assert response.status_code == 422
    assert "U+008E" in response.json()["message"]
