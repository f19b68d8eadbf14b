"""The ratings service's readers: grids, trusts, locations, histories and the audit.

Each opens its own connection and returns the frozen values of `models`; an unknown id raises
`NotFound` (`carewatch.services.errors`).

Example::

    grid = ratings_grid(db=db, subject_id="RMY")
    page = list_trusts(db=db, trust_type="mental_health", limit=20)
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from carewatch.domain.ratings import Aspect, PublishedRating, TrustType
from carewatch.services.ratings import _audit, _read
from carewatch.services.ratings.models import (
    AuditFinding,
    Cell,
    Grid,
    GridRow,
    HistoryEntry,
    LocationSummary,
    Page,
    TrustName,
    TrustSummary,
)
from carewatch.store.database import Database

__all__ = [
    "audit",
    "get_trust",
    "list_locations",
    "list_trusts",
    "rating_history",
    "ratings_grid",
    "trust_names",
    "trust_tally",
]


def _today(as_of: dt.date | None) -> dt.date:
    return as_of if as_of is not None else dt.date.today()


def ratings_grid(*, db: Database, subject_id: str, as_of: dt.date | None = None) -> Grid:
    """The ratings grid of a provider or a location as it stood on `as_of` (default today).

    A provider's rows are its locations when it has location ratings and is an acute trust
    (or has no provider-level core services), else its provider-level core services; its
    summary row holds the trust's key questions, overall, use of resources and combined. A
    location's rows are its core services. Each cell is the latest rating dated on or
    before `as_of`, marked stale when older than CQC's normal re-inspection interval.
    """
    with db.engine.connect() as conn:
        grid = _read.ratings_grid(conn, subject_id, _today(as_of))
        if any(c.departs for row in _rows_of(grid) for c in row.cells.values()):
            grid = _with_explanations(grid, _audit.audit(conn, subject_id, include_history=False))
    return grid


def _rows_of(grid: Grid) -> list[GridRow]:
    return [*grid.rows, *([grid.summary_row] if grid.summary_row else [])]


def _with_explanations(grid: Grid, findings: list[AuditFinding]) -> Grid:
    """Give each departing cell the audit's likely explanation of its departure; a cell the
    rules gave when it was published, before newer ratings beneath, is marked so instead."""
    why = {(f.row_label, f.aspect, f.published_date): f for f in findings}

    def one(label: str, aspect: Aspect, cell: Cell) -> Cell:
        found = why.get((label, aspect, cell.rating_date))
        if not cell.departs or found is None:
            return cell
        return dataclasses.replace(
            cell, explanation=found.explanation, predates_beneath=found.as_rules_gave_then
        )

    def explained(row: GridRow) -> GridRow:
        cells = {aspect: one(row.label, aspect, cell) for aspect, cell in row.cells.items()}
        return dataclasses.replace(row, cells=cells)

    return dataclasses.replace(
        grid,
        rows=[explained(r) for r in grid.rows],
        summary_row=explained(grid.summary_row) if grid.summary_row else None,
    )


def list_trusts(
    *,
    db: Database,
    trust_type: str | TrustType | None = None,
    region: str | None = None,
    rating: str | PublishedRating | None = None,
    search: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[TrustSummary]:
    """Trusts by name, filtered; `count` is the number of all matches.

    Trusts are providers with a known trust type or that CQC files as NHS bodies. `rating`
    matches the latest overall rating; `search` matches every word of it in the name (any
    case, any order), the provider id or ODS code exactly, or the initials the trust is known
    by ("NSFT": `_read.search_matches`). Raises `ValueError` for a negative offset or a limit
    outside 1..500, and `UnknownTrustType`/`UnknownRating` for bad filter words.
    """
    with db.engine.connect() as conn:
        return _read.list_trusts(
            conn,
            trust_type=trust_type,
            region=region,
            rating=rating,
            search=search,
            offset=offset,
            limit=limit,
            as_of=dt.date.today(),
        )


def trust_names(*, db: Database) -> list[TrustName]:
    """Every trust (as `list_trusts` counts them) by name, with its id and whether it is made
    up, in one query: for lists of every trust that need no ratings."""
    with db.engine.connect() as conn:
        return _read.trust_names(conn)


def trust_tally(*, db: Database) -> list[tuple[str | None, str | None, str | None, int]]:
    """How many trusts share each (latest overall rating word, region, trust type), counted
    in one query: the rating is the one a trust's summary shows (None when it has no overall
    rating), the region and trust type as stored (None when not known)."""
    with db.engine.connect() as conn:
        return _read.trust_tally(conn)


def get_trust(*, db: Database, provider_id: str) -> TrustSummary:
    """One trust (any stored provider) with its latest overall and key-question ratings."""
    with db.engine.connect() as conn:
        return _read.get_trust(conn, provider_id, dt.date.today())


def list_locations(*, db: Database, provider_id: str) -> list[LocationSummary]:
    """A provider's locations by name, each with its latest overall rating."""
    with db.engine.connect() as conn:
        return _read.list_locations(conn, provider_id, dt.date.today())


def rating_history(*, db: Database, subject_id: str) -> list[HistoryEntry]:
    """A provider's or location's own ratings, one entry per report date, newest first."""
    with db.engine.connect() as conn:
        return _read.rating_history(conn, subject_id)


def audit(
    *, db: Database, subject_id: str | None = None, include_history: bool = False
) -> list[AuditFinding]:
    """Aggregates whose published rating differs from the rules' proposal, explained.

    By default only the latest aggregate of each unit (what the grid shows); with
    `include_history` every stored aggregate. A provider's audit covers its locations and
    services; a location's covers that location.
    """
    with db.engine.connect() as conn:
        return _audit.audit(conn, subject_id, include_history=include_history)
