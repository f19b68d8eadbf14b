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

from sqlalchemy import Connection, String, Table, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError

from carewatch.domain.ratings import Framework, TrustType, UnknownTrustType, normalise_words
from carewatch.ingest.records import (
    BatchStream,
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.services._db import (
    blank_when_null,
    driver_date,
    update_rows,
    upsert_many,
    upsert_rows,
)
from carewatch.services.ratings._facts import chunks, stored_date
from carewatch.services.ratings.errors import ImportRejected
from carewatch.services.ratings.models import Progress, TableCounts
from carewatch.store.tables.core import IMPORTS
from carewatch.store.tables.ratings import RATINGS, REPORTS
from carewatch.store.tables.register import CORE_SERVICES as SERVICES
from carewatch.store.tables.register import LOCATIONS, PROVIDERS

__all__ = ["BatchWriter", "constraint_of", "log_import", "write_batch"]


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


NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


def _upsert_by_pk(
    conn: Connection,
    table: Table,
    pk: str,
    rows: Mapping[str, dict[str, Any]],
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Insert missing rows and update changed ones; None never overwrites a stored value.
    Return what became of each key: `NEW`, `CHANGED` or `UNCHANGED`.

    `defaults` fill None values of inserted rows (a stub provider is not synthetic), and never
    overwrite a value another writer stored meanwhile.
    """
    if not rows:
        return {}
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
    status: dict[str, str] = {}
    for key in keys:
        given = rows[key]
        old = existing.get(key)
        if old is None:
            status[key] = NEW
            filled = frozenset(k for k, v in fill.items() if given.get(k) is None)
            writes[filled].append({**given, **{k: fill[k] for k in filled}})
        elif _merge(old, given) != old:
            status[key] = CHANGED
            writes[frozenset()].append(given)
        else:
            status[key] = UNCHANGED
    for filled, group in writes.items():
        upsert_many(
            conn,
            table,
            group,
            conflict=[pk],
            update=[c for c in cols if c != pk and c not in filled],
            keep_when_null=cols,
        )
    return status


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


# In the table's order, which is the order of the statement's parameters: the driver then
# takes the tuples as they are.
_INSERTED = (
    "provider_id", "location_id", "service", "aspect", "rating", "rating_date",
    "report_link_id", "source", "inherited", "inherited_from", "current",
)  # fmt: skip
_UPDATED = (*_RATING_VALUES, "source")


def _write_ratings(
    conn: Connection,
    ratings: Mapping[Any, RatingRecord],
    progress: Callable[[int], None],
) -> TableCounts:
    """Insert new ratings and update changed ones, comparing with what is stored.

    The hot path of an import (a national file has 580,000 ratings): stored ratings are read
    as plain driver rows and written with the driver's executemany (`upsert_rows`).
    """
    if not ratings:
        return TableCounts()
    t = RATINGS.c
    as_date, to_driver = stored_date, driver_date(conn)
    existing: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    providers = sorted({r.provider_id for r in ratings.values()})
    for chunk in chunks(providers):
        query = select(
            t.id, t.provider_id, t.location_id, t.service, t.aspect,
            type_coerce(t.rating_date, String), *(t[c] for c in _RATING_VALUES),
        ).where(t.provider_id.in_(chunk))  # fmt: skip
        for row in conn.execute(query).cursor.fetchall():
            key = (row[1], row[2] or "", row[3] or "", row[4], as_date(row[5]))
            existing[key] = (row[0], (row[6], row[7], bool(row[8]), row[9], bool(row[10])))
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for key, record in ratings.items():
        values = (
            record.rating.value,
            record.report_link_id,
            record.inherited,
            record.inherited_from,
            record.current,
        )
        stored = existing.get(key)
        if stored is None:
            inserts.append(
                (record.provider_id, record.location_id, record.service, key[3], values[0],
                 to_driver(record.rating_date), values[1], record.source, values[2], values[3],
                 values[4])
            )  # fmt: skip
            continue
        row_id, old = stored
        # A report link or predecessor the record leaves empty keeps its stored value.
        merged = (
            values[0],
            old[1] if values[1] is None else values[1],
            values[2],
            old[3] if values[3] is None else values[3],
            values[4],
        )
        if merged != old:
            updates.append((*merged, record.source, row_id))
    # A rating another writer stored since the query above is merged as an update would be.
    for rows in chunks(inserts):
        upsert_rows(
            conn,
            RATINGS,
            _INSERTED,
            rows,
            conflict=_RATING_KEY,
            update=_UPDATED,
            keep_when_null=_KEEP_WHEN_MISSING,
        )
        progress(len(rows))
    update_rows(conn, RATINGS, "id", _UPDATED, updates)
    progress(len(ratings) - len(inserts))
    return TableCounts(len(inserts), len(updates), len(ratings) - len(inserts) - len(updates))


class BatchWriter:
    """Stores a file's batches (one, or a stream's chunks) in the caller's transaction.

    Each key is counted once however many chunks name it: a provider first stored as a stub
    for a chunk's ratings and then given its details by a later chunk is one new provider.
    What was stored for a key is remembered (providers, locations, services, reports: a few
    tens of thousands of keys at most); ratings are not, since a reader hands on each rating
    key once.
    """

    def __init__(
        self,
        conn: Connection,
        *,
        progress: Progress | None = None,
        framework: str | None = None,
    ) -> None:
        self.conn = conn
        self.progress = progress
        self.framework = framework
        self.done = 0
        self.rows_read = 0
        self.touched: set[str] = set()
        self.status: dict[str, dict[str, str]] = {
            "providers": {}, "locations": {}, "core_services": {}, "reports": {}
        }  # fmt: skip
        self.ratings = TableCounts()

    def _note(self, table: str, status: Mapping[str, str]) -> None:
        """Keep each key's first status, unless it was unchanged and has changed since."""
        known = self.status[table]
        for key, now in status.items():
            before = known.get(key)
            if before is None or (before == UNCHANGED and now != UNCHANGED):
                known[key] = now

    def _step(self, n: int, total: int | None) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done if total is None else min(self.done, total), total)

    def write(self, batch: ImportBatch, *, total: int | None = None) -> None:
        """Upsert everything in `batch` (the whole file when `total` is its record count)."""
        conn = self.conn
        providers = _unique(
            batch.providers, lambda r: r.provider_id, "provider", lambda _: batch.source
        )
        locations = _unique(
            batch.locations, lambda r: r.location_id, "location", lambda _: batch.source
        )
        reports = _unique(batch.reports, lambda r: r.link_id, "report", lambda _: batch.source)
        ratings = _unique(
            batch.ratings, lambda r: r.key, "rating", lambda r: r.source or batch.source
        )
        self.rows_read += (
            len(batch.providers) + len(batch.locations) + len(batch.reports) + len(batch.ratings)
        )
        owner = _check_locations(conn, batch, locations, ratings, reports)
        provider_rows = {k: _provider_row(r, batch.source) for k, r in providers.items()}
        touched = set(provider_rows) | set(owner.values())
        touched |= {r.provider_id for r in ratings.values()}
        touched |= {r.provider_id for r in reports.values()}
        stored = self.status["providers"]
        stubs = {
            pid: {"provider_id": pid, "name": None, "provider_type": None, "trust_type": None,
                  "region": None, "ods_code": None, "synthetic": None}
            for pid in touched - set(provider_rows) - stored.keys()
        }  # fmt: skip
        self.touched |= touched
        status = _upsert_by_pk(
            conn, PROVIDERS, "provider_id", stubs | provider_rows, {"synthetic": False}
        )
        self._note("providers", status)
        self._step(len(providers), total)
        location_rows = {k: _location_row(r) for k, r in locations.items()}
        known = self.status["locations"]
        for loc, pid in owner.items():
            if loc not in location_rows and loc not in known:
                location_rows[loc] = _location_row(LocationRecord(location_id=loc, provider_id=pid))
        self._note("locations", _upsert_by_pk(conn, LOCATIONS, "location_id", location_rows))
        self._step(len(locations), total)
        names = {k: {"service_id": k, "name": v} for k, v in batch.service_names.items()}
        self._note("core_services", _upsert_by_pk(conn, SERVICES, "service_id", names))
        report_rows = {k: _report_row(r, self.framework) for k, r in reports.items()}
        self._note("reports", _upsert_by_pk(conn, REPORTS, "link_id", report_rows))
        self._step(len(reports), total)
        counts = _write_ratings(conn, ratings, lambda n: self._step(n, total))
        self.ratings = TableCounts(
            self.ratings.new + counts.new,
            self.ratings.changed + counts.changed,
            self.ratings.unchanged + counts.unchanged,
        )

    def counts(self) -> dict[str, TableCounts]:
        """What the batches written so far did, table by table."""
        out: dict[str, TableCounts] = {}
        for table, status in self.status.items():
            values = list(status.values())
            out[table] = TableCounts(
                values.count(NEW), values.count(CHANGED), values.count(UNCHANGED)
            )
        out["ratings"] = self.ratings
        return out


def write_batch(
    conn: Connection,
    batch: ImportBatch,
    *,
    progress: Progress | None = None,
    framework: str | None = None,
) -> tuple[dict[str, TableCounts], set[str]]:
    """Upsert everything in `batch`; return the counts and the providers it touched."""
    writer = BatchWriter(conn, progress=progress, framework=framework)
    total = len(batch.providers) + len(batch.locations) + len(batch.reports) + len(batch.ratings)
    writer.write(batch, total=total)
    return writer.counts(), writer.touched


def log_import(
    conn: Connection,
    batch: ImportBatch | BatchStream,
    counts: Mapping[str, TableCounts],
    rows_read: int,
) -> int:
    """Append the import to the log; return its id."""
    result = conn.execute(
        insert(IMPORTS).returning(IMPORTS.c.id),
        {
            "source": batch.source,
            "kind": batch.kind,
            "sha256": batch.sha256,
            "imported_at": dt.datetime.now(dt.UTC),
            "rows_read": rows_read,
            "rows_new": sum(c.new for c in counts.values()),
            "rows_changed": sum(c.changed for c in counts.values()),
        },
    )
    return int(result.scalar_one())
