"""Finding a trust as people write it: the initials it is known by ("NSFT"), its name's words
in any order and case ("norfolk suffolk"), and its ODS code in lower case in the address."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

NAME = "Norfolk and Suffolk NHS Foundation Trust"


@pytest.mark.parametrize("search", ["NSFT", "nsft", "norfolk suffolk", "Suffolk norfolk", "rmy"])
def test_the_national_list_finds_the_trust_as_people_write_it(
    demo_client: TestClient, search: str
) -> None:
    found = demo_client.get("/api/v1/trusts", params={"q": search}).json()
    assert [t["provider_id"] for t in found["data"]] == ["RMY"]
    page = demo_client.get("/", params={"q": search})
    assert page.status_code == 200
    assert NAME in page.text


def test_a_search_that_names_no_trust_finds_none(demo_client: TestClient) -> None:
    found = demo_client.get("/api/v1/trusts", params={"q": "norfolk devon"}).json()
    assert found["count"] == 0


@pytest.mark.parametrize("path", ["/trusts/rmy", "/api/v1/trusts/rmy", "/trusts/Rmy/history"])
def test_an_ods_code_in_lower_case_finds_the_trust(demo_client: TestClient, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 200
    assert NAME in response.text


def test_an_unknown_code_is_still_not_found(demo_client: TestClient) -> None:
    assert demo_client.get("/trusts/zzz").status_code == 404
