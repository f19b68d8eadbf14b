"""Reading the audit trail: the log with filters, the head as a checkpoint, and verification
of the whole chain, streamed so ten million events need little memory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.engine import Row as Record

from carewatch.domain.access import Actor, Permission, everywhere, require
from carewatch.domain.audit import GENESIS, ChainCheck, timestamp
from carewatch.services.audit._walk import PARALLEL_FROM, walk, walk_in_parallel
from carewatch.services.audit.models import AuditEntry, AuditPage, Checkpoint, Verification
from carewatch.store.database import Database
from carewatch.store.tables.audit import AUDIT_EVENTS, AUDIT_HEAD

__all__ = ["audit_log", "audit_page", "checkpoint", "verify", "verify_on"]


def _filtered(
    actor: Actor,
    *,
    by: str | None,
    entity: str | None,
    entity_id: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> Select[Any]:
    """The events `actor` may read under the filters, in no order; refuses the public with
    `SignInRequired` and a role without READ_AUDIT with `Forbidden`."""
    require(actor, Permission.READ_AUDIT)
    e = AUDIT_EVENTS.c
    query = select(AUDIT_EVENTS)
    if not everywhere(actor, Permission.READ_AUDIT):
        # An administrator reads their own organisation's events only.
        own = actor.organisation.code if actor.organisation is not None else ""
        query = query.where(e.organisation == own)
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
    return query


def _entry(r: Record[Any]) -> AuditEntry:
    return AuditEntry(
        r.seq, r.at, r.actor, r.organisation, r.action, r.entity, r.entity_id, r.digest, r.hash
    )


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
    query = _filtered(actor, by=by, entity=entity, entity_id=entity_id, start=start, end=end)
    query = query.order_by(AUDIT_EVENTS.c.seq.desc()).limit(limit)
    with db.engine.connect() as conn:
        return [_entry(r) for r in conn.execute(query)]


def audit_page(
    db: Database,
    actor: Actor,
    *,
    by: str | None = None,
    entity: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    before: int | None = None,
    after: int | None = None,
    size: int = 50,
) -> AuditPage:
    """`size` events newest first, under the same filters and rule as `audit_log`: those
    before sequence `before`, else those just after `after`, else the newest; with the
    chain's head and where the next pages start. Reading the log is not itself recorded.
    """
    if size < 1:
        raise ValueError("a page holds at least one event")
    query = _filtered(actor, by=by, entity=entity, entity_id=None, start=start, end=end)
    seq = AUDIT_EVENTS.c.seq
    with db.engine.connect() as conn:
        if after is not None and before is None:
            rows = list(conn.execute(query.where(seq > after).order_by(seq.asc()).limit(size + 1)))
            more_newer = len(rows) > size
            entries = [_entry(r) for r in reversed(rows[:size])]
            more_older = bool(entries) and _any(conn, query.where(seq < entries[-1].seq))
        else:
            query_page = query.where(seq < before) if before is not None else query
            rows = list(conn.execute(query_page.order_by(seq.desc()).limit(size + 1)))
            more_older = len(rows) > size
            entries = [_entry(r) for r in rows[:size]]
            more_newer = bool(entries) and _any(conn, query.where(seq > entries[0].seq))
        return AuditPage(
            entries=tuple(entries),
            head=_head(conn),
            newer=entries[0].seq if more_newer else None,
            older=entries[-1].seq if more_older else None,
        )


def _any(conn: Connection, query: Select[Any]) -> bool:
    return bool(conn.execute(select(query.exists())).scalar())


def checkpoint(db: Database) -> Checkpoint:
    """The chain's head now."""
    with db.engine.connect() as conn:
        return _head(conn)


def _head(conn: Connection) -> Checkpoint:
    row = conn.execute(select(AUDIT_HEAD.c.seq, AUDIT_HEAD.c.hash)).one()
    return Checkpoint(int(row.seq), str(row.hash))


def verify(
    db: Database,
    *,
    against: Checkpoint | None = None,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> Verification:
    """Walk the chain from the first event; it is intact when every event follows the one
    before it, the head names the last event, and (given) an earlier checkpoint's event still
    has the hash the checkpoint recorded. A chain of `parallel_from` events or more in a
    database file or server is walked on `workers` processes (every core by default)."""
    url = db.engine.url
    in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    with db.engine.connect() as conn:
        e = AUDIT_EVENTS.c
        first, last, events = conn.execute(
            select(func.min(e.seq), func.max(e.seq), func.count())
        ).one()
    if in_memory or int(events) < parallel_from:
        with db.engine.connect() as conn:
            return verify_on(conn, against=against)
    walked = walk_in_parallel(
        url.render_as_string(hide_password=False), int(first), int(last), workers=workers
    )
    with db.engine.connect() as conn:
        return _conclude(conn, walked, against)


def verify_on(conn: Connection, *, against: Checkpoint | None = None) -> Verification:
    """`verify` on an open connection (and so inside its transaction), in this process."""
    return _conclude(conn, walk(conn), against)


def _conclude(conn: Connection, walked: ChainCheck, against: Checkpoint | None) -> Verification:
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
