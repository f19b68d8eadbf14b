"""Working days in England: not a Saturday, a Sunday or an English bank holiday.

Bank holidays come from the `holidays` package (`country_holidays("GB", subdiv="ENG")`),
which keeps the published list, substitute days and one-off holidays (the 2022 Platinum
Jubilee and the Queen's state funeral, the 2023 coronation), rather than from dates typed
here (docs/adr/0011-bank-holidays-from-the-holidays-package.md). Christmas Day and Good
Friday, common-law holidays rather than bank holidays in England, are in its list too.

The counting rule, for every clock that counts working days: "within N working days of
being reported" ends on the Nth working day *after* the report day. The report day itself
never counts, whether or not it is a working day; the deadline is the end of that Nth day.

>>> add_working_days(dt.date(2019, 12, 20), 2).isoformat()  # Fri; 23, 24 Dec are Mon, Tue
'2019-12-24'
>>> add_working_days(dt.date(2019, 12, 24), 1).isoformat()  # Christmas and Boxing Day skipped
'2019-12-27'
>>> is_working_day(dt.date(2022, 9, 19))  # the Queen's state funeral
False
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

__all__ = ["add_working_days", "bank_holidays", "is_working_day"]


@functools.lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England's bank holidays (and Christmas Day and Good Friday) in `year`, with the
    days that stand in for those falling at a weekend."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`th working day after `start` (`start` itself never counts); `start` when
    `count` is 0.

    >>> add_working_days(dt.date(2023, 5, 5), 1).isoformat()  # Fri; Mon 8 May: coronation
    '2023-05-09'
    """
    if count < 0:
        raise ValueError("a number of working days is never negative")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
