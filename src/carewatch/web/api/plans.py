"""GET a trust's improvement plan, its actions, one action with its history and evidence
metadata, an evidence file, and the public plan. Writes are made through the web forms and
the CLI, not here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from carewatch.domain.plans import ActionStatus
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
