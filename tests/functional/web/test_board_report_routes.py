"""The board report's web routes on the worked example, on SQLite and PostgreSQL: the PDF,
the printable page under the Content Security Policy, its stylesheet, and the links from the
performance report."""

from __future__ import annotations

from starlette.testclient import TestClient


def test_the_web_routes(demo_client: TestClient) -> None:
    pdf = demo_client.get("/trusts/RMY/board-report.pdf", params={"period": "2022-Q2"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "RMY-board-report-2022-06-30.pdf" in pdf.headers["content-disposition"]
    page = demo_client.get("/trusts/RMY/board-report", params={"as_of": "2021-03-31"})
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/board-report.css">' in page.text
    # The Content Security Policy forbids inline styles and scripts.
    assert "<style>" not in page.text
    assert "style=" not in page.text
    assert "<script" not in page.text
    assert 'id="overdue-actions"' in page.text
    css = demo_client.get("/board-report.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "@page" in css.text
    assert demo_client.get("/trusts/RMY/board-report", params={"period": "Q9"}).status_code == 422
    assert demo_client.get("/trusts/RZZ/board-report.pdf").status_code == 404
    performance = demo_client.get("/trusts/RMY/performance").text
    assert 'href="/trusts/RMY/board-report.pdf"' in performance
    assert 'href="/trusts/RMY/board-report"' in performance
