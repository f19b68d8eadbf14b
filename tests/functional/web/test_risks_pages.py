"""The risk register's pages on SQLite and PostgreSQL: the register with its heat map (a
picture and a table of the same counts), filters and the validator's findings for those who
may read it; the public summary, or the sentence saying there is none, for everyone else
(status 200 either way, and never a risk's words); one risk in full; and the board
assurance framework by strategic objective.

The world is the worked example with the trust RXR and its register of `risks_support`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest

from carewatch.services import risks
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR
from tests.functional.web.conftest import TEST_HOSTS, TestClient, database_url, sign_in_as
from tests.functional.web.risks_support import (
    AS_OF,
    CAUSE,
    R1_TITLE,
    R2_TITLE,
    TRUST,
    add_register,
)

PAGE = f"/trusts/{TRUST}/risks"
DAY = {"as_of": AS_OF.isoformat()}


@pytest.fixture
def world(demo_db: Database) -> Database:
    add_register(demo_db)
    return demo_db


@pytest.fixture
def web(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


@pytest.fixture
def viewer(web: TestClient, world: Database) -> TestClient:
    sign_in_as(web, world, role="trust_viewer", organisation=TRUST)
    return web


def _text(page: str) -> str:
    """The page's words as a reader hears them: markup, escapes and the small-screen table
    headings (hidden from assistive technology) taken out."""
    page = re.sub(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>', "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _cell(page: str, likelihood: int, consequence: int) -> str:
    found = re.search(rf'id="cell-{likelihood}-{consequence}">(\d+)<', page)
    assert found, f"no cell {likelihood}x{consequence}"
    return found.group(1)


def test_the_register_shows_the_heat_map_the_risks_and_the_findings(viewer: TestClient) -> None:
    response = viewer.get(PAGE, params=DAY)
    assert response.status_code == 200, response.text[:500]
    page = response.text
    assert 'id="risk-count" role="status">3 risks.' in page
    # The picture and the table hold the same counts: R1 at 3x4, R2 at 4x4, R3 at 1x2.
    assert (_cell(page, 3, 4), _cell(page, 4, 4), _cell(page, 1, 2), _cell(page, 5, 5)) == (
        "1",
        "1",
        "1",
        "0",
    )
    assert 'id="heat-map"' in page
    assert "3 risks by likelihood and consequence" in page
    text = _text(page)
    assert R1_TITLE in text
    assert R2_TITLE in text
    assert "R1: " + R1_TITLE in text
    findings = _text(page.split('id="findings"', 1)[1].split("</ul>", 1)[0])
    assert "R2 : Above target with no open action" in findings
    assert "R2 : Above target with no assurance" in findings
    assert "R1" not in findings.replace("R2", "")  # R1 has its action and assurances
    assert 'aria-current="page" class="cw-subnav__link cw-subnav__link--current">Risk register' in (
        page
    )


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"band": "extreme"}, ["R2"]),
        ({"band": "high"}, ["R1"]),
        ({"category": "finance"}, ["R3"]),
        ({"overdue": "yes"}, ["R2"]),
        ({"category": "quality", "band": "low"}, []),
    ],
)
def test_the_filters_narrow_the_register_and_its_heat_map(
    viewer: TestClient, params: dict[str, str], shown: list[str]
) -> None:
    page = viewer.get(PAGE, params={**DAY, **params}).text
    listed = re.findall(r'<a href="/trusts/RXR/risks/(R\d+)">', page.split('id="register"')[-1])
    assert sorted(set(listed)) == shown if shown else 'id="register"' not in page
    if shown:
        counts = [int(n) for n in re.findall(r'id="cell-\d-\d">(\d+)<', page)]
        assert sum(counts) == len(shown)


def test_a_filter_that_cannot_be_read_is_named_on_the_page(viewer: TestClient) -> None:
    # No reader takes a thirteenth month.
    response = viewer.get(PAGE, params={"band": "purple", "as_of": "31/13/2020"})
    assert response.status_code == 422
    assert "Choose a band from the list" in response.text
    assert "Enter a real date, for example" in response.text


def test_the_public_see_only_a_sentence_until_the_trust_publishes(
    web: TestClient, world: Database
) -> None:
    response = web.get(PAGE)
    assert response.status_code == 200
    assert "This trust does not publish its risk register." in response.text
    assert R1_TITLE not in response.text
    risks.publish_risk_summary(db=world, actor=OPERATOR, trust=TRUST, publish=True)
    published = web.get(PAGE)
    assert published.status_code == 200
    text = _text(published.text)
    assert "3 risks by category and band" in text
    # Quality: one high (R1); patient safety: one extreme (R2); finance: one low (R3).
    assert "Quality 0 0 1 0 1" in text
    assert "Patient safety 0 0 0 1 1" in text
    assert "Finance 1 0 0 0 1" in text
    for words in (R1_TITLE, R2_TITLE, CAUSE, "Director of operations"):
        assert words not in published.text


def test_another_trusts_staff_see_the_public_page(web: TestClient, world: Database) -> None:
    sign_in_as(web, world, role="trust_editor", organisation="RMY")
    response = web.get(PAGE)
    assert response.status_code == 200
    assert "does not publish its risk register" in response.text


def test_a_risk_page_shows_the_risk_in_full(viewer: TestClient) -> None:
    response = viewer.get(f"{PAGE}/R1", params=DAY)
    assert response.status_code == 200, response.text[:500]
    page = response.text
    text = _text(page)
    assert R1_TITLE in text
    assert CAUSE in text
    assert "children wait beyond 18 weeks" in text
    assert "Director of operations" in text
    assert "Chief operating officer" in text
    assert "Quality committee" in text
    assert "20 (5 × 4) Extreme" in _text(page.split('id="score-initial"')[1].split("</dd>")[0])
    assert "12 (3 × 4) High" in _text(page.split('id="score-current"')[1].split("</dd>")[0])
    assert "8 (2 × 4) High" in _text(page.split('id="score-target"')[1].split("</dd>")[0])
    # 13 scorings: an XmR chart, with its table of every scoring.
    assert "current score: SPC chart for RXR" in page
    assert page.split('id="history"')[1].split("</table>")[0].count("<tr") == 14
    assert "Weekly waiting-list review" in text
    assert (
        "Management (first line) 1 March 2020 : Weekly waiting-list report to the operations "
        "board Positive Oversight (second line) None recorded."
    ) in text
    assert "Internal audit of waiting-list management: limited assurance Negative" in text
    assert "Gap in assurance: No audit of the waiting list's accuracy" in text
    assert "RR-MD1/A1: Recruit to the children's teams" in text
    assert 'id="contradiction"' not in page


def test_a_short_history_is_a_plain_line(viewer: TestClient) -> None:
    page = viewer.get(f"{PAGE}/R2", params=DAY).text
    assert "Current score at each scoring" in page
    assert "SPC chart" not in page
    assert "Above target with no open action" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), (("trust_editor", "RMY"), 403), (("regulator", "CQC"), 200)],
)
def test_a_risk_page_is_for_those_who_may_read_the_register(
    web: TestClient, world: Database, who: tuple[str, str] | None, status: int
) -> None:
    if who:
        sign_in_as(web, world, role=who[0], organisation=who[1])
    assert web.get(f"{PAGE}/R1").status_code == status
    assert web.get(f"{PAGE}/baf").status_code == status


def test_an_unknown_risk_is_not_found(viewer: TestClient) -> None:
    assert viewer.get(f"{PAGE}/R99").status_code == 404
    # Identified in 2020: not yet a risk on 1 January 2020.
    assert viewer.get(f"{PAGE}/R2", params={"as_of": "2020-01-01"}).status_code == 404


def test_the_baf_lists_each_objective_with_its_principal_risks(viewer: TestClient) -> None:
    response = viewer.get(f"{PAGE}/baf", params=DAY)
    assert response.status_code == 200
    page = response.text
    so1 = _text(page.split('id="objective-SO1"')[1].split("</section>")[0])
    so2 = _text(page.split('id="objective-SO2"')[1].split("</section>")[0])
    assert "SO1: Deliver timely care" in so1
    assert "cautious" in so1
    assert R1_TITLE in so1
    assert R2_TITLE not in so1
    assert "SO2: Keep the estate safe" in so2
    assert R2_TITLE in so2
    assert "Overspend on agency staff" not in page  # R3 is not a principal risk
    assert "Above target with no assurance" in page


def test_the_worked_examples_risk_shows_its_measures_icons_and_chart(
    web: TestClient, world: Database
) -> None:
    sign_in_as(web, world, role="regulator", organisation="CQC")
    # Its measures' illustrative series count as published in April 2022: read it after.
    page = web.get("/trusts/RMY/risks/NSFT-R1", params={"as_of": "2022-05-31"}).text
    assert "This risk was written to show how carewatch" in page
    assert "current score: SPC chart for RMY" in page
    measures = page.split('id="measures"')[1].split("</ul>")[0]
    assert measures.count("<li>") == 3
    assert measures.count('class="cw-mdc-icon') == 3
    assert '<a href="/trusts/RMY/performance/cyp_treatment_wait">' in measures
    actions = _text(page.split('id="actions"')[1].split("</table>")[0])
    assert "2020-MD3/A2: Clear the backlog of adult ADHD assessments" in actions
