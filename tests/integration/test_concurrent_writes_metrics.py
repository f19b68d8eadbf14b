"""Two writers of the metrics service meeting on the same natural key at the same moment,
on SQLite and PostgreSQL: both succeed and one row is stored.

Each round races two engines on a key neither has seen; the rounds repeat it because a race
is a matter of timing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Table, func, select

from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.services.metrics import (
    import_metrics,
    record_annotation,
    record_recalculation,
    seed_catalogue,
)
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables.metrics import (
    METRIC_ANNOTATIONS,
    METRIC_DATA_VERSIONS,
    METRIC_OBSERVATIONS,
    METRIC_RECALCULATIONS,
    METRICS,
)
from tests.actors import OPERATOR
from tests.integration.concurrency import race

ROUNDS = 4
ORG = "RXX"
METRIC = "cyp_triage_wait"
CATALOGUE_SIZE = 18  # the seeded catalogue (carewatch.domain.metrics.CATALOGUE)


def rows(db: Database, table: Table, *where: object) -> int:
    with db.engine.connect() as conn:
        query = select(func.count()).select_from(table).where(*where)  # type: ignore[arg-type]
        return int(conn.execute(query).scalar_one())


def day(n: int) -> dt.date:
    return dt.date(2021, 1, 1) + dt.timedelta(days=n)


def test_two_writers_seed_the_catalogue(db: Database) -> None:
    errors = race(db, lambda database: seed_catalogue(database, actor=OPERATOR))
    assert errors == []
    assert rows(db, METRICS) == CATALOGUE_SIZE


def test_two_writers_of_one_recalculation(db: Database) -> None:
    record_provider(db=db, provider_id=ORG, name="A trust", actor=OPERATOR)
    seed_catalogue(db, actor=OPERATOR)  # so the writers meet on their own rows, not the catalogue's
    for n in range(ROUNDS):
        errors = race(
            db,
            lambda own, n=n: record_recalculation(
                db=own,
                org_code=ORG,
                metric_code=METRIC,
                at=day(n),
                reason="new pathway",
                actor=OPERATOR,
            ),
        )
        assert errors == []
        assert rows(db, METRIC_RECALCULATIONS, METRIC_RECALCULATIONS.c.at_date == day(n)) == 1
    assert rows(db, METRICS) == CATALOGUE_SIZE


def test_two_writers_of_one_annotation(db: Database) -> None:
    record_provider(db=db, provider_id=ORG, name="A trust", actor=OPERATOR)
    seed_catalogue(db, actor=OPERATOR)  # so the writers meet on their own rows, not the catalogue's
    for n in range(ROUNDS):
        errors = race(
            db,
            lambda own, n=n: record_annotation(
                db=own,
                org_code=ORG,
                metric_code=METRIC,
                on=day(n),
                label="new triage",
                actor=OPERATOR,
            ),
        )
        assert errors == []
        assert rows(db, METRIC_ANNOTATIONS, METRIC_ANNOTATIONS.c.on_date == day(n)) == 1


def test_two_imports_of_one_file(db: Database, tmp_path: Path) -> None:
    lines = [",".join(TEMPLATE_COLUMNS)]
    lines += [
        f"{ORG},A trust,{METRIC},2021-0{m}-01,2021-0{m}-28,{20 + m},,,board report"
        for m in range(1, 4)
    ]
    path = tmp_path / "waits.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seed_catalogue(db, actor=OPERATOR)  # so the writers meet on the data version, not the catalogue
    errors = race(
        db,
        lambda own: import_metrics(
            db=own, batch=read_metric_csv(path), published_on=dt.date(2021, 4, 10), actor=OPERATOR
        ),
    )
    assert errors == []
    assert rows(db, METRIC_DATA_VERSIONS) == 1
    assert rows(db, METRIC_OBSERVATIONS) == 3
