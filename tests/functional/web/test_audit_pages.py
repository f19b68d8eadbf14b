"""The audit trail's page and API on SQLite and PostgreSQL: a regulator reads every event, an
administrator their own organisation's, everyone else is refused; filters, pages, the
chain's head, the menu link, and the API's JSON equal to `carewatch audit log --json`."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from carewatch.cli import app as cli
from carewatch.domain.access import Actor
from carewatch.services import access, audit
from carewatch.store.database import Database
from carewatch.web.app import create_app
from carewatch.web.pages.audit import PAGE_SIZE
from tests.functional.web.conftest import TEST_HOSTS, TestClient, bearer, database_url, sign_in_as

OPERATOR = Actor.operator("tests")


@dataclass
class Trail:
    """Two administrators, of RMY and RAA, who each added users: events of two organisations."""

    rmy_admin: Actor
    raa_admin: Actor
    rmy_added: list[str]
    raa_added: list[str]


def _admin(db: Database, organisation: str) -> Actor:
    email = f"admin.{organisation.lower()}.{uuid.uuid4().hex[:8]}@example.org"
    access.add_user(
        db, OPERATOR, email=email, name="Admin", role="admin", organisation=organisation
    )
    return access.actor_for_email(db, email)


def _add_users(db: Database, admin: Actor, organisation: str, count: int) -> list[str]:
    added = []
    for n in range(count):
        email = f"user{n}.{uuid.uuid4().hex[:6]}@{organisation.lower()}.example"
        access.add_user(
            db, admin, email=email, name=f"User {n}", role="trust_viewer",
            organisation=organisation,
        )  # fmt: skip
        added.append(email)
    return added


@pytest.fixture
def trail(db: Database) -> Trail:
    rmy, raa = _admin(db, "RMY"), _admin(db, "RAA")
    return Trail(rmy, raa, _add_users(db, rmy, "RMY", 3), _add_users(db, raa, "RAA", 2))


@pytest.fixture
def site(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database_url=database_url(db), allowed_hosts=TEST_HOSTS)) as c:
        yield c


def _rows(html: str) -> list[list[str]]:
    """The events table's rows, each cell's text without its responsive heading."""
    body = html.split('id="audit-events"', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", body, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append(
            [
                re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c.split("</span>", 1)[1])).strip()
                for c in cells
            ]
        )
    return rows


def test_a_regulator_reads_every_organisations_events(
    db: Database, site: TestClient, trail: Trail
) -> None:
    sign_in_as(site, db, role="regulator", organisation="CQC")
    page = site.get("/audit", params={"entity": "user"})
    assert page.status_code == 200
    rows = _rows(page.text)
    actors = {row[2] for row in rows}
    assert {trail.rmy_admin.identity, trail.raa_admin.identity} <= actors
    assert {row[3] for row in rows} >= {"RMY", "RAA"}
    seqs = [int(row[0]) for row in rows]
    assert seqs == sorted(seqs, reverse=True)
    added = [row for row in rows if row[2] == trail.rmy_admin.identity]
    assert [row[4] for row in added] == ["users.add"] * 3
    assert [row[3] for row in added] == ["RMY"] * 3
    assert all(row[5].startswith("user ") for row in added)
    assert all(re.fullmatch(r"[0-9a-f]{12}", row[6]) for row in added)  # digests, shortened
    assert "Every change made in carewatch, by every organisation" in page.text


def test_an_administrator_reads_only_their_own_organisations_events(
    db: Database, site: TestClient, trail: Trail
) -> None:
    sign_in_as(site, db, role="admin", organisation="RAA")
    rows = _rows(site.get("/audit").text)
    assert rows
    assert {row[3] for row in rows} == {"RAA"}
    assert trail.raa_admin.identity in {row[2] for row in rows}
    assert len([row for row in rows if row[2] == trail.raa_admin.identity]) == 2
    # Asking for another organisation's actor finds nothing, rather than their events.
    other = site.get("/audit", params={"actor": trail.rmy_admin.identity})
    assert 'id="audit-events"' not in other.text
    assert "No events match these filters." in other.text


def test_the_public_is_asked_to_sign_in_and_other_roles_are_refused(
    db: Database, site: TestClient
) -> None:
    public = site.get("/audit")
    assert public.status_code == 401
    assert 'href="/sign-in?next=/audit"' in public.text
    assert "audit-events" not in public.text
    for role, organisation in [
        ("trust_viewer", "RMY"),
        ("trust_editor", "RMY"),
        ("oversight", "NHSE"),
    ]:
        site.cookies.clear()
        sign_in_as(site, db, role=role, organisation=organisation)
        refused = site.get("/audit")
        assert refused.status_code == 403, role
        assert "audit-events" not in refused.text


def test_the_menu_links_to_the_page_only_for_those_who_may_read_it(
    db: Database, site: TestClient
) -> None:
    link = 'href="/audit"'
    assert link not in site.get("/rules").text
    sign_in_as(site, db, role="trust_editor", organisation="RMY")
    assert link not in site.get("/rules").text
    for role, organisation in [("admin", "RMY"), ("regulator", "CQC")]:
        site.cookies.clear()
        sign_in_as(site, db, role=role, organisation=organisation)
        assert link in site.get("/rules").text, role


def test_filters_by_actor_kind_and_dates(db: Database, site: TestClient, trail: Trail) -> None:
    sign_in_as(site, db, role="regulator", organisation="CQC")
    mine = _rows(site.get("/audit", params={"actor": trail.rmy_admin.identity}).text)
    assert [row[2] for row in mine] == [trail.rmy_admin.identity] * 3
    assert (
        "No events match" in site.get("/audit", params={"entity": "user", "to": "2000-01-01"}).text
    )
    today_on = site.get("/audit", params={"actor": trail.raa_admin.identity, "from": "2000-01-01"})
    assert len(_rows(today_on.text)) == 2
    assert 'value="2000-01-01"' in today_on.text  # the form keeps what was asked
    bad = site.get("/audit", params={"from": "2026-02-30"})
    assert bad.status_code == 422
    assert "From must be a real date, like 1 March 2026" in bad.text
    assert "nhsuk-error-summary" in bad.text


def test_pages_of_events_newest_first(db: Database, site: TestClient) -> None:
    admin = _admin(db, "RMY")
    added = _add_users(db, admin, "RMY", PAGE_SIZE + 5)
    sign_in_as(site, db, role="admin", organisation="RMY")
    first = site.get("/audit", params={"actor": admin.identity})
    rows = _rows(first.text)
    assert len(rows) == PAGE_SIZE
    older = re.search(
        r'href="/audit\?([^"]+)"[^>]*>\s*<span class="nhsuk-pagination__title">Older', first.text
    )
    assert older is not None
    assert "Newer events" not in first.text
    second = site.get(f"/audit?{older.group(1).replace('&amp;', '&')}")
    rest = _rows(second.text)
    assert len(rest) == 5
    seqs = [int(r[0]) for r in rows + rest]
    assert seqs == sorted(seqs, reverse=True)
    assert len(set(seqs)) == len(added)
    assert "Older events" not in second.text
    newer = re.search(
        r'href="/audit\?([^"]+)"[^>]*>\s*<span class="nhsuk-pagination__title">Newer', second.text
    )
    assert newer is not None
    back = site.get(f"/audit?{newer.group(1).replace('&amp;', '&')}")
    assert _rows(back.text) == rows


def test_the_head_is_shown_and_reading_the_log_is_not_recorded(
    db: Database, site: TestClient, trail: Trail
) -> None:
    sign_in_as(site, db, role="regulator", organisation="CQC")
    before = audit.checkpoint(db)
    page = site.get("/audit")
    site.get("/audit", params={"entity": "user"})
    assert audit.checkpoint(db) == before
    assert f'<dd class="nhsuk-summary-list__value" id="head-seq">{before.seq}</dd>' in page.text
    assert f'id="head-hash">{before.hash}</code>' in page.text
    assert "carewatch audit verify" in page.text


# The API


def _cli_log(db: Database, *args: str) -> dict[str, object]:
    url = database_url(db)
    result = CliRunner().invoke(cli, ["audit", "log", *args, "--json", "--db", url])
    assert result.exit_code == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_api_returns_what_the_command_prints(
    db: Database, site: TestClient, trail: Trail
) -> None:
    headers = bearer(db, role="regulator", organisation="CQC")
    for params, args in [
        ({"entity": "user", "limit": 4}, ("--entity", "user", "--limit", "4")),
        ({"actor": trail.raa_admin.identity}, ("--actor", trail.raa_admin.identity)),
        (
            {"from": "2000-01-01", "to": "2000-02-01"},
            ("--from", "2000-01-01", "--to", "2000-02-01"),
        ),
    ]:
        response = site.get("/api/v1/audit", params=params, headers=headers)
        assert response.status_code == 200
        assert response.json() == _cli_log(db, *args), params
    listed = site.get("/api/v1/audit", params={"entity": "user", "limit": 4}, headers=headers)
    assert listed.json()["count"] == 4
    assert set(listed.json()["data"][0]) == {
        "seq", "at", "actor", "organisation", "action", "entity", "entity_id", "digest",
    }  # fmt: skip


def test_the_api_gives_an_administrator_their_own_organisations_events(
    db: Database, site: TestClient, trail: Trail
) -> None:
    headers = bearer(db, role="admin", organisation="RMY")
    events = site.get("/api/v1/audit", headers=headers).json()["data"]
    assert events
    assert {e["organisation"] for e in events} == {"RMY"}


def test_the_api_refuses_without_a_token_or_with_another_role(
    db: Database, site: TestClient
) -> None:
    public = site.get("/api/v1/audit")
    assert public.status_code == 401
    assert public.headers["www-authenticate"] == 'Bearer realm="carewatch"'
    viewer = site.get("/api/v1/audit", headers=bearer(db, role="oversight", organisation="NHSE"))
    assert viewer.status_code == 403
    assert (
        viewer.json()["message"]
        == "Your role does not allow this: an oversight may not read audit."
    )
    bad = site.get(
        "/api/v1/audit", params={"from": "yesterday"}, headers=bearer(db, role="regulator")
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "from")


def test_the_api_is_documented_with_the_bearer_scheme(site: TestClient) -> None:
    document = site.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/audit"]["get"]
    assert operation["security"] == [{"bearerToken": []}]
    assert {"401", "403", "422"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    assert {p["name"] for p in operation["parameters"]} == {
        "actor",
        "entity",
        "from",
        "to",
        "limit",
    }
