"""The metrics service's writers: the only code that writes metric definitions,
observations, recalculations and annotations.

Each runs in one transaction through `write_transaction` (an import through
`import_transaction`, so two imports at once run one after the other), stores nothing when
anything is refused, and logs one event with the ids it wrote. An import is all or nothing
per file and idempotent: a file whose SHA-256 is stored adds nothing; a revised file adds a
new version of each observation it changes and keeps the old one.

Who may: the catalogue, imports and recalculations need `import_statistics` (the regulator's
and NHS England's roles; a file of every trust needs it in general, a file of one trust for
that trust); an annotation of a trust's chart needs `work_plan` for that trust (its own
editors, who mark their interventions) or `import_statistics`. The check comes before
anything is read or written, and each write appends one audit event in its transaction
(`metrics.catalogue`, `metrics.import`, `metrics.recalculation`, `metrics.annotation`); an
import of a file already stored, or a seeding that finds the catalogue current, appends none.

Example::

    import_metrics(db=db, actor=actor, batch=read_mhsds_4ww(path))
    record_annotation(db=db, actor=actor, org_code="RMY", metric_code="cmh_4ww", on=day,
                      label="new triage")
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, func, select

from carewatch.domain.access import Actor, Permission, may, require
from carewatch.domain.metrics import (
    CATALOGUE,
    DataKind,
    MetricBatch,
    MetricDefinition,
    ObservationRecord,
)
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import import_transaction, log_event, upsert, write_transaction
from carewatch.services.metrics import _read as read
from carewatch.services.metrics._import import (
    already_imported,
    catalogue_changes,
    changed_records,
    store_batch,
    write_catalogue,
)
from carewatch.services.metrics.errors import InvalidMetricRecord
from carewatch.services.metrics.models import ImportResult
from carewatch.services.metrics.queries import is_imported
from carewatch.store.database import Database
from carewatch.store.tables.metrics import (
    METRIC_ANNOTATIONS,
    METRIC_DATA_VERSIONS,
    METRIC_RECALCULATIONS,
)

__all__ = [
    "import_metrics",
    "record_annotation",
    "record_derived",
    "record_recalculation",
    "seed_catalogue",
]


def seed_catalogue(
    db: Database, *, actor: Actor, catalogue: Sequence[MetricDefinition] = CATALOGUE
) -> int:
    """Store the seeded catalogue, or `catalogue` (a trust's own measures, in display order:
    new metrics added, changed definitions updated, others left as they are); the number of
    metrics written. Writes nothing, not even a new data version or an audit event, when all
    are current. Needs `import_statistics`."""
    require(actor, Permission.IMPORT_STATISTICS)
    with db.engine.connect() as conn:
        inserts, updates = catalogue_changes(conn, catalogue)
    if not inserts and not updates:
        return 0
    with write_transaction(db) as conn:
        inserts, updates = catalogue_changes(conn, catalogue)
        write_catalogue(conn, inserts, updates)
        audit.append(
            conn, actor, "metrics.catalogue", "catalogue", "metrics",
            {"added": [r["metric_code"] for r in inserts],
             "updated": [r["metric_code"] for r in updates]},
        )  # fmt: skip
    log_event("metrics.catalogue", written=len(inserts) + len(updates))
    return len(inserts) + len(updates)


def _ensure_catalogue(conn: Connection) -> None:
    """Store the seeded definitions not stored yet (a writer may come before any seeding)."""
    inserts, _ = catalogue_changes(conn)
    write_catalogue(conn, inserts, [])


def import_metrics(
    *,
    db: Database,
    actor: Actor,
    batch: MetricBatch,
    published_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Store one file's observations, all or nothing.

    The data version is published on the date the file states, else `published_on`, else
    its publication date is unknown (stored as none, never as the import date). Raises
    `MetricImportRejected` (naming file, row and field) when an observation cannot be stored;
    nothing is then written. Needs `import_statistics` (for the one organisation of a file
    scoped to it, else in general). A file stored for the
    first time appends one `metrics.import` event (its data version, counts and SHA-256); a
    file already stored appends none.
    """
    require(actor, Permission.IMPORT_STATISTICS, trust=batch.org_scope or None)
    moment = now or dt.datetime.now(dt.UTC)
    published = batch.published_on or published_on
    if is_imported(db=db, sha256=batch.sha256, org_scope=batch.org_scope):
        return already_imported(batch)
    with import_transaction(db) as conn:
        _ensure_catalogue(conn)
        result = store_batch(conn, batch, published_on=published, now=moment)
        if not result.already_imported:
            audit.append(
                conn, actor, "metrics.import", "import", result.data_version_id,
                {"sha256": batch.sha256, "rows": result.rows_read, "new": result.new,
                 "revised": result.revised, "unchanged": result.unchanged},
            )  # fmt: skip
    if not result.already_imported:
        log_event(
            "metrics.import",
            data_version_id=result.data_version_id,
            sha256=batch.sha256,
            new=result.new,
            revised=result.revised,
        )
    return result


def record_derived(
    *,
    db: Database,
    actor: Actor,
    org_code: str,
    derive: Callable[[Connection], Sequence[ObservationRecord]],
    publication: str,
    source: str,
    published_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ImportResult | None:
    """Store the observations another area derives from its own records for one
    organisation (today the incidents service, from a trust's incidents), as a data version
    of kind `incidents`; None when every one equals the observation a board sees now, and
    then nothing is written, not even a data version or an audit event. The version counts
    from `published_on`, else from the day it is stored.

    `derive` runs on this writer's connection, inside its transaction, after the imports'
    lock is taken: what it reads is what is stored, and nothing is written when it raises
    (it runs once before too, on a reading connection, to find whether anything changed).
    An observation that differs from the one stored is added as a new version of it, kept
    beside the old (as a revised file revises). Needs `record_incidents` (the trust's own
    editors) or `import_statistics` for the organisation; one `metrics.derived` audit event.
    """
    if not may(actor, Permission.RECORD_INCIDENTS, trust=org_code):
        require(actor, Permission.IMPORT_STATISTICS, trust=org_code)
    moment = now or dt.datetime.now(dt.UTC)
    # Read first, so that nothing changed commits nothing (not even the data version every
    # committed write raises); then again under the lock, as what is stored may have moved.
    with db.engine.connect() as conn:
        read.require_org(conn, org_code)
        if catalogue_changes(conn)[0] == [] and not changed_records(conn, tuple(derive(conn))):
            return None
    with import_transaction(db) as conn:
        _ensure_catalogue(conn)
        records = tuple(derive(conn))
        if not changed_records(conn, records):
            return None
        v = METRIC_DATA_VERSIONS.c
        earlier = conn.execute(
            select(func.count()).where(v.kind == DataKind.INCIDENTS.value, v.org_scope == org_code)
        ).scalar_one()
        text = "\n".join(
            f"{r.metric_code},{r.period_start},{r.period_end},{r.value},{r.suppressed}"
            for r in records
        )
        # The same figures may come back after a change is undone: the count of earlier
        # derivations makes each version's hash its own.
        digest = hashlib.sha256(f"{org_code}:{earlier}\n{text}".encode()).hexdigest()
        batch = MetricBatch(
            kind=DataKind.INCIDENTS,
            file_name=f"derived-from-incidents-{org_code}-{earlier + 1}",
            sha256=digest,
            publication=publication,
            published_on=published_on,
            rows_read=len(records),
            observations=records,
            source=source,
            org_scope=org_code,
        )
        result = store_batch(conn, batch, published_on=published_on, now=moment)
        audit.append(
            conn, actor, "metrics.derived", "import", result.data_version_id,
            {"org": org_code, "new": result.new, "revised": result.revised,
             "unchanged": result.unchanged},
        )  # fmt: skip
    log_event(
        "metrics.derived",
        org_code=org_code,
        data_version_id=result.data_version_id,
        new=result.new,
        revised=result.revised,
    )
    return result


def record_recalculation(
    *,
    db: Database,
    actor: Actor,
    org_code: str,
    metric_code: str,
    at: dt.date,
    reason: str,
    recorded_on: dt.date | None = None,
    source: str = "",
) -> None:
    """Record a decision to recalculate the metric's SPC limits for the organisation: a new
    phase starts with the first period ending on or after `at`. Never automatic.

    Recording the same date again replaces the reason. Raises `NotFound` for an unknown
    metric or organisation, `InvalidMetricRecord` for an empty reason, `ValueTooLong` for an
    over-long source, `FutureDate` for `recorded_on` after today. Needs `import_statistics`
    for the organisation.
    """
    if not reason.strip():
        raise InvalidMetricRecord("reason", "a recalculation needs a reason")
    # `at` may be ahead (a decision to recalculate from a coming period); the day the
    # decision was recorded may not.
    refuse_future(recorded_on, what="the recalculation's recording", field="recorded_on")
    require(actor, Permission.IMPORT_STATISTICS, trust=org_code)
    with write_transaction(db) as conn:
        _ensure_catalogue(conn)
        read.definition(conn, metric_code)
        read.require_org(conn, org_code)
        recalculation_id = upsert(
            conn,
            METRIC_RECALCULATIONS,
            {"org_code": org_code, "metric_code": metric_code, "at_date": at},
            {
                "reason": reason.strip(),
                "recorded_on": recorded_on or dt.date.today(),
                "source": source,
            },
        )
        audit.append(
            conn, actor, "metrics.recalculation", "recalculation", recalculation_id,
            {"org": org_code, "metric": metric_code, "at": at},
        )  # fmt: skip
    log_event(
        "metrics.recalculation",
        org_code=org_code,
        metric_code=metric_code,
        recalculation_id=recalculation_id,
    )


def record_annotation(
    *,
    db: Database,
    actor: Actor,
    org_code: str,
    metric_code: str,
    on: dt.date,
    label: str,
    source: str = "",
) -> None:
    """Record a dated note for the metric's chart (an intervention such as "new triage
    pathway"). Idempotent on organisation, metric, date and label.

    Needs `work_plan` for the organisation (a trust's editors mark their own interventions)
    or `import_statistics` (the national roles); refused, it names the latter.
    """
    if not label.strip():
        raise InvalidMetricRecord("label", "an annotation needs a label")
    if not may(actor, Permission.WORK_PLAN, trust=org_code):
        require(actor, Permission.IMPORT_STATISTICS, trust=org_code)
    with write_transaction(db) as conn:
        _ensure_catalogue(conn)
        read.definition(conn, metric_code)
        read.require_org(conn, org_code)
        annotation_id = upsert(
            conn,
            METRIC_ANNOTATIONS,
            {"org_code": org_code, "metric_code": metric_code, "on_date": on, "label": label},
            {"source": source},
        )
        audit.append(
            conn, actor, "metrics.annotation", "annotation", annotation_id,
            {"org": org_code, "metric": metric_code, "on": on},
        )  # fmt: skip
    log_event(
        "metrics.annotation",
        org_code=org_code,
        metric_code=metric_code,
        annotation_id=annotation_id,
    )
