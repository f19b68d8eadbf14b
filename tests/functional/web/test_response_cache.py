"""Cached pages are exactly what the routes would render now: a write shows at once."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from carewatch.domain.ratings import Aspect, Rating
from carewatch.services.ratings import record_rating
from carewatch.store.database import Database
from tests.actors import OPERATOR


def test_a_write_is_visible_on_the_next_request(demo_db: Database, demo_client: TestClient) -> None:
    first = demo_client.get("/api/v1/trusts/RMY/grid").json()
    assert first["summary_row"]["cells"]["overall"]["rating"] == "Requires improvement"
    assert demo_client.get("/api/v1/trusts/RMY/grid").json() == first  # served again
    record_rating(
        db=demo_db,
        provider_id="RMY",
        aspect=Aspect.OVERALL,
        rating=Rating.GOOD,
        rating_date=dt.date(2026, 6, 1),
        source="test",
        actor=OPERATOR,
    )
    after = demo_client.get("/api/v1/trusts/RMY/grid").json()
    assert after["summary_row"]["cells"]["overall"]["rating"] == "Good"
    assert after["summary_row"]["cells"]["overall"]["rating_date"] == "2026-06-01"
    page = demo_client.get("/trusts/RMY").text
    assert "Rated Good overall, published 1 June 2026" in page


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


def test_each_query_string_is_its_own_page(demo_client: TestClient) -> None:
    everyone = demo_client.get("/api/v1/trusts").json()
    norfolk = demo_client.get("/api/v1/trusts?q=Norfolk").json()
    assert everyone["count"] == 7
    assert [t["provider_id"] for t in norfolk["data"]] == ["RMY"]
