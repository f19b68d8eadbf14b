"""The home page: the national picture, and every trust with filters, search and paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator, StringConstraints

from carewatch.services.national import national_picture
from carewatch.services.ratings import list_trusts
from carewatch.web.api.params import MAX_OFFSET, PRINTABLE
from carewatch.web.api.schemas import RatingWord, TrustTypeWord
from carewatch.web.deps import Db, Templates

__all__ = ["PAGE_SIZE", "Filters", "router"]

PAGE_SIZE = 50
"""Trusts per page of the home page's table."""

router = APIRouter()


def _blank_is_none(value: object) -> object:
    # A form's "Any" choice and an empty search box send "", which means no filter.
    if isinstance(value, str) and not value.strip():
        return None
    return value


Text = Annotated[str, StringConstraints(max_length=100, pattern=PRINTABLE)]


@dataclass(frozen=True)
class Filters:
    """The filters a person chose, as the form and the paging links send them back."""

    trust_type: str | None
    region: str | None
    rating: str | None
    q: str | None

    def query(self, **extra: object) -> str:
        """The query string for these filters and `extra` (e.g. page=2), blanks left out."""
        fields = {**self.__dict__, **extra}
        return urlencode({k: v for k, v in fields.items() if v not in (None, "")})

    @property
    def any(self) -> bool:
        return any(v is not None for v in self.__dict__.values())


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    templates: Templates,
    db: Db,
    trust_type: Annotated[TrustTypeWord | None, BeforeValidator(_blank_is_none), Query()] = None,
    region: Annotated[Text | None, BeforeValidator(_blank_is_none), Query()] = None,
    rating: Annotated[RatingWord | None, BeforeValidator(_blank_is_none), Query()] = None,
    q: Annotated[Text | None, BeforeValidator(_blank_is_none), Query()] = None,
    page: Annotated[int, Query(ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1,
) -> HTMLResponse:
    """The national picture and the filtered, paged table of trusts."""
    filters = Filters(
        trust_type=None if trust_type is None else trust_type.value,
        region=region.strip() if region else None,
        rating=None if rating is None else rating.value,
        q=q.strip() if q else None,
    )
    trusts = list_trusts(
        db=db,
        trust_type=filters.trust_type,
        region=filters.region,
        rating=filters.rating,
        search=filters.q,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    pages = max(1, -(-trusts.count // PAGE_SIZE))
    return templates.TemplateResponse(
        request,
        "pages/home.html",
        {
            "active_nav": "home",
            "national": national_picture(db=db),
            "filters": filters,
            "trusts": trusts,
            "page": page,
            "pages": pages,
            "first": (page - 1) * PAGE_SIZE + 1,
            "last": (page - 1) * PAGE_SIZE + len(trusts.data),
            "rating_words": [w.value for w in RatingWord],
        },
    )
