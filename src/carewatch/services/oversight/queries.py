"""Readers of a trust's oversight record: the record itself, the status derived from it as
of a day, its timeline, and the enforcement actions another area's records link to.

Example::

    oversight_status(db=db, provider_id="RMY", as_of=dt.date(2016, 1, 1)).regime
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, select

from carewatch.domain.oversight import (
    EnforcementActionKind,
    OversightStatus,
    TimelineEvent,
    derive_status,
    timeline,
)
from carewatch.services._db import require_provider
from carewatch.services.oversight._load import load_record, load_status_inputs
from carewatch.services.oversight.models import (
    LinkedEnforcement,
    LinkedRequirement,
    OversightRecord,
)
from carewatch.store.database import Database
from carewatch.store.tables.oversight import OVERSIGHT_ENFORCEMENT, OVERSIGHT_REQUIREMENTS

__all__ = [
    "linked_enforcement",
    "oversight_record",
    "oversight_status",
    "oversight_statuses",
    "oversight_timeline",
]


def oversight_record(*, db: Database, provider_id: str) -> OversightRecord:
    """Everything stored about a provider's oversight, as domain values; `NotFound` if unknown."""
    with db.engine.connect() as conn:
        require_provider(conn, provider_id)
        return load_record(conn, provider_id)


def oversight_status(
    *, db: Database, provider_id: str, as_of: dt.date | None = None
) -> OversightStatus:
    """The provider's derived oversight facts as of a date (default: today); `NotFound` if
    unknown. Reads only what the status is derived from, not the whole record."""
    with db.engine.connect() as conn:
        require_provider(conn, provider_id)
        found = load_status_inputs(conn, [provider_id])[provider_id]
    return derive_status(
        history=found.history,
        ratings=found.ratings,
        enforcement=found.enforcement,
        commitments=found.commitments,
        as_of=as_of or dt.date.today(),
    )


def oversight_statuses(
    *, db: Database, provider_ids: Iterable[str], as_of: dt.date | None = None
) -> dict[str, OversightStatus]:
    """`oversight_status` of many providers by provider id, read in a fixed number of queries
    whatever their number; an id not stored gets the status of a provider with no record
    (the caller passes ids it has read). Each is what `oversight_status` returns for it."""
    day = as_of or dt.date.today()
    with db.engine.connect() as conn:
        inputs = load_status_inputs(conn, list(provider_ids))
    return {
        pid: derive_status(
            history=found.history,
            ratings=found.ratings,
            enforcement=found.enforcement,
            commitments=found.commitments,
            as_of=day,
        )
        for pid, found in inputs.items()
    }


def oversight_timeline(
    *,
    db: Database,
    provider_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[TimelineEvent]:
    """The provider's oversight timeline between two dates (inclusive; None: unbounded)."""
    record = oversight_record(db=db, provider_id=provider_id)
    return timeline(
        history=record.history,
        ratings=record.ratings,
        enforcement=record.enforcement,
        escalations=record.escalations,
        meetings=record.meetings,
        commitments=record.commitments,
        start=start,
        end=end,
    )


def linked_enforcement(conn: Connection, ids: Iterable[int]) -> dict[int, LinkedEnforcement]:
    """The stored enforcement actions with these ids, by id, each with its requirements
    (ids not stored are left out). Read on the caller's connection, so a writer checking a
    link sees what its own transaction sees."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    e, q = OVERSIGHT_ENFORCEMENT.c, OVERSIGHT_REQUIREMENTS.c
    requirements: dict[int, list[LinkedRequirement]] = {}
    for row in conn.execute(
        select(q.enforcement_id, q.position, q.text, q.deadline)
        .where(q.enforcement_id.in_(wanted))
        .order_by(q.enforcement_id, q.position)
    ):
        requirements.setdefault(row.enforcement_id, []).append(
            LinkedRequirement(row.position, row.text, row.deadline)
        )
    rows = conn.execute(select(e.id, e.provider_id, e.kind, e.issued_date).where(e.id.in_(wanted)))
    return {
        row.id: LinkedEnforcement(
            row.id,
            row.provider_id,
            EnforcementActionKind(row.kind),
            row.issued_date,
            tuple(requirements.get(row.id, ())),
        )
        for row in rows
    }
