"""Counts become measures, on SQLite and PostgreSQL: the observations a trust's incidents
give equal ones counted by hand, deriving again with nothing changed writes nothing, and a
changed incident revises its month's figure, keeping the old one.

The small world, counted by hand: trust RMY records medication errors, 7 reported in January
2024, none in February and 3 in March, and one fall (another category) in April. Derived at
the end of April: January 7, February 0 (recorded, none reported), March suppressed (3 is
"fewer than 5"), April 0 (the fall shows the trust was recording). Five of January's errors
had an After Action Review agreed, due by 29 February 2024: four submitted by then, one on
4 March, late: 80% investigated in time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from carewatch.domain.access import PUBLIC, Forbidden, SignInRequired
from carewatch.domain.incidents import Category, Incident
from carewatch.services import incidents
from carewatch.services.metrics import metric_series
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR, appended, head, stored, user

D = dt.date.fromisoformat
END_OF_APRIL = D("2024-04-30")
REPORTED = "medication_errors_reported"
IN_TIME = "medication_errors_investigated_in_time"


def error(reference: str, reported: str, category: Category = Category.MEDICATION) -> Incident:
    day = D(reported)
    return Incident(reference=reference, trust="RMY", occurred=day, reported=day, category=category)


JANUARY = [error(f"J{n}", f"2024-01-{n + 2:02d}") for n in range(7)]
MARCH = [error(f"M{n}", f"2024-03-{n + 4:02d}") for n in range(3)]
FALL = error("F1", "2024-04-02", Category.PATIENT_ACCIDENT)


@pytest.fixture
def world(db: Database) -> Database:
    record_provider(db=db, actor=OPERATOR, provider_id="RMY", name="Norfolk and Suffolk")
    record_provider(db=db, actor=OPERATOR, provider_id="RAA", name="Another trust")
    for i in [*JANUARY, *MARCH, FALL]:
        incidents.record_incident(db=db, actor=OPERATOR, incident=i)
    for n, i in enumerate(JANUARY[:5]):
        ref = i.reference
        incidents.respond_incident(
            db=db, actor=OPERATOR, trust="RMY", reference=ref, to="decided",
            on=D("2024-01-15"), learning_response="after_action_review", target=D("2024-02-29"),
        )  # fmt: skip
        incidents.respond_incident(
            db=db, actor=OPERATOR, trust="RMY", reference=ref, to="in_progress", on=D("2024-01-16")
        )
        incidents.respond_incident(
            db=db, actor=OPERATOR, trust="RMY", reference=ref, to="submitted",
            on=D("2024-03-04") if n == 4 else D("2024-02-20"),
        )  # fmt: skip
    return db


def shown(db: Database, code: str) -> list[tuple[str, str]]:
    series = metric_series(db=db, org_code="RMY", metric_code=code)
    return [
        (
            p.period_start.strftime("%Y-%m"),
            "fewer than 5" if p.current.suppressed else f"{p.value:g}",
        )
        for p in series.points
    ]


def test_the_measures_equal_the_hand_counts(world: Database) -> None:
    result = incidents.derive_incident_measures(
        db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL
    )
    assert result is not None
    assert (result.new, result.revised) == (5, 0)
    assert shown(world, REPORTED) == [
        ("2024-01", "7"),
        ("2024-02", "0"),
        ("2024-03", "fewer than 5"),
        ("2024-04", "0"),
    ]
    assert shown(world, IN_TIME) == [("2024-01", "80")]
    series = metric_series(db=world, org_code="RMY", metric_code=REPORTED)
    march = series.points[2].current
    assert (march.value, march.numerator, march.denominator) == (None, None, None)
    assert all(p.current.version.kind.value == "incidents" for p in series.points)
    assert "derived from the trust's incidents" in march.source


def test_an_incomplete_month_is_not_counted(world: Database) -> None:
    incidents.derive_incident_measures(db=world, actor=OPERATOR, trust="RMY", as_of=D("2024-03-30"))
    # March is not over: January and February only (no incident after February yet counted).
    assert shown(world, REPORTED) == [("2024-01", "7")]


def test_deriving_again_with_nothing_changed_writes_nothing(world: Database) -> None:
    incidents.derive_incident_measures(db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL)
    before, seq = stored(world), head(world)
    again = incidents.derive_incident_measures(
        db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL
    )
    assert again is None
    assert stored(world) == before
    assert head(world) == seq


def test_a_changed_incident_revises_its_month(world: Database) -> None:
    incidents.derive_incident_measures(db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL)
    # J6 was reported in February, not January: January 6, February 1 ("fewer than 5").
    incidents.record_incident(
        db=world, actor=OPERATOR, reason="reclassified after review",
        incident=error("J6", "2024-02-05"),
    )  # fmt: skip
    seq = head(world)
    result = incidents.derive_incident_measures(
        db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL
    )
    assert result is not None
    assert (result.new, result.revised, result.unchanged) == (0, 2, 3)
    assert shown(world, REPORTED) == [
        ("2024-01", "6"),
        ("2024-02", "fewer than 5"),
        ("2024-03", "fewer than 5"),
        ("2024-04", "0"),
    ]
    points = metric_series(db=world, org_code="RMY", metric_code=REPORTED).points
    assert points[0].revised
    assert [e.value for e in points[0].earlier] == [7.0]
    assert [e.action for e in appended(world, seq)] == ["metrics.derived"]


def test_who_may_derive(world: Database) -> None:
    editor = user("trust_editor", "RMY")
    assert incidents.derive_incident_measures(
        db=world, actor=editor, trust="RMY", as_of=END_OF_APRIL
    )
    before = stored(world)
    with pytest.raises(Forbidden):
        incidents.derive_incident_measures(
            db=world, actor=user("trust_editor", "RAA", 2), trust="RMY", as_of=END_OF_APRIL
        )
    # The refusal names what the trust's own viewer lacks, not national statistics.
    with pytest.raises(Forbidden, match="a trust_viewer may not record incidents for RMY"):
        incidents.derive_incident_measures(
            db=world, actor=user("trust_viewer", "RMY", 3), trust="RMY", as_of=END_OF_APRIL
        )
    with pytest.raises(SignInRequired):
        incidents.derive_incident_measures(db=world, actor=PUBLIC, trust="RMY", as_of=END_OF_APRIL)
    assert stored(world) == before


def test_the_public_performance_report_shows_fewer_than_5(world: Database) -> None:
    incidents.derive_incident_measures(db=world, actor=OPERATOR, trust="RMY", as_of=END_OF_APRIL)
    app = create_app(
        database_url=world.engine.url.render_as_string(hide_password=False),
        allowed_hosts=("testserver",),
    )
    with TestClient(app) as client:
        page = client.get(f"/trusts/RMY/performance/{REPORTED}").text
        api = client.get(f"/api/v1/trusts/RMY/metrics/{REPORTED}").json()
    march = next(o for o in api["data"] if o["period_start"] == "2024-03-01")
    assert (march["value"], march["suppressed"]) == (None, True)
    assert "fewer than 5" in page
    assert "Suppressed" not in page
