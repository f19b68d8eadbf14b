"""How the metrics service reads, inside a caller's connection: definitions, observations
with their versions, recalculations, annotations and organisations. Read-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, select

from carewatch.domain.metrics import (
    CATALOGUE,
    DataKind,
    DataVersionRef,
    Level,
    MeasurementFrequency,
    MetricDefinition,
    StoredObservation,
    Target,
    TargetKind,
    Unit,
)
from carewatch.domain.spc import Improvement
from carewatch.services._db import provider_facts
from carewatch.services.errors import NotFound
from carewatch.services.metrics.models import Annotation, DataVersionInfo, RecalculationInfo
from carewatch.store.tables.metrics import (
    METRIC_ANNOTATIONS,
    METRIC_DATA_VERSIONS,
    METRIC_OBSERVATIONS,
    METRIC_RECALCULATIONS,
    METRICS,
)

__all__ = [
    "annotations_of",
    "definition",
    "definitions",
    "org_known",
    "org_name",
    "recalculations_of",
    "require_org",
    "stored_observations",
    "versions_of",
]


def definition_from_row(row: Any) -> MetricDefinition:
    kind = TargetKind(row.target_kind)
    return MetricDefinition(
        code=row.metric_code,
        name=row.name,
        description=row.description,
        unit=Unit(row.unit),
        polarity=Improvement(row.polarity),
        polarity_reason=row.polarity_reason,
        frequency=MeasurementFrequency(row.frequency),
        level=Level(row.level),
        core_service=row.core_service,
        target=None if kind is TargetKind.NONE else Target(row.target, kind, row.target_source),
        data_source=row.data_source,
        fix_after=row.fix_after,
    )


def definitions(conn: Connection, code: str | None = None) -> list[MetricDefinition]:
    """The stored catalogue in display order (or the one metric `code`)."""
    query = select(METRICS).order_by(METRICS.c.position, METRICS.c.metric_code)
    if code is not None:
        query = query.where(METRICS.c.metric_code == code)
    return [definition_from_row(r) for r in conn.execute(query)]


def definition(conn: Connection, metric_code: str) -> MetricDefinition:
    """The stored definition of the metric, else the seeded one; `NotFound` for neither."""
    found = definitions(conn, metric_code)
    if found:
        return found[0]
    try:
        return next(m for m in CATALOGUE if m.code == metric_code)
    except StopIteration:
        raise NotFound("metric", metric_code) from None


def version_ref(row: Any) -> DataVersionRef:
    return DataVersionRef(
        id=row.id,
        kind=DataKind(row.kind),
        file_name=row.file_name,
        publication=row.publication,
        published_on=row.published_on,
        sha256=row.sha256,
        imported_on=imported_day(row.imported_at),
    )


def imported_day(moment: dt.datetime) -> dt.date:
    """The UTC day of a stored moment (SQLite hands it back without its zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date()


def _observations_query(org_code: str) -> Any:
    o, v = METRIC_OBSERVATIONS.c, METRIC_DATA_VERSIONS.c
    return (
        select(
            o.metric_code,
            o.period_start,
            o.period_end,
            o.value,
            o.suppressed,
            o.numerator,
            o.denominator,
            o.source,
            v.id,
            v.kind,
            v.file_name,
            v.publication,
            v.published_on,
            v.imported_at,
            v.sha256,
        )
        .join(METRIC_DATA_VERSIONS, v.id == o.data_version_id)
        .where(o.org_code == org_code)
        .order_by(o.metric_code, o.period_end, o.period_start, v.id)
    )


def _observation(r: Any) -> StoredObservation:
    return StoredObservation(
        period_start=r.period_start,
        period_end=r.period_end,
        value=r.value,
        suppressed=bool(r.suppressed),
        numerator=r.numerator,
        denominator=r.denominator,
        source=r.source,
        version=version_ref(r),
    )


def stored_observations(
    conn: Connection, org_code: str, metric_code: str
) -> list[StoredObservation]:
    """Every stored version of every observation of the metric for the organisation."""
    query = _observations_query(org_code).where(METRIC_OBSERVATIONS.c.metric_code == metric_code)
    return [_observation(r) for r in conn.execute(query)]


def observations_by_metric(conn: Connection, org_code: str) -> dict[str, list[StoredObservation]]:
    """`stored_observations` of every metric of the organisation, by metric code, in one
    query."""
    out: dict[str, list[StoredObservation]] = {}
    for r in conn.execute(_observations_query(org_code)):
        out.setdefault(r.metric_code, []).append(_observation(r))
    return out


def versions_of(conn: Connection, ids: Sequence[int]) -> list[DataVersionInfo]:
    """The data versions with these ids, in publication order (`DataVersionRef.counts_from`)."""
    if not ids:
        return []
    v = METRIC_DATA_VERSIONS.c
    rows = conn.execute(select(METRIC_DATA_VERSIONS).where(v.id.in_(ids)))
    infos = [
        DataVersionInfo(
            ref=version_ref(r),
            imported_at=r.imported_at,
            rows_read=r.rows_read,
            observations_new=r.observations_new,
            observations_revised=r.observations_revised,
            source=r.source,
        )
        for r in rows
    ]
    # In Python: the databases sort an unknown publication date (NULL) at opposite ends.
    return sorted(infos, key=lambda info: (info.ref.counts_from, info.ref.id))


def recalculations_of(
    conn: Connection, org_code: str, metric_code: str, as_of: dt.date | None
) -> list[RecalculationInfo]:
    """Recorded recalculations, in date order (those recorded on or before `as_of`)."""
    return recalculations_by_metric(conn, org_code, as_of, metric_code).get(metric_code, [])


def recalculations_by_metric(
    conn: Connection, org_code: str, as_of: dt.date | None, metric_code: str | None = None
) -> dict[str, list[RecalculationInfo]]:
    """`recalculations_of` every metric of the organisation (or the one given), by metric
    code, in one query."""
    r = METRIC_RECALCULATIONS.c
    query = select(METRIC_RECALCULATIONS).where(r.org_code == org_code)
    if metric_code is not None:
        query = query.where(r.metric_code == metric_code)
    if as_of is not None:
        query = query.where(r.recorded_on <= as_of)
    out: dict[str, list[RecalculationInfo]] = {}
    for x in conn.execute(query.order_by(r.metric_code, r.at_date)):
        out.setdefault(x.metric_code, []).append(
            RecalculationInfo(
                at=x.at_date, reason=x.reason, recorded_on=x.recorded_on, source=x.source
            )
        )
    return out


def annotations_of(
    conn: Connection, org_code: str, metric_code: str, as_of: dt.date | None
) -> list[Annotation]:
    """Annotations in date order (those dated on or before `as_of`)."""
    return annotations_by_metric(conn, org_code, as_of, metric_code).get(metric_code, [])


def annotations_by_metric(
    conn: Connection, org_code: str, as_of: dt.date | None, metric_code: str | None = None
) -> dict[str, list[Annotation]]:
    """`annotations_of` every metric of the organisation (or the one given), by metric code,
    in one query."""
    a = METRIC_ANNOTATIONS.c
    query = select(METRIC_ANNOTATIONS).where(a.org_code == org_code)
    if metric_code is not None:
        query = query.where(a.metric_code == metric_code)
    if as_of is not None:
        query = query.where(a.on_date <= as_of)
    out: dict[str, list[Annotation]] = {}
    for x in conn.execute(query.order_by(a.metric_code, a.on_date, a.label)):
        out.setdefault(x.metric_code, []).append(
            Annotation(on=x.on_date, label=x.label, source=x.source)
        )
    return out


def org_known(conn: Connection, org_code: str) -> bool:
    """True when a provider has this id, or any observation this organisation code."""
    if provider_facts(conn, [org_code]):
        return True
    o = METRIC_OBSERVATIONS.c
    return conn.execute(select(o.id).where(o.org_code == org_code).limit(1)).first() is not None


def require_org(conn: Connection, org_code: str) -> None:
    """`NotFound` unless `org_known`."""
    if not org_known(conn, org_code):
        raise NotFound("organisation", org_code)


def org_name(conn: Connection, org_code: str) -> str:
    """The provider's name, else the latest name an observation gave, else the code."""
    name = provider_facts(conn, [org_code]).get(org_code, (None, False))[0]
    if name:
        return str(name)
    o = METRIC_OBSERVATIONS.c
    found = conn.execute(
        select(o.org_name)
        .where(o.org_code == org_code, o.org_name != "")
        .order_by(o.id.desc())
        .limit(1)
    ).scalar()
    return str(found) if found else org_code


def metric_names(conn: Connection, codes: Collection[str]) -> dict[str, str]:
    """The catalogue name of each of these metric codes that the catalogue holds; other
    areas (the improvement plan's measures of success) read metrics through this."""
    if not codes:
        return {}
    m = METRICS.c
    rows = conn.execute(select(m.metric_code, m.name).where(m.metric_code.in_(list(codes))))
    return {r.metric_code: r.name for r in rows}
