"""A trust's patient-safety incidents as pages.

`/trusts/{id}/incidents` shows the trust's own roles and the national roles the incidents
with filters (category, physical harm, open or closed, with an overdue duty), 50 to a page
(`?page=2`); a filter value that cannot be read is named on the page (422); everyone else
(the public, other trusts' roles, administrators) sees the public summary there: counts by
month, harm and category, small numbers suppressed, and deadlines met or missed, which is
also at `/trusts/{id}/incidents/summary` for all. One incident's page (facts, response
history, candour trail, deadlines with overdue marks, coroners' reports, links) is for
those who may read incidents; the patient's details only when asked for
(`?with_personal_data=yes`), each such read audited. The forms that record an incident and
a candour notification are in `carewatch.web.pages.incident_forms`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.access import Permission, may
from carewatch.domain.incidents import (
    Category,
    DutyStep,
    PhysicalHarm,
    ResponseStatus,
    UnknownIncidentWord,
)
from carewatch.services import incidents
from carewatch.services.incidents import IncidentView
from carewatch.web.api.params import MAX_OFFSET
from carewatch.web.dates import read_date
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.identity import identity_of
from carewatch.web.pages import incident_forms
from carewatch.web.pages.incident_forms import incident_page

__all__ = ["PAGE_SIZE", "IncidentFilters", "read_incident_filters", "read_page", "router"]

router = APIRouter()
router.include_router(incident_forms.router)

Text = Annotated[str | None, Query(max_length=64)]

PAGE_SIZE = 50
"""Incidents per page of the list."""

MAX_PAGE = MAX_OFFSET // PAGE_SIZE

FINISHED = frozenset({ResponseStatus.CLOSED, ResponseStatus.NO_FURTHER_RESPONSE})
"""Statuses of a response that is over: the incident counts as closed."""


@dataclass(frozen=True)
class IncidentFilters:
    """What the list's filter form asked for, and what in it could not be read."""

    category: Category | None = None
    harm: PhysicalHarm | None = None
    state: str | None = None  # "open" or "closed"
    overdue: bool = False
    errors: tuple[tuple[str, str], ...] = ()
    as_of: str = ""  # as written, kept for the paging links

    @property
    def any(self) -> bool:
        return any((self.category, self.harm, self.state, self.overdue))

    def query(self, **extra: object) -> str:
        """These filters (and `extra`, e.g. page=2) as a query string for links, blanks left
        out."""
        fields = {
            "category": self.category.value if self.category else None,
            "harm": self.harm.value if self.harm else None,
            "state": self.state,
            "overdue": "yes" if self.overdue else None,
            "as_of": self.as_of,
            **extra,
        }
        return urlencode({k: v for k, v in fields.items() if v not in (None, "")})

    def keeps(self, view: IncidentView, overdue: frozenset[str]) -> bool:
        i = view.incident
        closed = view.status in FINISHED
        return (
            (self.category is None or i.category is self.category)
            and (self.harm is None or i.physical_harm is self.harm)
            and (self.state is None or (self.state == "closed") == closed)
            and (not self.overdue or i.reference in overdue)
        )


def read_incident_filters(
    category: str | None, harm: str | None, state: str | None, overdue: str | None
) -> IncidentFilters:
    """The filters from the query string; blanks mean "any", errors are kept to be shown.

    >>> read_incident_filters("medication", "", "open", "yes").category.value
    'medication'
    >>> read_incident_filters("nonsense", None, None, None).errors
    (('category', 'Choose a category from the list'),)
    """
    errors: list[tuple[str, str]] = []
    chosen_category = chosen_harm = None
    if category:
        try:
            chosen_category = Category.parse(category)
        except UnknownIncidentWord:
            errors.append(("category", "Choose a category from the list"))
    if harm:
        try:
            chosen_harm = PhysicalHarm.parse(harm)
        except UnknownIncidentWord:
            errors.append(("harm", "Choose a level of harm from the list"))
    if state and state not in ("open", "closed"):
        errors.append(("state", "Choose open or closed"))
        state = None
    if overdue and overdue not in _YES:
        errors.append(("overdue", "Tick the box, or leave it empty for any incident"))
    return IncidentFilters(
        chosen_category,
        chosen_harm,
        state or None,
        overdue in _YES,
        tuple(errors),
    )


_YES = ("yes", "on", "true", "1")


def read_page(page: str | None) -> tuple[int, str | None]:
    """The page number asked for (1 when none) and, when it cannot be read, the problem.

    >>> read_page("2"), read_page(None), read_page("x")
    ((2, None), (1, None), (1, 'Enter a page number, for example 2'))
    """
    if not page:
        return 1, None
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        return 1, "Enter a page number, for example 2"
    return int(page), None


def _summary_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    as_of: str | None,
    *,
    restricted: bool,
) -> HTMLResponse:
    day, problem = read_date(as_of)
    summary = incidents.incident_summary(db=db, trust=trust.provider_id, as_of=day)
    return templates.TemplateResponse(
        request,
        "pages/incidents_summary.html",
        {
            "trust": trust,
            "summary": summary,
            "restricted": restricted,
            "errors": [("as_of", problem)] if problem else [],
        },
        status_code=422 if problem else 200,
    )


@router.get("/trusts/{provider_id}/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    category: Text = None,
    harm: Text = None,
    state: Text = None,
    overdue: Text = None,
    as_of: Text = None,
    page: Text = None,
) -> HTMLResponse:
    """The trust's incidents with filters, a page at a time, for those who may read them;
    the public summary for everyone else."""
    actor = identity_of(request).actor
    if not may(actor, Permission.READ_INCIDENTS, trust=trust.provider_id):
        return _summary_page(request, templates, db, trust, as_of, restricted=False)
    filters = replace(read_incident_filters(category, harm, state, overdue), as_of=as_of or "")
    day, problem = read_date(as_of)
    number, page_problem = read_page(page)
    errors = [
        *filters.errors,
        *((("as_of", problem),) if problem else ()),
        *((("page", page_problem),) if page_problem else ()),
    ]
    found = incidents.list_incidents(db=db, actor=actor, trust=trust.provider_id)
    due = incidents.incidents_due(db=db, actor=actor, trust=trust.provider_id, as_of=day)
    overdue_refs = frozenset(s.incident for s in due if s.overdue)
    next_due: dict[str, DutyStep] = {}
    for s in due:
        next_due.setdefault(s.incident, s)
    # The overdue filter needs every incident's duties, so the filters run here and the page
    # is cut from what they keep; the statements run do not grow with the incidents.
    matching = [v for v in found if filters.keeps(v, overdue_refs)]
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    number = min(number, pages)
    first = (number - 1) * PAGE_SIZE
    shown = matching[first : first + PAGE_SIZE]
    return templates.TemplateResponse(
        request,
        "pages/incidents.html",
        {
            "trust": trust,
            "incidents": shown,
            "matching": len(matching),
            "total": len(found),
            "page": number,
            "pages": pages,
            "first": first + 1,
            "last": first + len(shown),
            "filters": filters,
            "errors": errors,
            "next_due": next_due,
            "as_of": day or (due[0].as_of if due else None),
            "as_of_text": day.isoformat() if day else "",
            "categories": list(Category),
            "harms": list(PhysicalHarm),
            "can_record": not incident_forms.is_read_only(request)
            and may(actor, Permission.RECORD_INCIDENTS, trust=trust.provider_id),
        },
        status_code=422 if errors else 200,
    )


@router.get("/trusts/{provider_id}/incidents/summary", response_class=HTMLResponse)
def incidents_summary_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: Text = None
) -> HTMLResponse:
    """What anyone may know of the trust's incidents: counts, suppressed, and deadlines."""
    actor = identity_of(request).actor
    restricted = may(actor, Permission.READ_INCIDENTS, trust=trust.provider_id)
    return _summary_page(request, templates, db, trust, as_of, restricted=restricted)


@router.get("/trusts/{provider_id}/incidents/{reference}", response_class=HTMLResponse)
def incident_view(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    reference: Annotated[str, incident_forms.REFERENCE],
    as_of: Text = None,
    with_personal_data: Text = None,
    saved: Text = None,
    field: Text = None,
    message: Annotated[str | None, Query(max_length=300)] = None,
    step: Text = None,
    on: Text = None,
    refusal: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """One incident: its facts, response, candour trail, deadlines, PFD reports and links,
    and, for a trust editor, the form that records a candour notification."""
    day, problem = read_date(as_of)
    personal = with_personal_data in ("yes", "true", "1")
    detail = incidents.incident_detail(
        db=db, actor=identity_of(request).actor, trust=trust.provider_id, reference=reference,
        as_of=day, with_personal_data=personal,
    )  # fmt: skip
    refused, values = incident_forms.refusal_shown(
        request, trust.provider_id, reference,
        {"field": field, "message": message, "step": step, "on": on, "refusal": refusal},
    )  # fmt: skip
    errors = [*((("as_of", problem),) if problem else ()), *refused]
    # The page of a refusal redirected to is itself fine (200); an unreadable date is not.
    return incident_page(
        request, templates, trust, detail, errors=errors, saved=saved, values=values,
        status_code=422 if problem else 200,
    )  # fmt: skip
