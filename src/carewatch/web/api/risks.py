"""A trust's risk register: the register (filtered, on a day), one risk in full, the
validator's findings and the board assurance framework, for those who may read it (the
trust's own editors and viewers, the regulator and NHS England's oversight role); the
public summary (counts by category and band, never a risk's words) for everyone, when the
trust publishes it; and, with a bearer token of one of the trust's own editors, a risk's
scoring, review and assurance, by the same rules as `carewatch risks score|review|assure`.
The JSON is `carewatch risks ... --json`'s (`carewatch.schemas.risks`).
"""

from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from carewatch.domain.access import Permission, SignInRequired, require
from carewatch.domain.risks import (
    Assurance,
    AssuranceLine,
    AssuranceResult,
    Band,
    InvalidRisk,
    RiskCategory,
    Score,
    Trend,
)
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
from carewatch.web.api.plans import BEARER
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who

__all__ = [
    "AssuranceCreate",
    "BandWord",
    "CategoryWord",
    "ReviewCreate",
    "ScoreCreate",
    "router",
]

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


class TrendWord(enum.StrEnum):
    """The owner's word for where a risk is heading (`Trend`)."""

    REDUCING = Trend.REDUCING.value
    STABLE = Trend.STABLE.value
    INCREASING = Trend.INCREASING.value


class LineWord(enum.StrEnum):
    """The line an assurance comes from (`AssuranceLine`)."""

    MANAGEMENT = AssuranceLine.MANAGEMENT.value
    OVERSIGHT = AssuranceLine.OVERSIGHT.value
    INDEPENDENT = AssuranceLine.INDEPENDENT.value


class ResultWord(enum.StrEnum):
    """Whether an assurance says the control works (`AssuranceResult`)."""

    POSITIVE = AssuranceResult.POSITIVE.value
    NEGATIVE = AssuranceResult.NEGATIVE.value


class ScoreCreate(BaseModel):
    """A scoring of the risk's current score, as `carewatch risks score`."""

    likelihood: int = Field(ge=1, le=5, description="1 rare to 5 almost certain")
    consequence: int = Field(ge=1, le=5, description="1 negligible to 5 catastrophic")
    on: Day = Field(description="The day it was scored (a scoring is also a review)")
    trend: TrendWord | None = Field(default=None, description="The owner's word, if given")
    note: str = Field(default="", max_length=2000, description="Why, kept with the scoring")


class ReviewCreate(BaseModel):
    """A review that left the score as it was, as `carewatch risks review`."""

    on: Day = Field(description="The day it was reviewed")
    note: str = Field(default="", max_length=2000)


class AssuranceCreate(BaseModel):
    """An assurance on the risk's controls, as `carewatch risks assure`."""

    line: LineWord = Field(description="Management, oversight or independent")
    result: ResultWord = Field(description="Positive: the control works; negative: it does not")
    on: Day = Field(description="The day it was given")
    description: str = Field(min_length=1, max_length=500, description="What it was")


WRITE_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorPublic, "description": "No valid bearer token"},
    403: {"model": ErrorPublic, "description": "The token's role may not record this trust's"},
    404: {"model": ErrorPublic, "description": "There is no such trust or risk"},
    422: {"model": ErrorPublic, "description": "A field is not valid; `field` names it"},
}


def _may_record(
    trust: Trust,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """401, 403 or 404 before the body is validated: a role that may not record the trust's
    register is refused whatever it sent."""
    if who.via != "token":
        # A browser's cookie never authorises the API's writes: only a bearer token does.
        raise SignInRequired(Permission.RECORD_RISKS)
    require(who.actor, Permission.RECORD_RISKS, trust=trust.provider_id)


def _refused(exc: InvalidRisk) -> JSONResponse:
    return JSONResponse({"message": str(exc), "field": exc.field}, status_code=422)


def _answer(db: Db, who: Who, trust: Trust, reference: str) -> RiskDetailPublic:
    return RiskDetailPublic.from_detail(
        risks.risk_detail(db=db, actor=who.actor, trust=trust.provider_id, reference=reference)
    )


@router.post(
    "/trusts/{provider_id}/risks/{reference}/scores",
    summary="Score a risk",
    status_code=201,
    response_model=RiskDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_score(
    trust: Trust, reference: Reference, given: ScoreCreate, db: Db, who: Who
) -> RiskDetailPublic | JSONResponse:
    """Record the risk's current score on a day, as the token's user (one of the trust's
    editors). The same scoring again changes nothing; a different score on a day already
    scored is a 422 naming `on` (scorings are history). Answers the risk as it is today."""
    try:
        risks.score_risk(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference,
            score=Score(given.likelihood, given.consequence), on=given.on,
            trend=None if given.trend is None else given.trend.value, note=given.note,
        )  # fmt: skip
    except InvalidRisk as exc:
        return _refused(exc)
    return _answer(db, who, trust, reference)


@router.post(
    "/trusts/{provider_id}/risks/{reference}/reviews",
    summary="Record a review of a risk",
    status_code=201,
    response_model=RiskDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_review(
    trust: Trust, reference: Reference, given: ReviewCreate, db: Db, who: Who
) -> RiskDetailPublic:
    """Record a review that left the score as it was: the next review falls a review
    period after it. Answers the risk as it is today."""
    risks.review_risk(
        db=db, actor=who.actor, trust=trust.provider_id, reference=reference, on=given.on,
        note=given.note,
    )  # fmt: skip
    return _answer(db, who, trust, reference)


@router.post(
    "/trusts/{provider_id}/risks/{reference}/assurances",
    summary="Record an assurance on a risk's controls",
    status_code=201,
    response_model=RiskDetailPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_assurance(
    trust: Trust, reference: Reference, given: AssuranceCreate, db: Db, who: Who
) -> RiskDetailPublic | JSONResponse:
    """Record an assurance from one of the three lines, positive or negative, on a day.
    The same assurance again changes nothing. Answers the risk as it is today."""
    try:
        assurance = Assurance(
            AssuranceLine(given.line.value), AssuranceResult(given.result.value), given.on,
            given.description,
        )  # fmt: skip
        risks.assure_risk(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference,
            assurance=assurance,
        )  # fmt: skip
    except InvalidRisk as exc:
        return _refused(exc)
    return _answer(db, who, trust, reference)
