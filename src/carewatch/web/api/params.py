"""Query parameters shared by the API and the pages: the trust list's filters and paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

__all__ = ["MAX_API_PAGE", "MAX_OFFSET", "PRINTABLE", "Offset", "Region", "Search"]

MAX_API_PAGE = 200
"""The most trusts one API request returns."""

MAX_OFFSET = 1_000_000
"""Far beyond the number of NHS trusts (about 210 in England)."""

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
"""No control characters: PostgreSQL refuses NUL bytes, and none belongs in a name."""

Region = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=PRINTABLE,
        description="NHS England region, as CQC names it (any case)",
        examples=["East of England"],
    ),
]
Search = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=PRINTABLE,
        description="Part of a trust's name (any case), or its ODS code exactly",
        examples=["Norfolk"],
    ),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matches to skip")]
