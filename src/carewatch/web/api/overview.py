"""GET a trust's overview (is it getting better? the verdict and its evidence) and what
changed since its last inspection: the JSON `carewatch trusts overview|changes --json`
prints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from carewatch.schemas.overview import ChangesPublic, OverviewPublic
from carewatch.services.overview import trust_changes, trust_overview
from carewatch.web.api.params import Day
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust

__all__ = ["router"]

router = APIRouter(tags=["overview"])

AsOf = Annotated[Day | None, Query(description="As known on this date (default today)")]


@router.get(
    "/trusts/{provider_id}/overview",
    summary="Is this trust getting better? The verdict and its evidence",
    responses={**NOT_FOUND, **INVALID},
)
def get_overview(trust: Trust, db: Db, as_of: AsOf = None) -> OverviewPublic:
    """The verdict (improving, mixed, not yet improving, getting worse, not enough evidence)
    with its headline, and each part of the evidence: its sentence, which way it points,
    what is missing or out of date, and the page with its detail. Public data only."""
    found = trust_overview(db=db, provider_id=trust.provider_id, as_of=as_of)
    return OverviewPublic.from_overview(found.overview)


@router.get(
    "/trusts/{provider_id}/changes",
    summary="What changed since the trust's last inspection",
    responses={**NOT_FOUND, **INVALID},
)
def get_changes(trust: Trust, db: Db, as_of: AsOf = None) -> ChangesPublic:
    """Since the latest report that rated the trust overall: regime changes, ratings that
    moved (the trust's and its core services'), enforcement issued or ended, must-dos met and
    still open, and measures now showing special cause, each also as a sentence."""
    return ChangesPublic.from_changes(
        trust_changes(db=db, provider_id=trust.provider_id, as_of=as_of)
    )
