"""A national file that does not say when it was published, imported without being told, is
stored with its publication date unknown (NULL), never stamped with the import day; an "as
published on" view counts it from the day it was imported. On SQLite and PostgreSQL, and
through migration 0012, which lets the column hold NULL without losing a stored row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, insert, select

from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.services.metrics import import_metrics, metric_series
from carewatch.store.database import Database, connect
from carewatch.store.migrate import MIGRATIONS_DIR, head_revision
from carewatch.store.tables.metrics import METRIC_DATA_VERSIONS, METRIC_OBSERVATIONS, METRICS
from tests.actors import OPERATOR
from tests.conftest import PostgresServer

IMPORTED = dt.datetime(2024, 9, 1, 10, 30, tzinfo=dt.UTC)


def observations(folder: Path, name: str, values: list[float]) -> Path:
    rows = [
        f"RXX,A trust,cyp_triage_wait,2024-0{m}-01,2024-0{m}-28,{value},,,"
        for m, value in enumerate(values, start=1)
    ]
    path = folder / name
    path.write_text("\n".join([",".join(TEMPLATE_COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_an_undated_file_is_stored_with_its_publication_date_unknown(
    db: Database, tmp_path: Path
) -> None:
    batch = read_metric_csv(observations(tmp_path, "waits.csv", [12, 14, 9]))
    result = import_metrics(db=db, batch=batch, actor=OPERATOR, now=IMPORTED)
    assert result.published_on is None
    with db.engine.connect() as conn:
        stored = conn.execute(select(METRIC_DATA_VERSIONS.c.published_on)).scalar_one()
    assert stored is None
    series = metric_series(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert [p.value for p in series.points] == [12, 14, 9]
    assert {p.current.version.published_on for p in series.points} == {None}


def test_as_published_on_counts_an_undated_file_from_the_day_it_was_imported(
    db: Database, tmp_path: Path
) -> None:
    dated = read_metric_csv(observations(tmp_path, "first.csv", [12, 14, 9]))
    import_metrics(
        db=db, batch=dated, published_on=dt.date(2024, 4, 10), actor=OPERATOR, now=IMPORTED
    )
    undated = read_metric_csv(observations(tmp_path, "revised.csv", [12, 15, 9]))
    later = IMPORTED + dt.timedelta(days=30)  # imported on 1 October 2024
    import_metrics(db=db, batch=undated, actor=OPERATOR, now=later)

    def february(as_of: dt.date | None) -> tuple[float | None, bool]:
        series = metric_series(db=db, org_code="RXX", metric_code="cyp_triage_wait", as_of=as_of)
        point = series.points[1]
        return point.value, point.revised

    assert february(dt.date(2024, 9, 30)) == (14, False)  # before the revision was imported
    assert february(dt.date(2024, 10, 1)) == (15, True)
    assert february(None) == (15, True)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _run(db: Database, revision: str, *, down: bool = False) -> None:
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own, not migrated: this test walks the migrations itself."""
    if request.param == "sqlite":
        db = connect(f"sqlite:///{tmp_path / 'walk.db'}")
        yield db
        db.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create("carewatch_walk")
    db = server.connect(name)
    yield db
    db.dispose()
    server.drop_soon(name)


def test_migration_0012_lets_the_date_be_unknown_and_keeps_every_row(
    empty_database: Database,
) -> None:
    db = empty_database
    _run(db, "0011_plan_history")
    with db.engine.begin() as conn:
        conn.execute(
            insert(METRICS).values(
                metric_code="cyp_triage_wait", position=1, name="Waits", unit="days",
                polarity="decrease", frequency="monthly", level="trust", target_kind="none",
            )
        )  # fmt: skip
        conn.execute(
            insert(METRIC_DATA_VERSIONS).values(
                id=7, kind="metric_csv", file_name="old.csv", sha256="a" * 64, org_scope="",
                publication="", published_on=dt.date(2024, 9, 1), imported_at=IMPORTED,
                rows_read=1, observations_new=1, observations_revised=0, source="",
            )
        )  # fmt: skip
        conn.execute(
            insert(METRIC_OBSERVATIONS).values(
                id=3, data_version_id=7, org_code="RXX", org_name="A trust",
                metric_code="cyp_triage_wait", period_start=dt.date(2024, 8, 1),
                period_end=dt.date(2024, 8, 31), value=12.0, suppressed=False,
            )
        )  # fmt: skip
    _run(db, head_revision())
    with db.engine.begin() as conn:
        kept = conn.execute(select(METRIC_OBSERVATIONS.c.id, METRIC_OBSERVATIONS.c.value)).all()
        assert [tuple(r) for r in kept] == [(3, 12.0)]
        conn.execute(METRIC_DATA_VERSIONS.update().values(published_on=None))
    # Down again: the unknown date becomes the import day the older schema required.
    _run(db, "0011_plan_history", down=True)
    with db.engine.connect() as conn:
        day = conn.execute(select(METRIC_DATA_VERSIONS.c.published_on)).scalar_one()
        count = conn.execute(select(func.count()).select_from(METRIC_OBSERVATIONS)).scalar_one()
    assert (str(day), count) == ("2024-09-01", 1)
