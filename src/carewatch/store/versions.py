"""The data version: a number every committed write raises, so readers know when to refresh.

`bump_data_version` runs inside each service's write transaction; `read_data_version` is one
primary-key lookup, cheap enough to run on every web request.
"""

from __future__ import annotations

import time

from sqlalchemy import Connection, insert, select, update

from carewatch.store.tables.core import DATA_VERSION

__all__ = ["bump_data_version", "read_data_version"]

_ROW = DATA_VERSION.c.id == 1


def bump_data_version(conn: Connection) -> None:
    """Raise the data version by one, in the caller's transaction."""
    raised = conn.execute(
        update(DATA_VERSION).where(_ROW).values(version=DATA_VERSION.c.version + 1)
    )
    if raised.rowcount == 0:
        # The row was deleted (a test emptying every table): start again from a value no
        # earlier version can have had, so caches keyed on it cannot serve old data.
        conn.execute(insert(DATA_VERSION).values(id=1, version=time.time_ns()))


def read_data_version(conn: Connection) -> int:
    """The current data version (0 before anything was ever written)."""
    return conn.execute(select(DATA_VERSION.c.version).where(_ROW)).scalar() or 0
