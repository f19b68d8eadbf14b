"""Read CQC syndication API JSON (`GET /locations/{id}`, `GET /providers/{id}`) into batches.

A file holds one record (pretty or compact JSON), a JSON array of records, or JSON lines
(one record per line). A folder stands for every `*.json` and `*.jsonl` file in it, sorted
by name. Each file becomes one `ImportBatch`:

    >>> batches = read_cqc_api(["location_RW603.json"])  # doctest: +SKIP
    >>> batches[0].ratings[0].aspect  # doctest: +SKIP
    <Aspect.OVERALL: 'overall'>

What is read (field names as in the API, see the reference's §10.1):

- the provider or location itself, with its primary inspection category and, for a provider,
  the kind of trust that category implies;
- `reports[]`, with `reportUri` turned into a www.cqc.org.uk address without its query string;
- `inspectionAreas[]` as `service_names` (area id → CQC's display name);
- every rating: `currentRatings.overall` and its key questions, its `useOfResources`
  (use of resources and combined ratings), `currentRatings.serviceRatings` and their key
  questions (the service is CQC's area id, e.g. "urgent"), and `historicRatings[]`
  (`current=False`).

Dates: a rating without its own `reportDate` takes its parent's (a key question its overall's
or its service's; anything in a historic entry the entry's). A non-rating state such as
"No published rating" that has no date anywhere takes the record's `lastReport`
publication date, else its registration date. A real rating with no date is an error.

Inherited ratings (reference §1.2): a rating object or historic entry carrying
`organisationId` is inherited from that organisation, and so is everything inside it. CQC
does not always repeat `organisationId` on the overall rating it carried over, so a rating
published in a report (`reportLinkId`) that the same record marks as inherited elsewhere is
inherited from the same organisation.

A historic rating that repeats a current one (same subject, service, aspect and date) is
emitted once, as current. Every rating's `source` is "<file name>:<JSON path>", with the
record's array index first when the file holds several records.

Errors name the file, the record (`row`: its line for JSON lines, else its 1-based position)
and the JSON path of the field (`column`).

This module maps each record to providers, locations, reports and service names; reading the
files' JSON and its fields is `carewatch.ingest._cqc_api_json`, and walking the ratings is
`carewatch.ingest._cqc_api_ratings`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from carewatch.ingest._cqc_api_json import JsonFields, Record, expand, records_of
from carewatch.ingest._cqc_api_ratings import RatingWalker
from carewatch.ingest.categories import trust_type_for_category
from carewatch.ingest.records import (
    ImportBatch,
    IngestError,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.ingest.text import CATEGORY, CODE, ID, LINK_ID, NAME, ODS_CODE, STATUS, TYPE, URL

__all__ = ["CQC_WEBSITE", "KIND", "ProgressCallback", "read_cqc_api"]

KIND = "cqc-api"
CQC_WEBSITE = "https://www.cqc.org.uk"
"""Where the API's relative `reportUri` values resolve (reports are served at /reports/{linkId})."""

ProgressCallback = Callable[[int, int], None]
"""Called as progress(done, total) after each file (API) or every block of rows (spreadsheets)."""


def read_cqc_api(
    paths: Sequence[Path | str], *, progress: ProgressCallback | None = None
) -> list[ImportBatch]:
    """Read CQC API JSON files (or folders of them) into one `ImportBatch` per file.

    Raises `IngestError` naming the file, record and JSON path of the first problem: invalid
    JSON (with its line number), a record without `locationId`/`providerId`, an unknown
    rating word or key question name, or an invalid date. Reading has no side effects; the
    same file always gives an equal batch.
    """
    files = list(expand(paths))
    batches: list[ImportBatch] = []
    for done, file in enumerate(files, start=1):
        batches.append(_read_file(file))
        if progress is not None:
            progress(done, len(files))
    return batches


def _read_file(path: Path) -> ImportBatch:
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"not UTF-8 text (byte {error.start})", file=name) from None
    reader = _RecordReader(name)
    for record in records_of(name, text):
        reader.read(record)
    return ImportBatch(
        source=name,
        kind=KIND,
        sha256=hashlib.sha256(raw).hexdigest(),
        providers=tuple(reader.providers.values()),
        locations=tuple(reader.locations.values()),
        reports=tuple(reader.reports.values()),
        ratings=tuple(reader.ratings.values()),
        service_names=reader.service_names,
    )


class _RecordReader(JsonFields):
    """Accumulates the records of one file, keyed so that repeats are emitted once."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.providers: dict[str, ProviderRecord] = {}
        self.locations: dict[str, LocationRecord] = {}
        self.reports: dict[str, ReportRecord] = {}
        self.ratings: dict[tuple[str, str, str, str, dt.date], RatingRecord] = {}
        self.service_names: dict[str, str] = {}

    # -- one record -----------------------------------------------------------------------

    def read(self, record: Record) -> None:
        data = self.mapping(record, record.data, "")
        kind = self.text(record, data, "organisationType", "organisationType", limit=TYPE)
        location_id = self.text(record, data, "locationId", "locationId", limit=ID)
        provider_id = self.text(record, data, "providerId", "providerId", limit=ID)
        if kind is None:
            kind = "Location" if location_id else "Provider"
        kind = kind.capitalize()
        if kind not in ("Location", "Provider"):
            raise self.error(
                record, f"unknown organisationType {kind!r}: expected Location or Provider"
            )
        if kind == "Location" and location_id is None:
            raise self.error(record, "missing locationId", "locationId")
        if provider_id is None:
            raise self.error(record, "missing providerId", "providerId")
        if kind == "Provider":
            location_id = None
            self.providers[provider_id] = self.provider(record, data, provider_id)
        elif location_id is not None:
            # A location file names its provider only by id: the other fields stay unknown.
            self.providers.setdefault(provider_id, ProviderRecord(provider_id=provider_id))
            self.locations[location_id] = self.location(record, data, location_id, provider_id)
        self.read_service_names(record, data)
        self.read_reports(record, data, provider_id, location_id)
        self.read_ratings(record, data, provider_id, location_id)

    def primary_category(self, record: Record, data: Mapping[str, Any]) -> str | None:
        for index, category in enumerate(
            self.items(record, data, "inspectionCategories", "inspectionCategories")
        ):
            path = f"inspectionCategories[{index}]"
            category = self.mapping(record, category, path)
            if str(category.get("primary", "")).lower() == "true":
                return self.text(record, category, "name", f"{path}.name", limit=CATEGORY)
        return None

    def provider(self, record: Record, data: Mapping[str, Any], provider_id: str) -> ProviderRecord:
        return ProviderRecord(
            provider_id=provider_id,
            name=self.text(record, data, "name", "name", limit=NAME),
            provider_type=self.text(record, data, "type", "type", limit=TYPE),
            trust_type=trust_type_for_category(self.primary_category(record, data)),
            region=self.text(record, data, "region", "region", limit=TYPE),
            ods_code=self.text(record, data, "odsCode", "odsCode", limit=ODS_CODE),
        )

    def location(
        self, record: Record, data: Mapping[str, Any], location_id: str, provider_id: str
    ) -> LocationRecord:
        return LocationRecord(
            location_id=location_id,
            provider_id=provider_id,
            name=self.text(record, data, "name", "name", limit=NAME),
            ods_code=self.text(record, data, "odsCode", "odsCode", limit=ODS_CODE),
            location_type=self.text(record, data, "type", "type", limit=TYPE),
            primary_inspection_category=self.primary_category(record, data),
            region=self.text(record, data, "region", "region", limit=TYPE),
            registration_status=self.text(
                record, data, "registrationStatus", "registrationStatus", limit=STATUS
            ),
            registration_date=self.date(record, data, "registrationDate", "registrationDate"),
            deregistration_date=self.date(record, data, "deregistrationDate", "deregistrationDate"),
        )

    def read_service_names(self, record: Record, data: Mapping[str, Any]) -> None:
        for index, area in enumerate(
            self.items(record, data, "inspectionAreas", "inspectionAreas")
        ):
            path = f"inspectionAreas[{index}]"
            area = self.mapping(record, area, path)
            area_id = self.text(
                record, area, "inspectionAreaId", f"{path}.inspectionAreaId", limit=CODE
            )
            area_name = self.text(
                record, area, "inspectionAreaName", f"{path}.inspectionAreaName", limit=NAME
            )
            if area_id and area_name:
                self.service_names.setdefault(area_id, area_name)

    def read_reports(
        self,
        record: Record,
        data: Mapping[str, Any],
        provider_id: str,
        location_id: str | None,
    ) -> None:
        for index, report in enumerate(self.items(record, data, "reports", "reports")):
            path = f"reports[{index}]"
            report = self.mapping(record, report, path)
            link_id = self.text(record, report, "linkId", f"{path}.linkId", limit=LINK_ID)
            if link_id is None:
                raise self.error(record, "missing linkId", f"{path}.linkId")
            report_date = self.date(record, report, "reportDate", f"{path}.reportDate")
            if report_date is None:
                raise self.error(record, "missing reportDate", f"{path}.reportDate")
            uri = self.text(record, report, "reportUri", f"{path}.reportUri", limit=URL)
            url = _report_url(uri)
            if url is not None and len(url) > URL:
                raise self.error(
                    record,
                    f"makes an address longer than the {URL} characters allowed",
                    f"{path}.reportUri",
                )
            self.reports.setdefault(
                link_id,
                ReportRecord(
                    link_id=link_id,
                    provider_id=provider_id,
                    location_id=location_id,
                    report_date=report_date,
                    report_type=self.text(
                        record, report, "reportType", f"{path}.reportType", limit=CATEGORY
                    ),
                    url=url,
                    first_visit_date=self.date(
                        record, report, "firstVisitDate", f"{path}.firstVisitDate"
                    ),
                ),
            )

    # -- ratings --------------------------------------------------------------------------

    def read_ratings(
        self,
        record: Record,
        data: Mapping[str, Any],
        provider_id: str,
        location_id: str | None,
    ) -> None:
        walker = RatingWalker(self, record, data, provider_id, location_id)
        current = data.get("currentRatings")
        if current is not None:
            walker.current(self.mapping(record, current, "currentRatings"))
        for index, entry in enumerate(
            self.items(record, data, "historicRatings", "historicRatings")
        ):
            walker.historic(self.mapping(record, entry, f"historicRatings[{index}]"), index)
        for rating in walker.finish():
            self.add_rating(record, rating)

    def add_rating(self, record: Record, rating: RatingRecord) -> None:
        existing = self.ratings.get(rating.key)
        if existing is None:
            self.ratings[rating.key] = rating
            return
        if existing.current and not rating.current:
            return  # a historic entry repeating the current rating
        if existing.rating != rating.rating:
            raise IngestError(
                f"{rating.rating.value!r} contradicts {existing.rating.value!r} at "
                f"{existing.source.partition(':')[2]} for the same aspect and date",
                file=self.name,
                row=record.row,
                column=rating.source.partition(":")[2],  # the JSON path, record prefix included
            )


def _report_url(uri: str | None) -> str | None:
    """www.cqc.org.uk address of a report: the API's reportUri without its query string."""
    if uri is None:
        return None
    path = uri.split("?", 1)[0]
    if path.startswith(("http://", "https://")):
        return path
    return CQC_WEBSITE + (path if path.startswith("/") else f"/{path}")
