"""A location's ratings grid, for the location page and the location API."""

from __future__ import annotations

from carewatch.services.ratings import Grid, NotFound, ratings_grid
from carewatch.store.database import Database
from carewatch.web.deps import checked_id

__all__ = ["location_grid"]


def location_grid(*, db: Database, location_id: str) -> Grid:
    """The grid of the location `location_id`; `NotFound` for a trust's id or an unknown one.

    `ratings_grid` answers for providers and locations alike; a location address must not
    show a trust.
    """
    grid = ratings_grid(db=db, subject_id=checked_id("location", location_id))
    if grid.subject_kind != "location":
        raise NotFound("location", location_id)
    return grid
