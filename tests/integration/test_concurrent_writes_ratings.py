"""Two writers of the ratings service meeting on the same natural key at the same moment,
on SQLite and PostgreSQL: both succeed and one row is stored.

Each round races two engines on a key neither has seen, so the rows a writer looks for are
absent when both start; the rounds repeat it because a race is a matter of timing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Table, func, select

from carewatch.services.ratings import (
    import_batch,
    record_enforcement,
    record_location,
    record_provider,
    record_rating,
    record_report,
)
from carewatch.store.database import Database
from carewatch.store.tables.ratings import ENFORCEMENT_ACTIONS, RATINGS, REPORTS
from carewatch.store.tables.register import LOCATIONS, PROVIDERS
from tests.actors import OPERATOR
from tests.integration.builders import mental_health_world
from tests.integration.concurrency import race

ROUNDS = 4
PROVIDER = "RPX"


def rows(db: Database, table: Table, *where: object) -> int:
    with db.engine.connect() as conn:
        query = select(func.count()).select_from(table).where(*where)  # type: ignore[arg-type]
        return int(conn.execute(query).scalar_one())


def day(n: int) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=n)


def test_two_writers_of_one_provider(db: Database) -> None:
    for n in range(ROUNDS):
        pid = f"RP{n}"
        errors = race(
            db,
            lambda own, pid=pid: record_provider(
                db=own, provider_id=pid, name="A trust", actor=OPERATOR
            ),
        )
        assert errors == []
        assert rows(db, PROVIDERS, PROVIDERS.c.provider_id == pid) == 1


def test_two_writers_of_one_location(db: Database) -> None:
    record_provider(db=db, provider_id=PROVIDER, name="A trust", actor=OPERATOR)
    for n in range(ROUNDS):
        loc = f"L{n}"
        errors = race(
            db,
            lambda own, loc=loc: record_location(
                db=own, location_id=loc, provider_id=PROVIDER, name="A hospital", actor=OPERATOR
            ),
        )
        assert errors == []
        assert rows(db, LOCATIONS, LOCATIONS.c.location_id == loc) == 1


def test_two_writers_of_one_report(db: Database) -> None:
    record_provider(db=db, provider_id=PROVIDER, name="A trust", actor=OPERATOR)
    for n in range(ROUNDS):
        link = f"AP{n}"
        errors = race(
            db,
            lambda own, link=link, n=n: record_report(
                db=own, link_id=link, provider_id=PROVIDER, report_date=day(n), actor=OPERATOR
            ),
        )
        assert errors == []
        assert rows(db, REPORTS, REPORTS.c.link_id == link) == 1


@pytest.mark.parametrize("service", [None, "Community services"])
def test_two_writers_of_one_rating(db: Database, service: str | None) -> None:
    record_provider(db=db, provider_id=PROVIDER, name="A trust", actor=OPERATOR)
    for n in range(ROUNDS):
        errors = race(
            db,
            lambda own, n=n: record_rating(
                db=own,
                provider_id=PROVIDER,
                service=service,
                aspect="safe",
                rating="Good",
                rating_date=day(n),
                actor=OPERATOR,
            ),
        )
        assert errors == []
        assert rows(db, RATINGS, RATINGS.c.rating_date == day(n)) == 1


def test_two_writers_of_one_enforcement_action(db: Database) -> None:
    record_provider(db=db, provider_id=PROVIDER, name="A trust", actor=OPERATOR)
    for n in range(ROUNDS):
        errors = race(
            db,
            lambda own, n=n: record_enforcement(
                db=own,
                provider_id=PROVIDER,
                key_question="safe",
                kind="warning_notice",
                served_date=day(n),
                closed_date=day(n + 30),
                actor=OPERATOR,
            ),
        )
        assert errors == []
        t = ENFORCEMENT_ACTIONS.c
        assert rows(db, ENFORCEMENT_ACTIONS, t.served_date == day(n)) == 1
        with db.engine.connect() as conn:
            closed = conn.execute(select(t.closed_date).where(t.served_date == day(n))).scalar()
        assert closed == day(n + 30)


def test_two_imports_of_one_batch(db: Database) -> None:
    errors = race(db, lambda own: import_batch(db=own, batch=mental_health_world(), actor=OPERATOR))
    assert errors == []
    # What one import of the world stores (see test_import): one provider, 18 ratings.
    assert rows(db, PROVIDERS) == 1
    assert rows(db, RATINGS) == 18
