"""Oversight pages: a trust's oversight timeline (with its status as of any date) and the
national list of trusts by regime."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.access import Permission, may
from carewatch.domain.oversight import EventKind
from carewatch.services.incidents import timeline_with_incidents
from carewatch.services.national import regime_list
from carewatch.services.oversight import latest_places, oversight_status
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.identity import identity_of
from carewatch.web.oversight_display import (
    KIND_TAGS,
    read_filters,
    regime_sentence,
)

__all__ = ["router"]

router = APIRouter()

FormText = Annotated[str, Query(max_length=200)]
FormKinds = Annotated[list[str], Query(max_length=20)]


@router.get("/trusts/{provider_id}/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    kind: FormKinds = [],  # noqa: B006 - FastAPI copies defaults per request
    start: Annotated[str, Query(alias="from", max_length=200)] = "",
    end: Annotated[str, Query(alias="to", max_length=200)] = "",
    as_of: FormText = "",
) -> HTMLResponse:
    """The trust's oversight timeline, newest first, filtered by kind and dates, with its
    status as of a chosen date (today by default). Mistakes in the form are shown in an
    error summary; the unfiltered timeline is shown meanwhile. Serious incidents are shown
    as the incidents service allows; an incident links to its page for those who may read
    the trust's incidents."""
    filters = read_filters(kinds=kind, start=start, end=end, as_of=as_of)
    actor = identity_of(request).actor
    events = timeline_with_incidents(
        db=db, actor=actor, provider_id=trust.provider_id, start=filters.start, end=filters.end
    )
    shown = [e for e in reversed(events) if filters.wants(e.kind)]
    status = oversight_status(db=db, provider_id=trust.provider_id, as_of=filters.as_of)
    return templates.TemplateResponse(
        request,
        "pages/oversight_timeline.html",
        {
            "trust": trust,
            "events": shown,
            "filters": filters,
            "status": status,
            "regime_sentence": regime_sentence(status),
            "kinds": list(EventKind),
            "kind_tags": KIND_TAGS,
            "reads_incidents": may(actor, Permission.READ_INCIDENTS, trust=trust.provider_id),
        },
        status_code=422 if filters.errors else 200,
    )


@router.get("/oversight", response_class=HTMLResponse)
def oversight_page(request: Request, templates: Templates, db: Db) -> HTMLResponse:
    """Every trust by its current oversight regime or segment, most intervention first, with
    its place in the latest NHS Oversight Framework league table when one is stored."""
    return templates.TemplateResponse(
        request,
        "pages/oversight.html",
        {"groups": regime_list(db=db), "places": latest_places(db=db), "active_nav": "oversight"},
    )
