"""The shared database fixtures: every storage test runs on SQLite and on PostgreSQL.

`db` is a migrated, empty database. There is one of each kind per test run, migrated once
and emptied before every test: each table's rows are deleted (children before parents) and
its identities restarted, while the data version's one row stays, set back to the 1 the
migration gave it. DELETE rather than TRUNCATE, because the tables hold a handful of rows:
deleting them takes milliseconds, where TRUNCATE gives every table and index new files and
takes a few hundred.

`demo_db` is a database of the test's own with the worked example loaded, which was loaded
once per run into a template. On SQLite the template's file is copied for every test. On
PostgreSQL a copy is made with CREATE DATABASE ... TEMPLATE and handed from test to test
for as long as no test changes it: after each test a fingerprint of the copy (every row
with its place on disk and the transaction that wrote it, and every sequence) is compared
with the one taken when the copy was made, and a copy that differs is dropped and
replaced by a new one for the next test. Databases are dropped in a thread of their own,
because PostgreSQL checkpoints on every DROP DATABASE, which on a busy server takes many
seconds that no test should wait for; the run waits for the last of them at its end.

PostgreSQL is found through CAREWATCH_TEST_POSTGRES_URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres): the test databases are created
beside the one named there. When the variable is unset or the server unreachable, the
PostgreSQL variants are skipped and the summary says why.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from carewatch.demo import load_demo
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate
from carewatch.store.tables import Base
from carewatch.store.tables.core import DATA_VERSION

POSTGRES_ENV = "CAREWATCH_TEST_POSTGRES_URL"

# The web settings of every app the suite builds (carewatch.web.settings): Starlette's test
# client sends the Host "testserver", which no real deployment answers, and one test client
# asks far faster than a person, from one address. Tests of the defaults, the host check and
# the rate limits pass their own values or read an empty environment.
TEST_HOST = "testserver"
os.environ.setdefault("CAREWATCH_ALLOWED_HOSTS", TEST_HOST)
for _limit in (
    "CAREWATCH_RATE_LIMIT",
    "CAREWATCH_RATE_LIMIT_SIGN_IN",
    "CAREWATCH_RATE_LIMIT_API_WRITES",
):
    os.environ.setdefault(_limit, "100000/minute")
# Tests write through the services, as another process would, and read the page at once: the
# response cache reads the data version on every request (the tests of its window pass
# their own).
os.environ.setdefault("CAREWATCH_CACHE_STALENESS_MS", "0")

# Hypothesis: a few examples in CI (HYPOTHESIS_PROFILE=ci), more on demand. CI keeps no
# example database and draws the same examples on every run, so a run's result depends on
# the code alone, never on what an earlier run on the same machine happened to find.
settings.register_profile("ci", max_examples=60, deadline=None, database=None, derandomize=True)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The audit trail is append-only (its triggers refuse DELETE and TRUNCATE): tests keep one
# chain growing across tests and count the events a test appends.
APPEND_ONLY = {"audit_events", "audit_head"}

# Children before parents, so deletes never break a foreign key.
TABLES = [t.name for t in reversed(Base.metadata.sorted_tables)]
# Every table but the data version, whose one row the migration created and writes raise,
# and the append-only audit trail.
DATA_TABLES = [name for name in TABLES if name != DATA_VERSION.name and name not in APPEND_ONLY]


def empty_all_tables(db: Database) -> None:
    """Delete every row of every table but the audit trail and restart identities, leaving
    the data version's row at 1: the database is as the migrations left it."""
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            # One round trip for them all.
            conn.exec_driver_sql("; ".join(f"DELETE FROM {name}" for name in DATA_TABLES))
        else:
            for name in DATA_TABLES:
                conn.exec_driver_sql(f"DELETE FROM {name}")
        conn.execute(DATA_VERSION.update().values(version=1))
        if db.dialect == "postgresql":
            # setval rewrites a sequence in place; only those used since the last restart.
            conn.exec_driver_sql(
                "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename),"
                " start_value, false) FROM pg_sequences"
                " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        elif conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).first():
            conn.exec_driver_sql("DELETE FROM sqlite_sequence")


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("sqlite") / "carewatch.db"
    db = connect(f"sqlite:///{path}")
    migrate(db)
    yield db
    db.dispose()


class PostgresServer:
    """The server named by the environment: creates databases beside the one named there,
    and drops them in a thread of their own, so that no test waits for the checkpoint."""

    def __init__(self, admin: Database) -> None:
        self.admin = admin
        self.created: list[str] = []
        self.dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-database")
        self.dropping: list[Future[None]] = []

    def create(self, prefix: str, template: str | None = None) -> str:
        """Create a database (a copy of `template` when given) and return its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        # Since PostgreSQL 15 a copy is written block by block through the WAL (STRATEGY
        # WAL_LOG, the default): no checkpoint, unlike FILE_COPY, which takes two.
        clause = f' TEMPLATE "{template}"' if template else ""
        self._run(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return name

    def connect(self, name: str) -> Database:
        url = self.admin.engine.url.set(database=name)
        return connect(url.render_as_string(hide_password=False))

    def drop_soon(self, name: str) -> None:
        """Drop database `name` in the background (its connections are closed for it)."""
        self.created.remove(name)
        self.dropping.append(self.dropper.submit(self._drop, name))

    def drop_all(self) -> None:
        """Drop the rest, newest (copies) first, and wait for every drop to finish."""
        for name in reversed([*self.created]):
            self.drop_soon(name)
        self.dropper.shutdown(wait=True)
        for dropped in self.dropping:
            dropped.result()

    def _drop(self, name: str) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, statement: str) -> None:
        with self.admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server, or a skip saying why not (given to every test that asks)."""
    admin_url = os.environ.get(POSTGRES_ENV, "").strip()
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (unset)")
    admin = connect(admin_url)
    try:
        with admin.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {str(exc).splitlines()[0]}")
    server = PostgresServer(admin)
    try:
        yield server
    finally:
        server.drop_all()
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres_server: PostgresServer) -> Iterator[Database]:
    db = postgres_server.connect(postgres_server.create("carewatch_test"))
    migrate(db)
    yield db
    db.dispose()


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
def postgres_demo_template(postgres_server: PostgresServer) -> str:
    """The name of a PostgreSQL database with the worked example loaded, to copy from."""
    name = postgres_server.create("carewatch_demo")
    db = postgres_server.connect(name)
    try:
        migrate(db)
        load_demo(db=db)
    finally:
        # A template must have no connections while it is copied.
        db.dispose()
    return name


# One row per table: its row count and a digest of every row with its place on disk (ctid)
# and the transaction that wrote it (xmin), then one row per sequence with its last value.
# Any committed insert, update or delete changes it; reading never does.
_FINGERPRINT = (
    " UNION ALL ".join(
        f"SELECT '{name}', count(*), md5(string_agg("
        f"r.ctid::text || ' ' || r.xmin::text || ' ' || r::text, ',' ORDER BY r.ctid))"
        f" FROM {name} AS r"
        for name in TABLES
    )
    + " UNION ALL SELECT sequencename, last_value, NULL FROM pg_sequences"
    " WHERE schemaname = current_schema()"
)


def _fingerprint(db: Database) -> set[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return {tuple(row) for row in conn.exec_driver_sql(_FINGERPRINT)}


class PostgresDemoCopies:
    """Copies of the demo template, handed out one at a time and replaced once written to."""

    def __init__(self, server: PostgresServer, template: str) -> None:
        self.server = server
        self.template = template
        self.unchanged: tuple[str, set[tuple[object, ...]]] | None = None

    def take(self) -> str:
        """The name of a copy no test has changed."""
        if self.unchanged is None:
            name = self.server.create("carewatch_copy", template=self.template)
            copy = self.server.connect(name)
            try:
                self.unchanged = (name, _fingerprint(copy))
            finally:
                copy.dispose()
        return self.unchanged[0]

    def give_back(self, db: Database) -> None:
        """Close `db`, a connection to the copy taken; keep the copy for the next test when
        it holds what it held when made, else drop it."""
        made, self.unchanged = self.unchanged, None
        try:
            unchanged = made is not None and _fingerprint(db) == made[1]
        finally:
            db.dispose()
        if made is None:
            return
        if unchanged:
            self.unchanged = made
        else:
            self.server.drop_soon(made[0])


@pytest.fixture(scope="session")
def postgres_demo_copies(
    postgres_server: PostgresServer, postgres_demo_template: str
) -> PostgresDemoCopies:
    return PostgresDemoCopies(postgres_server, postgres_demo_template)


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
    copies: PostgresDemoCopies = request.getfixturevalue("postgres_demo_copies")
    db = copies.server.connect(copies.take())
    try:
        yield db
    finally:
        # Also after a failure: the test may have written before it failed.
        copies.give_back(db)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Database:
    """A migrated, empty database: SQLite, then PostgreSQL."""
    database: Database = request.getfixturevalue(
        f"{request.param.replace('postgresql', 'postgres')}_database"
    )
    empty_all_tables(database)
    return database


@pytest.fixture
def shared_data() -> Path:
    """`<repo root>/../shared/data`, or a skip when it is absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data folder not found beside the repository ({path.name})")
    return path
