"""Observations and their versions: what a reader hands to the import service, and how the
series a board sees is chosen from every version stored.

A revised national file adds a new version of an observation; nothing is overwritten. The
series shown is, for each period, the latest version published on or before a date (today
by default), marked "revised" when an earlier version said something else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.metrics.words import DataKind

__all__ = [
    "DataVersionRef",
    "InvalidObservation",
    "MetricBatch",
    "ObservationRecord",
    "SeriesPoint",
    "StoredObservation",
    "current_series",
]


class InvalidObservation(ValueError):
    """An observation that breaks a rule; `field` names the part at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class ObservationRecord:
    """One value read from a file: organisation, metric, period, value or suppressed, and the
    row it came from (for error messages and the record's source). A value or numerator is
    never negative and a denominator never zero (`InvalidObservation`)."""

    org_code: str
    metric_code: str
    period_start: dt.date
    period_end: dt.date
    value: float | None
    row: int
    org_name: str = ""
    suppressed: bool = False
    numerator: float | None = None
    denominator: float | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not self.org_code.strip():
            raise InvalidObservation("org_code", "an observation needs an organisation code")
        if self.period_end < self.period_start:
            raise InvalidObservation("period_end", "the period ends before it starts")
        if self.suppressed and self.value is not None:
            raise InvalidObservation("value", "a suppressed observation has no value")
        # Every unit of the catalogue (a percentage, days, a count, bed days) starts at zero.
        for name in ("value", "numerator"):
            number = getattr(self, name)
            if number is not None and number < 0:
                raise InvalidObservation(
                    name, "is negative, which no metric of the catalogue can be"
                )
        if self.denominator is not None and self.denominator <= 0:
            raise InvalidObservation(
                "denominator", "is not above zero: a proportion is of a number above zero"
            )
        if not self.suppressed and self.value is None:
            raise InvalidObservation("value", "a value is missing (and not marked suppressed)")

    @property
    def key(self) -> tuple[str, str, dt.date, dt.date]:
        return (self.org_code, self.metric_code, self.period_start, self.period_end)


@dataclass(frozen=True)
class MetricBatch:
    """Every observation of one source file, validated, with the file's identity.

    `published_on` is the publication date the file states (None when it states none: the
    importer then takes a date given by the person importing, else stores it as unknown).
    `org_scope` is empty for the whole file, else the one organisation taken from it.
    """

    kind: DataKind
    file_name: str
    sha256: str
    publication: str
    published_on: dt.date | None
    rows_read: int
    observations: tuple[ObservationRecord, ...]
    source: str = ""
    org_scope: str = ""

    def only(self, org_code: str) -> MetricBatch:
        """The batch with only `org_code`'s observations, scoped to it (so importing the
        whole file later still adds the other organisations)."""
        return dataclasses.replace(
            self,
            observations=tuple(o for o in self.observations if o.org_code == org_code),
            org_scope=org_code,
        )


@dataclass(frozen=True)
class DataVersionRef:
    """The data version an observation came from.

    `published_on` is None when the publication date is unknown (a file that does not state
    it, imported without being told): it is shown as "publication date unknown", never as
    the day it was imported. `imported_on` is the day it was stored.
    """

    id: int
    kind: DataKind
    file_name: str
    publication: str
    published_on: dt.date | None
    sha256: str
    imported_on: dt.date | None = None

    @property
    def counts_from(self) -> dt.date:
        """The day from which the version counts as out: its publication date, else the day
        it was imported (the first day it is known to have been out).

        >>> v = DataVersionRef(1, DataKind.OAPS, "a.csv", "", None, "1", dt.date(2024, 3, 9))
        >>> v.counts_from
        datetime.date(2024, 3, 9)
        """
        return self.published_on or self.imported_on or dt.date.min


@dataclass(frozen=True)
class StoredObservation:
    """One stored version of an observation."""

    period_start: dt.date
    period_end: dt.date
    value: float | None
    suppressed: bool
    numerator: float | None
    denominator: float | None
    source: str
    version: DataVersionRef


@dataclass(frozen=True)
class SeriesPoint:
    """A period's value as shown: the latest version, and every earlier one kept with it."""

    current: StoredObservation
    earlier: tuple[StoredObservation, ...]

    @property
    def revised(self) -> bool:
        """True when an earlier version gave a different value (or suppression)."""
        return any(
            (e.value, e.suppressed) != (self.current.value, self.current.suppressed)
            for e in self.earlier
        )

    @property
    def period_start(self) -> dt.date:
        return self.current.period_start

    @property
    def period_end(self) -> dt.date:
        return self.current.period_end

    @property
    def value(self) -> float | None:
        return self.current.value


def current_series(
    observations: Iterable[StoredObservation], as_published_on: dt.date | None = None
) -> tuple[SeriesPoint, ...]:
    """Each period's latest version published on or before `as_published_on` (all versions
    when None), in period order; versions published later are ignored, as if not yet out.

    Versions published the same day are ordered by when they were stored. A version whose
    publication date is unknown counts from the day it was imported (`counts_from`).

    >>> v1 = DataVersionRef(1, DataKind.METRIC_CSV, "a.csv", "", dt.date(2024, 1, 5), "1")
    >>> v2 = DataVersionRef(2, DataKind.METRIC_CSV, "b.csv", "", dt.date(2024, 2, 5), "2")
    >>> jan = (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    >>> obs = [StoredObservation(*jan, 10.0, False, None, None, "", v1),
    ...        StoredObservation(*jan, 12.0, False, None, None, "", v2)]
    >>> [p.value for p in current_series(obs)], current_series(obs)[0].revised
    ([12.0], True)
    >>> [p.value for p in current_series(obs, dt.date(2024, 1, 31))]
    [10.0]
    """
    periods: dict[tuple[dt.date, dt.date], list[StoredObservation]] = {}
    for o in observations:
        if as_published_on is None or o.version.counts_from <= as_published_on:
            periods.setdefault((o.period_start, o.period_end), []).append(o)
    points = []
    for key in sorted(periods, key=lambda k: (k[1], k[0])):
        versions = sorted(periods[key], key=lambda o: (o.version.counts_from, o.version.id))
        points.append(SeriesPoint(current=versions[-1], earlier=tuple(versions[:-1])))
    return tuple(points)
