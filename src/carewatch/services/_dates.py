"""The clock the writers check a fact's date against: today in the United Kingdom
(`carewatch.domain.dates`). Every writer that records the day a thing happened calls
`refuse_future` before it opens its transaction, so nothing is stored when it refuses."""

from __future__ import annotations

import datetime as dt

from carewatch.domain.dates import FutureDate, check_happened, uk_today

__all__ = ["FutureDate", "refuse_future", "today_in_uk"]


def today_in_uk() -> dt.date:
    """Today in the United Kingdom, by the clock of the machine (read in UTC)."""
    return uk_today(dt.datetime.now(dt.UTC))


def refuse_future(day: dt.date | None, *, what: str, field: str) -> None:
    """`FutureDate` when `day` (the day `what` happened; None for not given) is after today
    in the United Kingdom."""
    if day is not None:
        check_happened(day, today=today_in_uk(), what=what, field=field)
