"""Nothing recorded happened after today, and today is today in the United Kingdom.

British Summer Time runs from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last
Sunday in October (the Summer Time Order 2002); the UK's day is then an hour ahead of UTC's.
Each row: a moment in UTC and the day it is in the UK, worked out from the calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.dates import FutureDate, check_happened, uk_today

UTC_TO_UK_DAY = """
moment (UTC)        UK day      why
2021-01-15 23:30    2021-01-15  winter: GMT
2021-03-28 00:59    2021-03-28  last Sunday in March, before 01:00 UTC: still GMT
2021-03-28 23:30    2021-03-29  BST from 01:00 UTC: 23:30 UTC is 00:30 the next day
2021-06-30 23:00    2021-07-01  summer: BST
2021-10-30 23:00    2021-10-31  the night before the last Sunday in October: BST
2021-10-31 00:59    2021-10-31  01:59 BST, still summer time
2021-10-31 23:30    2021-10-31  GMT again from 01:00 UTC
2024-03-31 00:30    2024-03-31  2024's last Sunday in March is the 31st: GMT before 01:00
2024-03-30 23:30    2024-03-30  the Saturday before: GMT
2024-10-26 23:30    2024-10-27  2024's last Sunday in October is the 27th: BST the night before
"""


def _rows() -> list[tuple[str, str, str]]:
    lines = [line for line in UTC_TO_UK_DAY.strip().splitlines()[1:] if line.strip()]
    return [(line[:16], line[20:30], line[32:]) for line in lines]


@pytest.mark.parametrize(("moment", "day", "why"), _rows(), ids=[r[0] for r in _rows()])
def test_the_day_in_the_uk(moment: str, day: str, why: str) -> None:
    at = dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC)
    assert uk_today(at) == dt.date.fromisoformat(day), why


def test_a_naive_moment_is_read_as_utc() -> None:
    assert uk_today(dt.datetime(2021, 6, 30, 23, 0)) == dt.date(2021, 7, 1)


@pytest.mark.parametrize(
    ("day", "refused"),
    [("2021-03-01", False), ("2021-02-28", False), ("2021-03-02", True), ("2099-01-01", True)],
)
def test_a_fact_is_refused_only_when_dated_after_today(day: str, refused: bool) -> None:
    today = dt.date(2021, 3, 1)
    given = dt.date.fromisoformat(day)
    if not refused:
        check_happened(given, today=today, what="the move", field="on")
        return
    with pytest.raises(FutureDate) as error:
        check_happened(given, today=today, what="the move", field="on")
    assert (error.value.field, error.value.day, error.value.today) == ("on", given, today)
    assert str(error.value) == (
        f"the move is dated {day}, after today (2021-03-01): "
        "only what has already happened can be recorded"
    )
