"""The period a board report covers: a quarter, or the day it is made as of.

A board reads its report as things stood at the end of a quarter. "2024-Q1" is a calendar
quarter (January to March 2024); NHS boards also count in financial quarters, so
"Q4 2023/24" (April to March years, Q1 April to June) names the same three months. Either
way the report is made as of the quarter's last day: the measures as published by then, the
plan, oversight, incidents and feedback as they stood at its end.

>>> p = ReportPeriod.quarter("2024-Q1")
>>> p.as_of, p.label
(datetime.date(2024, 3, 31), 'January to March 2024 (Q4 2023/24)')
>>> ReportPeriod.quarter("Q1 2024/25").label
'April to June 2024 (Q1 2024/25)'
>>> ReportPeriod.on(dt.date(2021, 6, 30)).label
'As of 30 June 2021'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from carewatch.domain.oversight.league import InvalidSegmentation, Quarter

__all__ = ["InvalidPeriod", "ReportPeriod"]

_CALENDAR = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


class InvalidPeriod(ValueError):
    """A period the report cannot read (neither "2024-Q1" nor "Q4 2023/24")."""


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ReportPeriod:
    """What the report covers: from `start` (None for "everything up to") to `as_of`, and its
    words for the cover."""

    as_of: dt.date
    start: dt.date | None
    label: str

    @classmethod
    def quarter(cls, text: str) -> ReportPeriod:
        """A calendar quarter ("2024-Q1") or a financial one ("Q4 2023/24", "2023/24 Q4")."""
        found = _CALENDAR.match(text)
        if found:
            year, number = int(found[1]), int(found[2])
            # Calendar Q1 (January to March) is the fourth quarter of the financial year
            # that started the April before.
            financial = Quarter(year - 1, 4) if number == 1 else Quarter(year, number - 1)
        else:
            try:
                financial = Quarter.parse(text.strip())
            except InvalidSegmentation as exc:
                raise InvalidPeriod(
                    f"{text!r} is not a quarter: write 2024-Q1 (calendar) or Q4 2023/24 (financial)"
                ) from exc
        start, end = financial.start, financial.end
        months = f"{start:%B} to {end:%B %Y}"
        return cls(as_of=end, start=start, label=f"{months} ({financial.label})")

    @classmethod
    def on(cls, day: dt.date) -> ReportPeriod:
        """Everything known by the end of `day`."""
        return cls(as_of=day, start=None, label=f"As of {_long(day)}")
