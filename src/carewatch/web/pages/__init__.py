"""Server-rendered pages: one router module per page family."""

from __future__ import annotations

from fastapi import APIRouter

from carewatch.web.pages import (
    about,
    account,
    audit,
    board_report,
    enforcement,
    home,
    league,
    locations,
    oversight,
    rules,
    trusts,
)
from carewatch.web.pages import feedback as feedback_pages
from carewatch.web.pages import incidents as incident_pages
from carewatch.web.pages import metrics as metrics_pages
from carewatch.web.pages import plans as plan_pages
from carewatch.web.pages import risks as risk_pages

__all__ = ["pages_router"]

pages_router = APIRouter(include_in_schema=False)
pages_router.include_router(home.router)
pages_router.include_router(about.router)
pages_router.include_router(account.router)
pages_router.include_router(trusts.router)
pages_router.include_router(locations.router)
pages_router.include_router(rules.router)
pages_router.include_router(oversight.router)
pages_router.include_router(league.router)
pages_router.include_router(enforcement.router)
pages_router.include_router(metrics_pages.router)
pages_router.include_router(board_report.router)
pages_router.include_router(plan_pages.router)
pages_router.include_router(incident_pages.router)
pages_router.include_router(feedback_pages.router)
pages_router.include_router(risk_pages.router)
pages_router.include_router(audit.router)
