"""A trust's risk register: the register (filtered, on a day), one risk in full, the
validator's findings and the board assurance framework, for those who may read it (the
trust's own editors and viewers, the regulator and NHS England's oversight role); and the
public summary (counts by category and band, never a risk's words) for everyone, when the
trust publishes it. The JSON is `carewatch risks ... --json`'s (`carewatch.schemas.risks`).
"""

from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from carewatch.domain.risks import Band, RiskCategory
from carewatch.schemas.risks import (
    BafPublic,
    RiskCheckListPublic,
    RiskCheckPublic,
    RiskDetailPublic,
    RiskListPublic,
    RiskPublic,
    RiskSummaryPublic,
)
from carewatch.services import risks
from carewatch.web.api.params import PRINTABLE, Day
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who

__all__ = ["BandWord", "CategoryWord", "router"]

router = APIRouter(tags=["risks"])


class CategoryWord(enum.StrEnum):
    """A risk's category, as a filter accepts it (`RiskCategory`)."""

    PATIENT_SAFETY = RiskCategory.PATIENT_SAFETY.value
    QUALITY = RiskCategory.QUALITY.value
    WORKFORCE = RiskCategory.WORKFORCE.value
    FINANCE = RiskCategory.FINANCE.value
    COMPLIANCE = RiskCategory.COMPLIANCE.value
    REPUTATION = RiskCategory.REPUTATION.value


class BandWord(enum.StrEnum):
    """The band of a risk's current score, as a filter accepts it (`Band`)."""

    LOW = Band.LOW.value
    MODERATE = Band.MODERATE.value
    HIGH = Band.HIGH.value
    EXTREME = Band.EXTREME.value


AsOf = Annotated[
    Day | None,
    Query(description="The register as it stood at the end of this date (default today)"),
]
Reference = Annotated[
    str,
    Path(max_length=100, pattern=PRINTABLE, description="The trust's reference for the risk"),
]
READ_RESPONSES: dict[int | str, dict[str, object]] = {
    **NOT_FOUND,
    **INVALID,
    401: {"model": ErrorPublic, "description": "Sign in first: the register is restricted"},
    403: {"model": ErrorPublic, "description": "The role may not read this trust's register"},
}


@router.get(
    "/trusts/{provider_id}/risks",
    summary="A trust's risk register",
    responses=READ_RESPONSES,
)
def get_risks(
    trust: Trust,
    db: Db,
    who: Who,
    as_of: AsOf = None,
    category: Annotated[CategoryWord | None, Query(description="Only this category")] = None,
    band: Annotated[BandWord | None, Query(description="Only this band of current score")] = None,
    overdue: Annotated[bool, Query(description="Only the risks overdue for review")] = False,
) -> RiskListPublic:
    """The register on the day, in reference order, each risk with its initial, current and
    target scores and their bands (`risks list --json`)."""
    found = risks.list_risks(
        db=db, actor=who.actor, trust=trust.provider_id, as_of=as_of,
        category=None if category is None else RiskCategory(category.value),
        band=None if band is None else Band(band.value), overdue_only=overdue,
    )  # fmt: skip
    return RiskListPublic(data=[RiskPublic.from_view(v) for v in found], count=len(found))


@router.get(
    "/trusts/{provider_id}/risks/summary",
    summary="The public summary of a trust's risk register",
    response_model=RiskSummaryPublic,
    responses={
        404: {
            "model": ErrorPublic,
            "description": "There is no such trust, or it does not publish its register",
        },
        **INVALID,
    },
)
def get_risk_summary(trust: Trust, db: Db, as_of: AsOf = None) -> RiskSummaryPublic | JSONResponse:
    """Counts of the register's risks by category and band of their current score, for
    everyone, when the trust publishes them (`risks summary --json`); 404 when it does not."""
    summary = risks.risk_summary(db=db, trust=trust.provider_id, as_of=as_of)
    if summary is None:
        return JSONResponse(
            {"message": "This trust does not publish its risk register.", "field": None},
            status_code=404,
        )
    return RiskSummaryPublic.from_summary(trust.provider_id, summary)


@router.get(
    "/trusts/{provider_id}/risks/check",
    summary="What the validator finds in a trust's register",
    responses=READ_RESPONSES,
)
def get_risk_check(trust: Trust, db: Db, who: Who, as_of: AsOf = None) -> RiskCheckListPublic:
    """Each risk the board cannot yet rely on and why: above target with no open action or
    no assurance, review overdue, or rated reducing against a measure's concern
    (`risks check --json`)."""
    found = risks.check_risks(db=db, actor=who.actor, trust=trust.provider_id, as_of=as_of)
    return RiskCheckListPublic(
        data=[RiskCheckPublic.from_finding(f) for f in found], count=len(found)
    )


@router.get(
    "/trusts/{provider_id}/risks/baf",
    summary="A trust's board assurance framework",
    responses=READ_RESPONSES,
)
def get_baf(trust: Trust, db: Db, who: Who, as_of: AsOf = None) -> BafPublic:
    """Each strategic objective with its principal risks, highest current score first, and
    the validator's findings on them (`risks baf --json`)."""
    return BafPublic.from_baf(
        risks.board_assurance(db=db, actor=who.actor, trust=trust.provider_id, as_of=as_of)
    )


@router.get(
    "/trusts/{provider_id}/risks/{reference}",
    summary="One risk",
    responses={
        **READ_RESPONSES,
        404: {"model": ErrorPublic, "description": "There is no such trust or risk"},
    },
)
def get_risk(
    trust: Trust, reference: Reference, db: Db, who: Who, as_of: AsOf = None
) -> RiskDetailPublic:
    """One risk in full on the day: its words, scores, history, controls, assurances, gaps,
    linked actions and measures, and what the validator finds (`risks show --json`)."""
    return RiskDetailPublic.from_detail(
        risks.risk_detail(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference, as_of=as_of
        )
    )
