"""Read CQC's monthly "Latest ratings" file (ODS, XLSX or CSV) into `ImportBatch` chunks.

    >>> [batch] = read_cqc_ratings("01_March_2025_Latest_ratings.ods")  # doctest: +SKIP
    >>> batch.kind  # doctest: +SKIP
    'cqc-ratings'

The file has a Locations sheet and a Providers sheet, one row per rated subject, service
(or population group) and domain; the columns are in `carewatch.ingest.ratings_columns`.
Sheets are found by name ("Locations", "Locations (Latest ratings)", "PROVIDERS", ...) or,
failing that, by their columns; README and notes sheets are skipped. The header row is the
first of the first 30 rows that holds the sheet's ID column, so title rows above it are fine.
A CSV file is one sheet, a Locations sheet if it has a "Location ID" column. Finding the
tables is `carewatch.ingest._cqc_ratings_tables`; this module reads their rows.

Each row becomes a `RatingRecord`: "Service / Population Group" "Overall" or empty means the
subject as a whole (service None), anything else names the service; "Domain" is the aspect;
"Latest Rating" a rating or a non-rating state; "Publication Date" a spreadsheet date, an ISO
date or dd/mm/yyyy; "Inherited Rating (Y/N)" Y marks an inherited rating. Provider and
location records come from the same rows; where a provider is on both sheets the Providers
sheet's details win. A provider known only from the Locations sheet (a CSV of that sheet
alone) is an NHS Healthcare Organisation when its location's "Location Type" says so, so that
its trusts are found; its kind of trust stays unknown.

`stream_cqc_ratings` reads the file a chunk of rows at a time (a `BatchStream`, which
`import_batch` stores in one transaction, all or nothing) so that a national file is never
held whole; `read_cqc_ratings` joins the chunks into one batch (the list holds one item), for
small files. Streamed, a provider named on the Locations sheet is stored first with its name,
then given the Providers sheet's details when that sheet is read. Errors name the file,
sheet, row (numbered as the spreadsheet shows it, the header counted) and column, and never
quote the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Generator, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from carewatch.domain.ratings import (
    Aspect,
    NonRating,
    PublishedRating,
    Rating,
    UnknownAspect,
    UnknownRating,
    normalise_words,
    parse_aspect,
    parse_published_rating,
)
from carewatch.ingest._cqc_ratings_tables import HEADER_SEARCH_ROWS, Table, table_of
from carewatch.ingest.categories import trust_type_for_category
from carewatch.ingest.ratings_columns import (
    DOMAIN,
    INHERITED,
    LOCATION_CATEGORY,
    LOCATION_ID,
    LOCATION_NAME,
    LOCATION_ODS,
    LOCATION_REGION,
    LOCATION_TYPE,
    PROVIDER_CATEGORY,
    PROVIDER_ID,
    PROVIDER_NAME,
    PROVIDER_ODS,
    PROVIDER_REGION,
    PROVIDER_TYPE,
    PUBLICATION_DATE,
    RATING,
    REPORT_TYPE,
    SERVICE,
    URL,
    Column,
)
from carewatch.ingest.records import (
    BatchStream,
    ImportBatch,
    IngestError,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
)
from carewatch.ingest.sheets import SPREADSHEET_SUFFIXES, file_sha256, iter_sheets
from carewatch.ingest.text import problem_with

__all__ = [
    "CHUNK_ROWS",
    "HEADER_SEARCH_ROWS",
    "KIND",
    "PROGRESS_EVERY",
    "read_cqc_ratings",
    "stream_cqc_ratings",
]

KIND = "cqc-ratings"
PROGRESS_EVERY = 10_000
"""Rows between two calls of the progress callback."""
CHUNK_ROWS = 20_000
"""Ratings in one chunk of a `BatchStream`: big enough that a chunk's queries are few, small
enough that a chunk's records take a few tens of megabytes."""

# Excel's day zero and the span of serial numbers taken as dates (2000-01-01 to 2099-12-31):
# a number outside it is a typing error, not a publication date.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (36526, 73050)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# A `seen` entry packs the row number and the rating's place in `_RATINGS`.
_RATINGS: tuple[PublishedRating, ...] = (*Rating, *NonRating)
_CODE_BITS = len(_RATINGS).bit_length()
_CODE_MASK = (1 << _CODE_BITS) - 1
_RATING_CODE = {rating: code for code, rating in enumerate(_RATINGS)}

ProgressCallback = Callable[[int, int | None], None]


def read_cqc_ratings(
    path: Path | str, *, progress: ProgressCallback | None = None
) -> list[ImportBatch]:
    """Read a "Latest ratings" file into a one-item list holding its `ImportBatch`.

    The whole file in memory: for a national file, import `stream_cqc_ratings` instead.
    `progress(rows_done, None)` is called every `PROGRESS_EVERY` rows and
    `progress(rows, rows)` at the end. Raises `IngestError` for a file that is not a
    spreadsheet or CSV, a missing sheet or required column, sheets without a single rating
    row, a malformed cell, text longer than its column or holding a control character, or two
    rows giving different ratings to the same subject, service, domain and date. Reading has
    no side effects; the same file always gives an equal batch.
    """
    stream = stream_cqc_ratings(path, progress=progress)
    providers: dict[str, ProviderRecord] = {}
    locations: list[LocationRecord] = []
    ratings: list[RatingRecord] = []
    for chunk in stream:
        providers.update((p.provider_id, p) for p in chunk.providers)
        locations.extend(chunk.locations)
        ratings.extend(chunk.ratings)
    return [
        ImportBatch(
            source=stream.source,
            kind=KIND,
            sha256=stream.sha256,
            providers=tuple(providers.values()),
            locations=tuple(locations),
            ratings=tuple(ratings),
        )
    ]


def stream_cqc_ratings(
    path: Path | str,
    *,
    progress: ProgressCallback | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> BatchStream:
    """A "Latest ratings" file as a `BatchStream` of chunks of at most `chunk_rows` ratings.

    The file's SHA-256 is taken now (one pass in blocks); its rows are read, checked and
    handed on a chunk at a time as the stream is iterated, raising `IngestError` as
    `read_cqc_ratings` does where the fault is found. Memory holds one chunk, the providers
    and locations already named, and one small entry per rating for the check that no two
    rows contradict each other anywhere in the file. `progress(rows_done, None)` is called
    every `PROGRESS_EVERY` rows and `progress(rows, rows)` at the end.
    """
    path = Path(path)
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in SPREADSHEET_SUFFIXES:
        raise IngestError(
            f"unsupported file type {suffix or '(none)'!r}: expected .ods, .xlsx or .csv",
            file=path.name,
        )
    sha256 = file_sha256(path)

    def chunks() -> Generator[ImportBatch, None, None]:
        return _read_chunks(path, sha256, progress, chunk_rows)

    return BatchStream(source=path.name, kind=KIND, sha256=sha256, chunks=chunks)


def _read_chunks(
    path: Path, sha256: str, progress: ProgressCallback | None, chunk_rows: int
) -> Generator[ImportBatch, None, None]:
    reader = _Reader(path.name, sha256, progress, chunk_rows)
    names: list[str | None] = []
    found = False
    sheets = iter_sheets(path)
    try:
        for sheet in sheets:
            names.append(sheet.name)
            table = table_of(path.name, sheet)
            if table is None:
                continue
            found = True
            yield from reader.read(table)
    finally:
        sheets.close()  # the file is closed even when the caller stops early
    if not found:
        listed = ", ".join(repr(name) for name in names)
        raise IngestError(f"no Locations or Providers sheet (sheets: {listed})", file=path.name)
    if not reader.rated:
        raise IngestError(
            "no rating rows: the Locations and Providers tables have a header and nothing below",
            file=path.name,
        )
    last = reader.chunk()
    if last.ratings or last.providers or last.locations:
        yield last
    if progress is not None:
        progress(reader.done, reader.done)


# -- cell parsers: cached, since a national file repeats a few hundred distinct values -------


def _text(cell: Any) -> str:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # an ID typed as a number: 12345.0 → "12345"
    return str(cell).strip()


@lru_cache(maxsize=256, typed=True)
def _short_text(cell: Any) -> str | None:
    """A cell from a short list of values (e.g. Report Type), or None when empty."""
    return _text(cell) or None


@lru_cache(maxsize=256, typed=True)
def _aspect(cell: Any) -> tuple[Aspect, str]:
    """The aspect and its value (an enum's value is slow to read in the row loop)."""
    aspect = parse_aspect(_text(cell))
    return aspect, aspect.value


@lru_cache(maxsize=256, typed=True)
def _rating(cell: Any) -> tuple[PublishedRating, int]:
    """The rating and its place in `_RATINGS`."""
    rating = parse_published_rating(_text(cell))
    return rating, _RATING_CODE[rating]


@lru_cache(maxsize=1024, typed=True)
def _service(cell: Any) -> str | None:
    text = _text(cell)
    return None if normalise_words(text) in ("", "overall") else text


_FLAGS = {"y": True, "yes": True, "n": False, "no": False, "": False}


@lru_cache(maxsize=64, typed=True)
def _flag(cell: Any) -> bool:
    return _FLAGS[_text(cell).lower()]


@lru_cache(maxsize=16384, typed=True)
def _date(cell: Any) -> dt.date:
    """A spreadsheet date, an Excel serial number, an ISO date or dd/mm/yyyy; else ValueError."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if _SERIAL_RANGE[0] <= cell <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + dt.timedelta(days=int(cell))
        raise ValueError("number out of the date range")
    text = _text(cell)
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text).date()


class _Reader:
    """Turns the rows of every data sheet into chunks of records, checking natural keys
    across the whole file.

    The row loop is the hot path of a national import (about 580,000 rows): columns are
    looked up by index once per sheet, every cell parse is cached, and a text is checked
    only when it differs from the same column's in the row before (a location's rows repeat
    its IDs and address). `seen` holds one entry per rating key: the key's text is shared
    with the rows' (interned), its value packs the row number and the rating.
    """

    def __init__(
        self, file: str, sha256: str, progress: ProgressCallback | None, chunk_rows: int
    ) -> None:
        self.file = file
        self.sha256 = sha256
        self.progress = progress
        self.chunk_rows = chunk_rows
        self.done = 0
        self.rated = 0
        self.detailed: set[str] = set()  # providers read from the Providers sheet
        self.named: set[str] = set()  # providers named by the Locations sheet
        self.located: set[str] = set()
        self.seen: dict[tuple[str, str, str, str, dt.date], int] = {}
        self.providers: list[ProviderRecord] = []
        self.locations: list[LocationRecord] = []
        self.ratings: list[RatingRecord] = []

    def chunk(self) -> ImportBatch:
        """The records read since the last chunk, as a batch; start the next chunk."""
        batch = ImportBatch(
            source=self.file,
            kind=KIND,
            sha256=self.sha256,
            providers=tuple(self.providers),
            locations=tuple(self.locations),
            ratings=tuple(self.ratings),
        )
        self.providers, self.locations, self.ratings = [], [], []
        return batch

    def read(self, table: Table) -> Iterator[ImportBatch]:
        """Read `table`'s rows, yielding a chunk each time `chunk_rows` ratings are read."""
        index = table.positions.get
        width = max(table.positions.values()) + 1
        padding = [""] * width
        is_locations = table.locations
        id_column = LOCATION_ID if is_locations else PROVIDER_ID
        i_subject = table.positions[id_column.heading]
        i_provider = table.positions[PROVIDER_ID.heading]
        i_domain = table.positions[DOMAIN.heading]
        i_rating = table.positions[RATING.heading]
        i_date = table.positions[PUBLICATION_DATE.heading]
        i_service, i_inherited = index(SERVICE.heading), index(INHERITED.heading)
        i_type, i_url = index(REPORT_TYPE.heading), index(URL.heading)
        where = f"{self.file}:{table.sheet}" if table.sheet else self.file
        seen, intern, progress = self.seen, sys.intern, self.progress
        number = table.header_row
        last_subject = last_provider = last_url = ""
        checked_short: set[str] = set()  # services and report types already checked
        for row in table.body:
            number += 1
            self.done += 1
            if progress is not None and self.done % PROGRESS_EVERY == 0:
                progress(self.done, None)
            if len(row) < width:
                row = [*row, *padding[len(row) :]]
            subject = _text(row[i_subject])
            if not subject:
                if any(_text(cell) for cell in row):
                    raise table.error("empty ID in a row that has other values", number, id_column)
                continue
            if subject != last_subject:
                _check(table, number, id_column, subject)
                subject = last_subject = intern(subject)
            else:
                subject = last_subject
            if is_locations:
                provider_id = _text(row[i_provider])
                if not provider_id:
                    raise table.error("empty provider ID", number, PROVIDER_ID)
                if provider_id != last_provider:
                    _check(table, number, PROVIDER_ID, provider_id)
                    provider_id = last_provider = intern(provider_id)
                else:
                    provider_id = last_provider
            else:
                provider_id = subject
            try:
                aspect, aspect_value = _aspect(row[i_domain])
            except UnknownAspect:
                raise table.error(_UNKNOWN_DOMAIN, number, DOMAIN) from None
            try:
                rating, code = _rating(row[i_rating])
            except UnknownRating:
                raise table.error(_UNKNOWN_RATING, number, RATING) from None
            try:
                date = _date(row[i_date])
            except ValueError:
                problem = "empty date" if _text(row[i_date]) == "" else "invalid date"
                raise table.error(f"{problem}: {_DATE_FORMS}", number, PUBLICATION_DATE) from None
            try:
                inherited = _flag(row[i_inherited]) if i_inherited is not None else False
            except KeyError:
                raise table.error("expected Y or N", number, INHERITED) from None
            service = _service(row[i_service]) if i_service is not None else None
            if service is not None and service not in checked_short:
                _check(table, number, SERVICE, service)
                checked_short.add(service)
            report_type = _short_text(row[i_type]) if i_type is not None else None
            if report_type is not None and report_type not in checked_short:
                _check(table, number, REPORT_TYPE, report_type)
                checked_short.add(report_type)
            url = _text(row[i_url]) or None if i_url is not None else None
            if url is not None and url != last_url:
                _check(table, number, URL, url)
                last_url = url
            key = (provider_id, subject if is_locations else "", service or "", aspect_value, date)
            earlier = seen.get(key)
            if earlier is not None:
                before = _RATINGS[earlier & _CODE_MASK]
                if before != rating:
                    raise table.error(
                        f"{rating.value!r} contradicts {before.value!r} in row "
                        f"{earlier >> _CODE_BITS} for the same subject, service, domain and date",
                        number,
                        RATING,
                    )
                continue  # the same rating repeated
            seen[key] = number << _CODE_BITS | code
            self.rated += 1
            self.ratings.append(
                RatingRecord(
                    provider_id=provider_id,
                    location_id=subject if is_locations else None,
                    service=service,
                    aspect=aspect,
                    rating=rating,
                    rating_date=date,
                    inherited=inherited,
                    report_type=report_type,
                    report_url=url,
                    source=f"{where}:row {number}",
                )
            )
            if not is_locations:
                if subject not in self.detailed:
                    self.detailed.add(subject)
                    self.providers.append(self.provider(table, row, number))
            elif subject not in self.located:
                self.located.add(subject)
                self.locations.append(self.location(table, row, number, subject, provider_id))
                if provider_id not in self.named and provider_id not in self.detailed:
                    self.named.add(provider_id)
                    self.providers.append(
                        ProviderRecord(
                            provider_id=provider_id,
                            name=_optional(table, PROVIDER_NAME, row, number),
                            provider_type=_nhs_sector(self.locations[-1].location_type),
                        )
                    )
            if len(self.ratings) >= self.chunk_rows:
                yield self.chunk()

    @staticmethod
    def location(
        table: Table, row: list[Any], number: int, location_id: str, provider_id: str
    ) -> LocationRecord:
        return LocationRecord(
            location_id=location_id,
            provider_id=provider_id,
            name=_optional(table, LOCATION_NAME, row, number),
            ods_code=_optional(table, LOCATION_ODS, row, number),
            location_type=_optional(table, LOCATION_TYPE, row, number),
            primary_inspection_category=_optional(table, LOCATION_CATEGORY, row, number),
            region=_optional(table, LOCATION_REGION, row, number),
        )

    @staticmethod
    def provider(table: Table, row: list[Any], number: int) -> ProviderRecord:
        return ProviderRecord(
            provider_id=_text(row[table.positions[PROVIDER_ID.heading]]),
            name=_optional(table, PROVIDER_NAME, row, number),
            provider_type=_optional(table, PROVIDER_TYPE, row, number),
            trust_type=trust_type_for_category(_optional(table, PROVIDER_CATEGORY, row, number)),
            region=_optional(table, PROVIDER_REGION, row, number),
            ods_code=_optional(table, PROVIDER_ODS, row, number),
        )


_UNKNOWN_DOMAIN = (
    "unknown domain: expected Safe, Effective, Caring, Responsive, Well-led, Overall, "
    "Use of resources or Combined"
)
_UNKNOWN_RATING = (
    "unknown rating: expected Outstanding, Good, Requires improvement, Inadequate or a "
    "non-rating state such as Not rated"
)
_DATE_FORMS = "expected a date, YYYY-MM-DD or dd/mm/yyyy"


NHS_SECTOR = "NHS Healthcare Organisation"
"""CQC's "Provider Type/Sector" of NHS trusts, and the "Location Type" of each of their
locations."""


def _nhs_sector(location_type: str | None) -> str | None:
    """The provider type a location's type implies: only an NHS location's, since a trust's
    locations are all NHS and the Locations sheet (or a CSV of it alone) has no provider type;
    an independent provider's locations may be of several types, so none is implied."""
    if location_type and normalise_words(location_type) == normalise_words(NHS_SECTOR):
        return NHS_SECTOR
    return None


def _optional(table: Table, column: Column, row: list[Any], number: int) -> str | None:
    position = table.positions.get(column.heading)
    if position is None:
        return None
    return _check(table, number, column, _text(row[position])) or None


def _check(table: Table, number: int, column: Column, text: str) -> str:
    """`text` when it fits `column` and holds no control character (`carewatch.ingest.text`);
    else an error naming the cell, without quoting it."""
    problem = problem_with(text, column.limit)
    if problem is not None:
        raise table.error(problem, number, column)
    return text
