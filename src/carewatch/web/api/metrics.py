"""GET the metric catalogue, a trust's metric summary (latest value, target, icons), one
metric's observations with their data versions, and its SPC chart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from carewatch.schemas.metrics import (
    IconPublic,
    MetricPublic,
    MetricsPublic,
    ObservationsPublic,
    SpcPublic,
    SummaryPublic,
    SummaryRowPublic,
)
from carewatch.services.metrics import metric_catalogue, metric_series, metric_spc, metric_summary
from carewatch.web.api.params import Day
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust, checked_id

__all__ = ["router"]

router = APIRouter(tags=["metrics"])

AsOf = Annotated[
    Day | None,
    Query(
        alias="as_of",
        description="As published on or before this date (default: everything stored)",
    ),
]


@router.get("/metrics", summary="The metric catalogue")
def get_metrics(db: Db) -> MetricsPublic:
    """Every metric: name, unit, which way is better, target and the target's source."""
    catalogue = metric_catalogue(db=db)
    return MetricsPublic(
        data=[MetricPublic.from_definition(m) for m in catalogue], count=len(catalogue)
    )


@router.get(
    "/trusts/{provider_id}/metrics",
    summary="A trust's metric summary",
    responses={**NOT_FOUND, **INVALID},
)
def get_trust_metrics(trust: Trust, db: Db, as_of: AsOf = None) -> SummaryPublic:
    """One row per metric with data: the latest value and period, the target, and the
    variation and assurance icons (computed once, as the chart and table show them)."""
    rows = metric_summary(db=db, org_code=trust.provider_id, as_of=as_of, only_with_data=True)
    data = []
    for row in rows:
        latest = row.latest
        data.append(
            SummaryRowPublic(
                metric=MetricPublic.from_definition(row.definition),
                latest_value=None if latest is None else latest.value,
                latest_suppressed=None if latest is None else latest.current.suppressed,
                latest_period_end=None if latest is None else latest.period_end,
                revised=bool(latest and latest.revised),
                observations=len(row.spc.series.points),
                illustrative=row.spc.series.illustrative,
                variation_icon=IconPublic.from_icon(row.spc.variation),
                assurance_icon=IconPublic.from_icon(row.spc.assurance),
            )
        )
    return SummaryPublic(org_code=trust.provider_id, as_of=as_of, data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/metrics/{metric_code}",
    summary="A metric's observations for a trust",
    responses={**NOT_FOUND, **INVALID},
)
def get_trust_metric(
    trust: Trust, db: Db, metric_code: str, as_of: AsOf = None
) -> ObservationsPublic:
    """Every period's value as published on or before `as_of`, with the data version (file,
    publication, SHA-256) it came from, earlier versions and a `revised` mark."""
    series = metric_series(
        db=db,
        org_code=trust.provider_id,
        metric_code=checked_id("metric", metric_code),
        as_of=as_of,
    )
    return ObservationsPublic.from_series(series)


@router.get(
    "/trusts/{provider_id}/metrics/{metric_code}/spc",
    summary="A metric's SPC chart for a trust",
    responses={**NOT_FOUND, **INVALID},
)
def get_trust_metric_spc(trust: Trust, db: Db, metric_code: str, as_of: AsOf = None) -> SpcPublic:
    """The XmR chart by Making Data Count rules: points with their type, phases (recorded
    recalculations), the variation and assurance icons."""
    spc = metric_spc(
        db=db,
        org_code=trust.provider_id,
        metric_code=checked_id("metric", metric_code),
        as_of=as_of,
    )
    return SpcPublic.from_spc(spc)
