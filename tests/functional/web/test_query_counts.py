"""How many SQL statements a page runs does not grow with the number of trusts.

The national pages (`/`, `/oversight`) and a trust's pages (its ratings page, its improvement
plan, its performance report) are read on the worked example with a few more trusts added
through the services, then again with five times as many: each page must run the same number
of statements both times, and no more than a fixed bound. A page that read one trust at a time
would run more the second time.

The statements are counted on the app's own engine (SQLAlchemy's `before_cursor_execute`),
so the response cache's look-up of the data version counts too; every count is taken on a
request the cache has not seen since the last write, so the page is really rendered.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.incidents import (
    Category,
    Governance,
    Incident,
    NeverEventType,
    PhysicalHarm,
)
from carewatch.domain.oversight import RequirementStatus, WarningRequirement
from carewatch.domain.ratings import Aspect, Rating
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import feedback, incidents, oversight, ratings
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import OPERATOR, TEST_HOSTS, database_url, sign_in_as
from tests.functional.web.feedback_support import LISTENING, MUST_DO, add_comments, add_trust
from tests.functional.web.feedback_support import TRUST as FEEDBACK_TRUST
from tests.functional.web.risks_support import AS_OF as RISKS_AS_OF
from tests.functional.web.risks_support import TRUST as RISKS_TRUST
from tests.functional.web.risks_support import add_register, add_risks
from tests.integration.builders import batch, five, rating

PAGES = {
    "/": 12,
    "/oversight": 16,
    # The overview reads every area once through its public readers (ratings history and
    # grid, the oversight record, the plan, the measures as of today and as of the last
    # inspection, the grid then, the incidents' and feedback's summaries): about 80 statements,
    # none of them per trust, per action or per measure.
    "/trusts/RMY": 110,
    "/trusts/RMY/brief": 110,
    "/trusts/RMY/improvement-plan": 24,
    "/trusts/RMY/performance": 24,
    "/trusts/RMY/timeline": 31,
}
"""Each page and the most statements it may run, whatever the number of trusts."""

FEW, MANY = 6, 30

TIMELINE_BOUND = 31
"""The most statements the timeline page may run, whoever asks, however many incidents."""


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Collect every SQL statement run on `db`'s engine while the block runs."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def add_trusts(db: Database, start: int, count: int) -> None:
    """`count` made-up trusts QC<start>..., each with a location, its own overall and key
    question ratings; every second one in segment 3, every third with a warning notice and
    a commitment overdue, so each has something for its oversight status to read."""
    providers, locations, records = [], [], []
    for n in range(start, start + count):
        pid = f"QC{n:03d}"
        providers.append(
            ProviderRecord(
                pid,
                name=f"Query Count {n:03d} NHS Trust",
                provider_type="NHS Healthcare Organisation",
                trust_type="mental_health",
                region="London",
            )
        )
        locations.append(LocationRecord(f"{pid}01", pid, name=f"Hospital {n:03d}"))
        value = (Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)[n % 3]
        records += [
            *five(pid, [value] * 5, link=None),
            rating(pid, Aspect.OVERALL, value, link=None),
        ]
    ratings.import_batch(
        db=db,
        actor=OPERATOR,
        batch=batch(*records, providers=providers, locations=locations, source=f"qc{start}.csv"),
    )
    for n in range(start, start + count):
        pid = f"QC{n:03d}"
        if n % 2 == 0:
            oversight.record_regime_decision(
                db=db,
                actor=OPERATOR,
                provider_id=pid,
                kind="entered",
                regime_from="none",
                regime_to="segment_3",
                date=dt.date(2022, 1, 10),
            )
        if n % 3 == 0:
            oversight.record_warning_notice(
                db=db,
                actor=OPERATOR,
                provider_id=pid,
                issued=dt.date(2023, 2, 1),
                requirements=[
                    WarningRequirement(
                        "Staff the wards safely", dt.date(2023, 5, 1), RequirementStatus.ACTIVE
                    )
                ],
            )
            oversight.record_commitment(
                db=db,
                actor=OPERATOR,
                provider_id=pid,
                what="Publish the staffing review",
                by="The trust",
                made_on=dt.date(2023, 2, 1),
                due=dt.date(2023, 6, 1),
            )


def page_counts(client: TestClient, db: Database) -> dict[str, int]:
    """How many statements each page runs, rendered afresh (each count starts after a write,
    so the response cache holds nothing for the data version)."""
    counts = {}
    for path in PAGES:
        with counting(db) as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(statements)
    return counts


@pytest.fixture
def app_db(demo_db: Database) -> Iterator[tuple[TestClient, Database]]:
    app = create_app(database_url=database_url(demo_db), allowed_hosts=TEST_HOSTS)
    with TestClient(app) as client:
        yield client, app.state.database


def test_page_query_counts_do_not_grow_with_the_trusts(
    app_db: tuple[TestClient, Database],
) -> None:
    client, db = app_db
    add_trusts(db, 0, FEW)
    few = page_counts(client, db)
    add_trusts(db, FEW, MANY - FEW)
    many = page_counts(client, db)

    assert many == few
    over = {path: n for path, n in many.items() if n > PAGES[path]}
    assert not over, f"pages over their bound of statements: {over} (bounds {PAGES})"


def test_the_added_trusts_are_on_the_national_pages(app_db: tuple[TestClient, Database]) -> None:
    # The counts above are of pages that really list the added trusts.
    client, db = app_db
    add_trusts(db, 0, FEW)
    html = client.get("/oversight").text
    assert html.count("Query Count 0") == FEW
    assert "Query Count 000 NHS Trust" in client.get("/", params={"q": "Query Count"}).text


def test_the_timeline_page_reads_incidents_in_a_fixed_number_of_statements(
    app_db: tuple[TestClient, Database],
) -> None:
    """The trust's timeline reads its incidents and their responses at once: as many made-up
    Never Events again (each with a response moved twice) cost no statement more, for the
    public and for a reader of the trust's incidents."""
    client, db = app_db

    def add_never_events(start: int, count: int) -> None:
        for n in range(start, start + count):
            reference = f"QC-NE-{n:03d}"
            incidents.record_incident(
                db=db,
                actor=OPERATOR,
                incident=Incident(
                    reference=reference,
                    trust="RMY",
                    occurred=dt.date(2023, 1, 2) + dt.timedelta(days=n),
                    reported=dt.date(2023, 1, 2) + dt.timedelta(days=n),
                    category=Category.TREATMENT_PROCEDURE,
                    physical_harm=PhysicalHarm.LOW,
                    governance=Governance(
                        never_event=True, never_event_type=NeverEventType.WRONG_SITE_SURGERY
                    ),
                ),
                source_url="https://news.example/never-events",
            )
            day = dt.date(2023, 1, 3) + dt.timedelta(days=n)
            incidents.respond_incident(
                db=db,
                actor=OPERATOR,
                trust="RMY",
                reference=reference,
                to="decided",
                on=day,
                learning_response="psii",
            )
            incidents.respond_incident(
                db=db, actor=OPERATOR, trust="RMY", reference=reference, to="in_progress", on=day
            )

    def count(path: str) -> int:
        with counting(db) as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        assert "QC-NE-000" in response.text or "wrong site surgery" in response.text
        return len(statements)

    path = "/trusts/RMY/timeline"
    add_never_events(0, FEW)
    public_few = count(path)
    sign_in_as(client, db, role="trust_viewer", organisation="RMY")
    reader_few = count(path)
    client.cookies.clear()
    add_never_events(FEW, MANY - FEW)
    assert count(path) == public_few
    sign_in_as(client, db, role="trust_viewer", organisation="RMY")
    assert count(path) == reader_few
    assert max(public_few, reader_few) <= TIMELINE_BOUND, (public_few, reader_few)


INCIDENTS_PAGE = "/trusts/RMY/incidents"
INCIDENTS_BOUND = 20
"""The most statements the trust's incidents list may run (signing in included)."""


def add_incidents(db: Database, start: int, count: int) -> None:
    """`count` moderate-harm medication errors of RMY, each owing candour, every second one
    with its notification in person given and every third decided on."""
    for n in range(start, start + count):
        reported = dt.date(2024, 1, 4) + dt.timedelta(days=n)
        incidents.record_incident(
            db=db, actor=OPERATOR,
            incident=Incident(
                reference=f"QC-{n:03d}", trust="RMY", occurred=reported, reported=reported,
                category=Category.MEDICATION, physical_harm=PhysicalHarm.MODERATE,
            ),
        )  # fmt: skip
        if n % 2 == 0:
            incidents.record_candour(
                db=db, actor=OPERATOR, trust="RMY", reference=f"QC-{n:03d}", step="verbal",
                on=reported,
            )  # fmt: skip
        if n % 3 == 0:
            incidents.respond_incident(
                db=db, actor=OPERATOR, trust="RMY", reference=f"QC-{n:03d}", to="decided",
                on=reported, learning_response="psii",
            )  # fmt: skip


def incidents_page_count(client: TestClient, db: Database, page: int) -> int:
    with counting(db) as statements:
        response = client.get(INCIDENTS_PAGE, params={"page": page})
    assert response.status_code == 200
    # The page really lists incidents, the added ones first (newest reported).
    assert response.text.count('<tr class="nhsuk-table__row" id="incident-') >= 5
    assert page > 1 or "QC-" in response.text
    return len(statements)


def test_the_incidents_list_query_count_does_not_grow_with_the_incidents(
    app_db: tuple[TestClient, Database],
) -> None:
    client, db = app_db
    sign_in_as(client, db, role="trust_viewer", organisation="RMY")
    add_incidents(db, 0, 5)
    few = incidents_page_count(client, db, 1)
    add_incidents(db, 5, 115)
    many = [incidents_page_count(client, db, page) for page in (1, 2, 3)]
    assert many == [few] * 3
    assert few <= INCIDENTS_BOUND, f"{few} statements, over the bound of {INCIDENTS_BOUND}"


FEEDBACK_PAGE = f"/trusts/{FEEDBACK_TRUST}/feedback"
FEEDBACK_BOUND = 30
"""The most statements a trust's feedback page may run, however many comments and trusts:
the trust (six), its comments, their themes, its services and its you-said-we-did links (five),
the public plan that shows the must-dos those name (about sixteen, as the plan's own page),
and the response cache's data version."""


def add_feedback(db: Database, start: int, count: int) -> None:
    """`count` comments of the feedback tests' trust (RXF), three days apart from January
    2023, from each group in turn, each with two themes, every third negative."""
    groups = ("patient", "family_or_carer", "staff")
    themes = (LISTENING, "Timeliness of care", "Staff manner & personal attributes")
    rows = [
        (
            f"QC-FB-{n:03d}",
            (dt.date(2023, 1, 2) + dt.timedelta(days=3 * n)).isoformat(),
            "friends_and_family_test",
            groups[n % 3],
            ("Adult mental health", "Community")[n % 2],
            f"Comment number {n} about the ward.",
            (themes[n % 3], themes[(n + 1) % 3]),
            "5" if n % 3 == 0 else "2",
        )
        for n in range(start, start + count)
    ]
    add_comments(db, FEEDBACK_TRUST, rows, name=f"qc-{start}.csv")


def feedback_page_count(client: TestClient, db: Database) -> tuple[int, str]:
    with counting(db) as statements:
        response = client.get(FEEDBACK_PAGE)
    assert response.status_code == 200
    return len(statements), response.text


def test_the_feedback_page_query_count_grows_with_neither_comments_nor_trusts(
    app_db: tuple[TestClient, Database],
) -> None:
    client, db = app_db
    add_trust(db)
    feedback.answer_theme(
        db=db, actor=OPERATOR, trust=FEEDBACK_TRUST, theme_name=LISTENING, target=MUST_DO,
        said="Families said they were not listened to.",
    )  # fmt: skip
    add_trusts(db, 0, FEW)
    add_feedback(db, 0, 5)
    few, page = feedback_page_count(client, db)
    assert 'id="feedback-count">5<' in page
    add_trusts(db, FEW, MANY - FEW)
    add_feedback(db, 5, 115)
    many, page = feedback_page_count(client, db)
    # The page really reads them all: 120 comments over more than a year, with an XmR chart.
    assert 'id="feedback-count">120<' in page
    assert 'id="theme-1-variation"' in page
    assert many == few
    assert few <= FEEDBACK_BOUND, f"{few} statements, over the bound of {FEEDBACK_BOUND}"


RISK_PAGES_LIST = f"/trusts/{RISKS_TRUST}/risks"
RISK_PAGES = {RISK_PAGES_LIST: 36, f"/trusts/{RISKS_TRUST}/risks/R1": 28}
"""The most statements the risk register's page and a risk's page may run, however many
risks and trusts (36 and 27 measured on SQLite, 31 and 23 on PostgreSQL): the signed-in
session and the trust (about ten); the register, one statement a table (risks, scorings,
reviews, controls, assurances, gaps, links), read once for the list and once more with the
plan's actions and the metrics' charts its risks link to, for the validator (a risk's page
reads it once, for that risk alone); and the objectives."""


def risk_page_counts(client: TestClient, db: Database) -> dict[str, int]:
    counts = {}
    for path in RISK_PAGES:
        with counting(db) as statements:
            response = client.get(path, params={"as_of": RISKS_AS_OF.isoformat()})
        assert response.status_code == 200, response.text[:300]
        counts[path] = len(statements)
    return counts


def test_the_risk_pages_query_counts_grow_with_neither_risks_nor_trusts(
    app_db: tuple[TestClient, Database],
) -> None:
    client, db = app_db
    add_register(db)
    sign_in_as(client, db, role="trust_viewer", organisation=RISKS_TRUST)
    add_trusts(db, 0, FEW)
    few = risk_page_counts(client, db)
    add_trusts(db, FEW, MANY - FEW)
    add_risks(db, 4, 60)
    many = risk_page_counts(client, db)
    # The register page really lists them all: its three risks and the sixty added.
    page = client.get(RISK_PAGES_LIST, params={"as_of": RISKS_AS_OF.isoformat()}).text
    assert 'role="status">63 risks.' in page
    assert many == few
    over = {path: n for path, n in many.items() if n > RISK_PAGES[path]}
    assert not over, f"pages over their bound of statements: {over} (bounds {RISK_PAGES})"
