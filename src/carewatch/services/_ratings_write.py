"""The write side of the ratings service: bulk import by natural key, proposals, single writers.

Everything here runs inside a connection the caller's transaction owns; `ratings.py` opens it.
Bulk paths use SQLAlchemy Core with executemany: existing keys are read in one query per
table, then new rows are inserted and changed rows updated in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
from carewatch.services._proposals import bases_for_provider, is_social_care, propose
from carewatch.services._rating_facts import Fact, load_facts
from carewatch.services.ratings_errors import ImportRejected
from carewatch.store.tables import (
    CORE_SERVICES as SERVICES,
)
from carewatch.store.tables import (
    IMPORTS,
    LOCATIONS,
    PROVIDERS,
    RATINGS,
    REPORTS,
)

__all__ = [
    "ImportSummary",
    "TableCounts",
    "constraint_of",
    "reaggregate_in",
    "write_batch",
]

Progress = Callable[[int, int], None]


_CHUNK = 5000  # keys per IN list and rows per progress step
_RATING_VALUES = ("rating", "report_link_id", "inherited", "inherited_from", "current")
_KEEP_WHEN_MISSING = frozenset({"report_link_id", "inherited_from"})


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table a batch added, changed, and left as they were."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, table by table, and how many aggregates it re-proposed."""

    source: str
    kind: str
    sha256: str
    tables: Mapping[str, TableCounts]
    aggregates: int
    import_id: int | None = None

    @property
    def new(self) -> int:
        return sum(c.new for c in self.tables.values())

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.tables.values())


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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

    `defaults` fill None values of inserted rows (a stub provider is not synthetic).
    """
    if not rows:
        return TableCounts()
    cols = list(next(iter(rows.values())))
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(rows)):
        query = select(*(table.c[c] for c in cols)).where(table.c[pk].in_(chunk))
        for stored in conn.execute(query).mappings():
            existing[stored[pk]] = dict(stored)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for key, given in rows.items():
        old = existing.get(key)
        if old is None:
            fill = defaults or {}
            inserts.append(
                {k: fill.get(k) if v is None and k in fill else v for k, v in given.items()}
            )
            continue
        merged = _merge(old, given)
        if merged != old:
            updates.append({"b_" + k: v for k, v in merged.items()})
    if inserts:
        conn.execute(insert(table), inserts)
    if updates:
        values: dict[str, Any] = {c: bindparam("b_" + c) for c in cols if c != pk}
        statement = update(table).where(table.c[pk] == bindparam("b_" + pk)).values(values)
        conn.execute(statement, updates)
    return TableCounts(len(inserts), len(updates), len(rows) - len(inserts) - len(updates))


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
    for chunk in _chunks(sorted(set(location_ids))):
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
    for chunk in _chunks(providers):
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
    for chunk in _chunks(inserts):
        conn.execute(insert(RATINGS), list(chunk))
        progress(len(chunk))
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


def social_care_locations(conn: Connection, provider_ids: Sequence[str] | None) -> frozenset[str]:
    query = select(
        LOCATIONS.c.location_id, LOCATIONS.c.location_type, PROVIDERS.c.provider_type
    ).join(PROVIDERS, PROVIDERS.c.provider_id == LOCATIONS.c.provider_id)
    queries = (
        [query]
        if provider_ids is None
        else [query.where(LOCATIONS.c.provider_id.in_(c)) for c in _chunks(provider_ids)]
    )
    return frozenset(
        row[0] for q in queries for row in conn.execute(q) if is_social_care(row[1], row[2])
    )


def reaggregate_in(conn: Connection, provider_ids: Iterable[str] | None = None) -> int:
    """Store the rules' proposal on every aggregate of the providers; return how many.

    Ratings that are not aggregates have their proposal cleared. Only changed proposals are
    written, in one executemany.
    """
    ids = None if provider_ids is None else sorted(set(provider_ids))
    facts = load_facts(conn, provider_ids=ids)
    social = social_care_locations(conn, ids)
    by_provider: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_provider[fact.provider_id].append(fact)
    computed = 0
    changes: list[dict[str, Any]] = []
    for provider_facts in by_provider.values():
        bases = bases_for_provider(provider_facts, social_care_locations=social)
        proposals = {unit: propose(basis) for unit, basis in bases.items()}
        for fact in provider_facts:
            new: tuple[str | None, str | None, str | None] = (None, None, None)
            if fact.unit in proposals:
                computed += 1
                proposal = proposals[fact.unit]
                if proposal is not None:
                    new = (proposal.rating.value, proposal.rule, proposal.reason)
            if new != (fact.proposed_rating, fact.proposed_rule, fact.proposed_reason):
                changes.append({"b_id": fact.id, "b_r": new[0], "b_rule": new[1], "b_why": new[2]})
    if changes:
        statement = (
            update(RATINGS)
            .where(RATINGS.c.id == bindparam("b_id"))
            .values(
                proposed_rating=bindparam("b_r"),
                proposed_rule=bindparam("b_rule"),
                proposed_reason=bindparam("b_why"),
            )
        )
        conn.execute(statement, changes)
    return computed


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
