"""How the metrics service writes the catalogue and one file's observations, inside the
caller's transaction.

The catalogue is written with ``INSERT … ON CONFLICT`` on its metric code and a data version
with ``ON CONFLICT DO NOTHING`` on its SHA-256 and scope, so two writers storing the same
catalogue or the same file at once both succeed and store it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from carewatch.domain.metrics import CATALOGUE, MetricBatch, MetricDefinition, ObservationRecord
from carewatch.services._db import insert_missing, upsert_many
from carewatch.services.metrics._read import imported_day
from carewatch.services.metrics.errors import MetricImportRejected
from carewatch.services.metrics.models import ImportResult
from carewatch.store.limits import ValueTooLong, check_fits
from carewatch.store.tables.metrics import METRIC_DATA_VERSIONS, METRIC_OBSERVATIONS, METRICS

__all__ = [
    "already_imported",
    "catalogue_changes",
    "changed_records",
    "is_stored",
    "store_batch",
    "write_catalogue",
]


def _definition_values(position: int, m: MetricDefinition) -> dict[str, Any]:
    return {
        "position": position,
        "name": m.name,
        "description": m.description,
        "unit": m.unit.value,
        "polarity": m.polarity.value,
        "polarity_reason": m.polarity_reason,
        "frequency": m.frequency.value,
        "level": m.level.value,
        "core_service": m.core_service,
        "target": None if m.target is None else m.target.value,
        "target_kind": m.target_kind.value,
        "target_source": "" if m.target is None else m.target.source,
        "fix_after": m.fix_after,
        "data_source": m.data_source,
    }


def catalogue_changes(
    conn: Connection, catalogue: Sequence[MetricDefinition] = CATALOGUE
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows to insert, rows to update) to make the stored catalogue equal `catalogue`."""
    stored = {r.metric_code: dict(r._mapping) for r in conn.execute(select(METRICS))}
    inserts, updates = [], []
    for position, m in enumerate(catalogue, start=1):
        values = {"metric_code": m.code, **_definition_values(position, m)}
        check_fits(METRICS, values)
        old = stored.get(m.code)
        if old is None:
            inserts.append(values)
        elif any(old[k] != v for k, v in values.items()):
            updates.append(values)
    return inserts, updates


def write_catalogue(
    conn: Connection, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """Store the definitions `catalogue_changes` found new or changed; a definition another
    writer stored meanwhile is updated to the same values."""
    rows = sorted([*inserts, *updates], key=lambda row: str(row["metric_code"]))
    if rows:
        columns = [c for c in rows[0] if c != "metric_code"]
        upsert_many(conn, METRICS, rows, conflict=["metric_code"], update=columns)


def is_stored(conn: Connection, sha256: str, org_scope: str = "") -> bool:
    """True when a data version with this SHA-256 and scope is stored."""
    v = METRIC_DATA_VERSIONS.c
    found = conn.execute(select(v.id).where(v.sha256 == sha256, v.org_scope == org_scope))
    return found.first() is not None


def _same(record: ObservationRecord, old: Any) -> bool:
    return (
        record.value == old.value
        and record.suppressed == bool(old.suppressed)
        and record.numerator == old.numerator
        and record.denominator == old.denominator
    )


def changed_records(
    conn: Connection, records: Sequence[ObservationRecord]
) -> list[ObservationRecord]:
    """The records that are new or differ from the latest stored version of their
    observation."""
    if not records:
        return []
    latest = _latest_stored(conn, records)
    return [r for r in records if (old := latest.get(r.key)) is None or not _same(r, old)]


def _latest_stored(
    conn: Connection, observations: Sequence[ObservationRecord]
) -> dict[tuple[Any, ...], Any]:
    """The latest stored version of every observation the batch could revise."""
    o, v = METRIC_OBSERVATIONS.c, METRIC_DATA_VERSIONS.c
    codes = sorted({r.metric_code for r in observations})
    ends = sorted({r.period_end for r in observations})
    rows = conn.execute(
        select(
            o.org_code,
            o.metric_code,
            o.period_start,
            o.period_end,
            o.value,
            o.suppressed,
            o.numerator,
            o.denominator,
            v.id,
            v.published_on,
            v.imported_at,
        )
        .join(METRIC_DATA_VERSIONS, v.id == o.data_version_id)
        .where(o.metric_code.in_(codes), o.period_end.in_(ends))
    )
    latest: dict[tuple[Any, ...], Any] = {}
    # In the order `current_series` shows them, so "latest" means what a board sees.
    for r in sorted(rows, key=lambda r: (r.published_on or imported_day(r.imported_at), r.id)):
        latest[(r.org_code, r.metric_code, r.period_start, r.period_end)] = r
    return latest


def store_batch(
    conn: Connection, batch: MetricBatch, *, published_on: dt.date | None, now: dt.datetime
) -> ImportResult:
    """Store the batch's data version and every observation that is new or differs from the
    latest stored version; a batch whose SHA-256 is already stored writes nothing."""
    if is_stored(conn, batch.sha256, batch.org_scope):
        return already_imported(batch)
    stored_codes = set(conn.execute(select(METRICS.c.metric_code)).scalars())
    latest = _latest_stored(conn, batch.observations)
    rows: list[dict[str, Any]] = []
    new = revised = unchanged = 0
    for record in batch.observations:
        if record.metric_code not in stored_codes:
            raise MetricImportRejected(
                "is not a metric in the catalogue",
                file=batch.file_name,
                row=record.row,
                field="metric_code",
            )
        old = latest.get(record.key)
        if old is not None and _same(record, old):
            unchanged += 1
            continue
        if old is None:
            new += 1
        else:
            revised += 1
        values = {
            "org_code": record.org_code,
            "org_name": record.org_name,
            "metric_code": record.metric_code,
            "period_start": record.period_start,
            "period_end": record.period_end,
            "value": record.value,
            "suppressed": record.suppressed,
            "numerator": record.numerator,
            "denominator": record.denominator,
            "source": record.source,
        }
        try:
            check_fits(METRIC_OBSERVATIONS, values)
        except ValueTooLong as exc:
            raise MetricImportRejected(
                f"longer than the {exc.limit} characters allowed",
                file=batch.file_name,
                row=record.row,
                field=exc.field,
            ) from None
        rows.append(values)
    version = {
        "kind": batch.kind.value,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "org_scope": batch.org_scope,
        "publication": batch.publication,
        "published_on": published_on,
        "imported_at": now,
        "rows_read": batch.rows_read,
        "observations_new": new,
        "observations_revised": revised,
        "source": batch.source,
    }
    try:
        check_fits(METRIC_DATA_VERSIONS, version)
    except ValueTooLong as exc:
        raise MetricImportRejected(
            f"longer than the {exc.limit} characters allowed",
            file=batch.file_name[:300],
            row=None,
            field=exc.field,
        ) from None
    # Another writer may have stored the same file since the check above: then this one
    # stores nothing, as for a file imported before.
    if not insert_missing(conn, METRIC_DATA_VERSIONS, [version], conflict=["sha256", "org_scope"]):
        return already_imported(batch)
    v = METRIC_DATA_VERSIONS.c
    version_id = int(
        conn.execute(
            select(v.id).where(v.sha256 == batch.sha256, v.org_scope == batch.org_scope)
        ).scalar_one()
    )
    if rows:
        conn.execute(
            insert(METRIC_OBSERVATIONS), [{**r, "data_version_id": version_id} for r in rows]
        )
    return ImportResult(
        file_name=batch.file_name,
        sha256=batch.sha256,
        already_imported=False,
        data_version_id=version_id,
        published_on=published_on,
        rows_read=batch.rows_read,
        observations_read=len(batch.observations),
        new=new,
        revised=revised,
        unchanged=unchanged,
        suppressed=sum(1 for r in batch.observations if r.suppressed),
    )


def already_imported(batch: MetricBatch) -> ImportResult:
    return ImportResult(
        file_name=batch.file_name,
        sha256=batch.sha256,
        already_imported=True,
        data_version_id=None,
        published_on=None,
        rows_read=batch.rows_read,
        observations_read=len(batch.observations),
        new=0,
        revised=0,
        unchanged=len(batch.observations),
        suppressed=sum(1 for r in batch.observations if r.suppressed),
    )
