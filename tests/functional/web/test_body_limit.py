"""Request bodies have a ceiling, checked before they are read: 1 MB for every form and JSON
document, room for a 10 MB file on the evidence upload. An anonymous 2 MB post is refused
with 413, not buffered first."""

from __future__ import annotations

from tests.functional.web.conftest import TestClient


def test_a_large_form_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/sign-in", content=b"email=" + b"x" * (2 * 1024 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert response.status_code == 413
    assert "larger than this site accepts (1 MB)" in response.text


def test_a_large_json_document_is_refused(client: TestClient) -> None:
    body = b'{"framework": "legacy", "ratings": [' + b'"Good",' * 300_000 + b'"Good"]}'
    response = client.post(
        "/api/v1/ratings/aggregate", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_body_without_a_length_is_counted_as_it_arrives(client: TestClient) -> None:
    def chunks():  # no Content-Length: sent chunked
        for _ in range(40):
            yield b"x" * 65536

    response = client.post(
        "/sign-in", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


def test_an_evidence_upload_has_room_for_its_file(client: TestClient) -> None:
    url = "/trusts/RMY/improvement-plan/actions/1/evidence"
    over = client.post(url, content=b"x" * (12 * 1024 * 1024))
    assert over.status_code == 413
    under = client.post(url, content=b"x" * (2 * 1024 * 1024))
    assert under.status_code != 413  # refused for other reasons (no trust, no sign-in)


def test_small_requests_pass(client: TestClient) -> None:
    response = client.post(
        "/api/v1/ratings/aggregate",
        json={"framework": "legacy", "ratings": ["Good", "Good", "Requires improvement"]},
    )
    assert response.status_code == 200
