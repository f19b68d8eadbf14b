"""GET /trusts and one trust's grid, history, locations and audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from carewatch.schemas.ratings import (
    AuditFindingPublic,
    AuditPublic,
    GridPublic,
    HistoryPublic,
    LocationPublic,
    LocationsPublic,
    TrustPublic,
    TrustsPublic,
)
from carewatch.services.ratings import (
    audit,
    list_locations,
    list_trusts,
    rating_history,
    ratings_grid,
)
from carewatch.web.api.params import MAX_API_PAGE, Offset, Region, Search
from carewatch.web.api.schemas import ErrorPublic, RatingWord, TrustTypeWord
from carewatch.web.deps import Db, Trust

__all__ = ["router"]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "There is no trust with that id"}
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorPublic, "description": "A query value is not valid; `field` names it"}
}

router = APIRouter(prefix="/trusts", tags=["trusts"])


@router.get("", summary="List trusts", responses=INVALID)
def get_trusts(
    db: Db,
    trust_type: Annotated[TrustTypeWord | None, Query(description="Trust type")] = None,
    region: Region = None,
    rating: Annotated[RatingWord | None, Query(description="Current overall rating")] = None,
    q: Search = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_API_PAGE, description="Page size")] = 50,
) -> TrustsPublic:
    """Trusts by name with their current ratings, filtered; `count` counts all matches."""
    page = list_trusts(
        db=db,
        trust_type=None if trust_type is None else trust_type.value,
        region=region,
        rating=None if rating is None else rating.value,
        search=q,
        offset=offset,
        limit=limit,
    )
    return TrustsPublic(data=[TrustPublic.from_summary(t) for t in page.data], count=page.count)


@router.get("/{provider_id}", summary="One trust", responses=NOT_FOUND)
def get_one_trust(trust: Trust) -> TrustPublic:
    """A trust with its latest overall and key-question ratings."""
    return TrustPublic.from_summary(trust)


@router.get("/{provider_id}/grid", summary="A trust's ratings grid", responses=NOT_FOUND)
def get_trust_grid(trust: Trust, db: Db) -> GridPublic:
    """The ratings grid as CQC draws it today, each aggregate with its rule and reason."""
    return GridPublic.from_grid(ratings_grid(db=db, subject_id=trust.provider_id))


@router.get("/{provider_id}/history", summary="A trust's rating history", responses=NOT_FOUND)
def get_trust_history(trust: Trust, db: Db) -> HistoryPublic:
    """Every report of the trust, newest first, with the ratings it published."""
    return HistoryPublic.from_entries(rating_history(db=db, subject_id=trust.provider_id))


@router.get("/{provider_id}/locations", summary="A trust's locations", responses=NOT_FOUND)
def get_trust_locations(trust: Trust, db: Db) -> LocationsPublic:
    """The trust's registered locations by name, each with its latest overall rating."""
    locations = list_locations(db=db, provider_id=trust.provider_id)
    return LocationsPublic(
        data=[LocationPublic.from_summary(loc) for loc in locations], count=len(locations)
    )


@router.get("/{provider_id}/audit", summary="Departures from the rules", responses=NOT_FOUND)
def get_trust_audit(trust: Trust, db: Db) -> AuditPublic:
    """Current aggregates of the trust whose published rating differs from the rules'
    proposal, each with the rule, the reason and the likely explanation."""
    findings = audit(db=db, subject_id=trust.provider_id)
    return AuditPublic(
        data=[AuditFindingPublic.from_finding(f) for f in findings], count=len(findings)
    )
