"""GET /api/v1 answers with the API's index, and every link in it leads somewhere."""

from __future__ import annotations

from tests.functional.web.conftest import TestClient


def test_the_api_address_answers_with_its_index(client: TestClient) -> None:
    response = client.get("/api/v1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    index = response.json()
    assert (index["name"], index["version"]) == ("carewatch API", "1")
    assert index["links"] == {
        "self": "/api/v1",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
        "trusts": "/api/v1/trusts",
        "oversight": "/api/v1/oversight",
        "league_table": "/api/v1/oversight/league-table",
        "metrics": "/api/v1/metrics",
        "ratings_aggregate": "/api/v1/ratings/aggregate",
        "audit": "/api/v1/audit",
    }
    assert client.get("/api/v1/").json() == index


def test_every_link_leads_to_a_route(client: TestClient) -> None:
    links = client.get("/api/v1").json()["links"]
    expected = dict.fromkeys(links, 200)
    expected["audit"] = 401  # needs a bearer token
    expected["ratings_aggregate"] = 405  # POST only
    got = {name: client.get(path).status_code for name, path in links.items()}
    assert got == expected
    assert "/api/v1" in client.get(links["openapi"]).json()["paths"]
