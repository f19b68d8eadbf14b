"""Cached pages are what the routes would render now, on SQLite and PostgreSQL: a write made
through the site shows on the next request, one made elsewhere once the process's staleness
window has passed; the data version is read off the event loop, at most once a window; only
the query parameters a page reads make a page of its own."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from carewatch.domain.ratings import Aspect, Rating
from carewatch.services.ratings import record_rating
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR
from tests.functional.web.conftest import TEST_HOSTS, database_url


def rate_rmy_good(db: Database) -> None:
    """A write made outside the site, as another process (or the CLI) would make it."""
    record_rating(
        db=db,
        provider_id="RMY",
        aspect=Aspect.OVERALL,
        rating=Rating.GOOD,
        rating_date=dt.date(2026, 6, 1),
        source="test",
        actor=OPERATOR,
    )


def overall(client: TestClient) -> str:
    rating: str = client.get("/api/v1/trusts/RMY/grid").json()["summary_row"]["cells"]["overall"][
        "rating"
    ]
    return rating


@pytest.fixture
def patient_app(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    """The site trusting the data version it read for a minute, as the environment says."""
    monkeypatch.setenv("CAREWATCH_CACHE_STALENESS_MS", "60000")
    app = create_app(database_url=database_url(demo_db), allowed_hosts=TEST_HOSTS)
    yield app
    app.state.database.dispose()  # also when no test client ran the app's shutdown


def test_with_no_window_a_write_elsewhere_is_visible_on_the_next_request(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREWATCH_CACHE_STALENESS_MS", "60000")
    app = create_app(
        database_url=database_url(demo_db), allowed_hosts=TEST_HOSTS, cache_staleness=0
    )
    with TestClient(app) as demo_client:
        first = demo_client.get("/api/v1/trusts/RMY/grid").json()
        assert first["summary_row"]["cells"]["overall"]["rating"] == "Requires improvement"
        assert demo_client.get("/api/v1/trusts/RMY/grid").json() == first  # served again
        rate_rmy_good(demo_db)
        after = demo_client.get("/api/v1/trusts/RMY/grid").json()
        assert after["summary_row"]["cells"]["overall"]["rating"] == "Good"
        assert after["summary_row"]["cells"]["overall"]["rating_date"] == "2026-06-01"
        page = demo_client.get("/trusts/RMY").text
        assert "Rated Good overall, published 1 June 2026" in page


def test_within_the_window_a_write_elsewhere_waits_but_one_through_the_site_shows_at_once(
    demo_db: Database, patient_app: FastAPI
) -> None:
    with TestClient(patient_app) as client:
        assert overall(client) == "Requires improvement"
        rate_rmy_good(demo_db)
        assert overall(client) == "Requires improvement"  # within the window: as it was
        # Any write request the site answers (here refused: the public cannot move actions)
        # makes the next request read the version again.
        assert client.post("/api/v1/actions/1/moves", json={"to": "closed"}).status_code == 401
        assert overall(client) == "Good"


def test_the_version_is_read_off_the_event_loop_once_a_window(patient_app: FastAPI) -> None:
    loop_threads: list[int] = []
    version_reads: list[int] = []

    @patient_app.get("/test-loop-thread")
    async def loop_thread() -> dict[str, str]:
        loop_threads.append(threading.get_ident())
        return {}

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # The version row's own read: other statements name a `data_version_id` column (the
        # metrics' observations, which the trust's overview reads).
        if re.search(r"\bFROM data_version\b", statement):
            version_reads.append(threading.get_ident())

    engine = patient_app.state.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with TestClient(patient_app) as client:
            for path in ["/trusts/RMY", "/api/v1/trusts/RMY/grid", "/"] * 5:
                assert client.get(path).status_code == 200
            client.get("/test-loop-thread")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(version_reads) == 1
    assert loop_threads[0] not in version_reads


@pytest.fixture
def counted(patient_app: FastAPI) -> tuple[FastAPI, list[str]]:
    """The site with one more page, which counts its renders and takes a moment."""
    runs: list[str] = []

    @patient_app.get("/test-slow")
    async def slow(q: str = "") -> dict[str, str]:
        runs.append(q)
        await asyncio.sleep(0.3)
        return {"q": q}

    return patient_app, runs


def test_identical_concurrent_misses_render_once(counted: tuple[FastAPI, list[str]]) -> None:
    app, runs = counted

    async def many() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await asyncio.gather(*(c.get("/test-slow?q=x") for _ in range(12)))

    responses = asyncio.run(many())
    assert [r.status_code for r in responses] == [200] * 12
    assert {r.text for r in responses} == {'{"q":"x"}'}
    assert runs == ["x"]


def test_an_unchanged_page_answers_304_to_its_etag(demo_client: TestClient) -> None:
    first = demo_client.get("/trusts/RMY")
    etag = first.headers["etag"]
    again = demo_client.get("/trusts/RMY", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["content-security-policy"].startswith("default-src 'self'")
    other = demo_client.get("/trusts/RMY", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other.text == first.text


def test_errors_are_not_cached(demo_client: TestClient) -> None:
    assert demo_client.get("/trusts/NOPE").status_code == 404
    assert "etag" not in demo_client.get("/trusts/NOPE").headers


def test_each_query_a_page_reads_is_its_own_page(demo_client: TestClient) -> None:
    everyone = demo_client.get("/api/v1/trusts").json()
    norfolk = demo_client.get("/api/v1/trusts?q=Norfolk").json()
    assert everyone["count"] == 7
    assert [t["provider_id"] for t in norfolk["data"]] == ["RMY"]


def test_parameters_no_page_reads_are_ignored(counted: tuple[FastAPI, list[str]]) -> None:
    app, runs = counted
    with TestClient(app) as client:
        plain = client.get("/trusts/RMY")
        tracked = client.get("/trusts/RMY?utm_source=newsletter&fbclid=abc")
        assert tracked.headers["etag"] == plain.headers["etag"]
        assert tracked.text == plain.text
        for url in ["/test-slow?q=y", "/test-slow?utm_medium=email&q=y", "/test-slow?q=y&x=1"]:
            assert client.get(url).json() == {"q": "y"}
    assert runs == ["y"]


def test_the_sign_in_pages_are_drawn_afresh(demo_client: TestClient) -> None:
    for _ in range(2):
        response = demo_client.get("/sign-in")
        assert response.status_code == 200
        assert "etag" not in response.headers


def test_with_the_cache_switched_off_every_request_is_rendered(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREWATCH_RESPONSE_CACHE", "off")
    app = create_app(database_url=database_url(demo_db), allowed_hosts=TEST_HOSTS)
    statements: list[str] = []
    with TestClient(app) as client:
        event.listen(
            app.state.database.engine,
            "before_cursor_execute",
            lambda *args: statements.append(args[2]),
        )
        first = client.get("/trusts/RMY")
        rendered_once = len(statements)
        again = client.get("/trusts/RMY")
    assert first.status_code == again.status_code == 200
    assert "etag" not in first.headers
    assert rendered_once > 0
    assert len(statements) == 2 * rendered_once  # the second drawn from the database too
