"""The shared `db` fixture: every storage test runs on SQLite and on PostgreSQL.

Each database is created and migrated once per test run; after each test every table is
emptied (the services commit, so there is nothing to roll back). PostgreSQL is found through
CAREWATCH_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres):
a fresh database is created beside the one named there and dropped at the end. When the
variable is unset or the server unreachable, the PostgreSQL variants are skipped and the
summary says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate
from carewatch.store.tables import Base

POSTGRES_ENV = "CAREWATCH_TEST_POSTGRES_URL"

# Children before parents, so deletes never break a foreign key.
TABLES = [t.name for t in reversed(Base.metadata.sorted_tables)]


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("sqlite") / "carewatch.db"
    db = connect(f"sqlite:///{path}")
    migrate(db)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    admin_url = os.environ.get(POSTGRES_ENV, "").strip()
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (unset)")
    admin = connect(admin_url)
    name = f"carewatch_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {str(exc).splitlines()[0]}")
    url = admin.engine.url.set(database=name)
    db = connect(url.render_as_string(hide_password=False))
    try:
        migrate(db)
        yield db
    finally:
        db.dispose()
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_all_tables(db: Database) -> None:
    """Delete every row of every table, restarting identities."""
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
            has_sequence = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            ).first()
            if has_sequence:
                conn.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated, empty database: SQLite, then PostgreSQL."""
    database: Database = request.getfixturevalue(
        f"{request.param.replace('postgresql', 'postgres')}_database"
    )
    empty_all_tables(database)
    try:
        yield database
    finally:
        empty_all_tables(database)


@pytest.fixture
def shared_data() -> Path:
    """`<repo root>/../shared/data`, or a skip when it is absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data folder not found beside the repository ({path.name})")
    return path
