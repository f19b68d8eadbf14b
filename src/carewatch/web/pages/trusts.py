"""A trust's pages: the overview (is it getting better? the verdict with its evidence, what
changed since the last inspection, then its status and ratings grid), the brief for a Member
of Parliament, its rating history with a chart, and its locations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.ratings import KEY_QUESTIONS
from carewatch.schemas.overview import ChangesPublic, OverviewPublic
from carewatch.services.oversight import latest_place
from carewatch.services.overview import trust_brief, trust_overview
from carewatch.services.ratings import list_locations, rating_history
from carewatch.web.chart import rating_chart
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.oversight_display import regime_sentence
from carewatch.web.pages.plans import read_date

__all__ = ["router"]

router = APIRouter(prefix="/trusts")


AsOf = Annotated[str | None, Query(description="As known on this date (YYYY-MM-DD; default today)")]


@router.get("/{provider_id}", response_class=HTMLResponse)
def trust_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: AsOf = None
) -> HTMLResponse:
    """Is the trust getting better? The verdict and its evidence first, each part linking to
    its detail; then what changed since the last inspection; then what is there today: its
    oversight status (with its NHS Oversight Framework league-table place when segmentation
    is stored) and its ratings grid as CQC draws it, with how each aggregate was reached."""
    day, problem = read_date(as_of)
    found = trust_overview(db=db, provider_id=trust.provider_id, as_of=day)
    grid, status = found.grid, found.status
    league = latest_place(db=db, provider_id=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/trust.html",
        {
            "trust": trust,
            "overview": OverviewPublic.from_overview(found.overview),
            "changes": ChangesPublic.from_changes(found.changes),
            "as_of_given": day,
            "errors": [("as_of", problem)] if problem else [],
            "grid": grid,
            "status": status,
            "regime_sentence": regime_sentence(status, league),
            "league": league,
        },
        status_code=422 if problem else 200,
    )


@router.get("/{provider_id}/brief", response_class=HTMLResponse)
def brief_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: AsOf = None
) -> HTMLResponse:
    """A brief on the trust for a Member of Parliament, from public data only, printable on
    one or two A4 pages: its status, what is overdue, who promised what and whether it was
    kept, what changed since the last inspection, and the questions the evidence raises."""
    day, problem = read_date(as_of)
    brief = trust_brief(db=db, provider_id=trust.provider_id, as_of=day)
    return templates.TemplateResponse(
        request,
        "pages/trust_brief.html",
        {
            "trust": trust,
            "brief": brief,
            "overview": OverviewPublic.from_overview(brief.overview),
            "changes": ChangesPublic.from_changes(brief.changes),
            "regime_sentence": regime_sentence(
                brief.status, latest_place(db=db, provider_id=trust.provider_id)
            ),
            "errors": [("as_of", problem)] if problem else [],
        },
        status_code=422 if problem else 200,
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
