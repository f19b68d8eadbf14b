"""Who the tests act as (the operator, who may do everything as the command line on the
server does, and a user of any role in any organisation), and what their writes left behind:
the audit events appended, and whether anything was stored."""

from __future__ import annotations

from sqlalchemy import func, select

from carewatch.domain.access import Actor, Organisation, Role
from carewatch.services.audit import AuditEntry, audit_log, checkpoint
from carewatch.store.database import Database
from carewatch.store.tables import Base
from carewatch.store.versions import read_data_version

__all__ = ["OPERATOR", "appended", "head", "stored", "user"]

OPERATOR = Actor.operator("tests")
"""The operator: every writer accepts them; their events name `operator:tests`."""


def user(role: str, organisation: str, n: int = 1) -> Actor:
    """A signed-in user of `role` (e.g. "trust_editor") in `organisation` (e.g. "RMY")."""
    return Actor.user(
        n,
        f"{role}{n}@{organisation.lower()}.example",
        f"{role} {n}",
        Role.parse(role),
        Organisation.parse(organisation),
    )


def appended(db: Database, since: int) -> list[AuditEntry]:
    """The audit events appended after sequence number `since`, oldest first."""
    return [e for e in reversed(audit_log(db, OPERATOR, limit=10_000)) if e.seq > since]


def head(db: Database) -> int:
    """The audit trail's last sequence number."""
    return checkpoint(db).seq


def stored(db: Database) -> tuple[int, dict[str, int]]:
    """The data version and every table's row count: a write that stored anything (or
    committed at all) changes one of them."""
    with db.engine.connect() as conn:
        version = read_data_version(conn)
        counts = {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in Base.metadata.sorted_tables
        }
    return version, counts
