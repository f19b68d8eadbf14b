"""Single sign-on end to end against a real OpenID Connect provider started on loopback
(oidc-provider-mock: Authlib's provider in a Flask app), on SQLite and PostgreSQL: the
browser goes to the provider, signs in there, comes back with a code that the site exchanges
and checks, and is signed in as the carewatch user the provider vouches for."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import Database
from carewatch.web.app import create_app
from carewatch.web.oidc import OidcSettings
from tests.functional.web.conftest import TestClient, database_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the provider imports Authlib's deprecated jose module
    from oidc_provider_mock import User, run_server_in_thread

OPERATOR = Actor.operator("deploy")
PEOPLE = [
    User(
        sub="amira-sub",
        claims={"email": "amira@rmy.example", "email_verified": True, "name": "Amira"},
    ),
    User(sub="mallory-sub", claims={"email": "amira@rmy.example", "email_verified": False}),
    User(
        sub="new-sub",
        claims={
            "email": "nadia@raa.example",
            "email_verified": True,
            "name": "Nadia Ali",
            "carewatch_org": "RAA",
            "carewatch_role": "trust_viewer",
        },
    ),
    User(sub="stranger-sub", claims={"email": "stranger@rmy.example", "email_verified": True}),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with run_server_in_thread(user_claims=PEOPLE) as server:
            yield f"http://localhost:{server.server_port}"


@pytest.fixture
def site(db: Database, provider: str) -> Iterator[TestClient]:
    access.add_user(
        db, OPERATOR, email="amira@rmy.example", name="Amira Khan", role="trust_editor",
        organisation="RMY",
    )  # fmt: skip
    settings = OidcSettings(
        discovery_url=f"{provider}/.well-known/openid-configuration",
        client_id="carewatch",
        client_secret="test-secret",
        name="the test provider",
        organisation_claim="carewatch_org",
        role_claim="carewatch_role",
    )
    app = create_app(database_url=database_url(db), oidc=settings)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def sign_on(site: TestClient, subject: str) -> Any:
    """Go to the provider, sign in there as `subject`, and come back to the site."""
    start = site.get("/sign-in/oidc", follow_redirects=False)
    assert start.status_code == 302
    authorise = start.headers["location"]
    # The provider's own form, posted as the browser would.
    answer = httpx.post(authorise, data={"sub": subject}, follow_redirects=False)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["location"])
    return site.get(f"{back.path}?{back.query}", follow_redirects=False)


def test_the_sign_in_page_offers_the_provider(site: TestClient) -> None:
    assert "Sign in with the test provider" in site.get("/sign-in").text


def test_a_known_user_signs_on_and_is_named(site: TestClient) -> None:
    done = sign_on(site, "amira-sub")
    assert done.status_code == 303
    assert "httponly" in done.headers["set-cookie"].lower()
    assert "Amira Khan (Trust editor, RMY)" in site.get("/").text


def test_an_unverified_email_signs_no_one_in(site: TestClient) -> None:
    refused = sign_on(site, "mallory-sub")
    assert refused.status_code == 403
    assert "not a carewatch user" in refused.text
    assert "Amira Khan" not in site.get("/").text


def test_claims_mapped_to_a_role_add_the_user(site: TestClient, db: Database) -> None:
    done = sign_on(site, "new-sub")
    assert done.status_code == 303
    assert "Nadia Ali (Trust viewer, RAA)" in site.get("/").text
    assert access.actor_for_email(db, "nadia@raa.example").trust == "RAA"


def test_someone_with_no_account_and_no_role_claims_is_refused(site: TestClient) -> None:
    assert sign_on(site, "stranger-sub").status_code == 403


def test_a_callback_without_the_flows_state_is_refused(site: TestClient) -> None:
    forged = site.get("/sign-in/oidc/callback?code=abc&state=forged", follow_redirects=False)
    assert forged.status_code == 401
    assert "did not complete" in forged.text
