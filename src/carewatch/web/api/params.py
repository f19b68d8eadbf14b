"""Query parameters shared by the API and the pages: the trust list's filters and paging,
and the one way a date is written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator

from carewatch.web.deps import PRINTABLE

__all__ = ["MAX_API_PAGE", "MAX_OFFSET", "PRINTABLE", "Day", "Offset", "Region", "Search"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: object) -> object:
    """`value` when it is a date written YYYY-MM-DD (or a date already); `ValueError`
    otherwise. Pydantic alone would read a number as seconds since 1970 (`?as_of=0` as
    1970-01-01) and accept a date and time: the schema says a date, so only a date is read.

    >>> iso_day("2021-03-31")
    '2021-03-31'
    >>> iso_day(0)
    Traceback (most recent call last):
    ...
    ValueError: a date is written YYYY-MM-DD, for example 2021-03-31
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("a date is written YYYY-MM-DD, for example 2021-03-31")


Day = Annotated[dt.date, BeforeValidator(iso_day)]
"""A date in a query or a body: YYYY-MM-DD only (a number or a time is refused, 422)."""

MAX_API_PAGE = 200
"""The most trusts one API request returns."""

MAX_OFFSET = 1_000_000
"""Far beyond the number of NHS trusts (about 210 in England)."""


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
