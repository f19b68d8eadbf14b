"""Fixtures for the web tests: the app and its test client, on an empty SQLite database or,
with the worked example loaded, on SQLite and on PostgreSQL (the shared `db` fixture)."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # Starlette asks for its httpx fork, httpx2, which is not locked; plain httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import Database
from carewatch.web.app import create_app
from carewatch.web.identity import SESSION_COOKIE
from tests.functional.web.browser_support import AXE, CHROMIUM

TEST_HOSTS = ("testserver", "localhost")
"""The hosts the test client sends: its default, and the one tests name for a real origin."""


def database_url(db: Database) -> str:
    """The URL the app opens `db` with (password kept: the test server uses trust auth)."""
    return db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on an empty, freshly migrated SQLite database."""
    app = create_app(
        database_url=f"sqlite:///{tmp_path / 'carewatch.db'}", allowed_hosts=TEST_HOSTS
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def demo_client(demo_db: Database) -> Iterator[TestClient]:
    """The app on the worked example, on SQLite and on PostgreSQL. Server errors are raised,
    so a fault shows its traceback here rather than a 500 page."""
    app = create_app(database_url=database_url(demo_db), allowed_hosts=TEST_HOSTS)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian chromium, headless, driven by Playwright; skipped with the reason when absent."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    if not AXE.exists():
        pytest.skip("static/vendor is not built: run make frontend")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page whose console errors are collected in `page.console_errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


OPERATOR = Actor.operator("tests")


def sign_in_as(
    client: TestClient, db: Database, *, role: str = "trust_viewer", organisation: str = "RMY"
) -> Actor:
    """Sign `client` in as a new user with `role` in `organisation`, through a one-time link
    (no password to hash), and return who they are."""
    email = f"{role}.{organisation.lower()}.{uuid.uuid4().hex[:8]}@example.org"
    access.add_user(
        db, OPERATOR, email=email, name=f"Test {role}", role=role, organisation=organisation
    )
    session = access.sign_in_with_link(db, access.create_sign_in_link(db, OPERATOR, email))
    client.cookies.set(SESSION_COOKIE, session.token)
    return session.actor


def bearer(db: Database, *, role: str = "regulator", organisation: str = "CQC") -> dict[str, str]:
    """An Authorization header for a new user with `role` in `organisation`."""
    email = f"{role}.{organisation.lower()}.{uuid.uuid4().hex[:8]}@example.org"
    access.add_user(
        db, OPERATOR, email=email, name=f"Test {role}", role=role, organisation=organisation
    )
    token, _ = access.create_token(db, OPERATOR, email)
    return {"Authorization": f"Bearer {token}"}
