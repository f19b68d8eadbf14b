"""Importing a trust's risk register from its own risk system's export, all or nothing.

Every row of the file was validated by `carewatch.ingest.risk_csv`; here each row's links
are checked against the trust's record (an action, finding or metric it does not hold names
the row and column), and then the whole file is stored in one import transaction: each risk
keyed by the trust's reference (as `record_risk` stores one), its current rating as a
scoring on its day, its controls, gaps and links. A row already stored with the same facts
changes nothing, so importing the same file again stores nothing, opens no transaction and
appends no audit event; a later export adds its new ratings to each risk's history. A
different rating on a day already scored is refused (scorings are history). One
`risks.import` audit event per file that stored anything, with its SHA-256 and counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.dates import FutureDate
from carewatch.domain.risks import InvalidRisk
from carewatch.ingest.records import IngestError
from carewatch.ingest.risk_csv import RiskBatch, RiskRecord
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import Outcome, import_transaction, insert_missing, log_event
from carewatch.services.errors import NotFound
from carewatch.services.risks.commands import _target_exists, store_risk, stored_unchanged
from carewatch.store.database import Database
from carewatch.store.tables.risks import RISK_LINKS, RISK_SCORES

__all__ = ["RiskImportResult", "import_risks"]


@dataclass(frozen=True)
class RiskImportResult:
    """What an import stored: how many risks were new, changed and already stored."""

    trust: str
    file_name: str
    new: int
    changed: int
    unchanged: int


def _refused(batch: RiskBatch, record: RiskRecord, message: str, column: str) -> IngestError:
    return IngestError(message, file=batch.file_name, row=record.row, column=column)


def _scored(conn: Connection, rid: int, record: RiskRecord) -> bool | None:
    """Whether the risk already holds the row's current rating on its day (True), holds
    nothing on that day (False); `InvalidRisk` when it holds another rating then."""
    before = conn.execute(
        select(RISK_SCORES.c.likelihood, RISK_SCORES.c.consequence).where(
            RISK_SCORES.c.risk_id == rid, RISK_SCORES.c.scored_on == record.current_on
        )
    ).first()
    if before is None:
        return False
    if (before.likelihood, before.consequence) != (
        record.current.likelihood,
        record.current.consequence,
    ):
        raise InvalidRisk(
            f"the risk was already scored {before.likelihood}x{before.consequence} on "
            f"{record.current_on}: scorings are history, give the new rating its own day",
            "current_likelihood",
        )
    return True


def _links_stored(conn: Connection, rid: int, record: RiskRecord) -> bool:
    have = {
        (row.kind, row.target)
        for row in conn.execute(
            select(RISK_LINKS.c.kind, RISK_LINKS.c.target).where(RISK_LINKS.c.risk_id == rid)
        )
    }
    return all((kind.value, target) in have for kind, target, _ in record.links)


def _unchanged(conn: Connection, record: RiskRecord) -> bool:
    rid = stored_unchanged(conn, record.risk, record.controls, record.gaps)
    return rid is not None and bool(_scored(conn, rid, record)) and _links_stored(conn, rid, record)


def import_risks(
    *, db: Database, actor: Actor, batch: RiskBatch, now: dt.datetime | None = None
) -> RiskImportResult:
    """Store every risk of `batch` or none. Needs `record_risks` for the file's trust.
    `IngestError` naming the file, row and column for a row that cannot be stored (a day
    after today, a link to what the trust's record does not hold, a strategic objective not
    recorded, another rating on a day already scored); `NotFound` for an unknown trust."""
    require(actor, Permission.RECORD_RISKS, trust=batch.trust)
    moment = now or dt.datetime.now(dt.UTC)
    for record in batch.records:
        try:
            refuse_future(record.risk.identified, what="the risk", field="identified")
            refuse_future(record.current_on, what="the rating", field="current_scored_on")
        except FutureDate as exc:
            raise _refused(batch, record, str(exc), exc.field) from None
        for kind, target, column in record.links:
            if not _target_exists(db, batch.trust, kind, target):
                raise _refused(
                    batch, record, f"names {target}, which the trust's record does not hold",
                    column,
                )  # fmt: skip
    unchanged = True
    with db.engine.connect() as conn:
        for record in batch.records:
            try:
                if not _unchanged(conn, record):
                    unchanged = False
                    break
            except InvalidRisk as exc:
                raise _refused(batch, record, str(exc), exc.field) from None
    if unchanged:
        # The file again: nothing to write, so no transaction and not even a new data version.
        return RiskImportResult(batch.trust, batch.file_name, 0, 0, len(batch.records))
    counts = dict.fromkeys(Outcome, 0)
    with import_transaction(db) as conn:
        for record in batch.records:
            try:
                stored = store_risk(
                    conn, actor, record.risk, record.controls, record.gaps, at=moment
                )
                scored = _scored(conn, stored.id, record)
            except NotFound as exc:
                if exc.kind == "strategic objective":
                    raise _refused(
                        batch, record, f"names {exc.identifier}, an objective the trust has not "
                        "recorded (carewatch risks objective)", "objective",
                    ) from None  # fmt: skip
                raise
            except InvalidRisk as exc:
                raise _refused(batch, record, str(exc), exc.field) from None
            added = 0
            if not scored:
                added += insert_missing(
                    conn, RISK_SCORES,
                    [{"risk_id": stored.id, "scored_on": record.current_on,
                      "likelihood": record.current.likelihood,
                      "consequence": record.current.consequence, "trend": None,
                      "note": f"Imported from {batch.file_name}", "recorded_at": moment}],
                    conflict=["risk_id", "scored_on"],
                )  # fmt: skip
            added += insert_missing(
                conn, RISK_LINKS,
                [{"risk_id": stored.id, "kind": kind.value, "target": target}
                 for kind, target, _ in record.links],
                conflict=["risk_id", "kind", "target"],
            )  # fmt: skip
            outcome = stored.outcome
            if outcome is Outcome.UNCHANGED and added:
                outcome = Outcome.CHANGED
            counts[outcome] += 1
        if counts[Outcome.NEW] or counts[Outcome.CHANGED]:
            audit.append(
                conn, actor, "risks.import", "provider", batch.trust,
                {"sha256": batch.sha256, "file": batch.file_name, "new": counts[Outcome.NEW],
                 "changed": counts[Outcome.CHANGED]},
            )  # fmt: skip
    log_event(
        "risks.import", provider_id=batch.trust,
        new=counts[Outcome.NEW], changed=counts[Outcome.CHANGED],
    )  # fmt: skip
    return RiskImportResult(
        batch.trust,
        batch.file_name,
        counts[Outcome.NEW],
        counts[Outcome.CHANGED],
        counts[Outcome.UNCHANGED],
    )
