"""The integrated performance report: a trust's summary icon table, and each metric's SPC
chart with its data, phases, annotations and data versions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.reports.spc_svg import assurance_icon_svg, fmt, spc_svg, variation_icon_svg
from carewatch.services.metrics import metric_spc, metric_summary
from carewatch.services.plans import findings_by_metric
from carewatch.web.dates import DATE_PROBLEM, parse_date
from carewatch.web.deps import Db, Templates, Trust, checked_id

__all__ = ["router"]

router = APIRouter()

AsOfText = Annotated[str, Query(max_length=200)]


def _as_of(text: str) -> tuple[dt.date | None, dict[str, str]]:
    if not text.strip():
        return None, {}
    try:
        return parse_date(text), {}
    except ValueError:
        return None, {"as_of": DATE_PROBLEM}


def _helpers() -> dict[str, Any]:
    return {
        "spc_svg": spc_svg,
        "variation_icon_svg": variation_icon_svg,
        "assurance_icon_svg": assurance_icon_svg,
        "fmt": fmt,
    }


@router.get("/trusts/{provider_id}/performance", response_class=HTMLResponse)
def performance_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: AsOfText = ""
) -> HTMLResponse:
    """The summary icon table: one row per metric with data (latest value and period,
    target, variation and assurance icons, linked must-dos), each linking to its chart."""
    when, errors = _as_of(as_of)
    rows = metric_summary(db=db, org_code=trust.provider_id, as_of=when, only_with_data=True)
    linked = findings_by_metric(db=db, provider_id=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/performance.html",
        {
            "trust": trust,
            "rows": rows,
            "linked": linked,
            "as_of": when,
            "as_of_text": as_of,
            "errors": errors,
            **_helpers(),
        },
        status_code=422 if errors else 200,
    )


@router.get("/trusts/{provider_id}/performance/{metric_code}", response_class=HTMLResponse)
def performance_metric_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    metric_code: str,
    as_of: AsOfText = "",
) -> HTMLResponse:
    """One metric's SPC chart (SVG and its data as a table), phases and recalculations,
    annotations, and the data versions behind every value."""
    when, errors = _as_of(as_of)
    spc = metric_spc(
        db=db,
        org_code=trust.provider_id,
        metric_code=checked_id("metric", metric_code),
        as_of=when,
    )
    linked = findings_by_metric(db=db, provider_id=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/performance_metric.html",
        {
            "trust": trust,
            "spc": spc,
            "findings": linked.get(spc.series.definition.code, ()),
            "as_of": when,
            "as_of_text": as_of,
            "errors": errors,
            **_helpers(),
        },
        status_code=422 if errors else 200,
    )
