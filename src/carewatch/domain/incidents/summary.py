"""A trust's incidents as the public may see them: counts by month, physical harm and
category, and how many duty deadlines were met or missed, with small numbers suppressed.

Counts of 1 to 4 are shown as "fewer than 5" (`Count.suppressed`), as NHS England's
statistics suppress small numbers so that no one can be recognised from them (the Friends
and Family Test's publication: a first level for fewer than 5, and a second level that
stops back-calculation; https://github.com/nhsengland/fft_pipeline/blob/main/SUPPRESSION.md).
Zero is shown as 0: an absence names no one.

Each breakdown adds up to the total, so one suppressed cell beside a shown total could be
worked out by subtraction. When only one cell of a breakdown is suppressed and the total is
shown, the smallest other non-zero cell is suppressed too (the second level), so no cell can
be recovered from the others. No free text and no patient's details enter a summary: it is
built from the incidents' dates, harm, category and duty steps only.

>>> Count.of(3).shown, Count.of(0).shown, Count.of(12).shown
('fewer than 5', '0', '12')
>>> [c.shown for _, c in breakdown([("a", 7), ("b", 2), ("c", 6)], total=15)]
['7', 'fewer than 5', 'not shown']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from carewatch.domain.incidents.clocks import Duty, DutyStep
from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.words import Category, PhysicalHarm

__all__ = [
    "SUPPRESS_BELOW",
    "Count",
    "DeadlineCounts",
    "IncidentSummary",
    "breakdown",
    "summarise",
]

SUPPRESS_BELOW = 5
"""Counts from 1 to `SUPPRESS_BELOW` - 1 are shown as "fewer than 5"."""


@dataclass(frozen=True)
class Count:
    """A count as published: its value, or None when it is suppressed, either for being from
    1 to 4 or (`secondary`) so that another suppressed count cannot be worked out."""

    value: int | None
    suppressed: bool = False
    secondary: bool = False

    @classmethod
    def of(cls, n: int) -> Count:
        """`n` as published: suppressed when from 1 to 4."""
        if n < 0:
            raise ValueError("a count is never negative")
        if 0 < n < SUPPRESS_BELOW:
            return cls(None, True)
        return cls(n)

    @property
    def shown(self) -> str:
        """The words a page shows: the number, "fewer than 5", or "not shown" for a count
        suppressed only so that another cannot be worked out."""
        if self.secondary:
            return "not shown"
        return f"fewer than {SUPPRESS_BELOW}" if self.suppressed else str(self.value)


def breakdown(cells: Sequence[tuple[str, int]], *, total: int) -> tuple[tuple[str, Count], ...]:
    """`cells` (key, count) as published beside a total of `total`: 1-4 suppressed, and, when
    that leaves exactly one cell suppressed while the total is shown, the smallest other
    non-zero cell suppressed too (the first such in `cells` on a tie)."""
    published = [(key, Count.of(n)) for key, n in cells]
    hidden = [i for i, (_, c) in enumerate(published) if c.suppressed]
    if len(hidden) == 1 and not Count.of(total).suppressed:
        others = [(n, i) for i, (_, n) in enumerate(cells) if i not in hidden and n > 0]
        if others:
            _, i = min(others)
            published[i] = (published[i][0], Count(None, True, secondary=True))
    return tuple(published)


@dataclass(frozen=True)
class DeadlineCounts:
    """For one duty, the steps done by their deadline and those done late or still overdue."""

    duty: Duty
    met: Count
    missed: Count


@dataclass(frozen=True)
class IncidentSummary:
    """What the public may know of a trust's incidents as of a day."""

    trust: str
    as_of: dt.date
    total: Count
    by_month: tuple[tuple[str, Count], ...]  # "YYYY-MM" of the day reported, oldest first
    by_physical_harm: tuple[tuple[PhysicalHarm, Count], ...]  # none to fatal
    by_category: tuple[tuple[Category, Count], ...]  # in `Category`'s order
    deadlines: tuple[DeadlineCounts, ...]  # in `Duty`'s order, duties with a known outcome
    illustrative: bool  # some incident counted is illustrative


def summarise(
    trust: str,
    as_of: dt.date,
    incidents: Iterable[Incident],
    steps: Iterable[DutyStep],
) -> IncidentSummary:
    """The summary of `incidents` reported by the end of `as_of`, with their duty `steps`
    (as `duty_steps` gives them as of that day); months, harm levels and categories with no
    incident are left out."""
    counted = [i for i in incidents if i.reported <= as_of]
    total = len(counted)
    months = Counter(i.reported.strftime("%Y-%m") for i in counted)
    harms = Counter(i.physical_harm for i in counted)
    categories = Counter(i.category for i in counted)
    outcomes: dict[Duty, Counter[bool]] = {}
    for s in steps:
        if s.met is not None:
            outcomes.setdefault(s.duty, Counter())[s.met] += 1
    return IncidentSummary(
        trust=trust,
        as_of=as_of,
        total=Count.of(total),
        by_month=breakdown(sorted(months.items()), total=total),
        by_physical_harm=_typed(
            breakdown([(h.value, harms[h]) for h in PhysicalHarm if harms[h]], total=total),
            PhysicalHarm,
        ),
        by_category=_typed(
            breakdown([(c.value, categories[c]) for c in Category if categories[c]], total=total),
            Category,
        ),
        deadlines=tuple(
            DeadlineCounts(d, Count.of(outcomes[d][True]), Count.of(outcomes[d][False]))
            for d in Duty
            if d in outcomes
        ),
        illustrative=any(i.illustrative for i in counted),
    )


W = TypeVar("W", PhysicalHarm, Category)


def _typed(cells: tuple[tuple[str, Count], ...], word: type[W]) -> tuple[tuple[W, Count], ...]:
    return tuple((word(key), count) for key, count in cells)
