"""Route tests through the app's test client: pages, the aggregate API, errors and headers."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from carewatch.domain.ratings import RULESETS, CountRuleSet


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_rules_page_lists_every_rule_set_with_thresholds_and_sources(client: TestClient) -> None:
    response = client.get("/rules")
    assert response.status_code == 200
    page = response.text
    for ruleset in RULESETS.values():
        assert f'id="{ruleset.id}"' in page
        for principle in ruleset.principles:
            assert principle.statement.replace("'", "&#39;") in page
            assert f'href="{principle.source}"' in page
    nhs = RULESETS["nhs-trust-2022"]
    assert isinstance(nhs, CountRuleSet)
    text = _text(page)
    # The 4–8 band of the Outstanding table: two Outstanding ratings, confirmed.
    assert "4–8 2 Outstanding (the rest Good) Confirmed" in text
    assert "88–100% Outstanding" in text


def test_every_form_control_on_the_rules_page_has_a_label(client: TestClient) -> None:
    page = client.get("/rules").text
    ids = re.findall(r'<select[^>]*id="([^"]+)"', page)
    assert len(ids) == 1 + 9 + 34  # rule set, nine ratings, 34 quality statements
    for control in ids:
        assert f'for="{control}"' in page


def test_try_the_rules_shows_aggregate_rule_and_reason(client: TestClient) -> None:
    response = client.post(
        "/rules",
        data={
            "framework": "legacy",
            "ruleset": "nhs-trust-2022",
            "rating_1": "Good",
            "rating_2": "Inadequate",
            "rating_3": "Inadequate",
            "rating_4": "Good",
            "rating_5": "Good",
        },
    )
    assert response.status_code == 200
    text = _text(response.text)
    # Two Inadequate of five meets the 4–8 band's threshold of two (HSJ 2017: 40 per cent).
    assert "Overall Inadequate Rule nhs-trust-2022 C3" in text
    assert "2 of 5 ratings are Inadequate" in text
    # The choices stay selected.
    assert '<option value="Inadequate" selected>' in response.text


def test_try_the_rules_with_adult_social_care_breach(client: TestClient) -> None:
    response = client.post(
        "/rules",
        data={
            "framework": "legacy",
            "ruleset": "adult-social-care-2022",
            **{f"rating_{i}": "Outstanding" for i in range(1, 6)},
            "breach": "yes",
        },
    )
    assert response.status_code == 200
    assert "Overall Requires improvement" in _text(response.text)


def test_try_the_saf_scores(client: TestClient) -> None:
    # Well-led 2,3,2,2,3,2,3,2 = 19 of 32 = 59.4% → 59, Requires improvement (CQC's 39–62 band).
    scores = dict(zip(["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"], "23223232", strict=True))
    response = client.post(
        "/rules", data={"framework": "saf", **{f"score_{k}": v for k, v in scores.items()}}
    )
    assert response.status_code == 200
    text = _text(response.text)
    assert "Well-led 59% (19 of 32) Requires improvement" in text


def test_empty_form_is_an_error_linked_to_the_first_box(client: TestClient) -> None:
    response = client.post("/rules", data={"framework": "legacy"})
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#rating_1"' in response.text
    assert "<title>Error: How ratings are calculated" in response.text


def test_form_with_an_unknown_rating_names_its_box(client: TestClient) -> None:
    response = client.post("/rules", data={"rating_1": "Good", "rating_4": "Brilliant"})
    assert response.status_code == 422
    assert 'href="#rating_4"' in response.text
    assert "unknown rating &#39;Brilliant&#39;" in response.text


def test_api_aggregate_matches_the_engine_documents(client: TestClient) -> None:
    response = client.post(
        "/api/v1/ratings/aggregate",
        json={
            "framework": "legacy",
            "key_questions": {
                "safe": "Outstanding",
                "effective": "Outstanding",
                "caring": "Good",
                "responsive": "Good",
                "well-led": "Good",
            },
        },
    )
    assert response.status_code == 200
    assert response.json()["overall"]["rating"] == "Outstanding"
    # Two Outstanding of five, the rest Good: the 4–8 band needs two (CQC, confirmed).
    assert response.json()["overall"]["rule"] == "nhs-trust-2022 C1"


@pytest.mark.parametrize(
    ("body", "field", "message_part"),
    [
        ({"ratings": ["Good", "Fine"]}, "ratings[1]", "unknown rating 'Fine'"),
        ({"framework": "nope"}, "framework", "expected one of"),
        ({"ratings": []}, "ratings", "no ratings"),
        ({"framework": "saf", "scores": {"safe": {"S1": 9}}}, "scores.safe.S1", ""),
        ({}, None, "expected one of"),
    ],
)
def test_api_aggregate_invalid_documents_are_422_naming_the_field(
    client: TestClient, body: dict[str, object], field: str | None, message_part: str
) -> None:
    response = client.post("/api/v1/ratings/aggregate", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert message_part in response.json()["message"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "the body is not valid JSON"), (b"[1, 2]", "the body must be a JSON object")],
)
def test_api_bodies_that_are_not_objects_are_422(
    client: TestClient, content: bytes, message: str
) -> None:
    response = client.post(
        "/api/v1/ratings/aggregate", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["message"] == message
    assert set(response.json()) == {"message", "field"}


def test_api_unknown_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"message": "There is nothing at this address.", "field": None}


def test_api_wrong_method_is_json_405(client: TestClient) -> None:
    response = client.get("/api/v1/ratings/aggregate")
    assert response.status_code == 405
    assert response.json()["field"] is None


def test_unknown_page_is_a_design_system_404(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in response.text
    assert 'class="nhsuk-header"' in response.text


def test_security_headers_on_pages_api_and_static(client: TestClient) -> None:
    for path in ("/rules", "/api/v1/openapi.json", "/static/css/carewatch.css", "/missing"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp


def test_pages_load_nothing_from_other_sites_and_run_no_inline_script(client: TestClient) -> None:
    page = client.get("/rules").text
    assert re.findall(r'(?:src|href)="(https?:)?//[^"]*"[^>]*rel="stylesheet"', page) == []
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/static/' in tag
    assert re.search(r"<script[^>]*>\s*[^<\s]", page) is None  # no inline script bodies
    assert " style=" not in page


def test_layout_has_landmarks_skip_link_navigation_and_licence(client: TestClient) -> None:
    page = client.get("/rules").text
    assert 'href="#maincontent"' in page
    assert '<main class="nhsuk-main-wrapper" id="maincontent">' in page
    assert 'role="banner"' in page
    assert 'role="contentinfo"' in page
    assert ">carewatch</a>" in page
    text = _text(page)
    for item in ("National picture", "Rules", "API"):
        assert item in text
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0" in text
    )
    assert 'aria-current="page"' in page


def test_openapi_document_and_local_docs_page(client: TestClient) -> None:
    openapi = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ratings/aggregate" in openapi["paths"]
    assert not any(path.startswith("/rules") for path in openapi["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/api/v1/ratings/aggregate" in docs.text
    assert "cdn" not in docs.text.lower()
