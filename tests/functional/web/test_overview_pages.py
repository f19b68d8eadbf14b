"""The trust's page answers "is it getting better?" first, then what changed, then what is
there today; the brief for a Member of Parliament; both on the worked example."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_verdict_and_its_evidence_come_first(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY", params={"as_of": "2026-12-07"})
    assert response.status_code == 200
    html = response.text
    order = [html.index(marker) for marker in (
        'id="verdict-heading"', 'id="changes-heading"', 'id="today"', 'id="grid"'
    )]  # fmt: skip
    assert order == sorted(order)
    assert '<strong class="cw-verdict__label" id="verdict-label">Mixed</strong>' in html
    # Each part links to the page with its detail.
    for href in ("/trusts/RMY/history", "/trusts/RMY/timeline", "/trusts/RMY/enforcement",
                 "/trusts/RMY/improvement-plan/public", "/trusts/RMY/performance",
                 "/trusts/RMY/incidents/summary"):  # fmt: skip
        assert f'href="{href}" class="cw-evidence__link"' in html
    words = text_of(html)
    assert "From NHS Oversight Framework segment 4 to NHS Oversight Framework segment 3" in words


def test_stale_evidence_is_named_with_its_date(demo_client: TestClient, shared_data: Path) -> None:
    # The out-of-area placements figures are NHS Digital's, loaded from the shared data.
    words = text_of(demo_client.get("/trusts/RMY", params={"as_of": "2026-12-07"}).text)
    assert (
        "The latest figures for out of area placements active at period end and inappropriate "
        "out of area placement bed days are from February 2017."
    ) in words


def test_a_date_that_is_not_one_is_refused(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY", params={"as_of": "31/13/2020"})
    assert response.status_code == 422
    assert "Enter a real date, for example 31 December 2020 or 31/12/2020" in response.text


def test_the_brief_for_a_member_of_parliament(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY/brief", params={"as_of": "2026-12-07"})
    assert response.status_code == 200
    words = text_of(response.text)
    assert "Brief for a Member of Parliament · public data only" in words
    assert (
        "Significant progress by late January 2019 the chief executive of Norfolk and Suffolk "
        "NHS Foundation Trust, as CQC told the call 1 December 2018 31 January 2019 Not "
        "recorded as kept; overdue"
    ) in words
    assert "Questions the evidence raises" in words
    assert (
        "What became of the 22 must-dos from February 2015 to November 2018 with no actions "
        "recorded?"
    ) in words
    # No one below the board is named, and no incident's or comment's words appear.
    assert "Peggy" not in words


def test_the_brief_as_of_january_2020_asks_about_the_open_must_dos(
    demo_client: TestClient,
) -> None:
    response = demo_client.get("/trusts/RMY/brief", params={"as_of": "2020-03-01"})
    words = text_of(response.text)
    assert "Why are 5 of 5 must-dos from January 2020 still open?" in words
