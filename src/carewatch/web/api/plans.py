"""GET a trust's improvement plan, its actions, one action with its history and evidence
metadata, an evidence file, and the public plan; POST a move of an action, evidence for it
and a verdict on evidence (with a bearer token: a machine client needs no forms)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from carewatch.domain.access import Permission, SignInRequired
from carewatch.domain.dates import FutureDate
from carewatch.domain.plans import (
    ActionStatus,
    EvidenceKind,
    IllegalMove,
    InvalidEvidence,
    UnknownEvidenceWord,
    Verdict,
)
from carewatch.schemas.plans import (
    ActionDetailPublic,
    ActionListPublic,
    ActionPublic,
    EvidenceAddedPublic,
    EvidenceListPublic,
    EvidencePublic,
    PlanPublic,
    PublicPlanPublic,
    VerdictPublic,
)
from carewatch.services import plans
from carewatch.services.errors import NotFound
from carewatch.web.api.params import Day
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.errors import error_message
from carewatch.web.evidence_upload import MAX_UPLOAD, BadUpload, checked_upload
from carewatch.web.identity import Identity, Who
from carewatch.web.security import download_type

__all__ = ["router"]

router = APIRouter(tags=["improvement plan"])

StatusWord = Annotated[
    list[ActionStatus] | None,
    Query(alias="status", max_length=len(ActionStatus), description="Only these statuses"),
]
AsOf = Annotated[
    Day | None, Query(description="As things stood at the end of this date (default today)")
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

    to: ActionStatus = Field(description="The status to move to, e.g. in_progress")
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
    except IllegalMove as exc:
        return JSONResponse({"message": str(exc), "field": "to"}, status_code=409)
    except plans.ValueRefused as exc:
        # The move's reason is the body's note.
        return _invalid(f"note: {exc.problem}", "note")
    detail = plans.action_detail(db=db, action_id=action_id, actor=who.actor)
    return ActionDetailPublic.from_detail(detail)


EvidenceId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The evidence's id")]


def _bearer_only(who: Identity) -> None:
    if who.via != "token":
        # A browser's cookie never authorises the API's writes: only a bearer token does.
        raise SignInRequired(Permission.WORK_PLAN)


def _may_add_evidence(
    action_id: ActionId,
    db: Db,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """401, 403 or 404 before the body is read: an upload is never buffered for a caller
    who may not make it."""
    _bearer_only(who)
    plans.may_work_on(db=db, actor=who.actor, action_id=action_id)


def _may_verify(
    evidence_id: EvidenceId,
    db: Db,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    _bearer_only(who)
    plans.may_work_on(db=db, actor=who.actor, evidence_id=evidence_id)


class EvidenceRequest(BaseModel):
    """A note or a link as evidence (a file is sent as multipart/form-data instead)."""

    kind: str = Field(max_length=10, description="note or link")
    note: str = Field(default="", max_length=10_000, description="The note's text (internal)")
    url: str = Field(default="", max_length=1000, description="The link: https://... or http://")
    title: str = Field(default="", max_length=300, description="A short title")
    received_on: Day | None = Field(
        default=None,
        description="The day it was produced or received (default today; not in the future)",
    )
    effective_from: Day | None = Field(
        default=None,
        description="First day of the period it speaks for (default the day it was received)",
    )
    effective_to: Day | None = Field(
        default=None, description="Last day of that period (default the first)"
    )


_FILE_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "At most 10 MB"},
        "title": {"type": "string", "maxLength": 300},
        "received_on": {"type": "string", "format": "date"},
        "effective_from": {"type": "string", "format": "date"},
        "effective_to": {"type": "string", "format": "date"},
    },
}
EVIDENCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": EvidenceRequest.model_json_schema()},
            "multipart/form-data": {"schema": _FILE_FORM},
        },
    }
}
EVIDENCE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"model": EvidenceAddedPublic, "description": "Already on the action: nothing stored"},
    401: WRITE_RESPONSES[401],
    403: WRITE_RESPONSES[403],
    404: WRITE_RESPONSES[404],
    413: {"description": "The request is larger than 11 MB (a 10 MB file and its form)"},
    422: WRITE_RESPONSES[422],
}
VERDICT_RESPONSES: dict[int | str, dict[str, object]] = {
    401: WRITE_RESPONSES[401],
    403: {"model": ErrorPublic, "description": "The token's role may not verify this evidence"},
    404: {"model": ErrorPublic, "description": "There is no evidence with that id"},
    409: {
        "model": ErrorPublic,
        "description": "Refused now: the verifier supplied the evidence, or the verdict is "
        "dated before the upload or the evidence's latest verdict",
    },
    422: WRITE_RESPONSES[422],
}


def _invalid(message: str, field: str) -> JSONResponse:
    return JSONResponse({"message": message, "field": field}, status_code=422)


async def _evidence_request(
    request: Request,
) -> EvidenceRequest | tuple[EvidenceRequest, bytes, str, str | None]:
    """The evidence the body describes: JSON for a note or a link, multipart for a file."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise BadUpload("Choose a file to upload")
            content = await upload.read(MAX_UPLOAD + 1)
            fields = {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "kind"}
            checked = checked_upload(upload.filename or "", upload.content_type, content)
        described = EvidenceRequest.model_validate({**fields, "kind": "file"})
        return described, checked.content, checked.filename, checked.media_type
    return EvidenceRequest.model_validate_json(await request.body())


@router.post(
    "/actions/{action_id}/evidence",
    summary="Add evidence to an action",
    status_code=201,
    response_model=EvidenceAddedPublic,
    responses=EVIDENCE_RESPONSES,
    openapi_extra=EVIDENCE_BODY,
    dependencies=[Depends(_may_add_evidence)],
)
async def post_evidence(
    action_id: ActionId, request: Request, db: Db, who: Who
) -> EvidenceAddedPublic | JSONResponse:
    """Attach a note or a link (a JSON body), or a file (multipart/form-data, field `file`,
    at most 10 MB, not empty), for the period it speaks for, supplied by the token's user (a
    trust editor of the action's trust), received today or on `received_on` (evidence
    received in the past counts from that day; a day after today is refused, 422). 201 with
    what was stored; 200 when the same content was on the action already (nothing stored)."""
    try:
        parsed = await _evidence_request(request)
    except BadUpload as exc:
        return _invalid(exc.message, "file")
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        return _invalid(error_message(first), field)
    if isinstance(parsed, tuple):
        described, content, filename, media_type = parsed
    else:
        described, content, filename, media_type = parsed, None, "", None
        if described.kind not in (EvidenceKind.NOTE.value, EvidenceKind.LINK.value):
            return _invalid("Send a note or a link as JSON, a file as multipart/form-data", "kind")
    start = described.effective_from or described.received_on or dt.date.today()
    try:
        added = plans.add_evidence(
            db=db, actor=who.actor, action_id=action_id, kind=described.kind, supplied_by="",
            uploaded_at=plans.received_at(described.received_on), effective_from=start,
            effective_to=described.effective_to, title=described.title,
            note=described.note if described.kind == EvidenceKind.NOTE.value else "",
            url=described.url if described.kind == EvidenceKind.LINK.value else "",
            content=content, filename=filename, media_type=media_type,
        )  # fmt: skip
    except FutureDate as exc:
        return _invalid(str(exc), "received_on")
    except (InvalidEvidence, UnknownEvidenceWord, plans.ValueRefused) as exc:
        return _invalid(str(exc), getattr(exc, "field", None) or "kind")
    body = EvidenceAddedPublic.from_result(added)
    if not added.created:
        return JSONResponse(body.model_dump(mode="json"), status_code=200)
    return body


class VerdictRequest(BaseModel):
    """A verdict on a piece of evidence."""

    verdict: Literal["accepted", "rejected"] = Field(description="accepted or rejected")
    note: str = Field(default="", max_length=2000, description="Why (internal)")


@router.post(
    "/evidence/{evidence_id}/verdicts",
    summary="Give a verdict on evidence",
    status_code=201,
    response_model=VerdictPublic,
    responses=VERDICT_RESPONSES,
    dependencies=[Depends(_may_verify)],
)
def post_verdict(
    evidence_id: EvidenceId, given: VerdictRequest, db: Db, who: Who
) -> VerdictPublic | JSONResponse:
    """Accept or reject the evidence today, as the token's user (a role that may verify
    evidence of its trust, who did not supply it). A verdict is never replaced: a later one
    becomes the evidence's verdict and the earlier stay in its history. 409 with the reason
    when the verifier supplied the evidence."""
    verdict = Verdict(given.verdict)
    try:
        found = plans.verify_evidence(
            db=db, actor=who.actor, evidence_id=evidence_id,
            accepted=verdict is Verdict.ACCEPTED, by="", on=dt.date.today(), note=given.note,
        )  # fmt: skip
    except InvalidEvidence as exc:
        return JSONResponse({"message": str(exc), "field": "verdict"}, status_code=409)
    except plans.ValueRefused as exc:
        return _invalid(str(exc), exc.field)
    return VerdictPublic.from_view(found)
