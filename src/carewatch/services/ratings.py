"""The ratings service: the only code that writes ratings, and the queries that read them.

Write side: `import_batch` stores a reader's `ImportBatch` in one transaction (all or
nothing, idempotent by natural keys); `record_provider`, `record_location`, `record_report`,
`record_rating` and `record_enforcement` store one item; `reaggregate` recomputes the rules'
proposal for every stored aggregate. Read side: `ratings_grid`, `list_trusts`, `get_trust`,
`list_locations`, `rating_history` and `audit` return the frozen values of
`carewatch.services.read_models` and raise `read_models.NotFound` for unknown ids.

Example::

    db = connect("sqlite:///carewatch.db"); migrate(db)
    summary = import_batch(db=db, batch=read_cqc_file(path))
    grid = ratings_grid(db=db, subject_id="RMY")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from carewatch.domain.ratings import (
    Aspect,
    EnforcementKind,
    Framework,
    KeyQuestion,
    PublishedRating,
    TrustType,
    parse_aspect,
    parse_key_question,
    parse_published_rating,
)
from carewatch.ingest.records import (
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.services import _ratings_audit, _ratings_read
from carewatch.services._ratings_write import (
    ImportSummary,
    Progress,
    TableCounts,
    constraint_of,
    log_import,
    reaggregate_in,
    write_batch,
)
from carewatch.services._transaction import write_transaction
from carewatch.services.ratings_errors import ImportFailed, ImportRejected, RatingsError
from carewatch.services.read_models import (
    AuditFinding,
    Grid,
    GridRow,
    HistoryEntry,
    LocationSummary,
    NotFound,
    Page,
    TrustSummary,
)
from carewatch.store.database import Database
from carewatch.store.tables import ENFORCEMENT_ACTIONS, RATINGS, Location, Provider

__all__ = [
    "ImportFailed",
    "ImportRejected",
    "ImportSummary",
    "RatingsError",
    "TableCounts",
    "audit",
    "get_trust",
    "import_batch",
    "list_locations",
    "list_trusts",
    "rating_history",
    "ratings_grid",
    "reaggregate",
    "record_enforcement",
    "record_location",
    "record_provider",
    "record_rating",
    "record_report",
]

log = logging.getLogger(__name__)


def import_batch(
    *, db: Database, batch: ImportBatch, progress: Progress | None = None
) -> ImportSummary:
    """Store everything a reader read from one file, in one transaction, all or nothing.

    Providers, locations, core services, reports and ratings are matched on their natural
    keys: new ones are inserted, changed ones updated, the rest left alone, and nothing else
    is deleted. Importing the same batch again changes nothing. Fields a record leaves empty
    keep their stored value. Proposals are then recomputed for the providers touched, and the
    import is logged. `progress(done, total)` is called as records are written.

    Raises `ImportRejected` (a record that contradicts another, an unknown trust type) or
    `ImportFailed` (a database constraint refused a row); either way nothing is stored.
    """
    try:
        with write_transaction(db) as conn:
            counts, touched = write_batch(conn, batch, progress=progress)
            aggregates = reaggregate_in(conn, touched)
            import_id = log_import(conn, batch, counts)
    except IntegrityError as exc:
        raise ImportFailed(source=batch.source, constraint=constraint_of(exc)) from None
    summary = ImportSummary(
        source=batch.source,
        kind=batch.kind,
        sha256=batch.sha256,
        tables=counts,
        aggregates=aggregates,
        import_id=import_id,
    )
    log.info(
        "ratings.import",
        extra={
            "source": batch.source,
            "sha256": batch.sha256,
            "new": summary.new,
            "changed": summary.changed,
            "aggregates": aggregates,
        },
    )
    return summary


def reaggregate(*, db: Database, provider_id: str | None = None) -> int:
    """Recompute and store the rules' proposal for every stored aggregate; return how many.

    All providers when `provider_id` is None. Each aggregate is proposed from the latest
    rating of each underlying unit (see `carewatch.services._proposals` for the levels).
    """
    with write_transaction(db) as conn:
        computed = reaggregate_in(conn, None if provider_id is None else [provider_id])
    log.info("ratings.reaggregate", extra={"provider_id": provider_id, "aggregates": computed})
    return computed


def _single(db: Database, batch: ImportBatch, *, framework: str | None = None) -> None:
    try:
        with write_transaction(db) as conn:
            _, touched = write_batch(conn, batch, framework=framework)
            reaggregate_in(conn, touched)
    except IntegrityError as exc:
        raise ImportFailed(source=batch.source, constraint=constraint_of(exc)) from None


def _require(db: Database, provider_id: str, location_id: str | None = None) -> None:
    with db.engine.connect() as conn:
        if (
            conn.execute(
                select(Provider.provider_id).where(Provider.provider_id == provider_id)
            ).first()
            is None
        ):
            raise NotFound("provider", provider_id)
        if location_id is not None:
            owner = conn.execute(
                select(Location.provider_id).where(Location.location_id == location_id)
            ).scalar()
            if owner != provider_id:
                raise NotFound("location of this provider", location_id)


def _batch(source: str, **records: tuple[object, ...]) -> ImportBatch:
    return ImportBatch(source=source or "recorded", kind="recorded", sha256="", **records)  # type: ignore[arg-type]


def record_provider(
    *,
    db: Database,
    provider_id: str,
    name: str | None = None,
    provider_type: str | None = None,
    trust_type: str | TrustType | None = None,
    region: str | None = None,
    ods_code: str | None = None,
    synthetic: bool = False,
) -> None:
    """Store a provider, or update it; fields left None keep their stored value."""
    kind = trust_type.value if isinstance(trust_type, TrustType) else trust_type
    record = ProviderRecord(provider_id, name, provider_type, kind, region, ods_code, synthetic)
    _single(db, _batch(f"provider {provider_id}", providers=(record,)))


def record_location(
    *,
    db: Database,
    location_id: str,
    provider_id: str,
    name: str | None = None,
    ods_code: str | None = None,
    location_type: str | None = None,
    primary_inspection_category: str | None = None,
    region: str | None = None,
    registration_status: str | None = None,
    registration_date: dt.date | None = None,
    deregistration_date: dt.date | None = None,
) -> None:
    """Store a location of a stored provider (raises `NotFound` for an unknown provider)."""
    _require(db, provider_id)
    record = LocationRecord(
        location_id,
        provider_id,
        name,
        ods_code,
        location_type,
        primary_inspection_category,
        region,
        registration_status,
        registration_date,
        deregistration_date,
    )
    _single(db, _batch(f"location {location_id}", locations=(record,)))


def record_report(
    *,
    db: Database,
    link_id: str,
    provider_id: str,
    report_date: dt.date,
    location_id: str | None = None,
    report_type: str | None = None,
    url: str | None = None,
    first_visit_date: dt.date | None = None,
    framework: str = Framework.LEGACY.value,
) -> None:
    """Store a published report; `framework` is "legacy" or "saf"."""
    if framework not in Framework.values():
        raise ImportRejected(
            f"framework must be one of {', '.join(Framework.values())}",
            source=f"report {link_id}",
            field="framework",
        )
    _require(db, provider_id, location_id)
    record = ReportRecord(
        link_id, provider_id, location_id, report_date, report_type, url, first_visit_date
    )
    _single(db, _batch(f"report {link_id}", reports=(record,)), framework=framework)


def record_rating(
    *,
    db: Database,
    provider_id: str,
    aspect: Aspect | str,
    rating: PublishedRating | str,
    rating_date: dt.date,
    location_id: str | None = None,
    service: str | None = None,
    report_link_id: str | None = None,
    inherited: bool = False,
    inherited_from: str | None = None,
    current: bool = True,
    source: str = "",
    rationale: str | None = None,
) -> None:
    """Store one published rating and re-propose its provider's aggregates.

    `rationale` records why a published aggregate departs from the rules (None leaves any
    stored rationale as it is). Raises `UnknownRating`/`UnknownAspect` for bad words and
    `NotFound` for an unknown provider or location.
    """
    _require(db, provider_id, location_id)
    record = RatingRecord(
        provider_id=provider_id,
        location_id=location_id,
        service=service,
        aspect=parse_aspect(aspect),
        rating=parse_published_rating(rating),
        rating_date=rating_date,
        report_link_id=report_link_id,
        inherited=inherited,
        inherited_from=inherited_from,
        current=current,
        source=source,
    )
    try:
        with write_transaction(db) as conn:
            write_batch(conn, _batch(source, ratings=(record,)))
            if rationale is not None:
                t = RATINGS.c
                conn.execute(
                    update(RATINGS)
                    .where(
                        t.provider_id == provider_id,
                        t.location_id.is_(None)
                        if location_id is None
                        else t.location_id == location_id,
                        t.service.is_(None) if service is None else t.service == service,
                        t.aspect == record.aspect.value,
                        t.rating_date == rating_date,
                    )
                    .values(rationale=rationale)
                )
            reaggregate_in(conn, [provider_id])
    except IntegrityError as exc:
        raise ImportFailed(
            source=source or "recorded rating", constraint=constraint_of(exc)
        ) from None


def record_enforcement(
    *,
    db: Database,
    provider_id: str,
    key_question: KeyQuestion | str,
    kind: EnforcementKind | str,
    served_date: dt.date,
    location_id: str | None = None,
    service: str | None = None,
    closed_date: dt.date | None = None,
    source: str = "",
) -> None:
    """Store an enforcement action, keyed by where, what and when it was served.

    Recording it again updates its closed date and source. Raises `ImportRejected` when it
    closes before it was served.
    """
    kq = parse_key_question(key_question)
    enforcement = EnforcementKind.parse(kind) if isinstance(kind, str) else kind
    if closed_date is not None and closed_date < served_date:
        raise ImportRejected(
            "closed before it was served", source=source or "enforcement", field="closed_date"
        )
    _require(db, provider_id, location_id)
    table = ENFORCEMENT_ACTIONS
    t = table.c
    natural = (
        t.provider_id == provider_id,
        t.location_id.is_(None) if location_id is None else t.location_id == location_id,
        t.service.is_(None) if service is None else t.service == service,
        t.key_question == kq.value,
        t.kind == enforcement.value,
        t.served_date == served_date,
    )
    with write_transaction(db) as conn:
        found = conn.execute(select(t.id, t.closed_date, t.source).where(*natural)).first()
        if found is None:
            conn.execute(
                table.insert().values(
                    provider_id=provider_id,
                    location_id=location_id,
                    service=service,
                    key_question=kq.value,
                    kind=enforcement.value,
                    served_date=served_date,
                    closed_date=closed_date,
                    source=source,
                )
            )
        elif (found[1], found[2]) != (closed_date, source):
            conn.execute(
                table.update()
                .where(t.id == found[0])
                .values(closed_date=closed_date, source=source)
            )


def _today(as_of: dt.date | None) -> dt.date:
    return as_of if as_of is not None else dt.date.today()


def ratings_grid(*, db: Database, subject_id: str, as_of: dt.date | None = None) -> Grid:
    """The ratings grid of a provider or a location as it stood on `as_of` (default today).

    A provider's rows are its locations when it has location ratings and is an acute trust
    (or has no provider-level core services), else its provider-level core services; its
    summary row holds the trust's key questions, overall, use of resources and combined. A
    location's rows are its core services. Each cell is the latest rating dated on or
    before `as_of`, marked stale when older than CQC's normal re-inspection interval.
    """
    with db.engine.connect() as conn:
        grid = _ratings_read.ratings_grid(conn, subject_id, _today(as_of))
        if any(c.departs for row in _rows_of(grid) for c in row.cells.values()):
            grid = _with_explanations(
                grid, _ratings_audit.audit(conn, subject_id, include_history=False)
            )
    return grid


def _rows_of(grid: Grid) -> list[GridRow]:
    return [*grid.rows, *([grid.summary_row] if grid.summary_row else [])]


def _with_explanations(grid: Grid, findings: list[AuditFinding]) -> Grid:
    """Give each departing cell the audit's likely explanation of its departure."""
    why = {(f.row_label, f.aspect, f.published_date): f.explanation for f in findings}

    def explained(row: GridRow) -> GridRow:
        cells = {
            aspect: dataclasses.replace(
                cell, explanation=why.get((row.label, aspect, cell.rating_date))
            )
            if cell.departs
            else cell
            for aspect, cell in row.cells.items()
        }
        return dataclasses.replace(row, cells=cells)

    return dataclasses.replace(
        grid,
        rows=[explained(r) for r in grid.rows],
        summary_row=explained(grid.summary_row) if grid.summary_row else None,
    )


def list_trusts(
    *,
    db: Database,
    trust_type: str | TrustType | None = None,
    region: str | None = None,
    rating: str | PublishedRating | None = None,
    search: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[TrustSummary]:
    """Trusts by name, filtered; `count` is the number of all matches.

    Trusts are providers with a known trust type or that CQC files as NHS bodies. `rating`
    matches the latest overall rating; `search` matches the name (any case, any part) or the
    provider id / ODS code exactly. Raises `ValueError` for a negative offset or a limit
    outside 1..500, and `UnknownTrustType`/`UnknownRating` for bad filter words.
    """
    with db.engine.connect() as conn:
        return _ratings_read.list_trusts(
            conn,
            trust_type=trust_type,
            region=region,
            rating=rating,
            search=search,
            offset=offset,
            limit=limit,
            as_of=dt.date.today(),
        )


def get_trust(*, db: Database, provider_id: str) -> TrustSummary:
    """One trust (any stored provider) with its latest overall and key-question ratings."""
    with db.engine.connect() as conn:
        return _ratings_read.get_trust(conn, provider_id, dt.date.today())


def list_locations(*, db: Database, provider_id: str) -> list[LocationSummary]:
    """A provider's locations by name, each with its latest overall rating."""
    with db.engine.connect() as conn:
        return _ratings_read.list_locations(conn, provider_id, dt.date.today())


def rating_history(*, db: Database, subject_id: str) -> list[HistoryEntry]:
    """A provider's or location's own ratings, one entry per report date, newest first."""
    with db.engine.connect() as conn:
        return _ratings_read.rating_history(conn, subject_id)


def audit(
    *, db: Database, subject_id: str | None = None, include_history: bool = False
) -> list[AuditFinding]:
    """Aggregates whose published rating differs from the rules' proposal, explained.

    By default only the latest aggregate of each unit (what the grid shows); with
    `include_history` every stored aggregate. A provider's audit covers its locations and
    services; a location's covers that location.
    """
    with db.engine.connect() as conn:
        return _ratings_audit.audit(conn, subject_id, include_history=include_history)
