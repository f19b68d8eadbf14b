"""The ratings service's writers: the only code that writes providers, locations, reports,
ratings and enforcement, and the rules' proposals on them.

`import_batch` stores a reader's `ImportBatch` or `BatchStream` in one transaction (all or
nothing, idempotent by natural keys; two imports at once run one after the other,
`_db.import_transaction`);
`record_provider`, `record_location`, `record_report`, `record_rating` and
`record_enforcement` store one item; `reaggregate` recomputes the rules' proposal for every
stored aggregate. Each logs one event with the ids it wrote.

Who may: CQC's ratings, reports, providers, locations, imports and reaggregation need
`record_ratings`, enforcement `record_enforcement` (the regulator's, and the operator's);
the check is made before anything is read or written. Each write appends one audit event in
its own transaction (`ratings.provider`, `ratings.import`, ...); an import that changes
nothing (the same file again) appends none.

Example::

    db = connect("sqlite:///carewatch.db"); migrate(db)
    summary = import_batch(db=db, batch=stream_cqc_ratings(path), actor=Actor.operator("deploy"))
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from carewatch.domain.access import Actor, Permission, require
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
    BatchStream,
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    blank_when_null,
    import_transaction,
    log_event,
    require_provider,
    upsert,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.ratings._import import (
    BatchWriter,
    constraint_of,
    log_import,
    write_batch,
)
from carewatch.services.ratings._reaggregate import reaggregate_in
from carewatch.services.ratings.errors import ImportFailed, ImportRejected
from carewatch.services.ratings.models import ImportSummary, Progress
from carewatch.store.database import Database
from carewatch.store.tables.ratings import ENFORCEMENT_ACTIONS, RATINGS
from carewatch.store.tables.register import LOCATIONS

__all__ = [
    "import_batch",
    "reaggregate",
    "record_enforcement",
    "record_location",
    "record_provider",
    "record_rating",
    "record_report",
]


_ENFORCEMENT_KEY = (
    ENFORCEMENT_ACTIONS.c.provider_id,
    blank_when_null(ENFORCEMENT_ACTIONS.c.location_id),
    blank_when_null(ENFORCEMENT_ACTIONS.c.service),
    ENFORCEMENT_ACTIONS.c.key_question,
    ENFORCEMENT_ACTIONS.c.kind,
    ENFORCEMENT_ACTIONS.c.served_date,
)
"""The columns of the unique index uq_enforcement_actions_natural_key."""


def import_batch(
    *,
    db: Database,
    actor: Actor,
    batch: ImportBatch | BatchStream,
    progress: Progress | None = None,
) -> ImportSummary:
    """Store everything a reader read from one file, in one transaction, all or nothing.

    `batch` is the whole file (`ImportBatch`) or a `BatchStream` whose chunks are read and
    stored one after the other in the same transaction, so that a national file is never
    held whole. Providers, locations, core services, reports and ratings are matched on their
    natural keys: new ones are inserted, changed ones updated, the rest left alone, and
    nothing else is deleted. Importing the same batch again changes nothing. Fields a record
    leaves empty keep their stored value. Proposals are then recomputed for the providers
    touched, and the import is logged. `progress(done, total)` is called as records are
    written (`total` None while a stream is still being read).

    Raises `ImportRejected` (a record that contradicts another, an unknown trust type),
    `ImportFailed` (a database constraint refused a row) or, for a stream, the reader's
    `IngestError` (a malformed row anywhere in the file); either way nothing is stored.
    A CQC file may name any trust, so `actor` needs `record_ratings` in general
    (`Forbidden`, `SignInRequired`). An import that stored something appends one
    `ratings.import` audit event (the import's log id, its counts and the file's SHA-256);
    one that changed nothing appends none.
    """
    require(actor, Permission.RECORD_RATINGS)
    try:
        with import_transaction(db) as conn:
            writer = BatchWriter(conn, progress=progress)
            if isinstance(batch, ImportBatch):
                writer.write(batch, total=_records(batch))
            else:
                with closing(iter(batch)) as chunks:  # the file is closed on a failure too
                    for chunk in chunks:
                        writer.write(chunk)
            counts, touched = writer.counts(), writer.touched
            aggregates = reaggregate_in(conn, touched)
            import_id = log_import(conn, batch, counts, writer.rows_read)
            new = sum(c.new for c in counts.values())
            changed = sum(c.changed for c in counts.values())
            if new or changed:
                audit.append(
                    conn, actor, "ratings.import", "import", import_id,
                    {"kind": batch.kind, "sha256": batch.sha256, "new": new,
                     "changed": changed, "aggregates": aggregates},
                )  # fmt: skip
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
    log_event(
        "ratings.import",
        import_id=import_id,
        sha256=batch.sha256,
        new=summary.new,
        changed=summary.changed,
        aggregates=aggregates,
    )
    return summary


def _records(batch: ImportBatch) -> int:
    return len(batch.providers) + len(batch.locations) + len(batch.reports) + len(batch.ratings)


def reaggregate(*, db: Database, actor: Actor, provider_id: str | None = None) -> int:
    """Recompute and store the rules' proposal for every stored aggregate; return how many.

    All providers when `provider_id` is None. Each aggregate is proposed from the latest
    rating of each underlying unit (see `carewatch.services.ratings._proposals` for the
    levels). Needs `record_ratings` (for the provider, or in general for all); appends one
    `ratings.reaggregate` event.
    """
    require(actor, Permission.RECORD_RATINGS, trust=provider_id)
    with write_transaction(db) as conn:
        if provider_id is not None:
            require_provider(conn, provider_id)
        computed = reaggregate_in(conn, None if provider_id is None else [provider_id])
        audit.append(
            conn, actor, "ratings.reaggregate", "provider", provider_id or "*",
            {"aggregates": computed},
        )  # fmt: skip
    log_event("ratings.reaggregate", provider_id=provider_id, aggregates=computed)
    return computed


def _single(
    db: Database,
    batch: ImportBatch,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    changes: dict[str, object],
    provider_id: str | None = None,
    location_id: str | None = None,
    framework: str | None = None,
) -> None:
    """Write a one-record batch and append its audit event; first check `provider_id` (and
    `location_id`) when given."""
    try:
        with write_transaction(db) as conn:
            if provider_id is not None:
                _require(conn, provider_id, location_id)
            _, touched = write_batch(conn, batch, framework=framework)
            reaggregate_in(conn, touched)
            audit.append(conn, actor, action, entity, entity_id, changes)
    except IntegrityError as exc:
        raise ImportFailed(source=batch.source, constraint=constraint_of(exc)) from None


def _require(conn: Connection, provider_id: str, location_id: str | None = None) -> None:
    """`NotFound` unless the provider is stored and, when given, the location is its own."""
    require_provider(conn, provider_id)
    if location_id is not None:
        owner = conn.execute(
            select(LOCATIONS.c.provider_id).where(LOCATIONS.c.location_id == location_id)
        ).scalar()
        if owner != provider_id:
            raise NotFound("location of this provider", location_id)


def _batch(source: str, **records: tuple[object, ...]) -> ImportBatch:
    return ImportBatch(source=source or "recorded", kind="recorded", sha256="", **records)  # type: ignore[arg-type]


def record_provider(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    name: str | None = None,
    provider_type: str | None = None,
    trust_type: str | TrustType | None = None,
    region: str | None = None,
    ods_code: str | None = None,
    synthetic: bool = False,
) -> None:
    """Store a provider, or update it; fields left None keep their stored value. Needs
    `record_ratings` for the provider."""
    kind = trust_type.value if isinstance(trust_type, TrustType) else trust_type
    record = ProviderRecord(provider_id, name, provider_type, kind, region, ods_code, synthetic)
    require(actor, Permission.RECORD_RATINGS, trust=provider_id)
    _single(
        db,
        _batch(f"provider {provider_id}", providers=(record,)),
        actor=actor,
        action="ratings.provider",
        entity="provider",
        entity_id=provider_id,
        changes={"name": name, "trust_type": kind, "region": region, "synthetic": synthetic},
    )
    log_event("ratings.provider", provider_id=provider_id)


def record_location(
    *,
    db: Database,
    actor: Actor,
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
    """Store a location of a stored provider (raises `NotFound` for an unknown provider).
    Needs `record_ratings` for the provider."""
    require(actor, Permission.RECORD_RATINGS, trust=provider_id)
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
    _single(
        db,
        _batch(f"location {location_id}", locations=(record,)),
        actor=actor,
        action="ratings.location",
        entity="location",
        entity_id=location_id,
        changes={"provider": provider_id, "name": name, "status": registration_status},
        provider_id=provider_id,
    )
    log_event("ratings.location", provider_id=provider_id, location_id=location_id)


def record_report(
    *,
    db: Database,
    actor: Actor,
    link_id: str,
    provider_id: str,
    report_date: dt.date,
    location_id: str | None = None,
    report_type: str | None = None,
    url: str | None = None,
    first_visit_date: dt.date | None = None,
    framework: str = Framework.LEGACY.value,
) -> None:
    """Store a published report; `framework` is "legacy" or "saf". Needs `record_ratings`
    for the provider."""
    refuse_future(report_date, what="the report", field="report_date")
    refuse_future(first_visit_date, what="the first visit", field="first_visit_date")
    require(actor, Permission.RECORD_RATINGS, trust=provider_id)
    if framework not in Framework.values():
        raise ImportRejected(
            f"framework must be one of {', '.join(Framework.values())}",
            source=f"report {link_id}",
            field="framework",
        )
    record = ReportRecord(
        link_id, provider_id, location_id, report_date, report_type, url, first_visit_date
    )
    _single(
        db,
        _batch(f"report {link_id}", reports=(record,)),
        actor=actor,
        action="ratings.report",
        entity="report",
        entity_id=link_id,
        changes={"provider": provider_id, "location": location_id, "date": report_date},
        provider_id=provider_id,
        location_id=location_id,
        framework=framework,
    )
    log_event("ratings.report", provider_id=provider_id, location_id=location_id, link_id=link_id)


def record_rating(
    *,
    db: Database,
    actor: Actor,
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
    `NotFound` for an unknown provider or location. Needs `record_ratings` for the provider.
    `FutureDate` for a rating dated after today.
    """
    refuse_future(rating_date, what="the rating", field="rating_date")
    require(actor, Permission.RECORD_RATINGS, trust=provider_id)
    try:
        with write_transaction(db) as conn:
            _require(conn, provider_id, location_id)
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
            audit.append(
                conn, actor, "ratings.rating", "provider", provider_id,
                {"location": location_id, "service": service, "aspect": record.aspect.value,
                 "rating": record.rating.value, "date": rating_date},
            )  # fmt: skip
    except IntegrityError as exc:
        raise ImportFailed(
            source=source or "recorded rating", constraint=constraint_of(exc)
        ) from None
    log_event(
        "ratings.rating",
        provider_id=provider_id,
        location_id=location_id,
        aspect=record.aspect.value,
        rating_date=rating_date.isoformat(),
    )


def record_enforcement(
    *,
    db: Database,
    actor: Actor,
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
    closes before it was served. Needs `record_enforcement` for the provider.
    """
    kq = parse_key_question(key_question)
    enforcement = EnforcementKind.parse(kind) if isinstance(kind, str) else kind
    if closed_date is not None and closed_date < served_date:
        raise ImportRejected(
            "closed before it was served", source=source or "enforcement", field="closed_date"
        )
    refuse_future(served_date, what="the enforcement action", field="served_date")
    refuse_future(closed_date, what="the enforcement action's closing", field="closed_date")
    require(actor, Permission.RECORD_ENFORCEMENT, trust=provider_id)
    with write_transaction(db) as conn:
        _require(conn, provider_id, location_id)
        enforcement_id = upsert(
            conn,
            ENFORCEMENT_ACTIONS,
            {
                "provider_id": provider_id,
                "location_id": location_id,
                "service": service,
                "key_question": kq.value,
                "kind": enforcement.value,
                "served_date": served_date,
            },
            {"closed_date": closed_date, "source": source},
            conflict=_ENFORCEMENT_KEY,
        )
        audit.append(
            conn, actor, "ratings.enforcement", "enforcement", enforcement_id,
            {"kind": enforcement.value, "key_question": kq.value, "served": served_date,
             "closed": closed_date},
        )  # fmt: skip
    log_event("ratings.enforcement", provider_id=provider_id, enforcement_id=enforcement_id)
