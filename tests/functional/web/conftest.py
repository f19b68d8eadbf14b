"""Fixtures for the web tests: the app and its test client, on an empty SQLite database or,
with the worked example loaded, on SQLite and on PostgreSQL (the shared `db` fixture)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # Starlette asks for its httpx fork, httpx2, which is not locked; plain httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.browser_support import AXE, CHROMIUM


def database_url(db: Database) -> str:
    """The URL the app opens `db` with (password kept: the test server uses trust auth)."""
    return db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on an empty, freshly migrated SQLite database."""
    app = create_app(database_url=f"sqlite:///{tmp_path / 'carewatch.db'}")
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def demo_client(demo_db: Database) -> Iterator[TestClient]:
    """The app on the worked example, on SQLite and on PostgreSQL. Server errors are raised,
    so a fault shows its traceback here rather than a 500 page."""
    with TestClient(create_app(database_url=database_url(demo_db))) as test_client:
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
