"""Enforcement pages: every enforcement action of a trust, and one action on its own page.

An action is addressed by its place in issue-date order, from 1, so
`/trusts/RMY/enforcement/1` is the trust's earliest action.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.services.errors import NotFound
from carewatch.services.oversight import oversight_record
from carewatch.web.api.enforcement import enforcement_views
from carewatch.web.deps import Db, Templates, Trust

__all__ = ["router"]

router = APIRouter()


@router.get("/trusts/{provider_id}/enforcement", response_class=HTMLResponse)
def enforcement_list_page(
    request: Request, templates: Templates, db: Db, trust: Trust
) -> HTMLResponse:
    """Every enforcement action of the trust in issue-date order, with its status today."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    today = dt.date.today()
    return templates.TemplateResponse(
        request,
        "pages/enforcement_list.html",
        {"trust": trust, "actions": enforcement_views(record.enforcement, as_of=today)},
    )


@router.get("/trusts/{provider_id}/enforcement/{position}", response_class=HTMLResponse)
def enforcement_page(
    request: Request, templates: Templates, db: Db, trust: Trust, position: int
) -> HTMLResponse:
    """One enforcement action, `position` its place in issue-date order from 1; a 404 page
    when the trust has no action there."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    if not 1 <= position <= len(record.enforcement):
        raise NotFound("enforcement action", str(position))
    today = dt.date.today()
    action = enforcement_views(record.enforcement, as_of=today)[position - 1]
    return templates.TemplateResponse(
        request,
        "pages/enforcement.html",
        {"trust": trust, "action": action, "total": len(record.enforcement)},
    )
