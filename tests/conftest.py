"""The shared `db` fixture: every storage test runs on SQLite and on PostgreSQL.

Each database is created and migrated once per test run; after each test every table is
emptied (the services commit, so there is nothing to roll back). `demo_db` is a fresh copy,
for one test, of a database with the worked example loaded once per run: a file copy on
SQLite, a database created from a template on PostgreSQL. PostgreSQL is found through
CAREWATCH_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres):
a fresh database is created beside the one named there and dropped at the end. When the
variable is unset or the server unreachable, the PostgreSQL variants are skipped and the
summary says why.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from carewatch.demo import load_demo
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate
from carewatch.store.tables import Base

POSTGRES_ENV = "CAREWATCH_TEST_POSTGRES_URL"

# The audit trail is append-only (its triggers refuse DELETE and TRUNCATE): tests keep one
# chain growing across tests and count the events a test appends.
APPEND_ONLY = {"audit_events", "audit_head"}

# Children before parents, so deletes never break a foreign key.
TABLES = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name not in APPEND_ONLY]


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("sqlite") / "carewatch.db"
    db = connect(f"sqlite:///{path}")
    migrate(db)
    yield db
    db.dispose()


def _postgres_admin() -> Database:
    """A connection to the server named by the environment, or a skip saying why not."""
    admin_url = os.environ.get(POSTGRES_ENV, "").strip()
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (unset)")
    return connect(admin_url)


def _create_database(admin: Database, name: str, template: str | None = None) -> Database:
    """Create database `name` (from `template` when given) and connect to it; skip the test
    when the server is unreachable."""
    clause = f' TEMPLATE "{template}"' if template else ""
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    except OperationalError as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {str(exc).splitlines()[0]}")
    url = admin.engine.url.set(database=name)
    return connect(url.render_as_string(hide_password=False))


def _drop_database(admin: Database, name: str) -> None:
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    admin = _postgres_admin()
    name = f"carewatch_test_{uuid.uuid4().hex[:12]}"
    try:
        db = _create_database(admin, name)
    except BaseException:
        admin.dispose()
        raise
    try:
        migrate(db)
        yield db
    finally:
        db.dispose()
        _drop_database(admin, name)
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the worked example loaded, checkpointed so the file holds it all."""
    path = tmp_path_factory.mktemp("demo-template") / "carewatch.db"
    db = connect(f"sqlite:///{path}")
    migrate(db)
    load_demo(db=db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_demo_template() -> Iterator[str]:
    """The name of a PostgreSQL database with the worked example loaded, to copy from."""
    admin = _postgres_admin()
    name = f"carewatch_demo_{uuid.uuid4().hex[:12]}"
    try:
        db = _create_database(admin, name)
    except BaseException:
        admin.dispose()
        raise
    try:
        migrate(db)
        load_demo(db=db)
        db.dispose()
        yield name
    finally:
        _drop_database(admin, name)
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of this test's own with the worked example loaded: SQLite, then PostgreSQL.
    The test may write to it; nothing it writes reaches another test."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_demo_template")
        path = tmp_path / "carewatch.db"
        shutil.copyfile(template, path)
        db = connect(f"sqlite:///{path}")
        try:
            yield db
        finally:
            db.dispose()
        return
    template_name = request.getfixturevalue("postgres_demo_template")
    admin = _postgres_admin()
    name = f"carewatch_copy_{uuid.uuid4().hex[:12]}"
    try:
        db = _create_database(admin, name, template=template_name)
        try:
            yield db
        finally:
            db.dispose()
            _drop_database(admin, name)
    finally:
        admin.dispose()


def empty_all_tables(db: Database) -> None:
    """Delete every row of every table but the audit trail, restarting identities."""
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
