"""Keeping a change to an action's or a finding's recorded facts: one row per changed field in
`plan_changes`, and one audit event for the whole change, in the writer's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, insert

from carewatch.domain.access import Actor
from carewatch.domain.plans import ChangedRecord, FieldChange
from carewatch.services import audit
from carewatch.services.plans._authz import signed
from carewatch.store.limits import check_fits
from carewatch.store.tables.plans import PLAN_CHANGES

__all__ = ["record_changes"]


def record_changes(
    conn: Connection,
    actor: Actor,
    record: ChangedRecord,
    record_id: int,
    changes: Sequence[FieldChange],
    *,
    reason: str,
    at: dt.datetime,
) -> None:
    """Append `changes` to the record's history, by `actor`, at `at`, for `reason`, and one
    `plans.change` audit event naming the fields."""
    rows = [
        {
            "record": record.value,
            "record_id": record_id,
            "field": c.field,
            "old_value": c.old,
            "new_value": c.new,
            "changer": actor.identity,
            "changed_by": signed(actor, ""),
            "changed_at": at,
            "reason": reason.strip(),
        }
        for c in changes
    ]
    for row in rows:
        check_fits(PLAN_CHANGES, row)
    conn.execute(insert(PLAN_CHANGES), rows)
    audit.append(
        conn, actor, "plans.change", record.value, record_id,
        {"fields": {c.field: {"old": c.old, "new": c.new} for c in changes},
         "reason": reason.strip()},
    )  # fmt: skip
