"""The performance report pages on the worked example, through the test client, on SQLite
and PostgreSQL: the summary icon table first, each row linking to its chart; the chart as SVG
with its data as a table; phases, annotations and data versions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from starlette.testclient import TestClient

from carewatch.demo import synthetic
from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.services.metrics import import_metrics
from carewatch.store.database import Database
from tests.actors import OPERATOR

SYNTHETIC = synthetic.TRUSTS[0].provider_id


def test_the_summary_icon_table(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY/performance")
    assert response.status_code == 200
    html = response.text
    assert '<table class="nhsuk-table cw-icon-table" id="summary-icons">' in html
    assert 'href="/trusts/RMY/performance/cyp_triage_wait"' in html
    assert (
        'aria-current="page" class="cw-subnav__link cw-subnav__link--current">Performance report'
        in html
    )
    # Illustrative series are labelled in the table.
    assert html.count("Illustrative</strong>") >= 12
    # No inline styles or scripts: the Content Security Policy forbids them.
    assert "style=" not in html
    assert "<script>" not in html


def test_a_metric_page_has_the_chart_its_table_and_its_phases(demo_client: TestClient) -> None:
    html = demo_client.get("/trusts/RMY/performance/cyp_triage_wait").text
    assert '<svg id="spc-chart" class="cw-spc"' in html
    assert 'id="spc-data"' in html
    # 36 months in the table (one row each) and 36 points drawn.
    table = html.split('id="spc-data"')[1].split("</table>")[0]
    assert table.count('<tr class="nhsuk-table__row">') == 36 + 1
    assert "R1: limits recalculated from 31 July 2020 – New CYP triage pathway" in html
    assert "A1: New CYP triage pathway (illustrative) (1 July 2020)." in html
    assert 'id="data-versions"' in html
    assert "Illustrative data" in html


def test_the_same_icons_in_table_chart_and_api(demo_client: TestClient) -> None:
    api = demo_client.get("/api/v1/trusts/RMY/metrics/pos_staffing_fill_rate/spc").json()
    codes = {api["variation_icon"]["code"], api["assurance_icon"]["code"]}
    summary = demo_client.get("/trusts/RMY/performance").text
    row = summary.split('id="metric-pos_staffing_fill_rate"')[1].split("</tr>")[0]
    detail = demo_client.get("/trusts/RMY/performance/pos_staffing_fill_rate").text
    for html in (row, detail):
        shown = set(re.findall(r'cw-mdc-icon--([a-z-]+)"', html))
        assert shown == codes


def test_a_bad_date_is_an_error_summary(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY/performance", params={"as_of": "yesterday"})
    assert response.status_code == 422
    assert "Enter a real date, for example 31 December 2020 or 31/12/2020" in response.text


def test_unknown_metric_page_is_404(demo_client: TestClient) -> None:
    assert demo_client.get("/trusts/RMY/performance/no_such_metric").status_code == 404


def test_a_revised_value_is_marked_and_its_earlier_version_kept(
    demo_db: Database, demo_client: TestClient, tmp_path: Path
) -> None:
    revision = tmp_path / "march-revised.csv"
    revision.write_text(
        ",".join(TEMPLATE_COLUMNS)
        + "\nRMY,,cyp_triage_wait,2022-03-01,2022-03-31,4.5,,,revised board report\n",
        encoding="utf-8",
    )
    import_metrics(
        db=demo_db,
        batch=read_metric_csv(revision, publication="Board report, May 2022 (revised)"),
        published_on=dt.date(2022, 5, 20),
        actor=OPERATOR,
    )
    html = demo_client.get("/trusts/RMY/performance").text
    row = html.split('id="metric-cyp_triage_wait"')[1].split("</tr>")[0]
    assert "4.5 days" in row
    assert "Revised</strong>" in row
    detail = demo_client.get("/trusts/RMY/performance/cyp_triage_wait").text
    last = detail.split('id="spc-data"')[1].split("</table>")[0].split("<tr")[-1]
    assert "Board report, May 2022 (revised)" in last
    assert "Earlier: 6.1 in Illustrative series" in last
    # As published before the revision, the board saw the illustrative value.
    before = demo_client.get("/trusts/RMY/performance", params={"as_of": "2022-05-19"}).text
    assert (
        "Revised</strong>" not in before.split('id="metric-cyp_triage_wait"')[1].split("</tr>")[0]
    )


def test_a_trust_without_metrics(demo_client: TestClient) -> None:
    response = demo_client.get(f"/trusts/{SYNTHETIC}/performance")
    assert response.status_code == 200
    assert "No metrics are stored for this trust yet." in response.text
