"""The data version: a number every committed write raises, so readers know when to refresh.

Its one row is created at 1 by the migration that made the table (0002_data_version), so
every migrated database has it. `bump_data_version` runs inside each service's write
transaction; `read_data_version` is one primary-key lookup, which the web application's
response cache runs in a worker thread at most once a second (docs/adr/0010).
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from carewatch.store.tables.core import DATA_VERSION

__all__ = ["bump_data_version", "read_data_version"]

_ROW = DATA_VERSION.c.id == 1


def bump_data_version(conn: Connection) -> None:
    """Raise the data version by one, in the caller's transaction."""
    conn.execute(update(DATA_VERSION).where(_ROW).values(version=DATA_VERSION.c.version + 1))


def read_data_version(conn: Connection) -> int:
    """The current data version (1 in a database nothing has written to yet)."""
    return conn.execute(select(DATA_VERSION.c.version).where(_ROW)).scalar_one()
