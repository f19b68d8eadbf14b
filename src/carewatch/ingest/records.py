"""What a reader hands to the import service: validated, typed records of one source file.

Readers (`carewatch.ingest.cqc_api`, `carewatch.ingest.cqc_ratings`) parse and validate every
row and either return a complete `ImportBatch` or raise `IngestError` naming the file, sheet,
row and column. They never write; `carewatch.services.ratings.import_batch` does. A file too
big to hold whole (CQC's national "Latest ratings" file) is read as a `BatchStream`: its
batches come one chunk of rows at a time, and the import stores them in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from carewatch.domain.ratings import Aspect, PublishedRating

__all__ = [
    "BatchStream",
    "ImportBatch",
    "IngestError",
    "LocationRecord",
    "ProviderRecord",
    "RatingRecord",
    "ReportRecord",
]


class IngestError(ValueError):
    """A source file that cannot be imported, with where the problem is.

    The message never quotes free-text cells (they may hold personal data); it names the
    file, sheet, row and column and the offending value only when that value is a code or
    a rating word.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = [file]
        if sheet:
            where.append(f"sheet {sheet}")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.detail = message


@dataclass(frozen=True)
class ProviderRecord:
    """A registered provider; for NHS trusts the CQC provider id is the ODS code (RMY)."""

    provider_id: str
    name: str | None = None
    provider_type: str | None = (
        None  # CQC's "Provider Type/Sector", e.g. "NHS Healthcare Organisation"
    )
    trust_type: str | None = None  # a carewatch TrustType value when known, e.g. "mental_health"
    region: str | None = None
    ods_code: str | None = None
    synthetic: bool = False  # made-up demonstration data, always labelled as such


@dataclass(frozen=True)
class LocationRecord:
    location_id: str
    provider_id: str
    name: str | None = None
    ods_code: str | None = None
    location_type: str | None = None
    primary_inspection_category: str | None = None
    region: str | None = None
    registration_status: str | None = None
    registration_date: dt.date | None = None
    deregistration_date: dt.date | None = None


@dataclass(frozen=True)
class ReportRecord:
    """A published CQC report (an inspection's outcome), keyed by CQC's report link id."""

    link_id: str
    provider_id: str
    location_id: str | None
    report_date: dt.date
    report_type: str | None = None  # "Location", "Provider", "Well-led", ...
    url: str | None = None
    first_visit_date: dt.date | None = None


@dataclass(frozen=True)
class RatingRecord:
    """One published rating cell.

    The subject is the provider (location_id None) or a location; `service` is a core
    service's name (None for the provider/location as a whole). `aspect` is a key question,
    overall, use of resources or combined. Every rating keeps its own date.
    """

    provider_id: str
    location_id: str | None
    service: str | None
    aspect: Aspect
    rating: PublishedRating
    rating_date: dt.date
    report_link_id: str | None = None
    inherited: bool = False
    inherited_from: str | None = None  # CQC organisationId of the predecessor
    current: bool = True  # in CQC's current ratings (False: only in historic ratings)
    source: str = ""  # file and row/path, e.g. "location_RW603.json:currentRatings"
    report_type: str | None = None  # "Latest ratings" file: its "Report Type" column
    report_url: str | None = None  # "Latest ratings" file: its "URL" column (a CQC web page)

    @property
    def key(self) -> tuple[str, str, str, str, dt.date]:
        """Natural key: one rating per subject, service and aspect on a date."""
        return (
            self.provider_id,
            self.location_id or "",
            self.service or "",
            self.aspect.value,
            self.rating_date,
        )


@dataclass(frozen=True)
class ImportBatch:
    """Everything read from one source file, ready to be written in one transaction."""

    source: str  # file name as given by the user
    kind: str  # "cqc-api" or "cqc-ratings"
    sha256: str
    providers: tuple[ProviderRecord, ...] = ()
    locations: tuple[LocationRecord, ...] = ()
    reports: tuple[ReportRecord, ...] = ()
    ratings: tuple[RatingRecord, ...] = ()
    service_names: dict[str, str] = field(default_factory=dict)  # CQC area id → display name


@dataclass(frozen=True)
class BatchStream:
    """One source file read a chunk at a time, so that it is never held whole.

    Iterating it reads the file (again each time) and yields `ImportBatch` chunks with this
    `source`, `kind` and `sha256`; together they hold what one `ImportBatch` of the whole file
    would. A chunk's providers and locations are those its rows name first (a provider named
    by a Locations row may come again, with its details, from the Providers sheet), so each
    chunk can be stored on its own once the chunks before it are. Reading may raise
    `IngestError` at any chunk: the import that stores the chunks then stores nothing.
    """

    source: str
    kind: str
    sha256: str
    chunks: Callable[[], Generator[ImportBatch, None, None]]

    def __iter__(self) -> Generator[ImportBatch, None, None]:
        return self.chunks()
