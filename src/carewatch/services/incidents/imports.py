"""Importing a trust's incidents from its own system's export, all or nothing.

Every row of the file was validated by `carewatch.ingest.incident_csv`; here the whole file is
stored in one import transaction, keyed by the trust's reference for each incident. A row
already stored with the same facts changes nothing, so importing the same file again stores
nothing and appends no audit event. A row whose facts differ from the stored incident needs
`reason` (kept with each changed field); without one the import is refused naming the file,
row and fields, and nothing is stored. One `incidents.import` audit event per file that
stored anything, with its SHA-256 and counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.dates import FutureDate
from carewatch.domain.incidents import InvalidIncident
from carewatch.ingest.incident_csv import IncidentBatch
from carewatch.ingest.records import IngestError
from carewatch.services import audit
from carewatch.services._db import Outcome, import_transaction, log_event, require_provider
from carewatch.services.incidents.commands import (
    check_incident,
    store_incident,
    stored_unchanged,
)
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong

__all__ = ["IncidentImportResult", "import_incidents"]

# The file's column for a field the service names (None: the row as a whole).
_COLUMN = {"provider_id": "org_code", "trust": "org_code", "name": "patient_name", "reason": None}


def _column(field: str) -> str | None:
    return _COLUMN.get(field, field)


@dataclass(frozen=True)
class IncidentImportResult:
    """What an import stored: how many incidents were new, changed and already stored."""

    trust: str
    file_name: str
    new: int
    changed: int
    unchanged: int


def import_incidents(
    *,
    db: Database,
    actor: Actor,
    batch: IncidentBatch,
    reason: str = "",
    now: dt.datetime | None = None,
) -> IncidentImportResult:
    """Store every incident of `batch` or none. Needs `record_incidents` for the file's
    trust. `IngestError` naming the file, row and field for a row that cannot be stored (a
    day after today, text too long, changed facts without `reason`); `NotFound` for an
    unknown trust."""
    require(actor, Permission.RECORD_INCIDENTS, trust=batch.trust)
    moment = now or dt.datetime.now(dt.UTC)
    for record in batch.records:
        try:
            check_incident(record.incident, record.patient, record.framework, record.source_url)
        except (FutureDate, ValueTooLong) as exc:
            raise IngestError(
                str(exc), file=batch.file_name, row=record.row, column=_column(exc.field)
            ) from None
    with db.engine.connect() as conn:
        unchanged = all(
            stored_unchanged(conn, r.incident, r.patient, r.framework, r.source_url) is not None
            for r in batch.records
        )
    if unchanged:
        # The file again: nothing to write, so no transaction and not even a new data version.
        return IncidentImportResult(batch.trust, batch.file_name, 0, 0, len(batch.records))
    counts = dict.fromkeys(Outcome, 0)
    with import_transaction(db) as conn:
        require_provider(conn, batch.trust)
        for record in batch.records:
            try:
                stored = store_incident(
                    conn,
                    actor,
                    record.incident,
                    record.patient,
                    record.framework,
                    record.source_url,
                    reason=reason,
                    at=moment,
                )
            except InvalidIncident as exc:
                raise IngestError(
                    str(exc), file=batch.file_name, row=record.row, column=_column(exc.field)
                ) from None
            counts[stored.outcome] += 1
        if counts[Outcome.NEW] or counts[Outcome.CHANGED]:
            audit.append(
                conn, actor, "incidents.import", "provider", batch.trust,
                {"sha256": batch.sha256, "file": batch.file_name, "new": counts[Outcome.NEW],
                 "changed": counts[Outcome.CHANGED], "reason": reason.strip()},
            )  # fmt: skip
    log_event(
        "incidents.import", provider_id=batch.trust,
        new=counts[Outcome.NEW], changed=counts[Outcome.CHANGED],
    )  # fmt: skip
    return IncidentImportResult(
        batch.trust,
        batch.file_name,
        counts[Outcome.NEW],
        counts[Outcome.CHANGED],
        counts[Outcome.UNCHANGED],
    )
