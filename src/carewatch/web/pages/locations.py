"""A location's page: its ratings grid (its core services, then the location row)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.web.deps import Db, Templates
from carewatch.web.location_grid import location_grid

__all__ = ["router"]

router = APIRouter(prefix="/locations")


@router.get("/{location_id}", response_class=HTMLResponse)
def location_page(request: Request, templates: Templates, db: Db, location_id: str) -> HTMLResponse:
    """The location's ratings grid; 404 for an unknown id or a trust's id."""
    grid = location_grid(db=db, location_id=location_id)
    return templates.TemplateResponse(request, "pages/location.html", {"grid": grid})
