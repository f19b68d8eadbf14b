"""Appending to the audit trail: one event per write, in the writer's own transaction, so the
event and the change commit or roll back together.

Appenders take the chain's head row with SELECT ... FOR UPDATE on PostgreSQL (on SQLite the
writer already holds the database's write lock), so two transactions can never take the same
sequence number or chain from the same previous hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from carewatch.domain.access import Actor
from carewatch.domain.audit import Event, digest_of, seal, timestamp
from carewatch.store.database import Database
from carewatch.store.tables.audit import AUDIT_EVENTS, AUDIT_HEAD

__all__ = ["append", "record_read"]


def _organisation(actor: Actor) -> str:
    return actor.organisation.code if actor.organisation is not None else ""


def append(
    conn: Connection,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    changes: Mapping[str, Any] | None = None,
    *,
    now: dt.datetime | None = None,
) -> int:
    """Append one event for `actor` doing `action` to `entity` `entity_id`, with the digest of
    `changes` (never the changes themselves); returns its sequence number."""
    head = conn.execute(
        select(AUDIT_HEAD.c.seq, AUDIT_HEAD.c.hash).where(AUDIT_HEAD.c.id == 1).with_for_update()
    ).one()
    event = Event(
        seq=int(head.seq) + 1,
        at=timestamp(now or dt.datetime.now(dt.UTC)),
        actor=actor.identity,
        organisation=_organisation(actor),
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        digest=digest_of(dict(changes or {})),
    )
    sealed = seal(head.hash, event)
    conn.execute(
        insert(AUDIT_EVENTS).values(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            organisation=event.organisation,
            action=event.action,
            entity=event.entity,
            entity_id=event.entity_id,
            digest=event.digest,
            prev_hash=head.hash,
            hash=sealed,
        )
    )
    conn.execute(update(AUDIT_HEAD).where(AUDIT_HEAD.c.id == 1).values(seq=event.seq, hash=sealed))
    return event.seq


def record_read(db: Database, actor: Actor, entity: str, entity_id: object) -> int:
    """Record that `actor` read a restricted record (an incident's patient details, an
    evidence file): an event of its own, committed at once."""
    with db.engine.begin() as conn:
        return append(conn, actor, f"{entity}.read", entity, entity_id)
