"""How readers tell whether anything has changed since they last looked."""

from __future__ import annotations

from carewatch.store.database import Database
from carewatch.store.versions import read_data_version

__all__ = ["data_version"]


def data_version(*, db: Database) -> int:
    """A number that every committed write through the services raises.

    Equal numbers mean equal data, so anything computed from the data can be reused.
    """
    with db.engine.connect() as conn:
        return read_data_version(conn)
