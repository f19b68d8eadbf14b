"""Plain English for the overview: how long, which month, how many, and the order of CQC's
rating words. A family member reads "about 9 years" and "February 2017", never "3288 days"
or "2017-02-28".

>>> about(3288)
'about 9 years'
>>> about(40), about(1), about(0)
('about 1 month', '1 day', 'less than a day')
>>> month(dt.date(2017, 2, 28))
'February 2017'
>>> count(1, "must-do"), count(3, "must-do")
('1 must-do', '3 must-dos')
>>> listed(["ratings", "must-dos", "commitments"])
'ratings, must-dos and commitments'
>>> compare("Requires improvement", "Inadequate")
'better'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "RATING_WORDS",
    "about",
    "compare",
    "count",
    "listed",
    "month",
    "months_span",
]

RATING_WORDS = ("Inadequate", "Requires improvement", "Good", "Outstanding")
"""CQC's four ratings, worst first (CQC, "Ratings", https://www.cqc.org.uk/about-us/how-we-do-
our-job/ratings). "Not rated" and "Insufficient evidence to rate" are not on the scale and
compare with nothing."""

_DAYS_IN_MONTH = 365.25 / 12


def about(days: int) -> str:
    """A length of time as a person says it: days under a month, then months, then years,
    each rounded to the nearest whole one ("about 2 years"); never a count of days over 30."""
    if days < 0:
        raise ValueError("a length of time is never negative")
    if days == 0:
        return "less than a day"
    if days < 31:
        return "1 day" if days == 1 else f"{days} days"
    if days < 365:
        n = max(1, round(days / _DAYS_IN_MONTH))
        return "about 1 month" if n == 1 else f"about {n} months"
    years = round(days / 365.25)
    return "about 1 year" if years == 1 else f"about {years} years"


def month(day: dt.date) -> str:
    """The month of `day` in words: "February 2017"."""
    return day.strftime("%B %Y")


def months_span(first: dt.date, last: dt.date) -> str:
    """ "January 2020", or "February 2015 to November 2018" when the months differ."""
    if (first.year, first.month) == (last.year, last.month):
        return month(first)
    return f"{month(first)} to {month(last)}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, plural unless `n` is 1."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def listed(items: Sequence[str]) -> str:
    """Items joined as a sentence joins them: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def compare(now: str | None, before: str | None) -> str | None:
    """ "better", "same" or "worse" for rating `now` against `before`; None when either is
    not one of CQC's four ratings (not rated, insufficient evidence, absent)."""
    if now not in RATING_WORDS or before not in RATING_WORDS:
        return None
    a, b = RATING_WORDS.index(now), RATING_WORDS.index(before)
    return "better" if a > b else "worse" if a < b else "same"
