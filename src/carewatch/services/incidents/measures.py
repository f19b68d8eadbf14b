"""Counts become measures: a trust's stored incidents give monthly observations of the
metrics catalogue (`carewatch.domain.incidents.measures` has the rules), recorded through the
metrics service as a data version of kind `incidents`.

Run on demand (`carewatch incidents derive-measures ODS`), as a trust reports its figures for
a month, not on every incident written: each derivation that changes a figure is a data
version, and a version per incident recorded would bury the chart's history in versions.
Deriving again with nothing changed writes nothing; an incident changed since revises the
month's observation (the old value is kept beside it, as a revised file's is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, Permission, may, require
from carewatch.domain.incidents import (
    DEFAULT_CLOCK_RULES,
    ClockRules,
    derive_measures,
    duty_steps,
)
from carewatch.domain.metrics import ObservationRecord
from carewatch.services._dates import today_in_uk
from carewatch.services.incidents._load import incident_from_row, load_responses
from carewatch.services.metrics import ImportResult, record_derived
from carewatch.store.database import Database
from carewatch.store.tables.incidents import INCIDENTS

__all__ = ["PUBLICATION", "derive_incident_measures"]

PUBLICATION = "Derived from the trust's incidents"


def _observations(
    conn: Connection, trust: str, as_of: dt.date, rules: ClockRules
) -> tuple[ObservationRecord, ...]:
    rows: dict[int, Mapping[str, Any]] = {
        int(r["id"]): dict(r)
        for r in conn.execute(
            select(INCIDENTS).where(INCIDENTS.c.provider_id == trust, INCIDENTS.c.reported <= as_of)
        ).mappings()
    }
    responses = load_responses(conn, rows)
    found = [(incident_from_row(row), responses[i]) for i, row in rows.items()]
    steps = [
        s for incident, response in found for s in duty_steps(incident, response, as_of, rules)
    ]
    derived = derive_measures([incident for incident, _ in found], steps, as_of)
    return tuple(
        ObservationRecord(
            org_code=trust,
            metric_code=d.metric_code,
            period_start=d.period[0],
            period_end=d.period[1],
            value=d.value,
            suppressed=d.suppressed,
            source=d.source,
            row=n,
        )
        for n, d in enumerate(derived, start=1)
    )


def derive_incident_measures(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    as_of: dt.date | None = None,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
    published_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ImportResult | None:
    """Record the measures the trust's incidents give for the months complete by the end of
    `as_of` (default today in the UK); None when every figure is already the one stored, and
    nothing was written. The incidents are read and the observations written in one
    transaction. Needs `record_incidents` for the trust (its own editors) or
    `import_statistics`; `NotFound` for an unknown trust. The version counts from the day it
    is stored unless `published_on` says from when (the worked example's, as its
    illustrative series, from 30 April 2022)."""
    if not may(actor, Permission.IMPORT_STATISTICS, trust=trust):
        # Name what the trust's own roles lack: recording incidents, not national statistics.
        require(actor, Permission.RECORD_INCIDENTS, trust=trust)
    day = as_of or today_in_uk()
    return record_derived(
        db=db,
        actor=actor,
        org_code=trust,
        derive=lambda conn: _observations(conn, trust, day, rules),
        publication=PUBLICATION,
        published_on=published_on,
        source="carewatch incidents derive-measures: counts of the trust's stored incidents",
        now=now,
    )
