"""Reading the audit trail: the log with filters, the head as a checkpoint, and verification
of the whole chain, streamed so ten million events need little memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from contextlib import closing

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, Permission, everywhere, require
from carewatch.domain.audit import GENESIS, check_rows, timestamp
from carewatch.domain.audit.chain import Row
from carewatch.services.audit.models import AuditEntry, Checkpoint, Verification
from carewatch.store.database import Database
from carewatch.store.tables.audit import AUDIT_EVENTS, AUDIT_HEAD

__all__ = ["audit_log", "checkpoint", "verify", "verify_on"]

_BATCH = 50_000


def audit_log(
    db: Database,
    actor: Actor,
    *,
    by: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """The newest events first, filtered; an administrator sees their own organisation's."""
    require(actor, Permission.READ_AUDIT)
    e = AUDIT_EVENTS.c
    query = select(AUDIT_EVENTS).order_by(e.seq.desc()).limit(limit)
    if not everywhere(actor, Permission.READ_AUDIT) and actor.organisation is not None:
        query = query.where(e.organisation == actor.organisation.code)
    if by:
        query = query.where(e.actor == by.strip().lower())
    if entity:
        query = query.where(e.entity == entity)
    if entity_id:
        query = query.where(e.entity_id == entity_id)
    if start is not None:
        query = query.where(e.at >= timestamp(start))
    if end is not None:
        query = query.where(e.at < timestamp(end))
    with db.engine.connect() as conn:
        return [
            AuditEntry(
                r.seq,
                r.at,
                r.actor,
                r.organisation,
                r.action,
                r.entity,
                r.entity_id,
                r.digest,
                r.hash,
            )
            for r in conn.execute(query)
        ]


def checkpoint(db: Database) -> Checkpoint:
    """The chain's head now."""
    with db.engine.connect() as conn:
        return _head(conn)


def _head(conn: Connection) -> Checkpoint:
    row = conn.execute(select(AUDIT_HEAD.c.seq, AUDIT_HEAD.c.hash)).one()
    return Checkpoint(int(row.seq), str(row.hash))


_COLUMNS = "seq, at, actor, organisation, action, entity, entity_id, digest, prev_hash, hash"


def _rows(conn: Connection) -> Generator[Row]:
    """Every event as a plain tuple in sequence order, streamed (a server-side cursor on
    PostgreSQL), in the column order `check_rows` reads."""
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).exec_driver_sql(
        f"SELECT {_COLUMNS} FROM audit_events ORDER BY seq"
    )
    try:
        yield from result
    finally:
        result.close()


def verify(db: Database, *, against: Checkpoint | None = None) -> Verification:
    """Walk the chain from the first event; it is intact when every event follows the one
    before it, the head names the last event, and (given) an earlier checkpoint's event still
    has the hash the checkpoint recorded."""
    with db.engine.connect() as conn:
        return verify_on(conn, against=against)


def verify_on(conn: Connection, *, against: Checkpoint | None = None) -> Verification:
    """`verify` on an open connection (and so inside its transaction)."""
    with closing(_rows(conn)) as rows:
        walked = check_rows(rows)
    if not walked.ok:
        return Verification(False, walked.events, walked.first_bad, "an event's hash is wrong")
    head = _head(conn)
    e = AUDIT_EVENTS.c
    row = conn.execute(select(e.seq, e.hash).order_by(e.seq.desc()).limit(1)).first()
    last = (int(row.seq), str(row.hash)) if row is not None else (0, GENESIS)
    if (head.seq, head.hash) != last:
        return Verification(
            False,
            walked.events,
            min(head.seq, last[0]) + 1,
            "the head does not name the last event",
        )
    if against is not None and against.seq > 0:
        found = conn.execute(select(e.hash).where(e.seq == against.seq)).scalar()
        if found != against.hash:
            return Verification(
                False, walked.events, against.seq, "the checkpoint's event has changed"
            )
    return Verification(True, walked.events, None)
