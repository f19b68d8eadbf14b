"""Signing in as people do it, in Debian chromium against the app served on loopback: with a
password through the site's own form, and by single sign-on through a real OpenID Connect
provider started on loopback (oidc-provider-mock), whose own authorisation form the browser
fills in. Also the lock-out after repeated failures, and sign-out ending the session at once:
the old cookie, replayed, no longer signs anyone in."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import connect
from carewatch.web.identity import SESSION_COOKIE
from carewatch.web.oidc import OidcSettings
from tests.functional.web.browser_support import axe_violations, screenshot, serve

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the provider imports Authlib's deprecated jose module
    from oidc_provider_mock import User, run_server_in_thread

pytestmark = pytest.mark.browser

OPERATOR = Actor.operator("tests")
PASSWORD = "amber kestrel under the harbour lights"
EDITOR = "browser.editor@rmy.example"
LOCKED = "browser.locked@rmy.example"
SSO_USER = "browser.sso@rmy.example"
WRONG = "the same answer for everyone"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    people = [
        User(
            sub="sso-sub",
            claims={"email": SSO_USER, "email_verified": True, "name": "Sione Tupou"},
        )
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with run_server_in_thread(user_claims=people) as server:
            yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path, provider: str
) -> Iterator[str]:
    path = tmp_path_factory.mktemp("sign-in-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    for email, name in ((EDITOR, "Bea Editor"), (LOCKED, "Lou Locked"), (SSO_USER, "Sione")):
        access.add_user(
            db, OPERATOR, email=email, name=name, role="trust_editor", organisation="RMY",
            password=None if email == SSO_USER else PASSWORD,
        )  # fmt: skip
    db.dispose()
    settings = OidcSettings(
        discovery_url=f"{provider}/.well-known/openid-configuration",
        client_id="carewatch",
        client_secret="browser-test-secret",
        name="NHS Care Identity (test)",
    )
    with serve(url, oidc=settings) as base:
        yield base


def sign_in_with_password(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def header(page: Any) -> str:
    return str(page.inner_text("header"))


def test_a_password_signs_in_and_sign_out_ends_the_session(page: Any, site: str) -> None:
    page.goto(f"{site}/sign-in")
    assert page.title() == "Sign in – carewatch"
    assert axe_violations(page) == []
    screenshot(page, "sign-in")

    sign_in_with_password(page, site, EDITOR, PASSWORD)
    page.wait_for_url(f"{site}/")
    assert "Bea Editor (Trust editor, RMY)" in header(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"

    page.click("header button:has-text('Sign out')")
    page.wait_for_load_state()
    assert "Bea Editor" not in header(page)
    assert "Sign in" in header(page)
    # The server forgot the session: the old cookie, sent again, signs no one in.
    replay = httpx.get(f"{site}/", cookies={SESSION_COOKIE: cookie["value"]})
    assert replay.status_code == 200
    assert "Bea Editor" not in replay.text


def test_repeated_failures_lock_the_account_with_the_same_answer(page: Any, site: str) -> None:
    def five_failures(email: str) -> list[str]:
        answers = []
        for _ in range(5):
            sign_in_with_password(page, site, email, "not the passphrase at all")
            answers.append(page.inner_text(".nhsuk-error-summary__body"))
        return answers

    known = five_failures(LOCKED)
    assert known[:4] == ["that email and password were not recognised"] * 4
    assert known[4].startswith("too many failed sign-ins: try again after ")
    # An unknown email is answered exactly as a known one, lock-out included.
    assert five_failures("nobody@rmy.example") == known

    # Locked: even the right password is refused now, with the same answer.
    sign_in_with_password(page, site, LOCKED, PASSWORD)
    assert page.inner_text(".nhsuk-error-summary__body") == known[4]
    assert "Lou Locked" not in header(page)
    screenshot(page, "sign-in-locked")
    # Another user is not locked out by it.
    sign_in_with_password(page, site, EDITOR, PASSWORD)
    page.wait_for_url(f"{site}/")
    assert "Bea Editor" in header(page)


def test_single_sign_on_through_the_providers_own_form(page: Any, site: str, provider: str) -> None:
    page.goto(f"{site}/sign-in")
    page.click("text=Sign in with NHS Care Identity (test)")
    page.wait_for_url(f"{provider}/**")
    page.fill("input[name=sub][type=text]", "sso-sub")
    page.click("button:has-text('Authorize')")
    page.wait_for_url(f"{site}/")
    assert "Sione (Trust editor, RMY)" in header(page)
    screenshot(page, "signed-on")
    # The provider's own page logs its missing styles and icon; ours log nothing.
    page.console_errors.clear()
    page.goto(f"{site}/trusts/RMY")
    assert "Sione (Trust editor, RMY)" in header(page)
    assert page.console_errors == []
