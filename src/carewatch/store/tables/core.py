"""The bookkeeping every area shares: the log of imported files and the data version that
readers use to tell whether anything has changed."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Index,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.store.tables._base import Base


class ImportLog(Base):
    """One import of a source file (append-only): what it was and what it changed."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_new: Mapped[int] = mapped_column(Integer)
    rows_changed: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_imports_sha256", "sha256"),)


class DataVersion(Base):
    """One row counting committed writes, so readers can tell when anything has changed.

    Every service transaction that writes raises it (`carewatch.store.versions`); the web
    application keys its response cache on it.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


IMPORTS = cast(Table, ImportLog.__table__)
DATA_VERSION = cast(Table, DataVersion.__table__)
