"""GET /locations/{location_id} and its ratings grid."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from carewatch.schemas.ratings import GridPublic, LocationDetailPublic
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.deps import Db
from carewatch.web.location_grid import location_grid

__all__ = ["router"]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "There is no location with that id"}
}

router = APIRouter(prefix="/locations", tags=["locations"])


@router.get("/{location_id}", summary="One location", responses=NOT_FOUND)
def get_location(location_id: str, db: Db) -> LocationDetailPublic:
    """A location with its own latest ratings."""
    return LocationDetailPublic.from_grid(location_grid(db=db, location_id=location_id))


@router.get("/{location_id}/grid", summary="A location's ratings grid", responses=NOT_FOUND)
def get_location_grid(location_id: str, db: Db) -> GridPublic:
    """The location's ratings grid: its core services, then the location row."""
    return GridPublic.from_grid(location_grid(db=db, location_id=location_id))
