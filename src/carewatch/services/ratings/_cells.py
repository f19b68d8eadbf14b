"""Turning stored ratings into grid cells: report links, staleness and proposals."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, select

from carewatch.domain.ratings import Rating
from carewatch.services.ratings._facts import RATING_BY_WORD, Fact, UnitKey
from carewatch.services.ratings.models import Cell
from carewatch.store.tables.ratings import REPORTS

__all__ = [
    "REINSPECTION_MONTHS",
    "cell_of",
    "is_stale",
    "latest_by_unit",
    "report_urls",
]


REINSPECTION_MONTHS: Mapping[Rating, int] = {
    Rating.INADEQUATE: 12,
    Rating.REQUIRES_IMPROVEMENT: 24,
    Rating.GOOD: 42,
    Rating.OUTSTANDING: 60,
}
"""CQC's normal maximum interval between inspections of an NHS trust by its last rating
(from June 2017): Inadequate 12 months, Requires improvement 2 years, Good 3.5 years,
Outstanding 5 years. regulatory-framework.md §1.4, from the Government's answer of 25 July
2019: https://parallelparliament.co.uk/question/HL17299/psychiatric-hospitals-children-and-young-people
"""


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(rating: object, rating_date: dt.date, as_of: dt.date) -> bool:
    """True when a rating is older than CQC's normal maximum re-inspection interval for it.

    Non-rating states ("Not rated") have no interval and are never stale.

    >>> is_stale(Rating.INADEQUATE, dt.date(2020, 1, 31), dt.date(2021, 2, 1))
    True
    >>> is_stale(Rating.GOOD, dt.date(2020, 1, 31), dt.date(2023, 7, 31))
    False
    """
    if not isinstance(rating, Rating):
        return False
    return as_of > _add_months(rating_date, REINSPECTION_MONTHS[rating])


def latest_by_unit(facts: Iterable[Fact]) -> dict[tuple[str, UnitKey], Fact]:
    """Each provider's units as CQC shows them now: the current rating of each unit.

    CQC marks the ratings it currently shows (`current`); a later historic entry, such as an
    inspection that did not re-rate ("Inspected but not rated"), does not replace them. A unit
    with no current rating (a service since superseded) is left out, unless the provider has
    no current ratings at all, when the latest rating of every unit stands.
    """
    latest: dict[tuple[str, UnitKey], Fact] = {}
    has_current: set[str] = set()
    for fact in facts:
        key = (fact.provider_id, fact.unit)
        if fact.current:
            has_current.add(fact.provider_id)
        seen = latest.get(key)
        if seen is None or (fact.current, fact.rating_date, fact.id) > (
            seen.current,
            seen.rating_date,
            seen.id,
        ):
            latest[key] = fact
    return {
        key: fact
        for key, fact in latest.items()
        if fact.current or fact.provider_id not in has_current
    }


def report_urls(conn: Connection, link_ids: Iterable[str | None]) -> dict[str, str]:
    """The stored url of each report that has one."""
    ids = sorted({link for link in link_ids if link})
    urls: dict[str, str] = {}
    reports = REPORTS.c
    for start in range(0, len(ids), 5000):
        query = select(reports.link_id, reports.url).where(
            reports.link_id.in_(ids[start : start + 5000]), reports.url.is_not(None)
        )
        urls.update({row[0]: row[1] for row in conn.execute(query)})
    return urls


def cell_of(fact: Fact, *, as_of: dt.date, urls: Mapping[str, str]) -> Cell:
    """One stored rating as a grid cell."""
    # Only a link the source gave: an address made up from an id could point nowhere, and a
    # synthetic trust's report is on no one's site.
    url = urls.get(fact.report_link_id) if fact.report_link_id else None
    proposed = RATING_BY_WORD.get(fact.proposed_rating or "")
    return Cell(
        aspect=fact.aspect,
        rating=fact.rating,
        rating_date=fact.rating_date,
        inherited=fact.inherited,
        stale=is_stale(fact.rating, fact.rating_date, as_of),
        report_url=url,
        proposed=proposed if isinstance(proposed, Rating) else None,
        rule=fact.proposed_rule,
        reason=fact.proposed_reason,
        rationale=fact.rationale,
    )
