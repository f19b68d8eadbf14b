"""Settings, connections, pragmas and migrations on both databases."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from carewatch.settings import DATABASE_URL_ENV, DEFAULT_DATABASE_URL, Settings
from carewatch.store.database import SQLITE_BUSY_TIMEOUT_MS, Database, DatabaseUrlError, connect
from carewatch.store.migrate import HEAD, current_revision, head_revision, migrate
from carewatch.store.tables import Base


def test_settings_prefer_explicit_then_environment_then_default() -> None:
    env = {DATABASE_URL_ENV: "postgresql://u@h/env"}
    assert (
        Settings.load(database_url="sqlite:///x.db", environ=env).database_url == "sqlite:///x.db"
    )
    assert Settings.load(environ=env).database_url == "postgresql://u@h/env"
    assert Settings.load(environ={DATABASE_URL_ENV: "  "}).database_url == DEFAULT_DATABASE_URL
    assert Settings.load(environ={}).database_url == "sqlite:///carewatch.db"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not a url", "not a database URL"),
        ("mysql://u@h/db", "'mysql' is not supported"),
        ("postgresql+asyncpg://u:secret@h/db", "'asyncpg' is not supported"),
    ],
)
def test_bad_urls_are_named_errors_without_passwords(url: str, problem: str) -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        connect(url)
    assert problem in str(caught.value)
    assert "secret" not in str(caught.value)


def test_plain_postgresql_urls_use_psycopg() -> None:
    db = connect("postgresql://postgres@127.0.0.1:5432/postgres")
    assert db.engine.url.drivername == "postgresql+psycopg"
    assert db.dialect == "postgresql"


def test_sqlite_pragmas_apply_on_every_connection(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = connect(f"sqlite:///{tmp_path / 'p.db'}")
    for _ in range(2):
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.dispose()


def test_the_head_written_in_the_package_is_alembics_head() -> None:
    assert head_revision() == HEAD


def test_a_database_behind_the_head_is_upgraded_and_a_new_one_created(tmp_path) -> None:
    from alembic import command

    from carewatch.store.migrate import _config

    db = connect(f"sqlite:///{tmp_path / 'behind.db'}")
    try:
        assert current_revision(db) is None
        assert migrate(db) == HEAD
        config = _config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")
        assert current_revision(db) not in (None, HEAD)
        assert migrate(db) == HEAD
        assert current_revision(db) == HEAD
    finally:
        db.dispose()


def test_migrations_are_idempotent_and_at_head(db: Database) -> None:
    assert current_revision(db) == head_revision()
    assert migrate(db) == head_revision()
    assert migrate(db) == head_revision()


def test_migrated_schema_matches_the_tables(db: Database) -> None:
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect expression indexes; Alembic warns and skips them there.
        warnings.simplefilter("ignore")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO locations (location_id, provider_id) VALUES ('L', 'NOPE')"))


def test_a_postgresql_engine_has_a_connection_for_every_worker_thread(
    postgres_server: object,
) -> None:
    """The web server runs up to 40 requests at once in worker threads; each must get a
    connection at once rather than wait (30 s, then fail) for one another thread holds."""
    from carewatch.store.database import POSTGRES_POOL

    admin = postgres_server.admin  # type: ignore[attr-defined]
    db = connect(admin.engine.url.render_as_string(hide_password=False))
    held = []
    try:
        db.engine.pool._timeout = 2  # fail fast if one would have to wait
        for _ in range(41):
            held.append(db.engine.connect())
        assert all(c.execute(text("SELECT 1")).scalar() == 1 for c in held)
        assert POSTGRES_POOL["pool_size"] + POSTGRES_POOL["max_overflow"] >= 41
    finally:
        for conn in held:
            conn.close()
        db.dispose()
