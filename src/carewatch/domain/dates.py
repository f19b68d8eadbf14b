"""The one rule for the day a thing happened: it is not after today.

A fact that is recorded (a move of an action, evidence received, a verdict, a finding's
report, a milestone done, a regime decision, a meeting, a commitment made or met, a notice
served, a rating published) happened on or before the day it is recorded. A date in the
future is a typing slip, and kept it would do harm: a move dated 2099 would refuse every
real move after it, because an action's moves never go backwards. Dates that look ahead
(a due date, a deadline, the last day of a schedule) are promises, not facts, and may be in
the future.

"Today" is today in the United Kingdom, where the trusts are: Greenwich Mean Time in winter
and British Summer Time (an hour ahead) from 01:00 UTC on the last Sunday in March to 01:00
UTC on the last Sunday in October (the Summer Time Act 1972 as the Summer Time Order 2002
sets it, https://www.legislation.gov.uk/uksi/2002/262). It is never behind the day in UTC,
so a server on UTC that stamps "today" is never refused.

>>> uk_today(dt.datetime(2021, 6, 30, 23, 30, tzinfo=dt.UTC)).isoformat()
'2021-07-01'
>>> uk_today(dt.datetime(2021, 12, 31, 23, 30, tzinfo=dt.UTC)).isoformat()
'2021-12-31'
>>> check_happened(dt.date(2099, 1, 1), today=dt.date(2021, 3, 1), what="the move", field="on")
Traceback (most recent call last):
...
carewatch.domain.dates.FutureDate: the move is dated 2099-01-01, after today (2021-03-01): \
only what has already happened can be recorded
"""

from __future__ import annotations

import datetime as dt

__all__ = ["FutureDate", "check_happened", "duration_in_words", "uk_today"]


class FutureDate(ValueError):
    """A fact dated after today; `field` names the date to blame. Nothing is stored."""

    def __init__(self, what: str, day: dt.date, today: dt.date, field: str) -> None:
        super().__init__(
            f"{what} is dated {day.isoformat()}, after today ({today.isoformat()}): "
            "only what has already happened can be recorded"
        )
        self.what = what
        self.day = day
        self.today = today
        self.field = field


def check_happened(day: dt.date, *, today: dt.date, what: str, field: str) -> None:
    """Refuse `day` (the day `what` happened) when it is after `today`, with `FutureDate`.

    >>> check_happened(dt.date(2021, 3, 1), today=dt.date(2021, 3, 1), what="x", field="on")
    """
    if day > today:
        raise FutureDate(what, day, today, field)


def _last_sunday(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    last = first_of_next - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def uk_today(now: dt.datetime) -> dt.date:
    """The date in the United Kingdom at the moment `now` (naive is read as UTC).

    >>> uk_today(dt.datetime(2021, 3, 28, 0, 59, tzinfo=dt.UTC)).isoformat()  # still GMT
    '2021-03-28'
    >>> uk_today(dt.datetime(2021, 10, 30, 23, 0, tzinfo=dt.UTC)).isoformat()  # BST
    '2021-10-31'
    >>> uk_today(dt.datetime(2021, 10, 31, 23, 0, tzinfo=dt.UTC)).isoformat()  # GMT again
    '2021-10-31'
    """
    moment = now.astimezone(dt.UTC) if now.tzinfo else now.replace(tzinfo=dt.UTC)
    year = moment.year
    summer_starts = dt.datetime.combine(_last_sunday(year, 3), dt.time(1), dt.UTC)
    summer_ends = dt.datetime.combine(_last_sunday(year, 10), dt.time(1), dt.UTC)
    if summer_starts <= moment < summer_ends:
        moment += dt.timedelta(hours=1)
    return moment.date()


def duration_in_words(days: int) -> str:
    """A span of days as people say it: days under two months, months under two years, then
    years to the half (a year is 365.25 days, a month a twelfth of that).

    >>> [duration_in_words(d) for d in (1, 45, 400, 3288, 3470)]
    ['1 day', '45 days', 'about 13 months', 'about 9 years', 'about 9½ years']
    """
    if days < 61:
        return f"{days} day{'' if days == 1 else 's'}"
    months = days / (365.25 / 12)
    if months < 24:
        return f"about {round(months)} months"
    halves = round(days / 365.25 * 2)
    whole, half = divmod(halves, 2)
    return f"about {whole}{'½' if half else ''} years"
