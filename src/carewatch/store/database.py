"""Open the database: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL through psycopg 3.

>>> db = connect("sqlite://")
>>> db.dialect
'sqlite'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "IMPORT_WAIT_MS",
    "SQLITE_BUSY_TIMEOUT_MS",
    "WAIT_MS",
    "WRITER",
    "Database",
    "DatabaseUrlError",
    "connect",
]

# How long a SQLite writer waits for another writer's lock before giving up: long enough for
# a national import (tens of seconds) to finish before a form post that arrived during it is
# written, so a user's request waits its turn rather than failing. Readers never wait (WAL).
SQLITE_BUSY_TIMEOUT_MS = 30_000
IMPORT_WAIT_MS = 15 * 60 * 1000
"""How long an import waits for another writer (another import of a national file holds the
lock for a minute or two): it waits its turn rather than failing."""


class DatabaseUrlError(ValueError):
    """A database URL carewatch cannot use (malformed, or not SQLite or PostgreSQL)."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(
            f"cannot use database URL {_redact(url)!r}: {problem}; expected "
            "sqlite:///path/to/file.db or postgresql://user@host:5432/dbname"
        )
        self.problem = problem


@dataclass(frozen=True)
class Database:
    """An engine and the session factory the services use."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1] if "@" in url else url


def _normalise(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(url, "it is not a database URL") from exc
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if driver and driver != "pysqlite":
            raise DatabaseUrlError(url, f"SQLite driver {driver!r} is not supported")
        return parsed
    if backend in ("postgresql", "postgres"):
        if driver and driver != "psycopg":
            raise DatabaseUrlError(url, f"PostgreSQL driver {driver!r} is not supported (psycopg)")
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseUrlError(url, f"database {backend!r} is not supported")


WRITER = "carewatch_writer"
"""The execution option that marks a connection as about to write (`services._db`)."""
WAIT_MS = "carewatch_wait_ms"
"""The execution option giving how long a SQLite writer waits for the lock (default
`SQLITE_BUSY_TIMEOUT_MS`)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Run on every new connection: pragmas are per connection in SQLite. The driver's own
    # transaction handling is switched off (it begins a transaction only before the first
    # INSERT or UPDATE, so reads and DDL ran outside it); `_sqlite_begin` begins instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock at BEGIN, so its reads and writes are one snapshot and it
    # waits (busy timeout) for another writer instead of failing when it first writes.
    # Readers begin DEFERRED and never block writers (WAL).
    options = conn.get_execution_options()
    if not options.get(WRITER, False):
        conn.exec_driver_sql("BEGIN")
        return
    # The wait is set for every write transaction: a pooled connection may have served one
    # that waited longer.
    wait = int(options.get(WAIT_MS, SQLITE_BUSY_TIMEOUT_MS))
    conn.exec_driver_sql(f"PRAGMA busy_timeout={wait}")
    conn.exec_driver_sql("BEGIN IMMEDIATE")


POSTGRES_POOL = {"pool_size": 10, "max_overflow": 40}
"""Connections a PostgreSQL engine keeps open, and how many more it may open under load: room
for every one of the web server's worker threads (40, AnyIO's default) at once, with the
response cache's version read beside them, so no request waits for a connection another
thread holds. Well inside PostgreSQL's default 100 connections."""

WRITER_WAIT_ENV = "CAREWATCH_SQLITE_WRITER_WAIT_MS"


def _writer_wait(given: int | None) -> int:
    if given is not None:
        return given
    configured = os.environ.get(WRITER_WAIT_ENV, "").strip()
    if not configured:
        return SQLITE_BUSY_TIMEOUT_MS
    if not configured.isdigit():
        raise ValueError(
            f"{WRITER_WAIT_ENV} must be a whole number of milliseconds, not {configured!r}"
        )
    return int(configured)


def connect(url: str, *, writer_wait_ms: int | None = None) -> Database:
    """Open the database at `url`; plain ``postgresql://`` is read as psycopg 3.

    On SQLite a writer waits `writer_wait_ms` for another writer's lock (default
    `SQLITE_BUSY_TIMEOUT_MS`, or `CAREWATCH_SQLITE_WRITER_WAIT_MS` when set); an import waits
    longer (`IMPORT_WAIT_MS`). Nothing is connected until first use. Raises
    `DatabaseUrlError` for a URL that is not SQLite or PostgreSQL.
    """
    parsed = _normalise(url)
    try:
        # hide_parameters: a failed statement's message never quotes the values it carried
        # (evidence notes, names), so they reach no log line or error page.
        pool = POSTGRES_POOL if parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, future=True, hide_parameters=True, **pool)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseUrlError(url, str(exc).split("\n")[0]) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        engine.update_execution_options(**{WAIT_MS: _writer_wait(writer_wait_ms)})
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
