"""The forms on an action's page: move it through its lifecycle, add evidence (a note, a link
or an uploaded file) and verify evidence. Plain POST forms, server-rendered, that work
without JavaScript; each carries a signed token (`carewatch.web.csrf`).

A successful post redirects (303) to the action's page, which says what was saved; a post
the rules refuse renders the page again with the reason in an error summary (422). On a
read-only site (`create_app(read_only=True)`, `carewatch serve --read-only`) the forms are
not shown and every post is refused with 403. There is no sign-in yet: who moved, supplied
or verified is what the form says (docs/adr/0006-editing-without-sign-in.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from carewatch.domain.access import PUBLIC, Actor, Permission, SignInRequired, may
from carewatch.domain.dates import FutureDate
from carewatch.domain.plans import (
    EvidenceKind,
    IllegalMove,
    InvalidAction,
    InvalidEvidence,
    NotYetOpened,
    UnknownActionStatus,
    UnknownEvidenceWord,
)
from carewatch.services import plans
from carewatch.services.plans import ActionDetail
from carewatch.services.ratings import NotFound, TrustSummary
from carewatch.web.csrf import form_token, form_token_valid, same_site
from carewatch.web.dates import DATE_PROBLEM, parse_date, read_date_parts
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.evidence_upload import MAX_UPLOAD, BadUpload, checked_upload
from carewatch.web.identity import identity_of

__all__ = ["MAX_UPLOAD", "BadForm", "action_page", "is_read_only", "load_action", "router"]

router = APIRouter()


SAVED = {
    "moved": "The action's status was changed.",
    "evidence": "The evidence was added.",
    "duplicate": "That evidence was already on this action; nothing new was stored.",
    "verified": "The verdict on the evidence was recorded.",
}

REFUSED = (
    FutureDate,
    IllegalMove,
    InvalidAction,
    InvalidEvidence,
    NotYetOpened,
    UnknownActionStatus,
    UnknownEvidenceWord,
    plans.ValueRefused,
)


class BadForm(ValueError):
    """A form field that could not be read; `field` is the input's id."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def is_read_only(request: Request) -> bool:
    return bool(getattr(request.app.state, "read_only", False))


def _purpose(action_id: int) -> str:
    return f"plan-action:{action_id}"


def action_page(
    request: Request,
    templates: Jinja2Templates,
    trust: TrustSummary,
    detail: ActionDetail,
    *,
    errors: Sequence[tuple[str, str]] = (),
    saved: str | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render an action's page, with the forms the viewer may use (none on a read-only site,
    none for the public: changing the plan needs a trust editor or, for a verdict, a role
    that may verify evidence).

    An action as it stood on a past day (`as_of`) shows no forms either: a move or a verdict
    is made today, and a form beside yesterday's status would invite one made against a
    state the action has left. The page links to today's instead."""
    read_only = is_read_only(request)
    actor = identity_of(request).actor
    trust_id = detail.finding.provider_id
    may_work = not read_only and may(actor, Permission.WORK_PLAN, trust=trust_id)
    may_verify = not read_only and may(actor, Permission.VERIFY_EVIDENCE, trust=trust_id)
    # Said only to those who could change the action today; others read why they cannot.
    historical = (may_work or may_verify) and detail.summary.as_of < dt.date.today()
    can_work = may_work and not historical
    can_verify = may_verify and not historical
    token = form_token(request, _purpose(detail.summary.id)) if can_work or can_verify else ""
    return templates.TemplateResponse(
        request,
        "pages/plan_action.html",
        {
            "trust": trust,
            "detail": detail,
            "read_only": read_only,
            "historical": historical,
            "token": token,
            "actor": actor,
            "can_work": can_work,
            "can_verify": can_verify,
            "errors": list(errors),
            "saved": SAVED.get(saved or ""),
            "values": values or {},
            "today": dt.date.today(),
            "evidence_kinds": list(EvidenceKind),
        },
        status_code=422 if errors else 200,
    )


Form = dict[str, "str | _File"]


def _text(form: Form, name: str, limit: int = 2000) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    text = str(value).strip()
    if len(text) > limit:
        raise BadForm(name, f"Enter no more than {limit} characters")
    return text


def _date(form: Form, name: str, *, default: dt.date | None = None) -> dt.date:
    text, problem = read_date_parts(form, name)
    if problem:
        raise BadForm(name, problem)
    if not text:
        if default is not None:
            return default
        raise BadForm(name, "Enter a date")
    try:
        return parse_date(text)
    except ValueError:
        raise BadForm(name, DATE_PROBLEM) from None


@dataclass(frozen=True)
class _File:
    """An uploaded file, read (at most `MAX_UPLOAD` + 1 bytes) and closed."""

    filename: str
    content_type: str | None
    content: bytes


async def _read_form(request: Request) -> dict[str, str | _File]:
    """The posted fields (the first of each name), files read into memory and closed."""
    out: dict[str, str | _File] = {}
    async with request.form() as form:
        for key, value in form.multi_items():
            if key in out:
                continue
            if isinstance(value, UploadFile):
                content = await value.read(MAX_UPLOAD + 1)
                out[key] = _File(value.filename or "", value.content_type, content)
            else:
                out[key] = value
    return out


async def _checked_form(request: Request, action_id: int) -> dict[str, str | _File]:
    """The posted form, once the site is writable and the token and origin are good."""
    if is_read_only(request):
        raise HTTPException(403, "This site is read-only: changes cannot be made here.")
    if identity_of(request).actor.is_public:
        # Refused before the body is read: an anonymous post is never buffered.
        raise SignInRequired(Permission.WORK_PLAN)
    form = await _read_form(request)
    token = form.get("csrf_token")
    headers = request.headers
    if (
        not isinstance(token, str)
        or not form_token_valid(request, token, _purpose(action_id))
        or not same_site(headers.get("origin"), headers.get("referer"), headers.get("host"))
    ):
        raise HTTPException(
            403,
            "The form has expired or did not come from this site. Reload the page and try again.",
        )
    return form


def _after(trust: TrustSummary, action_id: int, saved: str) -> Response:
    url = f"/trusts/{trust.provider_id}/improvement-plan/actions/{action_id}?saved={saved}"
    return RedirectResponse(url, status_code=303)


def load_action(
    db: Db, provider_id: str, action_id: int, day: dt.date | None, actor: Actor = PUBLIC
) -> ActionDetail:
    """The action as of `day` as `actor` may see it, when it belongs to this trust;
    `NotFound` (404) otherwise."""
    if not 1 <= action_id <= 2**31 - 1:
        raise NotFound("action", str(action_id))
    detail = plans.action_detail(db=db, action_id=action_id, as_of=day, actor=actor)
    if detail.finding.provider_id != provider_id:
        raise NotFound("action", str(action_id))
    return detail


def _load(db: Db, trust: TrustSummary, action_id: int) -> ActionDetail:
    return load_action(db, trust.provider_id, action_id, None)


def _refused(
    request: Request,
    templates: Jinja2Templates,
    db: Db,
    trust: TrustSummary,
    action_id: int,
    field: str,
    message: str,
    form: Form,
) -> HTMLResponse:
    detail = load_action(db, trust.provider_id, action_id, None, identity_of(request).actor)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    return action_page(request, templates, trust, detail, errors=[(field, message)], values=values)


@router.post("/trusts/{provider_id}/improvement-plan/actions/{action_id}/move")
async def move_form(
    request: Request, templates: Templates, db: Db, trust: Trust, action_id: int
) -> Response:
    """Move the action to the status chosen, on the date given, by whom, and why."""
    _load(db, trust, action_id)
    form = await _checked_form(request, action_id)
    try:
        to = _text(form, "to", 40)
        if not to:
            raise BadForm("to", "Choose the status to move the action to")
        plans.move_action(
            actor=identity_of(request).actor,
            db=db,
            action_id=action_id,
            to=to,
            on=_date(form, "on", default=dt.date.today()),
            by="",
            reason=_text(form, "reason"),
        )
    except BadForm as exc:
        return _refused(request, templates, db, trust, action_id, exc.field, exc.message, form)
    except REFUSED as exc:
        if isinstance(exc, FutureDate):
            field = "on"
        elif isinstance(exc, IllegalMove | UnknownActionStatus):
            field = "to"
        elif isinstance(exc, plans.ValueRefused):
            field = exc.field
        else:
            field = "reason"
        return _refused(request, templates, db, trust, action_id, field, str(exc), form)
    return _after(trust, action_id, "moved")


@router.post("/trusts/{provider_id}/improvement-plan/actions/{action_id}/evidence")
async def evidence_form(
    request: Request, templates: Templates, db: Db, trust: Trust, action_id: int
) -> Response:
    """Add a note, a link or a file as evidence, for the period it speaks for."""
    _load(db, trust, action_id)
    form = await _checked_form(request, action_id)
    try:
        kind = EvidenceKind.parse(_text(form, "kind", 10) or "none")
        content, filename, media_type = _upload(form, kind)
        received = _date(form, "received_on", default=dt.date.today())
        start = _date(form, "effective_from", default=received)
        end_text = _text(form, "effective_to", 20)
        added = plans.add_evidence(
            actor=identity_of(request).actor,
            db=db,
            action_id=action_id,
            kind=kind,
            supplied_by="",
            uploaded_at=plans.received_at(received),
            effective_from=start,
            effective_to=_date(form, "effective_to") if end_text else None,
            title=_text(form, "title", 300),
            note=_text(form, "note", 10_000) if kind is EvidenceKind.NOTE else "",
            url=_link(form) if kind is EvidenceKind.LINK else "",
            content=content,
            filename=filename,
            media_type=media_type,
        )
    except UnknownEvidenceWord:
        return _refused(
            request,
            templates,
            db,
            trust,
            action_id,
            "kind",
            "Choose a note, a link or a file",
            form,
        )
    except BadForm as exc:
        return _refused(request, templates, db, trust, action_id, exc.field, exc.message, form)
    except REFUSED as exc:
        field = getattr(exc, "field", None) or "supplied_by"
        return _refused(request, templates, db, trust, action_id, _input_for(field), str(exc), form)
    return _after(trust, action_id, "evidence" if added.created else "duplicate")


def _link(form: Form) -> str:
    url = _text(form, "url", 2000)
    if url and not url.lower().startswith(("https://", "http://")):
        raise BadForm("url", "Enter a web address starting with https:// or http://")
    return url


def _upload(form: Form, kind: EvidenceKind) -> tuple[bytes | None, str, str | None]:
    if kind is not EvidenceKind.FILE:
        return None, "", None
    upload = form.get("file")
    if not isinstance(upload, _File):
        raise BadForm("file", "Choose a file to upload")
    try:
        checked = checked_upload(upload.filename, upload.content_type, upload.content)
    except BadUpload as exc:
        raise BadForm("file", exc.message) from None
    return checked.content, checked.filename, checked.media_type


def _input_for(field: str) -> str:
    """The form input a service error's field belongs to."""
    return {
        "content": "file",
        "url": "url",
        "note": "note",
        "title": "title",
        "filename": "file",
        "effective_to": "effective_to",
        "uploaded_at": "received_on",
        "supplied_by": "supplied_by",
    }.get(field, "supplied_by")


@router.post(
    "/trusts/{provider_id}/improvement-plan/actions/{action_id}/evidence/{evidence_id}/verify"
)
async def verify_form(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    action_id: int,
    evidence_id: int,
) -> Response:
    """Accept or reject a piece of evidence of this action."""
    detail = _load(db, trust, action_id)
    if not any(e.id == evidence_id for e in detail.evidence):
        raise NotFound("evidence", str(evidence_id))
    form = await _checked_form(request, action_id)
    prefix = f"verify-{evidence_id}-"
    try:
        verdict = _text(form, "verdict", 10)
        if verdict not in ("accepted", "rejected"):
            raise BadForm(f"{prefix}verdict", "Choose whether the evidence is accepted")
        plans.verify_evidence(
            actor=identity_of(request).actor,
            db=db,
            evidence_id=evidence_id,
            accepted=verdict == "accepted",
            by="",
            on=_date(form, "on", default=dt.date.today()),
            note=_text(form, "note"),
        )
    except BadForm as exc:
        field = exc.field if exc.field.startswith(prefix) else f"{prefix}{exc.field}"
        return _refused(request, templates, db, trust, action_id, field, exc.message, form)
    except REFUSED as exc:
        field = f"{prefix}{getattr(exc, 'field', None) or 'by'}"
        return _refused(request, templates, db, trust, action_id, field, str(exc), form)
    return _after(trust, action_id, "verified")
