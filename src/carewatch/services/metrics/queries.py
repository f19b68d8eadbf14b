"""The metrics service's readers, behind the performance report and the metric pages.

They answer "as published on or before a date" (`as_of`) as well as "now", and raise
`NotFound` (`carewatch.services.errors`) for an unknown metric or organisation.

Example::

    metric_spc(db=db, org_code="RMY", metric_code="cmh_4ww").variation.label
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from carewatch.domain.metrics import (
    CATALOGUE,
    MetricDefinition,
    SeriesPoint,
    StoredObservation,
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
from carewatch.services.metrics import _read as read
from carewatch.services.metrics._import import is_stored
from carewatch.services.metrics._read import metric_names
from carewatch.services.metrics.models import (
    Annotation,
    MetricSeries,
    MetricSpc,
    RecalculationInfo,
    SummaryRow,
)
from carewatch.store.database import Database

__all__ = [
    "is_imported",
    "metric_catalogue",
    "metric_names",
    "metric_series",
    "metric_spc",
    "metric_summary",
    "options_for",
]


def is_imported(*, db: Database, sha256: str, org_scope: str = "") -> bool:
    """True when a file with this SHA-256 (taken whole, or for the one organisation
    `org_scope`) is already stored."""
    with db.engine.connect() as conn:
        return is_stored(conn, sha256, org_scope)


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
    code = definition.code
    stored = _Stored(
        {code: read.stored_observations(conn, org_code, code)},
        {code: read.recalculations_of(conn, org_code, code, as_of)},
        {code: read.annotations_of(conn, org_code, code, as_of)},
    )
    return _assemble(
        conn,
        org_code,
        [definition],
        as_of,
        read.org_name(conn, org_code) if name is None else name,
        stored,
    )[0]


@dataclass(frozen=True)
class _Stored:
    """What an organisation's series are built from, by metric code."""

    observations: Mapping[str, list[StoredObservation]]
    recalculations: Mapping[str, list[RecalculationInfo]]
    annotations: Mapping[str, list[Annotation]]


def _assemble(
    conn: Connection,
    org_code: str,
    definitions: Sequence[MetricDefinition],
    as_of: dt.date | None,
    name: str,
    stored: _Stored,
) -> list[MetricSeries]:
    """Each definition's series from what was read, with the data versions behind all of
    them read in one query."""
    points = {
        d.code: current_series(stored.observations.get(d.code, []), as_of) for d in definitions
    }
    ids = {
        code: {p.current.version.id for p in ps} | {e.version.id for p in ps for e in p.earlier}
        for code, ps in points.items()
    }
    versions = read.versions_of(conn, sorted(set().union(*ids.values())))
    return [
        MetricSeries(
            org_code=org_code,
            org_name=name,
            definition=d,
            points=points[d.code],
            recalculations=tuple(stored.recalculations.get(d.code, [])),
            annotations=tuple(stored.annotations.get(d.code, [])),
            versions=tuple(v for v in versions if v.ref.id in ids[d.code]),
            as_of=as_of,
        )
        for d in definitions
    ]


def metric_series(
    *, db: Database, org_code: str, metric_code: str, as_of: dt.date | None = None
) -> MetricSeries:
    """The metric's observations for the organisation as published on or before `as_of`
    (everything when None), each with its data version and earlier versions.

    Raises `NotFound` for an unknown metric or organisation.
    """
    with db.engine.connect() as conn:
        definition = read.definition(conn, metric_code)
        read.require_org(conn, org_code)
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
        read.require_org(conn, org_code)
        definitions = read.definitions(conn) or list(CATALOGUE)
        name = read.org_name(conn, org_code)
        # Every metric's observations, recalculations, annotations and data versions in one
        # query each, not four per metric; SPC then runs once per metric.
        stored = _Stored(
            read.observations_by_metric(conn, org_code),
            read.recalculations_by_metric(conn, org_code, as_of),
            read.annotations_by_metric(conn, org_code, as_of),
        )
        series = _assemble(conn, org_code, definitions, as_of, name, stored)
        rows = [SummaryRow(_spc(s)) for s in series]
    if only_with_data:
        rows = [r for r in rows if r.spc.series.points]
    return rows
