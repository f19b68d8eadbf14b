"""A trust's risk register as pages.

`/trusts/{id}/risks` shows those who may read the register (the trust's own editors and
viewers, the regulator and NHS England's oversight role) the register itself, filtered by
category, band of the current score and overdue review, with the 5 x 5 heat map of current
scores (a picture and the same counts as a table) and the validator's findings. Everyone
else sees the public summary (counts by category and band, never a risk's words) when the
trust publishes it, else one sentence saying that it does not: a page, status 200, rather
than a refusal, because nothing on it is theirs to sign in for.

`/trusts/{id}/risks/{reference}` is one risk in full and `/trusts/{id}/risks/baf` the board
assurance framework by strategic objective, both for those who may read the register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.access import Permission, may
from carewatch.domain.risks import (
    BANDS_SOURCE,
    Assurance,
    AssuranceLine,
    Band,
    RiskCategory,
    UnknownRiskWord,
)
from carewatch.domain.words import UnknownWord
from carewatch.reports.spc_svg import variation_icon_svg
from carewatch.services import risks
from carewatch.web.api.params import PRINTABLE
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.identity import identity_of
from carewatch.web.pages.plans import read_date
from carewatch.web.risk_chart import BAND_COLOURS, heat_map_svg, heat_rows, history_svg

__all__ = ["RiskFilters", "read_risk_filters", "router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=200)]
REFERENCE = Path(max_length=100, pattern=PRINTABLE)
"""A risk's reference in a page's address."""

_YES = ("yes", "on", "true", "1")


@dataclass(frozen=True)
class RiskFilters:
    """What the register's filter form asked for, and what in it could not be read."""

    category: RiskCategory | None = None
    band: Band | None = None
    overdue: bool = False
    as_of: dt.date | None = None
    errors: tuple[tuple[str, str], ...] = ()

    @property
    def narrows(self) -> bool:
        """Whether the filters leave some risks out (a day alone does not)."""
        return bool(self.category or self.band or self.overdue)

    @property
    def any(self) -> bool:
        return self.narrows or self.as_of is not None

    def query(self) -> str:
        """These filters as a query string for links, blanks left out."""
        fields = {
            "category": self.category.value if self.category else None,
            "band": self.band.value if self.band else None,
            "overdue": "yes" if self.overdue else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        return urlencode({k: v for k, v in fields.items() if v})


def read_risk_filters(
    category: str | None, band: str | None, overdue: str | None, as_of: str | None
) -> RiskFilters:
    """The filters from the query string; blanks mean "any", errors are kept to be shown.

    >>> read_risk_filters("quality", "EXTREME", "yes", "2021-03-31").band.value
    'extreme'
    >>> [field for field, _ in read_risk_filters("weather", "purple", None, "31/13/2021").errors]
    ['category', 'band', 'as_of']
    >>> read_risk_filters("weather", None, None, None).errors[0][1]
    'Choose a category from the list'
    """
    errors: list[tuple[str, str]] = []
    chosen_category = chosen_band = None
    if category:
        try:
            chosen_category = RiskCategory.parse(category)
        except UnknownRiskWord:
            errors.append(("category", "Choose a category from the list"))
    if band:
        try:
            chosen_band = Band.parse(band)
        except UnknownWord:
            errors.append(("band", "Choose a band from the list"))
    day, problem = read_date(as_of)
    if problem:
        errors.append(("as_of", problem))
    return RiskFilters(
        chosen_category, chosen_band, (overdue or "").lower() in _YES, day, tuple(errors)
    )


def _as_of(as_of: str | None) -> tuple[dt.date | None, list[tuple[str, str]]]:
    day, problem = read_date(as_of)
    return day, [("as_of", problem)] if problem else []


@router.get("/trusts/{provider_id}/risks", response_class=HTMLResponse)
def register_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    category: Text = None,
    band: Text = None,
    overdue: Text = None,
    as_of: Text = None,
) -> HTMLResponse:
    """The register, its heat map and the validator's findings for those who may read it;
    the public summary, or a sentence saying there is none, for everyone else."""
    actor = identity_of(request).actor
    if not may(actor, Permission.READ_RISKS, trust=trust.provider_id):
        summary = risks.risk_summary(db=db, trust=trust.provider_id)
        return templates.TemplateResponse(
            request,
            "pages/risks_public.html",
            {"trust": trust, "summary": summary, "bands": list(Band)},
        )
    filters = read_risk_filters(category, band, overdue, as_of)
    shown = risks.list_risks(
        db=db, actor=actor, trust=trust.provider_id, as_of=filters.as_of,
        category=filters.category, band=filters.band, overdue_only=filters.overdue,
    )  # fmt: skip
    ids = {v.id for v in shown}
    problems = [
        p
        for p in risks.check_risks(db=db, actor=actor, trust=trust.provider_id, as_of=filters.as_of)
        if p.risk in ids
    ]
    rows = heat_rows(risks.register_heat_map(shown))
    return templates.TemplateResponse(
        request,
        "pages/risks.html",
        {
            "trust": trust,
            "risks": shown,
            "problems": problems,
            "rows": rows,
            "heat_map": heat_map_svg(rows),
            "filters": filters,
            "errors": list(filters.errors),
            "categories": list(RiskCategory),
            "bands": list(Band),
            "band_colours": BAND_COLOURS,
            "bands_source": BANDS_SOURCE,
        },
        status_code=422 if filters.errors else 200,
    )


@router.get("/trusts/{provider_id}/risks/baf", response_class=HTMLResponse)
def baf_page(
    request: Request, templates: Templates, db: Db, trust: Trust, as_of: Text = None
) -> HTMLResponse:
    """The board assurance framework: each strategic objective with its principal risks,
    highest current score first, and what the validator finds in them."""
    day, errors = _as_of(as_of)
    baf = risks.board_assurance(
        db=db, actor=identity_of(request).actor, trust=trust.provider_id, as_of=day
    )
    return templates.TemplateResponse(
        request,
        "pages/risks_baf.html",
        {"trust": trust, "baf": baf, "errors": errors, "as_of": as_of or ""},
        status_code=422 if errors else 200,
    )


@router.get("/trusts/{provider_id}/risks/{reference}", response_class=HTMLResponse)
def risk_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    reference: Annotated[str, REFERENCE],
    as_of: Text = None,
) -> HTMLResponse:
    """One risk: its words, owner, scores, history as a chart, controls, assurances by
    line, gaps, linked actions and measures, and what the validator finds."""
    day, errors = _as_of(as_of)
    detail = risks.risk_detail(
        db=db, actor=identity_of(request).actor, trust=trust.provider_id, reference=reference,
        as_of=day,
    )  # fmt: skip
    return templates.TemplateResponse(
        request,
        "pages/risk.html",
        {
            "trust": trust,
            "detail": detail,
            "risk": detail.risk,
            "chart": history_svg(detail),
            "variation_icon_svg": variation_icon_svg,
            "contradiction": any(p.problem.value == "contradiction" for p in detail.problems),
            "lines": _by_line(detail),
            "errors": errors,
            "as_of": as_of or "",
        },
        status_code=422 if errors else 200,
    )


def _by_line(detail: risks.RiskDetail) -> list[tuple[str, list[Assurance]]]:
    """The assurances grouped by line, in the three lines' order, newest first within each."""
    return [
        (
            line.label,
            sorted(
                (a for a in detail.assurances if a.line is line), key=lambda a: a.on, reverse=True
            ),
        )
        for line in AssuranceLine
    ]
