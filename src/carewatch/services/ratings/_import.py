"""How an import writes: a reader's batch stored by natural key, table by table, in bulk.

Everything here runs inside a connection the caller's transaction owns (`commands.py` opens
it). Existing keys are read in one query per table to count what is new, changed and
unchanged; new and changed rows are then written with the dialect's ``INSERT … ON
CONFLICT`` in one executemany, so a row another writer stored in the meantime is merged
rather than refused.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from carewatch.domain.ratings import Framework, TrustType, UnknownTrustType, normalise_words
from carewatch.ingest.records import (
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.services._db import blank_when_null, upsert_many
from carewatch.services.ratings._facts import chunks
from carewatch.services.ratings.errors import ImportRejected
from carewatch.services.ratings.models import Progress, TableCounts
from carewatch.store.tables.core import IMPORTS
from carewatch.store.tables.ratings import RATINGS, REPORTS
from carewatch.store.tables.register import CORE_SERVICES as SERVICES
from carewatch.store.tables.register import LOCATIONS, PROVIDERS

__all__ = ["constraint_of", "log_import", "write_batch"]


_RATING_VALUES = ("rating", "report_link_id", "inherited", "inherited_from", "current")
_KEEP_WHEN_MISSING = frozenset({"report_link_id", "inherited_from"})
_RATING_KEY = (
    RATINGS.c.provider_id,
    blank_when_null(RATINGS.c.location_id),
    blank_when_null(RATINGS.c.service),
    RATINGS.c.aspect,
    RATINGS.c.rating_date,
)
"""The columns of the unique index uq_ratings_natural_key, as ON CONFLICT names them."""


def constraint_of(error: IntegrityError) -> str | None:
    """The name of the constraint that failed, without quoting any value."""
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    text = str(error.orig)
    # SQLite: "CHECK constraint failed: ck_name" / "UNIQUE constraint failed: t.a, t.b".
    if "constraint failed" in text:
        head, _, tail = text.partition(": ")
        return tail or head
    return None


def _merge(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """`new` over `old`, keeping stored values where the new record leaves a field empty."""
    return {k: (v if v is not None else old.get(k)) for k, v in new.items()}


def _upsert_by_pk(
    conn: Connection,
    table: Table,
    pk: str,
    rows: Mapping[str, dict[str, Any]],
    defaults: Mapping[str, Any] | None = None,
) -> TableCounts:
    """Insert missing rows and update changed ones; None never overwrites a stored value.

    `defaults` fill None values of inserted rows (a stub provider is not synthetic), and never
    overwrite a value another writer stored meanwhile.
    """
    if not rows:
        return TableCounts()
    cols = list(next(iter(rows.values())))
    keys = sorted(rows)  # one order for every writer, so two never wait on each other's rows
    existing: dict[str, dict[str, Any]] = {}
    for chunk in chunks(keys):
        query = select(*(table.c[c] for c in cols)).where(table.c[pk].in_(chunk))
        for stored in conn.execute(query).mappings():
            existing[stored[pk]] = dict(stored)
    fill = defaults or {}
    # Rows by the default columns they fill: those columns are not updated on a conflict.
    writes: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    new = changed = 0
    for key in keys:
        given = rows[key]
        old = existing.get(key)
        if old is None:
            new += 1
            filled = frozenset(k for k, v in fill.items() if given.get(k) is None)
            writes[filled].append({**given, **{k: fill[k] for k in filled}})
        elif _merge(old, given) != old:
            changed += 1
            writes[frozenset()].append(given)
    for filled, group in writes.items():
        upsert_many(
            conn,
            table,
            group,
            conflict=[pk],
            update=[c for c in cols if c != pk and c not in filled],
            keep_when_null=cols,
        )
    return TableCounts(new, changed, len(rows) - new - changed)


def _framework(report: ReportRecord) -> str:
    # Reports under the single assessment framework are "assessments" in CQC's own words
    # (e.g. https://www.cqc.org.uk/provider/RMY/reports/AP9874/well-led-assessment).
    text = normalise_words(f"{report.report_type or ''} {report.url or ''}")
    return Framework.SAF.value if "assessment" in text else Framework.LEGACY.value


def _provider_row(record: ProviderRecord, source: str) -> dict[str, Any]:
    trust_type = None
    if record.trust_type is not None:
        try:
            trust_type = TrustType.parse(record.trust_type).value
        except UnknownTrustType as exc:
            raise ImportRejected(
                f"provider {record.provider_id}: {exc}", source=source, field="trust_type"
            ) from None
    return {
        "provider_id": record.provider_id,
        "name": record.name,
        "provider_type": record.provider_type,
        "trust_type": trust_type,
        "region": record.region,
        "ods_code": record.ods_code,
        "synthetic": bool(getattr(record, "synthetic", False)),
    }


def _location_row(record: LocationRecord) -> dict[str, Any]:
    return {
        "location_id": record.location_id,
        "provider_id": record.provider_id,
        "name": record.name,
        "ods_code": record.ods_code,
        "location_type": record.location_type,
        "primary_inspection_category": record.primary_inspection_category,
        "region": record.region,
        "registration_status": record.registration_status,
        "registration_date": record.registration_date,
        "deregistration_date": record.deregistration_date,
    }


def _report_row(record: ReportRecord, framework: str | None) -> dict[str, Any]:
    return {
        "link_id": record.link_id,
        "provider_id": record.provider_id,
        "location_id": record.location_id,
        "report_date": record.report_date,
        "report_type": record.report_type,
        "framework": framework or _framework(record),
        "url": record.url,
        "first_visit_date": record.first_visit_date,
    }


def _rating_values(record: RatingRecord) -> dict[str, Any]:
    return {
        "rating": record.rating.value,
        "report_link_id": record.report_link_id,
        "inherited": record.inherited,
        "inherited_from": record.inherited_from,
        "current": record.current,
    }


def _unique(
    records: Iterable[Any], key: Callable[[Any], Any], what: str, source: Callable[[Any], str]
) -> dict[Any, Any]:
    """Records by key; the same record twice is fine, two different ones are rejected."""
    out: dict[Any, Any] = {}
    for record in records:
        k = key(record)
        seen = out.get(k)
        if seen is not None and seen != record:
            raise ImportRejected(
                f"two different {what} records share the key {k!r}", source=source(record)
            )
        out[k] = record
    return out


def _stored_location_providers(conn: Connection, location_ids: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(location_ids))):
        query = select(LOCATIONS.c.location_id, LOCATIONS.c.provider_id).where(
            LOCATIONS.c.location_id.in_(chunk)
        )
        found.update({row[0]: row[1] for row in conn.execute(query)})
    return found


def _check_locations(
    conn: Connection,
    batch: ImportBatch,
    locations: Mapping[str, LocationRecord],
    ratings: Mapping[Any, RatingRecord],
    reports: Mapping[str, ReportRecord],
) -> dict[str, str]:
    """Each referenced location's provider; a record naming another provider is rejected."""
    referenced = {r.location_id for r in ratings.values() if r.location_id}
    referenced |= {r.location_id for r in reports.values() if r.location_id}
    owner = _stored_location_providers(conn, referenced | set(locations))
    owner.update({loc.location_id: loc.provider_id for loc in locations.values()})
    referencing: list[RatingRecord | ReportRecord] = [*ratings.values(), *reports.values()]
    for record in referencing:
        loc = record.location_id
        if loc is None:
            continue
        if loc not in owner:
            owner[loc] = record.provider_id
        elif owner[loc] != record.provider_id:
            raise ImportRejected(
                f"location {loc} belongs to provider {owner[loc]}, not {record.provider_id}",
                source=getattr(record, "source", "") or batch.source,
                field="provider_id",
            )
    return owner


def _write_ratings(
    conn: Connection,
    ratings: Mapping[Any, RatingRecord],
    progress: Callable[[int], None],
) -> TableCounts:
    if not ratings:
        return TableCounts()
    t = RATINGS.c
    existing: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    providers = sorted({r.provider_id for r in ratings.values()})
    for chunk in chunks(providers):
        query = select(
            t.id, t.provider_id, t.location_id, t.service, t.aspect, t.rating_date,
            *(t[c] for c in _RATING_VALUES),
        ).where(t.provider_id.in_(chunk))  # fmt: skip
        for row in conn.execute(query).all():
            key = (row[1], row[2] or "", row[3] or "", row[4], row[5])
            existing[key] = (row[0], dict(zip(_RATING_VALUES, row[6:], strict=True)))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for key, record in ratings.items():
        values = _rating_values(record)
        stored = existing.get(key)
        if stored is None:
            values.update(
                provider_id=record.provider_id,
                location_id=record.location_id,
                service=record.service,
                aspect=record.aspect.value,
                rating_date=record.rating_date,
                source=record.source,
            )
            inserts.append(values)
            continue
        row_id, old = stored
        merged = {
            k: (old[k] if v is None and k in _KEEP_WHEN_MISSING else v) for k, v in values.items()
        }
        if merged != old:
            updates.append(
                {
                    "b_id": row_id,
                    "b_source": record.source,
                    **{"b_" + k: v for k, v in merged.items()},
                }
            )
    # A rating another writer stored since the query above is merged as an update would be.
    for rows in chunks(inserts):
        upsert_many(
            conn,
            RATINGS,
            rows,
            conflict=_RATING_KEY,
            update=(*_RATING_VALUES, "source"),
            keep_when_null=_KEEP_WHEN_MISSING,
        )
        progress(len(rows))
    if updates:
        names = (*_RATING_VALUES, "source")
        statement = (
            update(RATINGS)
            .where(t.id == bindparam("b_id"))
            .values({c: bindparam("b_" + c) for c in names})
        )
        conn.execute(statement, updates)
    progress(len(ratings) - len(inserts))
    return TableCounts(len(inserts), len(updates), len(ratings) - len(inserts) - len(updates))


def write_batch(
    conn: Connection,
    batch: ImportBatch,
    *,
    progress: Progress | None = None,
    framework: str | None = None,
) -> tuple[dict[str, TableCounts], set[str]]:
    """Upsert everything in `batch`; return the counts and the providers it touched."""
    providers = _unique(
        batch.providers, lambda r: r.provider_id, "provider", lambda _: batch.source
    )
    locations = _unique(
        batch.locations, lambda r: r.location_id, "location", lambda _: batch.source
    )
    reports = _unique(batch.reports, lambda r: r.link_id, "report", lambda _: batch.source)
    ratings = _unique(batch.ratings, lambda r: r.key, "rating", lambda r: r.source or batch.source)
    total = len(providers) + len(locations) + len(reports) + len(ratings)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    owner = _check_locations(conn, batch, locations, ratings, reports)
    provider_rows = {k: _provider_row(r, batch.source) for k, r in providers.items()}
    touched = set(provider_rows) | set(owner.values())
    touched |= {r.provider_id for r in ratings.values()} | {r.provider_id for r in reports.values()}
    stubs = {
        pid: {"provider_id": pid, "name": None, "provider_type": None, "trust_type": None,
              "region": None, "ods_code": None, "synthetic": None}
        for pid in touched - set(provider_rows)
    }  # fmt: skip
    counts = {
        "providers": _upsert_by_pk(
            conn, PROVIDERS, "provider_id", stubs | provider_rows, {"synthetic": False}
        )
    }
    step(len(providers))
    location_rows = {k: _location_row(r) for k, r in locations.items()}
    for loc, pid in owner.items():
        if loc not in location_rows:
            location_rows[loc] = _location_row(LocationRecord(location_id=loc, provider_id=pid))
    counts["locations"] = _upsert_by_pk(conn, LOCATIONS, "location_id", location_rows)
    step(len(locations))
    names = {k: {"service_id": k, "name": v} for k, v in batch.service_names.items()}
    counts["core_services"] = _upsert_by_pk(conn, SERVICES, "service_id", names)
    report_rows = {k: _report_row(r, framework) for k, r in reports.items()}
    counts["reports"] = _upsert_by_pk(conn, REPORTS, "link_id", report_rows)
    step(len(reports))
    counts["ratings"] = _write_ratings(conn, ratings, step)
    return counts, touched


def log_import(conn: Connection, batch: ImportBatch, counts: Mapping[str, TableCounts]) -> int:
    """Append the import to the log; return its id."""
    result = conn.execute(
        insert(IMPORTS).returning(IMPORTS.c.id),
        {
            "source": batch.source,
            "kind": batch.kind,
            "sha256": batch.sha256,
            "imported_at": dt.datetime.now(dt.UTC),
            "rows_read": len(batch.providers)
            + len(batch.locations)
            + len(batch.reports)
            + len(batch.ratings),
            "rows_new": sum(c.new for c in counts.values()),
            "rows_changed": sum(c.changed for c in counts.values()),
        },
    )
    return int(result.scalar_one())
