"""The one way services write: a transaction that also raises the data version."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from carewatch.store.database import Database
from carewatch.store.versions import bump_data_version

__all__ = ["write_transaction"]


@contextmanager
def write_transaction(db: Database) -> Iterator[Connection]:
    """Begin a transaction; on success raise the data version and commit, else roll back."""
    with db.engine.begin() as conn:
        yield conn
        bump_data_version(conn)
