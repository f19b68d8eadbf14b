"""GET a trust's improvement plan, its actions, one action with its history and evidence
metadata, an evidence file, and the public plan; POST a move of an action (with a bearer
token: a machine client needs no forms)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from carewatch.domain.access import Permission, SignInRequired
from carewatch.domain.plans import ActionStatus, IllegalMove, UnknownActionStatus
from carewatch.schemas.plans import (
    ActionDetailPublic,
    ActionListPublic,
    ActionPublic,
    EvidenceListPublic,
    EvidencePublic,
    PlanPublic,
    PublicPlanPublic,
)
from carewatch.services import plans
from carewatch.services.errors import NotFound
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who
from carewatch.web.security import download_type

__all__ = ["router"]

router = APIRouter(tags=["improvement plan"])

StatusWord = Annotated[
    list[ActionStatus] | None,
    Query(alias="status", max_length=len(ActionStatus), description="Only these statuses"),
]
AsOf = Annotated[
    dt.date | None, Query(description="As things stood at the end of this date (default today)")
]
ActionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The action's id")]
SHA256 = re.compile(r"[0-9a-f]{64}")


@router.get(
    "/trusts/{provider_id}/plan",
    summary="A trust's improvement plan",
    responses={**NOT_FOUND, **INVALID},
)
def get_plan(trust: Trust, db: Db, who: Who, as_of: AsOf = None) -> PlanPublic:
    """The trust's findings (must-dos first) with their actions: status, owner, deadline, RAG
    and why, evidence count, when last evidenced, linked metrics."""
    plan = plans.improvement_plan(
        db=db, provider_id=trust.provider_id, as_of=as_of, actor=who.actor
    )
    return PlanPublic.from_plan(plan)


@router.get(
    "/trusts/{provider_id}/actions",
    summary="A trust's actions",
    responses={**NOT_FOUND, **INVALID},
)
def get_actions(
    trust: Trust,
    db: Db,
    who: Who,
    as_of: AsOf = None,
    status: StatusWord = None,
    overdue: Annotated[bool, Query(description="Only overdue actions")] = False,
    due_soon: Annotated[bool, Query(description="Only actions due soon")] = False,
) -> ActionListPublic:
    """The trust's actions as of a date, filtered by status, overdue or due soon."""
    found = plans.list_actions(
        db=db,
        provider_id=trust.provider_id,
        as_of=as_of,
        statuses=status or (),
        overdue_only=overdue,
        due_soon_only=due_soon,
        actor=who.actor,
    )
    data = [ActionPublic.from_summary(a) for a in found]
    return ActionListPublic(data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/public-plan",
    summary="A trust's must-dos for the public",
    responses={**NOT_FOUND, **INVALID},
)
def get_public_plan(trust: Trust, db: Db, as_of: AsOf = None) -> PublicPlanPublic:
    """Each must-do in plain English with its progress and when it was last evidenced; owners
    by role (names only for board members); no internal notes."""
    plan = plans.public_plan(db=db, provider_id=trust.provider_id, as_of=as_of)
    return PublicPlanPublic.from_plan(plan)


@router.get("/actions/{action_id}", summary="One action", responses={**NOT_FOUND, **INVALID})
def get_action(action_id: ActionId, db: Db, who: Who, as_of: AsOf = None) -> ActionDetailPublic:
    """An action with its finding, history of moves, milestones, evidence metadata, recurring
    evidence, escalations and the statuses it may move to next."""
    return ActionDetailPublic.from_detail(
        plans.action_detail(db=db, action_id=action_id, as_of=as_of, actor=who.actor)
    )


@router.get(
    "/actions/{action_id}/evidence",
    summary="An action's evidence",
    responses={**NOT_FOUND, **INVALID},
)
def get_action_evidence(
    action_id: ActionId, db: Db, who: Who, as_of: AsOf = None
) -> EvidenceListPublic:
    """The evidence uploaded for an action by a date: kind, file name, SHA-256, size, period
    it speaks for, who supplied it and the verdict."""
    detail = plans.action_detail(db=db, action_id=action_id, as_of=as_of, actor=who.actor)
    data = [EvidencePublic.from_view(e) for e in detail.evidence]
    return EvidenceListPublic(data=data, count=len(data))


@router.get(
    "/evidence-files/{sha256}",
    summary="An evidence file",
    responses={**NOT_FOUND},
    response_class=Response,
)
def get_evidence_file(sha256: str, db: Db, who: Who) -> Response:
    """The stored file with this SHA-256 (lowercase hex), as an attachment, for those who may
    read the restricted data of a trust that holds it; each read is audited."""
    if not SHA256.fullmatch(sha256):
        raise NotFound("evidence file", sha256[:64])
    found = plans.evidence_file(db=db, sha256=sha256, actor=who.actor)
    return Response(
        content=found.content,
        media_type=download_type(found.media_type),
        headers={
            "Content-Disposition": f'attachment; filename="{found.sha256}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearerToken",
    description="An API token from `carewatch tokens create EMAIL`: Authorization: Bearer cw_…",
)
"""Documents the scheme; who the token belongs to is resolved before any route runs."""


class MoveRequest(BaseModel):
    """A move of an action to another status, as the lifecycle allows."""

    to: str = Field(max_length=40, description="The status to move to, e.g. in_progress")
    note: str = Field(default="", max_length=2000, description="Why (needed to cancel)")


WRITE_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorPublic, "description": "No valid bearer token"},
    403: {"model": ErrorPublic, "description": "The token's role may not change this trust's plan"},
    404: {"model": ErrorPublic, "description": "There is no action with that id"},
    409: {"model": ErrorPublic, "description": "The lifecycle does not allow this move now"},
    422: {"model": ErrorPublic, "description": "A field is not valid; `field` names it"},
}


@router.post(
    "/actions/{action_id}/moves",
    summary="Move an action to another status",
    status_code=201,
    response_model=ActionDetailPublic,
    responses=WRITE_RESPONSES,
)
def post_move(
    action_id: ActionId,
    move: MoveRequest,
    db: Db,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> ActionDetailPublic | JSONResponse:
    """Move the action on today, as the token's user (a trust editor of the action's trust).
    Answers the action as it now stands; 409 with the reason when the lifecycle refuses."""
    if who.via != "token":
        # A browser's cookie never authorises the API's writes: only a bearer token does.
        raise SignInRequired(Permission.WORK_PLAN)
    try:
        plans.move_action(
            db=db, actor=who.actor, action_id=action_id, to=move.to, on=dt.date.today(),
            reason=move.note,
        )  # fmt: skip
    except UnknownActionStatus as exc:
        return JSONResponse({"message": str(exc), "field": "to"}, status_code=422)
    except IllegalMove as exc:
        return JSONResponse({"message": str(exc), "field": "to"}, status_code=409)
    detail = plans.action_detail(db=db, action_id=action_id, actor=who.actor)
    return ActionDetailPublic.from_detail(detail)
