"""The metrics service: the only code that writes metric definitions, observations,
recalculations and annotations, and the readers behind the performance report.

Writers take keyword-only arguments and run in one transaction through `write_transaction`;
nothing is stored when anything is refused. An import is all or nothing per file and
idempotent: a file whose SHA-256 is stored adds nothing; a revised file adds a new version of
each observation it changes and keeps the old one. Readers answer "as published on or before
a date" (`as_of`) as well as "now".

Example::

    import_metrics(db=db, batch=read_mhsds_4ww(path))
    metric_spc(db=db, org_code="RMY", metric_code="cmh_4ww").variation.label
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Connection, Table, insert, select, update

from carewatch.domain.metrics import (
    CATALOGUE,
    MetricBatch,
    MetricDefinition,
    SeriesPoint,
    current_series,
)
from carewatch.domain.spc import (
    Recalculation,
    SpcInputError,
    SpcOptions,
    analyse,
    assurance_icon,
    variation_icon,
)
from carewatch.services import _metrics_read as read
from carewatch.services._metrics_models import (
    Annotation,
    DataVersionInfo,
    ImportResult,
    MetricSeries,
    MetricSpc,
    RecalculationInfo,
    SummaryRow,
)
from carewatch.services._metrics_write import (
    MetricImportRejected,
    already_imported,
    catalogue_changes,
    is_stored,
    store_batch,
    write_catalogue,
)
from carewatch.services._transaction import write_transaction
from carewatch.services.read_models import NotFound
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong, check_fits
from carewatch.store.tables_metrics import (
    METRIC_ANNOTATIONS,
    METRIC_RECALCULATIONS,
)

__all__ = [
    "Annotation",
    "DataVersionInfo",
    "ImportResult",
    "InvalidMetricRecord",
    "MetricImportRejected",
    "MetricSeries",
    "MetricSpc",
    "RecalculationInfo",
    "SummaryRow",
    "ValueTooLong",
    "import_metrics",
    "is_imported",
    "metric_catalogue",
    "metric_series",
    "metric_spc",
    "metric_summary",
    "options_for",
    "record_annotation",
    "record_recalculation",
    "seed_catalogue",
]

log = logging.getLogger(__name__)


class InvalidMetricRecord(ValueError):
    """A recalculation or annotation that cannot be stored as given; `field` names the part."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def seed_catalogue(db: Database) -> int:
    """Store the seeded catalogue (new metrics added, changed definitions updated); the number
    of metrics written. Writes nothing, not even a new data version, when all are current."""
    with db.engine.connect() as conn:
        inserts, updates = catalogue_changes(conn)
    if not inserts and not updates:
        return 0
    with write_transaction(db) as conn:
        inserts, updates = catalogue_changes(conn)
        write_catalogue(conn, inserts, updates)
    log.info("metrics.catalogue", extra={"written": len(inserts) + len(updates)})
    return len(inserts) + len(updates)


def _ensure_catalogue(conn: Connection) -> None:
    inserts, _ = catalogue_changes(conn)
    write_catalogue(conn, inserts, [])


def import_metrics(
    *,
    db: Database,
    batch: MetricBatch,
    published_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Store one file's observations, all or nothing.

    The data version is published on the date the file states, else `published_on`, else
    the import date. Raises `MetricImportRejected` (naming file, row and field) when an
    observation cannot be stored; nothing is then written.
    """
    moment = now or dt.datetime.now(dt.UTC)
    published = batch.published_on or published_on or moment.date()
    if is_imported(db=db, sha256=batch.sha256, org_scope=batch.org_scope):
        return already_imported(batch)
    with write_transaction(db) as conn:
        _ensure_catalogue(conn)
        result = store_batch(conn, batch, published_on=published, now=moment)
    log.info(
        "metrics.import",
        extra={"file": batch.file_name, "new": result.new, "revised": result.revised},
    )
    return result


def is_imported(*, db: Database, sha256: str, org_scope: str = "") -> bool:
    """True when a file with this SHA-256 (taken whole, or for the one organisation
    `org_scope`) is already stored."""
    with db.engine.connect() as conn:
        return is_stored(conn, sha256, org_scope)


def _definition(conn: Connection, metric_code: str) -> MetricDefinition:
    found = read.definitions(conn, metric_code)
    if found:
        return found[0]
    try:
        return next(m for m in CATALOGUE if m.code == metric_code)
    except StopIteration:
        raise NotFound("metric", metric_code) from None


def _require_org(conn: Connection, org_code: str) -> None:
    if not read.org_known(conn, org_code):
        raise NotFound("organisation", org_code)


def _upsert_dated(
    conn: Connection, table: Table, key: dict[str, object], values: dict[str, object]
) -> None:
    check_fits(table, {**key, **values})
    where = [table.c[k] == v for k, v in key.items()]
    found = conn.execute(select(table.c.id).where(*where)).scalar()
    if found is None:
        conn.execute(insert(table).values(**key, **values))
    else:
        conn.execute(update(table).where(table.c.id == found).values(**values))


def record_recalculation(
    *,
    db: Database,
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
    over-long source.
    """
    if not reason.strip():
        raise InvalidMetricRecord("reason", "a recalculation needs a reason")
    with write_transaction(db) as conn:
        _ensure_catalogue(conn)
        _definition(conn, metric_code)
        _require_org(conn, org_code)
        _upsert_dated(
            conn,
            METRIC_RECALCULATIONS,
            {"org_code": org_code, "metric_code": metric_code, "at_date": at},
            {
                "reason": reason.strip(),
                "recorded_on": recorded_on or dt.date.today(),
                "source": source,
            },
        )
    log.info("metrics.recalculation", extra={"org_code": org_code, "metric_code": metric_code})


def record_annotation(
    *,
    db: Database,
    org_code: str,
    metric_code: str,
    on: dt.date,
    label: str,
    source: str = "",
) -> None:
    """Record a dated note for the metric's chart (an intervention such as "new triage
    pathway"). Idempotent on organisation, metric, date and label."""
    if not label.strip():
        raise InvalidMetricRecord("label", "an annotation needs a label")
    with write_transaction(db) as conn:
        _ensure_catalogue(conn)
        _definition(conn, metric_code)
        _require_org(conn, org_code)
        _upsert_dated(
            conn,
            METRIC_ANNOTATIONS,
            {"org_code": org_code, "metric_code": metric_code, "on_date": on, "label": label},
            {"source": source},
        )
    log.info("metrics.annotation", extra={"org_code": org_code, "metric_code": metric_code})


def metric_catalogue(*, db: Database) -> list[MetricDefinition]:
    """The catalogue in display order (the seeded one when none is stored yet)."""
    with db.engine.connect() as conn:
        stored = read.definitions(conn)
    return stored or list(CATALOGUE)


def _series(
    conn: Connection,
    org_code: str,
    definition: MetricDefinition,
    as_of: dt.date | None,
    name: str | None = None,
) -> MetricSeries:
    observations = read.stored_observations(conn, org_code, definition.code)
    points = current_series(observations, as_of)
    ids = sorted(
        {p.current.version.id for p in points} | {e.version.id for p in points for e in p.earlier}
    )
    return MetricSeries(
        org_code=org_code,
        org_name=read.org_name(conn, org_code) if name is None else name,
        definition=definition,
        points=points,
        recalculations=tuple(read.recalculations_of(conn, org_code, definition.code, as_of)),
        annotations=tuple(read.annotations_of(conn, org_code, definition.code, as_of)),
        versions=tuple(read.versions_of(conn, ids)),
        as_of=as_of,
    )


def metric_series(
    *, db: Database, org_code: str, metric_code: str, as_of: dt.date | None = None
) -> MetricSeries:
    """The metric's observations for the organisation as published on or before `as_of`
    (everything when None), each with its data version and earlier versions.

    Raises `NotFound` for an unknown metric or organisation.
    """
    with db.engine.connect() as conn:
        definition = _definition(conn, metric_code)
        _require_org(conn, org_code)
        return _series(conn, org_code, definition, as_of)


def _phase_starts(
    points: tuple[SeriesPoint, ...], recalculations: tuple[RecalculationInfo, ...]
) -> tuple[Recalculation, ...]:
    """Each recalculation at the first point ending on or after its date (later ones on the
    same point are folded into the first; one after the last point waits for data)."""
    chosen: dict[dt.date, str] = {}
    for r in recalculations:
        at = next((p.period_end for p in points if p.period_end >= r.at), None)
        if at is not None and at != points[0].period_end and at not in chosen:
            chosen[at] = r.reason
    return tuple(Recalculation(at=at, reason=reason) for at, reason in chosen.items())


def options_for(
    definition: MetricDefinition, recalculate_at: tuple[Recalculation, ...] = ()
) -> SpcOptions:
    """The SPC options a metric's definition implies: its polarity as the improvement
    direction, its target, its fixed baseline, and the recalculations given."""
    return SpcOptions(
        improvement=definition.polarity,
        target=None if definition.target is None else definition.target.value,
        fix_after=definition.fix_after,
        recalculate_at=recalculate_at,
        screen_outliers=True,
    )


def _spc(series: MetricSeries) -> MetricSpc:
    points = series.points
    valued = [p for p in points if p.value is not None]
    if len(valued) < 2:
        problem = (
            "No observations yet."
            if not points
            else "Fewer than two values: an SPC chart needs at least two."
        )
        return MetricSpc(series, None, None, None, problem)
    try:
        options = options_for(series.definition, _phase_starts(points, series.recalculations))
        result = analyse([p.period_end for p in points], [p.value for p in points], options)
    except SpcInputError as exc:
        return MetricSpc(series, None, None, None, f"No chart: {exc}")
    return MetricSpc(series, result, variation_icon(result), assurance_icon(result), None)


def metric_spc(
    *, db: Database, org_code: str, metric_code: str, as_of: dt.date | None = None
) -> MetricSpc:
    """The metric's SPC chart for the organisation (as published on or before `as_of`): its
    polarity, target, fixed baseline and recorded recalculations applied; icons computed
    once here. Suppressed values are gaps. Raises `NotFound` as `metric_series` does."""
    return _spc(metric_series(db=db, org_code=org_code, metric_code=metric_code, as_of=as_of))


def metric_summary(
    *, db: Database, org_code: str, as_of: dt.date | None = None, only_with_data: bool = False
) -> list[SummaryRow]:
    """One row per catalogue metric for the organisation: latest value, target and the two
    icons. Raises `NotFound` for an unknown organisation."""
    with db.engine.connect() as conn:
        _require_org(conn, org_code)
        definitions = read.definitions(conn) or list(CATALOGUE)
        name = read.org_name(conn, org_code)
        rows = [SummaryRow(_spc(_series(conn, org_code, d, as_of, name))) for d in definitions]
    if only_with_data:
        rows = [r for r in rows if r.spc.series.points]
    return rows
