"""GET NHS Oversight Framework league tables and a trust's published segmentation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from carewatch.domain.oversight.league import InvalidSegmentation, Quarter
from carewatch.schemas.league import LeaguePlacePublic, LeagueTablePublic, SegmentationPublic
from carewatch.services.oversight import peer_league_table, trust_segmentation
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust

__all__ = ["router"]

router = APIRouter(tags=["oversight"])

_FINANCIAL_YEARS = "|".join(f"{y:02d}/{(y + 1) % 100:02d}" for y in range(100))
QUARTER_PATTERN = rf"^Q[1-4] [12]\d(?:{_FINANCIAL_YEARS})$"
"""A quarter as its label writes it, "Q2 2025/26": the financial year runs from one year
to the next (a pattern of "/dd" alone let "Q1 2025/99" through the schema, which the code
refuses), in the years 1000 to 2999."""


@router.get(
    "/oversight/league-table",
    summary="An NHS Oversight Framework league table",
    responses={**NOT_FOUND, **INVALID},
)
def get_league_table(
    db: Db,
    peer_group: Annotated[
        str | None,
        Query(max_length=100, description="The peer group (default the first stored)"),
    ] = None,
    quarter: Annotated[
        str | None,
        Query(pattern=QUARTER_PATTERN, description='A quarter such as "Q2 2025/26"'),
    ] = None,
) -> LeagueTablePublic:
    """Every trust in a peer group ranked by segment, then by average metric score (lower is
    better), beside the position NHS England published; the latest quarter by default."""
    try:
        chosen = Quarter.parse(quarter) if quarter is not None else None
    except InvalidSegmentation as exc:
        raise HTTPException(422, str(exc)) from None
    table = peer_league_table(db=db, peer_group=peer_group, quarter=chosen)
    if table is None:
        return LeagueTablePublic(
            peer_group=None, quarter=None, peer_groups=[], quarters=[], data=[], count=0
        )
    data = [LeaguePlacePublic.from_place(p) for p in table.places]
    return LeagueTablePublic(
        peer_group=table.peer_group,
        quarter=table.quarter.label,
        peer_groups=list(table.peer_groups),
        quarters=[q.label for q in table.quarters],
        data=data,
        count=len(data),
    )


@router.get(
    "/trusts/{provider_id}/segmentation",
    summary="A trust's NHS Oversight Framework segmentation",
    responses=NOT_FOUND,
)
def get_trust_segmentation(trust: Trust, db: Db) -> SegmentationPublic:
    """The trust's published segment and league-table place for each quarter stored, newest
    first, with the checks against the financial override, the published position and the
    regime recorded here."""
    found = trust_segmentation(db=db, provider_id=trust.provider_id)
    data = [LeaguePlacePublic.from_place(p) for p in found.places]
    return SegmentationPublic(data=data, count=len(data), checks=list(found.checks))
