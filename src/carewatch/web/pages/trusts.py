"""A trust's pages: its ratings grid, its rating history with a chart, and its locations."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.ratings import KEY_QUESTIONS
from carewatch.services.oversight import latest_place, oversight_status
from carewatch.services.ratings import list_locations, rating_history, ratings_grid
from carewatch.web.chart import rating_chart
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.oversight_display import regime_sentence

__all__ = ["router"]

router = APIRouter(prefix="/trusts")


@router.get("/{provider_id}", response_class=HTMLResponse)
def trust_page(request: Request, templates: Templates, db: Db, trust: Trust) -> HTMLResponse:
    """The trust's oversight status (with its NHS Oversight Framework league-table place when
    segmentation is stored), then its ratings grid as CQC draws it, with how each
    aggregate was reached."""
    grid = ratings_grid(db=db, subject_id=trust.provider_id)
    status = oversight_status(db=db, provider_id=trust.provider_id)
    league = latest_place(db=db, provider_id=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/trust.html",
        {
            "trust": trust,
            "grid": grid,
            "status": status,
            "regime_sentence": regime_sentence(status, league),
            "league": league,
        },
    )


@router.get("/{provider_id}/history", response_class=HTMLResponse)
def history_page(request: Request, templates: Templates, db: Db, trust: Trust) -> HTMLResponse:
    """Every report of the trust, newest first, and its overall rating over time."""
    entries = rating_history(db=db, subject_id=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/history.html",
        {
            "trust": trust,
            "entries": entries,
            "chart": rating_chart(entries, today=dt.date.today()),
            "key_questions": KEY_QUESTIONS,
        },
    )


@router.get("/{provider_id}/locations", response_class=HTMLResponse)
def locations_page(request: Request, templates: Templates, db: Db, trust: Trust) -> HTMLResponse:
    """The trust's registered locations, each with its latest overall rating."""
    locations = list_locations(db=db, provider_id=trust.provider_id)
    return templates.TemplateResponse(
        request, "pages/trust_locations.html", {"trust": trust, "locations": locations}
    )
