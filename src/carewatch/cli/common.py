"""Opening the database from `--db` or CAREWATCH_DATABASE_URL, with a clear error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from carewatch.cli.output import EXIT_FAILURE, fail
from carewatch.settings import DATABASE_URL_ENV, Settings
from carewatch.store.database import Database, DatabaseUrlError, connect
from carewatch.store.migrate import migrate

DB_OPTION_HELP = (
    f"Database URL (default: ${DATABASE_URL_ENV}, else sqlite:///carewatch.db). "
    "PostgreSQL: postgresql+psycopg://user@host:5432/name."
)


def db_option() -> str | None:
    option: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP, show_default=False)
    return option


@contextmanager
def open_database(url: str | None) -> Iterator[Database]:
    """Connect to the configured database, bring its schema up to date, close it after."""
    settings = Settings.load(database_url=url)
    try:
        db = connect(settings.database_url)
    except DatabaseUrlError as exc:
        fail(str(exc))
    try:
        migrate(db)
    except Exception as exc:  # any driver error: say which database, then stop
        where = db.engine.url.render_as_string(hide_password=True)
        db.dispose()
        fail(f"cannot open the database {where}: {exc.__class__.__name__}", EXIT_FAILURE)
    try:
        yield db
    finally:
        db.dispose()
