"""Signing in and out of the site on SQLite and PostgreSQL: the session cookie's flags, one
answer for every failure, sign-out ending the session, one-time links spent once, bearer
tokens on the API, and signed-in pages never served from the public cache."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import TestClient, database_url

OPERATOR = Actor.operator("deploy")
PASSWORD = "heron lantern orchard seventeen"


@pytest.fixture
def site(db: Database) -> Iterator[TestClient]:
    access.add_user(
        db, OPERATOR, email="amira@rmy.example", name="Amira Khan", role="trust_editor",
        organisation="RMY", password=PASSWORD,
    )  # fmt: skip
    with TestClient(create_app(database_url=database_url(db)), base_url="http://localhost") as c:
        yield c


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def sign_in(site: TestClient, email: str, password: str, next: str = "/") -> object:
    form = site.get("/sign-in")
    return site.post(
        "/sign-in",
        data={
            "email": email,
            "password": password,
            "csrf_token": token_of(form.text.split('action="/sign-in"')[1]),
            "next": next,
        },
        follow_redirects=False,
    )


def test_the_public_sees_a_sign_in_link(site: TestClient) -> None:
    page = site.get("/")
    assert 'href="/sign-in">Sign in</a>' in page.text
    assert "Sign out" not in page.text


def test_signing_in_sets_a_protected_cookie_and_names_the_user(site: TestClient) -> None:
    site.get("/")  # the public's page, now in the cache
    response = sign_in(site, "Amira@RMY.example", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "carewatch_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "max-age=43200" in cookie
    page = site.get("/")
    assert "Amira Khan (Trust editor, RMY)" in page.text
    assert "Sign out" in page.text


def test_every_failure_gets_the_same_answer(site: TestClient) -> None:
    wrong = sign_in(site, "amira@rmy.example", "not the password at all")
    unknown = sign_in(site, "nobody@rmy.example", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "that email and password were not recognised" in response.text
        assert "carewatch_session" not in response.headers.get("set-cookie", "")


def test_a_sign_in_without_the_sites_token_is_refused(site: TestClient) -> None:
    response = site.post(
        "/sign-in",
        data={"email": "amira@rmy.example", "password": PASSWORD, "csrf_token": "1.forged"},
    )
    assert response.status_code == 403


def test_after_sign_in_it_never_sends_you_to_another_site(site: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        assert sign_in(site, "amira@rmy.example", PASSWORD, next=target).headers["location"] == "/"
    assert (
        sign_in(site, "amira@rmy.example", PASSWORD, next="/trusts/RMY").headers["location"]
        == "/trusts/RMY"
    )


def test_signing_out_ends_the_session(site: TestClient) -> None:
    sign_in(site, "amira@rmy.example", PASSWORD)
    cookie = site.cookies.get("carewatch_session")
    page = site.get("/")
    response = site.post(
        "/sign-out", data={"csrf_token": token_of(page.text.split("/sign-out")[1])},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    site.cookies.set("carewatch_session", cookie)  # replaying the old cookie
    assert 'href="/sign-in">Sign in</a>' in site.get("/").text


def test_signing_out_needs_the_sessions_own_token(site: TestClient) -> None:
    sign_in(site, "amira@rmy.example", PASSWORD)
    response = site.post("/sign-out", data={"csrf_token": "someone else's"})
    assert response.status_code == 403
    assert "Amira Khan" in site.get("/").text


def test_a_link_signs_in_once_and_only_by_its_button(site: TestClient, db: Database) -> None:
    secret = access.create_sign_in_link(db, OPERATOR, "amira@rmy.example")
    page = site.get(f"/sign-in/link/{secret}")
    assert page.status_code == 200
    assert "carewatch_session" not in page.headers.get("set-cookie", "")
    first = site.post(
        f"/sign-in/link/{secret}", data={"csrf_token": token_of(page.text)}, follow_redirects=False
    )
    assert first.status_code == 303
    again = site.post(f"/sign-in/link/{secret}", data={"csrf_token": token_of(page.text)})
    assert again.status_code == 401
    assert "has been used" in again.text


def test_the_api_answers_a_bad_bearer_token_with_401(site: TestClient, db: Database) -> None:
    bad = site.get("/api/v1/trusts", headers={"Authorization": "Bearer cw_not-a-token"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == 'Bearer realm="carewatch"'
    assert bad.json()["message"].startswith("the bearer token is not valid")
    token, _ = access.create_token(db, OPERATOR, "amira@rmy.example")
    good = site.get("/api/v1/trusts", headers={"Authorization": f"Bearer {token}"})
    assert good.status_code == 200


def test_disabling_a_user_refuses_their_token_and_ends_their_session(
    site: TestClient, db: Database
) -> None:
    token, _ = access.create_token(db, OPERATOR, "amira@rmy.example")
    headers = {"Authorization": f"Bearer {token}"}
    assert site.get("/api/v1/trusts", headers=headers).status_code == 200
    assert sign_in(site, "amira@rmy.example", PASSWORD).status_code == 303
    assert "Amira Khan" in site.get("/").text

    access.disable_user(db, OPERATOR, "amira@rmy.example")
    refused = site.get("/api/v1/trusts", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["message"].startswith("the bearer token is not valid")
    assert "Amira Khan" not in site.get("/").text
