"""Improvement plan pages: a trust's plan (grouped by finding, must-dos first) with filters,
one action with its history, milestones, evidence and escalations, the actions of one owner,
the public version of the plan, and the plan as CSV and Excel.

Every page takes `as_of` (a date: the plan as it stood at the end of that day, default
today). The filters are a plain GET form, so they work without JavaScript. The forms that
change an action are in `carewatch.web.pages.plan_forms`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from carewatch.domain.access import Permission, require
from carewatch.domain.plans import ActionStatus, UnknownActionStatus
from carewatch.reports.plan_export import plan_csv, plan_xlsx
from carewatch.services import plans
from carewatch.services.errors import NotFound
from carewatch.services.plans import ActionSummary, ImprovementPlan, PlanFinding
from carewatch.services.ratings import list_trusts
from carewatch.web.dates import read_date
from carewatch.web.deps import Db, Templates, Trust, checked_id
from carewatch.web.identity import Identity, Who, identity_of
from carewatch.web.pages import plan_forms
from carewatch.web.pages.plan_forms import action_page, load_action
from carewatch.web.security import download_type

__all__ = ["PlanFilters", "content_disposition", "read_filters", "router"]

router = APIRouter()
router.include_router(plan_forms.router)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHA256 = re.compile(r"[0-9a-f]{64}")

Text = Annotated[str | None, Query(max_length=64)]


@dataclass(frozen=True)
class PlanFilters:
    """What the plan's filter form asked for, and what in it could not be read."""

    status: ActionStatus | None = None
    overdue: bool = False
    as_of: dt.date | None = None
    errors: tuple[tuple[str, str], ...] = ()  # (field id, message)

    @property
    def any(self) -> bool:
        return self.status is not None or self.overdue or self.as_of is not None

    def query(self) -> str:
        """The filters as a query string for links (the exports)."""
        parts = []
        if self.status is not None:
            parts.append(f"status={self.status.value}")
        if self.overdue:
            parts.append("overdue=yes")
        if self.as_of is not None:
            parts.append(f"as_of={self.as_of.isoformat()}")
        return ("?" + "&".join(parts)) if parts else ""


def read_filters(status: str | None, overdue: str | None, as_of: str | None) -> PlanFilters:
    """The filters from the query string; blanks mean "any", errors are kept to be shown."""
    errors: list[tuple[str, str]] = []
    wanted: ActionStatus | None = None
    if status:
        try:
            wanted = ActionStatus.parse(status)
        except UnknownActionStatus:
            errors.append(("status", "Choose a status from the list"))
    day, problem = read_date(as_of)
    if problem:
        errors.append(("as_of", problem))
    return PlanFilters(wanted, overdue in ("yes", "on", "true", "1"), day, tuple(errors))


def filtered(plan: ImprovementPlan, filters: PlanFilters) -> tuple[PlanFinding, ...]:
    """The plan's findings with only the actions the filters keep; with a filter on, a
    finding left with no action is left out."""
    if filters.status is None and not filters.overdue:
        return plan.findings
    out = []
    for item in plan.findings:
        kept = tuple(
            a
            for a in item.actions
            if (filters.status is None or a.status is filters.status)
            and (not filters.overdue or a.overdue)
        )
        if kept:
            out.append(PlanFinding(item.finding, kept))
    return tuple(out)


def content_disposition(filename: str, fallback: str = "evidence") -> str:
    """An attachment header that no file name can break out of.

    >>> content_disposition('audit "May".pdf')
    'attachment; filename="audit _May_.pdf"; filename*=UTF-8\\'\\'audit%20%22May%22.pdf'
    >>> content_disposition("../../etc/passwd\\r\\nX: y")
    'attachment; filename="passwd__X_ y"; filename*=UTF-8\\'\\'passwd%0D%0AX%3A%20y'
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or fallback
    ascii_name = re.sub(r"[^A-Za-z0-9._ ()-]", "_", name)[:120].strip(" .") or fallback
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name[:200], safe='')}"


@router.get("/trusts/{provider_id}/improvement-plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    status: Text = None,
    overdue: Text = None,
    as_of: Text = None,
) -> HTMLResponse:
    """The trust's improvement plan: findings, must-dos first, each with its actions."""
    filters = read_filters(status, overdue, as_of)
    plan = plans.improvement_plan(
        db=db, provider_id=trust.provider_id, as_of=filters.as_of, actor=identity_of(request).actor
    )
    return templates.TemplateResponse(
        request,
        "pages/plan.html",
        {
            "trust": trust,
            "plan": plan,
            "findings": filtered(plan, filters),
            "filters": filters,
            "statuses": list(ActionStatus),
        },
        status_code=422 if filters.errors else 200,
    )


def _export_plan(db: Db, trust: Trust, as_of: str | None, who: Identity) -> ImprovementPlan:
    day, problem = read_date(as_of)
    if problem:
        raise HTTPException(422, f"as_of: {problem}")
    return plans.improvement_plan(db=db, provider_id=trust.provider_id, as_of=day, actor=who.actor)


@router.get("/trusts/{provider_id}/improvement-plan.csv")
def plan_csv_download(db: Db, who: Who, trust: Trust, as_of: Text = None) -> Response:
    """The plan as CSV, one row per action."""
    plan = _export_plan(db, trust, as_of, who)
    name = f"{trust.provider_id}-improvement-plan-{plan.as_of.isoformat()}.csv"
    return Response(
        plan_csv(plan).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": content_disposition(name)},
    )


@router.get("/trusts/{provider_id}/improvement-plan.xlsx")
def plan_xlsx_download(db: Db, who: Who, trust: Trust, as_of: Text = None) -> Response:
    """The plan as an Excel workbook, one row per action."""
    plan = _export_plan(db, trust, as_of, who)
    name = f"{trust.provider_id}-improvement-plan-{plan.as_of.isoformat()}.xlsx"
    return Response(
        plan_xlsx(plan),
        media_type=XLSX,
        headers={"content-disposition": content_disposition(name)},
    )


@router.get("/trusts/{provider_id}/improvement-plan/public", response_class=HTMLResponse)
def public_plan_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: Text = None
) -> HTMLResponse:
    """Each must-do in plain English, with its progress and when it was last evidenced."""
    day, problem = read_date(as_of)
    public = plans.public_plan(db=db, provider_id=trust.provider_id, as_of=day)
    return templates.TemplateResponse(
        request,
        "pages/plan_public.html",
        {"trust": trust, "public": public, "as_of_error": problem},
        status_code=422 if problem else 200,
    )


@router.get(
    "/trusts/{provider_id}/improvement-plan/actions/{action_id}", response_class=HTMLResponse
)
def action_view(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    action_id: int,
    as_of: Text = None,
    saved: Text = None,
) -> HTMLResponse:
    """One action: its facts, history, milestones, evidence, escalations and, unless the
    site is read-only, the forms that move it on."""
    day, problem = read_date(as_of)
    detail = load_action(db, trust.provider_id, action_id, day, identity_of(request).actor)
    errors = (("as_of", problem),) if problem else ()
    return action_page(request, templates, trust, detail, errors=errors, saved=saved)


@router.get("/trusts/{provider_id}/improvement-plan/actions/{action_id}/files/{sha256}")
def evidence_download(db: Db, who: Who, trust: Trust, action_id: int, sha256: str) -> Response:
    """An evidence file of this action, by its SHA-256, always as a download, for those who
    may read the trust's restricted data (each read audited)."""
    if not SHA256.fullmatch(sha256):
        raise NotFound("evidence file", sha256[:64])
    require(who.actor, Permission.READ_RESTRICTED, trust=trust.provider_id)
    detail = load_action(db, trust.provider_id, action_id, None, who.actor)
    named = [e for e in detail.evidence if e.file_sha256 == sha256]
    if not named:
        raise NotFound("evidence file", sha256)
    stored = plans.evidence_file(db=db, sha256=sha256, actor=who.actor)
    media_type = download_type(stored.media_type)
    return Response(
        stored.content,
        media_type=media_type,
        headers={
            "content-disposition": content_disposition(named[0].filename),
            "cache-control": "private, no-store",
        },
    )


@router.get("/improvement-plan/my-actions", response_class=HTMLResponse)
def my_actions_page(
    request: Request,
    templates: Templates,
    db: Db,
    provider: Text = None,
    owner: Annotated[str | None, Query(max_length=200)] = None,
    as_of: Text = None,
) -> HTMLResponse:
    """The actions of one owner (a role or a person): choose the trust, then the owner."""
    day, problem = read_date(as_of)
    trusts = plans_trusts(db)
    chosen = next((t for t in trusts if provider and t.provider_id == provider.strip()), None)
    owners: list[str] = []
    actions: tuple[ActionSummary, ...] = ()
    if chosen is not None:
        actor = identity_of(request).actor
        plan = plans.improvement_plan(db=db, provider_id=chosen.provider_id, as_of=day, actor=actor)
        owners = sorted(
            {a.owner.role for a in plan.actions} | {a.owner.person for a in plan.actions} - {""},
            key=str.lower,
        )
        if owner and owner.strip():
            actions = plans.actions_for_owner(
                db=db, owner=owner, as_of=day, provider_id=chosen.provider_id, actor=actor
            )
    return templates.TemplateResponse(
        request,
        "pages/plan_my_actions.html",
        {
            "trusts": trusts,
            "chosen": chosen,
            "owners": owners,
            "owner": (owner or "").strip(),
            "actions": actions,
            "as_of": day,
            "as_of_error": problem,
        },
        status_code=422 if problem else 200,
    )


@dataclass(frozen=True)
class _TrustChoice:
    provider_id: str
    name: str


def plans_trusts(db: Db) -> list[_TrustChoice]:
    """Trusts with at least one finding recorded, by name."""
    found = []
    offset = 0
    while True:
        listing = list_trusts(db=db, offset=offset, limit=500)
        for trust in listing.data:
            provider_id = checked_id("provider", trust.provider_id)
            if plans.list_findings(db=db, provider_id=provider_id):
                found.append(_TrustChoice(provider_id, trust.name or provider_id))
        offset += 500
        if offset >= listing.count:
            return sorted(found, key=lambda t: t.name.lower())
