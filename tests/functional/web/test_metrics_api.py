"""The metrics API on the worked example, through the test client, on SQLite and PostgreSQL.

Expected values come from the worked example's facts (the catalogue's table in
tests/spec/test_metrics_catalogue.py, the shared files' SOURCE.md, the illustrative series'
definition), never from the API's code.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient


def test_the_catalogue(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/metrics").json()
    assert body["count"] == 18
    triage = body["data"][0]
    assert (triage["code"], triage["polarity"], triage["unit"]) == (
        "cyp_triage_wait",
        "decrease",
        "days",
    )
    assert triage["target_kind"] == "illustrative"
    assert triage["fix_after"] == 12


def test_a_trusts_summary_has_one_row_per_metric_with_data(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts/RMY/metrics").json()
    codes = [r["metric"]["code"] for r in body["data"]]
    assert codes[:3] == ["cyp_triage_wait", "cyp_assessment_wait", "cyp_treatment_wait"]
    triage = body["data"][0]
    assert triage["illustrative"] is True
    assert triage["observations"] == 36
    assert triage["latest_period_end"] == "2022-03-31"
    assert triage["variation_icon"]["code"] in {"common-cause", "improvement-low"}
    assert triage["assurance_icon"]["kind"] in {
        "consistent_pass",
        "consistent_fail",
        "inconsistent",
    }


def test_observations_carry_their_data_version(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts/RMY/metrics/medication_errors_reported").json()
    assert body["count"] == 36
    first = body["data"][0]
    assert (first["period_start"], first["period_end"]) == ("2019-04-01", "2019-04-30")
    # Derived from the worked example's illustrative incidents, counted from 30 April 2022.
    assert first["data_version"]["kind"] == "incidents"
    assert first["data_version"]["published_on"] == "2022-04-30"
    assert "illustrative" in first["source"]
    assert first["revised"] is False


def test_as_published_before_the_series_there_is_nothing(demo_client: TestClient) -> None:
    body = demo_client.get(
        "/api/v1/trusts/RMY/metrics/cyp_triage_wait", params={"as_of": "2022-04-29"}
    ).json()
    assert (body["count"], body["as_of"]) == (0, "2022-04-29")


def test_the_spc_result_and_its_recorded_recalculation(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/trusts/RMY/metrics/cyp_triage_wait/spc").json()
    assert len(body["points"]) == 36
    assert [p["start_x"] for p in body["phases"]] == ["2019-04-30", "2020-07-31"]
    assert body["phases"][1]["reason"] == "New CYP triage pathway from July 2020 (illustrative)"
    # The icons are the same in the chart's result and in the summary row.
    summary = demo_client.get("/api/v1/trusts/RMY/metrics").json()["data"][0]
    assert body["variation_icon"] == summary["variation_icon"]
    assert body["assurance_icon"] == summary["assurance_icon"]
    assert body["variation"] == body["variation_icon"]["kind"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/trusts/NOPE/metrics",
        "/api/v1/trusts/RMY/metrics/no_such_metric",
        "/api/v1/trusts/RMY/metrics/no_such_metric/spc",
    ],
)
def test_unknown_ids_are_404(demo_client: TestClient, url: str) -> None:
    response = demo_client.get(url)
    assert response.status_code == 404
    assert set(response.json()) == {"message", "field"}


def test_an_invalid_date_is_422_naming_the_field(demo_client: TestClient) -> None:
    response = demo_client.get("/api/v1/trusts/RMY/metrics", params={"as_of": "soon"})
    assert response.status_code == 422
    assert response.json()["field"] == "as_of"
