"""Counts become measures: the monthly observations of the metrics catalogue a trust's
stored incidents give.

- **Reported**: for each category with a measure (`REPORTED`, today medication errors:
  `medication_errors_reported`), the incidents of that category (event type *incident*)
  reported in each month. The months run from the first month with an incident of the
  category to the last month in which the trust reported any incident, both complete by
  `as_of`; a month in that span with none counts 0 (the trust was recording, and recorded
  none), a month outside it is not a zero but unknown, so it has no observation.
- **Investigated within policy time**: for each category with such a measure
  (`INVESTIGATED`: `medication_errors_investigated_in_time`), of the incidents reported in
  the month whose investigation deadline has a known outcome (the SIF report under the 2015
  framework, the learning response by its agreed date under PSIRF: `INVESTIGATION_DUTIES`),
  the percentage that met it. A month with none known has no observation.

Small numbers are published as the public summary publishes them (`Count.of`): a count from
1 to 4 is stored suppressed (shown as "fewer than 5"), and so is a percentage of 1 to 4
incidents, whose numerator and denominator are never stored, so no count of 1 to 4 can be
worked back from a published figure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.incidents.clocks import Duty, DutyStep
from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.summary import SUPPRESS_BELOW, Count
from carewatch.domain.incidents.words import Category, EventType

__all__ = [
    "INVESTIGATED",
    "INVESTIGATION_DUTIES",
    "REPORTED",
    "DerivedObservation",
    "derive_measures",
    "month_bounds",
]

REPORTED: dict[Category, str] = {Category.MEDICATION: "medication_errors_reported"}
"""Category → the catalogue's measure of incidents of it reported in a month."""
INVESTIGATED: dict[Category, str] = {Category.MEDICATION: "medication_errors_investigated_in_time"}
"""Category → the catalogue's measure of its incidents investigated within policy time."""
INVESTIGATION_DUTIES = frozenset({Duty.SIF_REPORT, Duty.LEARNING_RESPONSE})
"""The deadlines an investigation meets or misses: the SIF report, the learning response."""

Month = tuple[int, int]


def month_bounds(month: Month) -> tuple[dt.date, dt.date]:
    """The first and last day of (year, month).

    >>> month_bounds((2020, 2))
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    """
    year, number = month
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return dt.date(year, number, 1), following - dt.timedelta(days=1)


def _month(day: dt.date) -> Month:
    return (day.year, day.month)


def _span(first: Month, last: Month) -> list[Month]:
    months = []
    year, number = first
    while (year, number) <= last:
        months.append((year, number))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return months


@dataclass(frozen=True)
class DerivedObservation:
    """One month's value of one measure derived from incidents: `value` is None when
    `suppressed`; `illustrative` when any incident counted in it is illustrative."""

    metric_code: str
    month: Month
    value: float | None
    suppressed: bool
    source: str
    illustrative: bool

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return month_bounds(self.month)

    @property
    def shown(self) -> str:
        """The figure as published: the value, or "fewer than 5"."""
        if self.suppressed:
            return f"fewer than {SUPPRESS_BELOW}"
        assert self.value is not None
        return f"{self.value:g}"


def _source(what: str, illustrative: bool) -> str:
    words = f"derived from the trust's incidents: {what}"
    return f"illustrative: {words} (illustrative incidents)" if illustrative else words


def derive_measures(
    incidents: Iterable[Incident], steps: Iterable[DutyStep], as_of: dt.date
) -> tuple[DerivedObservation, ...]:
    """The observations the trust's `incidents` (with their duty `steps` as of `as_of`) give,
    for the months complete by the end of `as_of`, by metric code then month."""
    counted = [i for i in incidents if month_bounds(_month(i.reported))[1] <= as_of]
    if not counted:
        return ()
    last = max(_month(i.reported) for i in counted)
    by_reference = {i.reference: i for i in counted}
    found: list[DerivedObservation] = []
    for category, code in REPORTED.items():
        mine = [i for i in counted if i.category is category and i.event_type is EventType.INCIDENT]
        if not mine:
            continue
        months = Counter(_month(i.reported) for i in mine)
        for month in _span(min(months), last):
            illustrative = any(i.illustrative for i in mine if _month(i.reported) == month)
            count = Count.of(months[month])
            found.append(
                DerivedObservation(
                    code,
                    month,
                    None if count.suppressed else float(months[month]),
                    count.suppressed,
                    _source(f"{category.value} incidents reported in the month", illustrative),
                    illustrative,
                )
            )
    outcomes: dict[tuple[Category, Month], list[tuple[bool, Incident]]] = {}
    for s in steps:
        incident = by_reference.get(s.incident)
        if incident is None or s.duty not in INVESTIGATION_DUTIES or s.met is None:
            continue
        if incident.category in INVESTIGATED:
            key = (incident.category, _month(incident.reported))
            outcomes.setdefault(key, []).append((s.met, incident))
    for (category, month), results in sorted(
        outcomes.items(), key=lambda kv: (INVESTIGATED[kv[0][0]], kv[0][1])
    ):
        known = len(results)
        met = sum(1 for ok, _ in results if ok)
        suppressed = Count.of(known).suppressed
        illustrative = any(i.illustrative for _, i in results)
        found.append(
            DerivedObservation(
                INVESTIGATED[category],
                month,
                None if suppressed else round(100 * met / known, 1),
                suppressed,
                _source(
                    f"{category.value} incidents reported in the month whose investigation "
                    "met its deadline, of those whose deadline has passed or was met",
                    illustrative,
                ),
                illustrative,
            )
        )
    return tuple(sorted(found, key=lambda o: (o.metric_code, o.month)))
