"""The board report on the web: printable HTML and the PDF (`carewatch.reports.board`).

Both take `period` (a quarter: 2024-Q1 or Q4 2023/24) or `as_of` (a date; default today).
What the report holds of the plan is decided as on the plan's own pages: the public's view,
unless the signed-in reader may see the trust's restricted data. The HTML links the
report's stylesheet (`/board-report.css`): the Content Security Policy forbids inline styles.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from carewatch.reports.board import (
    BoardReport,
    InvalidPeriod,
    ReportPeriod,
    board_html,
    board_inputs,
    board_pdf,
    build_board_report,
)
from carewatch.reports.board_render import stylesheet
from carewatch.web.dates import read_date
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import identity_of
from carewatch.web.pages.plans import content_disposition

__all__ = ["router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=64)]
STYLESHEET = "/board-report.css"


def _period(period: str | None, as_of: str | None) -> ReportPeriod:
    if period and as_of:
        raise HTTPException(422, "Give a period or a date, not both")
    if period:
        try:
            return ReportPeriod.quarter(period)
        except InvalidPeriod as exc:
            raise HTTPException(422, f"period: {exc}") from exc
    day, problem = read_date(as_of)
    if problem:
        raise HTTPException(422, f"as_of: {problem}")
    return ReportPeriod.on(day or dt.date.today())


def _report(request: Request, db: Db, trust: Trust, period: Text, as_of: Text) -> BoardReport:
    inputs = board_inputs(
        db=db,
        provider_id=trust.provider_id,
        period=_period(period, as_of),
        actor=identity_of(request).actor,
    )
    return build_board_report(inputs)


@router.get("/trusts/{provider_id}/board-report", response_class=HTMLResponse)
def board_report_page(
    request: Request, db: Db, trust: Trust, period: Text = None, as_of: Text = None
) -> HTMLResponse:
    """The board report as one printable HTML page."""
    report = _report(request, db, trust, period, as_of)
    return HTMLResponse(board_html(report, stylesheet_href=STYLESHEET))


@router.get("/trusts/{provider_id}/board-report.pdf")
def board_report_pdf(
    request: Request, db: Db, trust: Trust, period: Text = None, as_of: Text = None
) -> Response:
    """The board report as a PDF."""
    report = _report(request, db, trust, period, as_of)
    name = f"{trust.provider_id}-board-report-{report.period.as_of.isoformat()}.pdf"
    return Response(
        board_pdf(report),
        media_type="application/pdf",
        headers={"content-disposition": content_disposition(name)},
    )


@router.get(STYLESHEET)
def board_report_stylesheet() -> Response:
    """The board report's stylesheet (screen and print)."""
    return Response(stylesheet(), media_type="text/css; charset=utf-8")
