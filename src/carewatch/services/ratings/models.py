"""What the ratings service returns: plain frozen values for CLI, API and pages.

Nothing here touches the database; `carewatch.services.ratings` builds these. `NotFound` is
the error every area shares (`carewatch.services.errors`), re-exported for the callers that
import it with these values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from carewatch.domain.ratings import Aspect, KeyQuestion, PublishedRating, Rating
from carewatch.services.errors import NotFound

__all__ = [
    "AuditFinding",
    "Cell",
    "Grid",
    "GridRow",
    "HistoryEntry",
    "ImportSummary",
    "LocationSummary",
    "NotFound",
    "Page",
    "Progress",
    "TableCounts",
    "TrustName",
    "TrustSummary",
]

T = TypeVar("T")

Progress = Callable[[int, int | None], None]
"""Called as an import writes: `progress(done, total)` records; `total` is None while a
streamed file is still being read."""


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table a batch added, changed, and left as they were."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, table by table, and how many aggregates it re-proposed."""

    source: str
    kind: str
    sha256: str
    tables: Mapping[str, TableCounts]
    aggregates: int
    import_id: int | None = None

    @property
    def new(self) -> int:
        return sum(c.new for c in self.tables.values())

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.tables.values())


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: `data` and the `count` of all matches."""

    data: Sequence[T]
    count: int


@dataclass(frozen=True)
class Cell:
    """One published rating in a grid, with the rules' proposal where it is an aggregate."""

    aspect: Aspect
    rating: PublishedRating
    rating_date: dt.date
    inherited: bool = False
    stale: bool = False  # older than CQC's normal maximum re-inspection interval for it
    report_url: str | None = None
    proposed: Rating | None = None  # what the rules propose (aggregates only)
    rule: str | None = None
    reason: str | None = None
    rationale: str | None = None  # recorded reason for a departure from the proposal
    explanation: str | None = None  # for a departure: its likely explanation (see the audit)
    predates_beneath: bool = False
    """What the rules gave when it was published, with newer ratings beneath since: not a
    departure from the rules, and marked as such rather than as one."""

    @property
    def departs(self) -> bool:
        """True when a published rating differs from the rules' proposal.

        A non-rating state ("Inspected but not rated") is not a departure: nothing was rated;
        nor is a rating the rules gave when it was published (`predates_beneath`).
        """
        return (
            self.proposed is not None
            and isinstance(self.rating, Rating)
            and self.rating != self.proposed
            and not self.predates_beneath
        )


@dataclass(frozen=True)
class GridRow:
    """A row of the ratings grid: a core service, a location, or the trust itself."""

    label: str
    kind: str  # "service", "location" or "trust"
    cells: Mapping[Aspect, Cell]
    location_id: str | None = None


@dataclass(frozen=True)
class Grid:
    """The ratings grid as CQC draws it: rows, then the trust (or location) row."""

    subject_id: str
    subject_name: str
    subject_kind: str  # "provider" or "location"
    trust_type: str | None
    rows: Sequence[GridRow]
    summary_row: GridRow | None
    as_of: dt.date


@dataclass(frozen=True)
class TrustSummary:
    provider_id: str
    name: str
    trust_type: str | None
    region: str | None
    overall: Cell | None
    key_questions: Mapping[KeyQuestion, Cell] = field(default_factory=dict)
    synthetic: bool = False
    location_count: int = 0
    report_count: int = 0


@dataclass(frozen=True)
class TrustName:
    """A trust as a list of every trust names it: its id, its name (the id when it has
    none) and whether it is made up."""

    provider_id: str
    name: str
    synthetic: bool = False


@dataclass(frozen=True)
class LocationSummary:
    location_id: str
    provider_id: str
    name: str
    registration_status: str | None
    overall: Cell | None
    inherited: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    """One report in a rating history, with the ratings it published for the subject."""

    report_date: dt.date
    report_link_id: str | None
    report_type: str | None
    url: str | None
    overall: PublishedRating | None
    key_questions: Mapping[KeyQuestion, PublishedRating]
    inherited: bool = False


@dataclass(frozen=True)
class AuditFinding:
    """A stored aggregate whose published value differs from what the rules propose."""

    subject_id: str
    subject_name: str
    row_label: str  # the service, location or trust whose aggregate it is
    aspect: Aspect
    published: Rating
    published_date: dt.date
    proposed: Rating
    rule: str
    reason: str
    explanation: str
    underlying: Mapping[str, PublishedRating] = field(default_factory=dict)
    as_rules_gave_then: bool = False
    """The rules applied to the ratings beneath as they stood when it was published give the
    published rating: it departs only because newer ratings beneath came later."""
