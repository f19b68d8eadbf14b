"""The audit trail's page, for administrators (their own organisation's events) and
regulators (every event): filters by actor, record kind and dates as `carewatch audit log`
has, newest first, a page at a time, with the chain's head and how to verify it.

Who may read it is decided by the audit service from the signed-in user; the public gets
the sign-in page's prompt (401) and any other role 403. Reading the log is not recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.access import Permission, everywhere
from carewatch.services import audit
from carewatch.web.api.audit import start_of
from carewatch.web.dates import parse_date
from carewatch.web.deps import Db, Templates
from carewatch.web.identity import Who

__all__ = ["PAGE_SIZE", "AuditFilters", "router"]

router = APIRouter()

PAGE_SIZE = 50

Text = Annotated[str, Query(max_length=320)]
Seq = Annotated[int | None, Query(ge=1, le=2**62)]


@dataclass(frozen=True)
class AuditFilters:
    """The filters as the form sent them (blank means any), and the dates they name."""

    actor: str = ""
    entity: str = ""
    start: str = ""
    end: str = ""

    def day(self, field: str) -> dt.date | None:
        """The date in `field` ("start" or "end"), None when blank; ValueError when not a
        date."""
        text = getattr(self, field).strip()
        return parse_date(text) if text else None

    def query(self, **more: int) -> str:
        """The filters and `more` as a query string, blank filters left out.

        >>> AuditFilters(actor="a@b.example").query(before=10)
        'actor=a%40b.example&before=10'
        """
        pairs = [
            (name, value.strip())
            for name, value in (
                ("actor", self.actor),
                ("entity", self.entity),
                ("from", self.start),
                ("to", self.end),
            )
            if value.strip()
        ]
        return urlencode([*pairs, *more.items()])


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    templates: Templates,
    db: Db,
    who: Who,
    actor: Text = "",
    entity: Text = "",
    start: Annotated[str, Query(alias="from", max_length=20)] = "",
    end: Annotated[str, Query(alias="to", max_length=20)] = "",
    before: Seq = None,
    after: Seq = None,
) -> HTMLResponse:
    """The audit trail a page at a time, newest first, filtered."""
    filters = AuditFilters(actor, entity, start, end)
    errors: dict[str, str] = {}
    days: dict[str, dt.date | None] = {}
    for field, label in (("start", "From"), ("end", "To")):
        try:
            days[field] = filters.day(field)
        except ValueError:
            days[field] = None
            errors[field] = f"{label} must be a real date, like 1 March 2026"
    page = audit.audit_page(
        db, who.actor, by=actor.strip() or None, entity=entity.strip() or None,
        start=start_of(days["start"]), end=start_of(days["end"]), before=before, after=after,
        size=PAGE_SIZE,
    )  # fmt: skip
    return templates.TemplateResponse(
        request,
        "pages/audit.html",
        {
            "page": page,
            "filters": filters,
            "errors": errors,
            "every_organisation": everywhere(who.actor, Permission.READ_AUDIT),
            "organisation": who.actor.organisation,
            "active_nav": "audit",
        },
        status_code=422 if errors else 200,
    )
