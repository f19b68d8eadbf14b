"""Migration 0013 adds the incident tables and its downgrade removes them, leaving the rest
as it was, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from carewatch.store.database import Database, connect
from carewatch.store.migrate import MIGRATIONS_DIR
from tests.conftest import PostgresServer

TABLES = {
    "incidents",
    "incident_patients",
    "incident_response_moves",
    "incident_candour_steps",
    "incident_pfd_reports",
    "incident_changes",
    "incident_links",
}


def _run(db: Database, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = connect(f"sqlite:///{tmp_path / 'm.db'}")
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        db = server.connect(server.create("carewatch_incidents"))
    try:
        yield db
    finally:
        db.dispose()


def test_0013_adds_the_incident_tables_and_its_downgrade_removes_them(empty: Database) -> None:
    _run(empty, "0012_publication_date_unknown")
    before = _tables(empty)
    assert not before & TABLES
    _run(empty, "0013_incidents")
    assert _tables(empty) == before | TABLES
    _run(empty, "0012_publication_date_unknown", down=True)
    assert _tables(empty) == before
