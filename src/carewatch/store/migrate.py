"""Bring a database's schema up to date with the package's Alembic migrations.

No alembic.ini is needed: the configuration is built here from the package's own scripts.

>>> from carewatch.store.database import connect
>>> db = connect("sqlite://")
>>> migrate(db) == head_revision()
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from carewatch.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD", "MIGRATIONS_DIR", "current_revision", "head_revision", "migrate"]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

HEAD = "0016_risks"
"""The newest migration's revision, written here so that a command opening a database already
at it need not load Alembic and every migration script (a fifth of a second at each start).
A new migration changes it too: tests/integration/test_database.py checks it is Alembic's head."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration in the package, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("the package has no migrations")
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(db: Database) -> str:
    """Upgrade `db` to the newest schema; running it again changes nothing.

    Returns the revision the database is now at. A database already at `HEAD` is only read.
    """
    if _stored_revision(db) == HEAD:
        return HEAD
    from alembic import command

    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    revision = current_revision(db)
    if revision is None:
        raise RuntimeError("the migrations did not record a revision")
    return revision


def _stored_revision(db: Database) -> str | None:
    """The revision in Alembic's version table, or None when there is none (yet) to read."""
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None
