"""The NHS Oversight Framework league table: one peer group in one quarter."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.oversight.league import InvalidSegmentation, Quarter
from carewatch.services.oversight import peer_league_table
from carewatch.web.deps import Db, Templates

__all__ = ["router"]

router = APIRouter()


@router.get("/oversight/league-table", response_class=HTMLResponse)
def league_table_page(
    request: Request,
    templates: Templates,
    db: Db,
    peer_group: Annotated[str | None, Query(max_length=100)] = None,
    quarter: Annotated[str | None, Query(max_length=30)] = None,
) -> HTMLResponse:
    """A peer group's league table for a quarter (the latest by default), ranked by segment
    then average metric score, beside the position NHS England published."""
    try:
        chosen = Quarter.parse(quarter) if quarter else None
    except InvalidSegmentation:
        raise HTTPException(422, 'Choose a quarter such as "Q2 2025/26".') from None
    table = peer_league_table(db=db, peer_group=peer_group or None, quarter=chosen)
    return templates.TemplateResponse(
        request, "pages/league_table.html", {"table": table, "active_nav": "oversight"}
    )
