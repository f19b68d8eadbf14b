"""Dates as people in the UK type them into a form: ISO (``2020-12-31``), day first with
slashes, dots or dashes (``31/12/2020``), or in words (``31 December 2020``, ``31 Dec
2020``), and the NHS.UK date input's three fields (day, month, year).

Every filter and form of the site reads its dates here, so a date written one way on one
page is understood on all of them. A day-first date is never read month first: ``01/02/2020``
is the 1st of February, as the NHS.UK service manual's date guidance expects of UK users.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

__all__ = [
    "DATE_EXAMPLE",
    "DATE_PROBLEM",
    "parse_date",
    "read_date",
    "read_date_parts",
]

DATE_EXAMPLE = "31 December 2020"
DATE_PROBLEM = f"Enter a real date, for example {DATE_EXAMPLE} or 31/12/2020"
"""The message for a date that cannot be read, with the forms it may take."""

MAX_DATE_TEXT = 40
"""Longer than any way of writing a date ("31 September 2020" is 17 characters)."""

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")


def parse_date(text: str) -> dt.date:
    """The date `text` names; ValueError when it names none (or an impossible one).

    >>> parse_date("2020-12-31")
    datetime.date(2020, 12, 31)
    >>> parse_date("31/12/2020")
    datetime.date(2020, 12, 31)
    >>> parse_date("1 Feb 2021")
    datetime.date(2021, 2, 1)
    >>> parse_date("31 September 2020")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    cleaned = " ".join(text.strip().lower().split())
    if len(cleaned) > MAX_DATE_TEXT:
        raise ValueError("too long to be a date")
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if match := _NUMERIC.fullmatch(cleaned):
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if match := _WORDS.fullmatch(cleaned):
        month_name = match.group(2)
        if month_name not in _MONTHS:
            raise ValueError(f"no month is called {month_name!r}")
        return dt.date(int(match.group(3)), _MONTHS[month_name], int(match.group(1)))
    raise ValueError("not a date")


def read_date(text: str | None) -> tuple[dt.date | None, str | None]:
    """A date from a form field: (None, None) when blank, (None, message) when not a date.

    >>> read_date("2021-03-31")
    (datetime.date(2021, 3, 31), None)
    >>> read_date("31/03/2021")
    (datetime.date(2021, 3, 31), None)
    >>> read_date("")
    (None, None)
    >>> read_date("31/13/2021")[1]
    'Enter a real date, for example 31 December 2020 or 31/12/2020'
    """
    if text is None or not text.strip():
        return None, None
    try:
        return parse_date(text), None
    except ValueError:
        return None, DATE_PROBLEM


def read_date_parts(form: Mapping[str, object], name: str) -> tuple[str, str | None]:
    """The date a form sent as the text one field holds, or as three fields of an NHS.UK
    date input (`name`-day, -month, -year), as ``(text, problem)``.

    The text is what `parse_date` reads (ISO when the three fields were given), or blank
    when nothing was entered. `problem` names what is missing when only some of the three
    fields were filled in, in the design system's words ("Date must include a year").

    >>> read_date_parts({"on-day": "31", "on-month": "12", "on-year": "2020"}, "on")
    ('2020-12-31', None)
    >>> read_date_parts({"on": "31/12/2020"}, "on")
    ('31/12/2020', None)
    >>> read_date_parts({"on-day": "31", "on-month": "12", "on-year": ""}, "on")
    ('', 'Date must include a year')
    """
    single = form.get(name)
    if isinstance(single, str) and single.strip():
        return single.strip(), None
    values = []
    for part in ("day", "month", "year"):
        value = form.get(f"{name}-{part}")
        values.append(value.strip() if isinstance(value, str) else "")
    day, month, year = values
    if not any(values):
        return "", None
    parts = zip(("day", "month", "year"), values, strict=True)
    missing = [label for label, value in parts if not value]
    if missing:
        return "", f"Date must include a {' and a '.join(missing)}"
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return "", DATE_PROBLEM
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", None
