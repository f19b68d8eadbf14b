"""Bring a database's schema up to date with the package's Alembic migrations.

No alembic.ini is needed: the configuration is built here from the package's own scripts.

>>> from carewatch.store.database import connect
>>> db = connect("sqlite://")
>>> migrate(db) == head_revision()
True
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from carewatch.store.database import Database

__all__ = ["MIGRATIONS_DIR", "current_revision", "head_revision", "migrate"]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration in the package."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("the package has no migrations")
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(db: Database) -> str:
    """Upgrade `db` to the newest schema; running it again changes nothing.

    Returns the revision the database is now at.
    """
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    revision = current_revision(db)
    if revision is None:
        raise RuntimeError("the migrations did not record a revision")
    return revision
