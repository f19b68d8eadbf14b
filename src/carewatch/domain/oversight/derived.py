"""Facts derived from a trust's oversight record as of any date.

`derive_status` answers: which regime and since when; which segment; how many times the trust
was rated Inadequate overall; how long it has spent in quality special measures or the
Recovery Support Programme (in total and its longest continuous spell); when the next
inspection is due; what enforcement is open with which deadlines; which commitments are
overdue. Only what was known on the as-of date counts, so dates between events work.

Next inspection due: 12 months after entry to quality special measures (or after the latest
decision to retain it, when later), https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts;
otherwise the maximum interval after the latest overall rating, regulatory-framework reference
§1.4 (Inadequate 12 months, Requires improvement 2 years, Good 3.5 years, Outstanding 5 years),
https://parallelparliament.co.uk/question/HL17299/psychiatric-hospitals-children-and-young-people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carewatch.domain.oversight.enforcement import (
    EnforcementAction,
    EnforcementActionKind,
    NoticeStatus,
)
from carewatch.domain.oversight.engagement import Commitment
from carewatch.domain.oversight.regimes import RSP_START, Regime
from carewatch.domain.oversight.transitions import RegimeHistory
from carewatch.domain.ratings import Rating

__all__ = [
    "REINSPECTION_MONTHS",
    "SPECIAL_MEASURES_REINSPECTION_MONTHS",
    "OpenEnforcement",
    "OverallRating",
    "OversightStatus",
    "Spell",
    "add_months",
    "derive_status",
    "intensive_spells",
]

REINSPECTION_MONTHS: Mapping[Rating, int] = {
    Rating.INADEQUATE: 12,
    Rating.REQUIRES_IMPROVEMENT: 24,
    Rating.GOOD: 42,
    Rating.OUTSTANDING: 60,
}
"""Longest normal interval before re-inspection by overall rating (NHS trusts, June 2017 on).
https://parallelparliament.co.uk/question/HL17299/psychiatric-hospitals-children-and-young-people"""

SPECIAL_MEASURES_REINSPECTION_MONTHS = 12
"""CQC usually re-inspects within 12 months of entry to special measures.
https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts"""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class OverallRating:
    """A trust's overall rating as published on `published`."""

    published: dt.date
    rating: Rating
    source: str = ""


@dataclass(frozen=True)
class Spell:
    """A continuous stretch in special measures or the RSP: `start` to `end` (exclusive)."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class OpenEnforcement:
    """An enforcement action open on the as-of date, with its pending deadlines."""

    kind: EnforcementActionKind
    title: str
    issued: dt.date
    deadlines: tuple[dt.date, ...]
    source: str


@dataclass(frozen=True)
class OversightStatus:
    """Everything `derive_status` works out, as of `as_of`."""

    as_of: dt.date
    regime: Regime
    since: dt.date | None
    segment: int | None
    times_rated_inadequate: int
    days_in_special_measures_or_rsp: int
    longest_spell_days: int
    next_inspection_due: dt.date | None
    next_inspection_basis: str
    open_enforcement: tuple[OpenEnforcement, ...]
    overdue_commitments: tuple[Commitment, ...]


def intensive_spells(history: RegimeHistory, as_of: dt.date) -> tuple[Spell, ...]:
    """Spells in quality special measures, segment 4 from July 2021, or segment 5, up to
    `as_of` (exclusive), with back-to-back periods joined into one spell."""
    spells: list[Spell] = []
    for period in history.periods:
        start = period.start
        if period.regime is Regime.SEGMENT_4:
            start = max(start, RSP_START)
        elif not period.regime.intensive_on(start):
            continue
        end = as_of if period.end is None else min(period.end, as_of)
        if end <= start:
            continue
        if spells and spells[-1].end == start:
            spells[-1] = Spell(spells[-1].start, end)
        else:
            spells.append(Spell(start, end))
    return tuple(spells)


def derive_status(
    *,
    history: RegimeHistory,
    ratings: Sequence[OverallRating],
    enforcement: Sequence[EnforcementAction] = (),
    commitments: Sequence[Commitment] = (),
    as_of: dt.date,
) -> OversightStatus:
    """The oversight facts of one trust as known on `as_of`.

    `ratings` are the trust's overall ratings with their publication dates; only those
    published on or before `as_of` count. Days in regimes count up to `as_of` (exclusive).
    """
    period = history.as_of(as_of)
    regime = Regime.NONE if period is None else period.regime
    known = sorted((r for r in ratings if r.published <= as_of), key=lambda r: r.published)
    spells = intensive_spells(history, as_of)
    due, basis = _next_inspection(history, known, as_of)
    open_actions = tuple(
        OpenEnforcement(a.kind, a.title, a.issued, a.deadlines(as_of), a.source)
        for a in sorted(enforcement, key=lambda a: (a.issued, a.title))
        if a.status(as_of) is NoticeStatus.OPEN
    )
    return OversightStatus(
        as_of=as_of,
        regime=regime,
        since=None if period is None else period.start,
        segment=regime.segment,
        times_rated_inadequate=sum(1 for r in known if r.rating is Rating.INADEQUATE),
        days_in_special_measures_or_rsp=sum(s.days for s in spells),
        longest_spell_days=max((s.days for s in spells), default=0),
        next_inspection_due=due,
        next_inspection_basis=basis,
        open_enforcement=open_actions,
        overdue_commitments=tuple(
            c
            for c in sorted(commitments, key=lambda c: (c.due or c.made_on, c.what))
            if c.overdue(as_of)
        ),
    )


def _next_inspection(
    history: RegimeHistory, known: Sequence[OverallRating], as_of: dt.date
) -> tuple[dt.date | None, str]:
    period = history.as_of(as_of)
    if period is not None and period.regime is Regime.QUALITY_SPECIAL_MEASURES:
        retained = [d.date for d in period.retentions if d.date <= as_of]
        start = max([period.start, *retained])
        what = "retention in" if retained else "entry to"
        return (
            add_months(start, SPECIAL_MEASURES_REINSPECTION_MONTHS),
            f"12 months after {what} special measures on {start.isoformat()}",
        )
    if not known:
        return None, "no overall rating published yet"
    latest = known[-1]
    months = REINSPECTION_MONTHS[latest.rating]
    return (
        add_months(latest.published, months),
        f"{months} months after the overall rating {latest.rating.label} "
        f"published on {latest.published.isoformat()}",
    )
