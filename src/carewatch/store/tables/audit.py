"""The audit trail: one row an event, chained by SHA-256 (`carewatch.domain.audit`), and the
one-row head that writers lock so sequence numbers never collide or skip.

Database triggers (created by the migration) refuse UPDATE and DELETE on `audit_events` on
both SQLite and PostgreSQL, and TRUNCATE on PostgreSQL.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.store.tables._base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(320))
    organisation: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_actor", "actor"),
        Index("ix_audit_events_entity", "entity", "entity_id"),
    )


class AuditHead(Base):
    """The chain's last sequence number and hash (one row, id 1)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


AUDIT_EVENTS = cast(Table, AuditEvent.__table__)
AUDIT_HEAD = cast(Table, AuditHead.__table__)
