"""Read CQC syndication API JSON (`GET /locations/{id}`, `GET /providers/{id}`) into batches.

A file holds one record (pretty or compact JSON), a JSON array of records, or JSON lines
(one record per line). A folder stands for every `*.json` and `*.jsonl` file in it, sorted
by name. Each file becomes one `ImportBatch`:

    >>> batches = read_cqc_api(["location_RW603.json"])  # doctest: +SKIP
    >>> batches[0].ratings[0].aspect
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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from carewatch.domain.ratings import (
    Aspect,
    NonRating,
    PublishedRating,
    UnknownKeyQuestion,
    UnknownRating,
    parse_key_question,
    parse_published_rating,
)
from carewatch.ingest.categories import trust_type_for_category
from carewatch.ingest.records import (
    ImportBatch,
    IngestError,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)

__all__ = ["CQC_WEBSITE", "KIND", "ProgressCallback", "read_cqc_api"]

KIND = "cqc-api"
CQC_WEBSITE = "https://www.cqc.org.uk"
"""Where the API's relative `reportUri` values resolve (reports are served at /reports/{linkId})."""

ProgressCallback = Callable[[int, int], None]
"""Called as progress(done, total) after each file (API) or every block of rows (spreadsheets)."""

_SUFFIXES = (".json", ".jsonl")


def read_cqc_api(
    paths: Sequence[Path | str], *, progress: ProgressCallback | None = None
) -> list[ImportBatch]:
    """Read CQC API JSON files (or folders of them) into one `ImportBatch` per file.

    Raises `IngestError` naming the file, record and JSON path of the first problem: invalid
    JSON (with its line number), a record without `locationId`/`providerId`, an unknown
    rating word or key question name, or an invalid date. Reading has no side effects; the
    same file always gives an equal batch.
    """
    files = list(_expand(paths))
    batches: list[ImportBatch] = []
    for done, file in enumerate(files, start=1):
        batches.append(_read_file(file))
        if progress is not None:
            progress(done, len(files))
    return batches


def _expand(paths: Sequence[Path | str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
        elif path.is_file():
            yield path
        else:
            raise IngestError("no such file or folder", file=str(given))


@dataclass(frozen=True)
class _Record:
    """One top-level JSON object, where it sits in the file and how to name it."""

    data: Any
    row: int  # what IngestError calls the row: the line (JSON lines) or 1-based position
    prefix: str  # JSON path prefix: "" for a single-record file, "[i]." otherwise


def _read_file(path: Path) -> ImportBatch:
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"not UTF-8 text (byte {error.start})", file=name) from None
    reader = _RecordReader(name)
    for record in _records(name, text):
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


def _records(name: str, text: str) -> list[_Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise IngestError(_json_problem(error), file=name, row=error.lineno) from None
        return _json_lines(name, text)
    if isinstance(document, list):
        return [_Record(item, index + 1, f"[{index}].") for index, item in enumerate(document)]
    return [_Record(document, 1, "")]


def _json_lines(name: str, text: str) -> list[_Record]:
    records: list[_Record] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise IngestError(_json_problem(error), file=name, row=line_number) from None
        records.append(_Record(item, line_number, f"[{len(records)}]."))
    return records


def _json_problem(error: json.JSONDecodeError) -> str:
    return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"


@dataclass(frozen=True)
class _Context:
    """What a rating inherits from the object it sits in."""

    date: dt.date | None
    link_id: str | None
    organisation_id: str | None
    current: bool


class _RecordReader:
    """Accumulates the records of one file, keyed so that repeats are emitted once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.providers: dict[str, ProviderRecord] = {}
        self.locations: dict[str, LocationRecord] = {}
        self.reports: dict[str, ReportRecord] = {}
        self.ratings: dict[tuple[str, str, str, str, dt.date], RatingRecord] = {}
        self.service_names: dict[str, str] = {}

    # -- errors and small field readers ---------------------------------------------------

    def error(self, record: _Record, message: str, path: str | None = None) -> IngestError:
        column = f"{record.prefix}{path}" if path else None
        return IngestError(message, file=self.name, row=record.row, column=column)

    def text(self, record: _Record, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(record, "expected text", path)
        return value.strip() or None

    def date(self, record: _Record, obj: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
            try:
                return dt.datetime.fromisoformat(value.strip()).date()
            except ValueError:
                pass
        raise self.error(record, f"invalid date {value!r}: expected YYYY-MM-DD", path)

    def mapping(self, record: _Record, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.error(record, "expected a JSON object", path)
        return value

    def items(self, record: _Record, obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(record, "expected a JSON array", path)
        return value

    # -- one record -----------------------------------------------------------------------

    def read(self, record: _Record) -> None:
        data = self.mapping(record, record.data, "")
        kind = self.text(record, data, "organisationType", "organisationType")
        location_id = self.text(record, data, "locationId", "locationId")
        provider_id = self.text(record, data, "providerId", "providerId")
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

    def primary_category(self, record: _Record, data: Mapping[str, Any]) -> str | None:
        for index, category in enumerate(
            self.items(record, data, "inspectionCategories", "inspectionCategories")
        ):
            path = f"inspectionCategories[{index}]"
            category = self.mapping(record, category, path)
            if str(category.get("primary", "")).lower() == "true":
                return self.text(record, category, "name", f"{path}.name")
        return None

    def provider(
        self, record: _Record, data: Mapping[str, Any], provider_id: str
    ) -> ProviderRecord:
        return ProviderRecord(
            provider_id=provider_id,
            name=self.text(record, data, "name", "name"),
            provider_type=self.text(record, data, "type", "type"),
            trust_type=trust_type_for_category(self.primary_category(record, data)),
            region=self.text(record, data, "region", "region"),
            ods_code=self.text(record, data, "odsCode", "odsCode"),
        )

    def location(
        self, record: _Record, data: Mapping[str, Any], location_id: str, provider_id: str
    ) -> LocationRecord:
        return LocationRecord(
            location_id=location_id,
            provider_id=provider_id,
            name=self.text(record, data, "name", "name"),
            ods_code=self.text(record, data, "odsCode", "odsCode"),
            location_type=self.text(record, data, "type", "type"),
            primary_inspection_category=self.primary_category(record, data),
            region=self.text(record, data, "region", "region"),
            registration_status=self.text(record, data, "registrationStatus", "registrationStatus"),
            registration_date=self.date(record, data, "registrationDate", "registrationDate"),
            deregistration_date=self.date(record, data, "deregistrationDate", "deregistrationDate"),
        )

    def read_service_names(self, record: _Record, data: Mapping[str, Any]) -> None:
        for index, area in enumerate(
            self.items(record, data, "inspectionAreas", "inspectionAreas")
        ):
            path = f"inspectionAreas[{index}]"
            area = self.mapping(record, area, path)
            area_id = self.text(record, area, "inspectionAreaId", f"{path}.inspectionAreaId")
            area_name = self.text(record, area, "inspectionAreaName", f"{path}.inspectionAreaName")
            if area_id and area_name:
                self.service_names.setdefault(area_id, area_name)

    def read_reports(
        self,
        record: _Record,
        data: Mapping[str, Any],
        provider_id: str,
        location_id: str | None,
    ) -> None:
        for index, report in enumerate(self.items(record, data, "reports", "reports")):
            path = f"reports[{index}]"
            report = self.mapping(record, report, path)
            link_id = self.text(record, report, "linkId", f"{path}.linkId")
            if link_id is None:
                raise self.error(record, "missing linkId", f"{path}.linkId")
            report_date = self.date(record, report, "reportDate", f"{path}.reportDate")
            if report_date is None:
                raise self.error(record, "missing reportDate", f"{path}.reportDate")
            uri = self.text(record, report, "reportUri", f"{path}.reportUri")
            self.reports.setdefault(
                link_id,
                ReportRecord(
                    link_id=link_id,
                    provider_id=provider_id,
                    location_id=location_id,
                    report_date=report_date,
                    report_type=self.text(record, report, "reportType", f"{path}.reportType"),
                    url=_report_url(uri),
                    first_visit_date=self.date(
                        record, report, "firstVisitDate", f"{path}.firstVisitDate"
                    ),
                ),
            )

    # -- ratings --------------------------------------------------------------------------

    def read_ratings(
        self,
        record: _Record,
        data: Mapping[str, Any],
        provider_id: str,
        location_id: str | None,
    ) -> None:
        walker = _RatingWalker(self, record, data, provider_id, location_id)
        current = data.get("currentRatings")
        if current is not None:
            walker.current(self.mapping(record, current, "currentRatings"))
        for index, entry in enumerate(
            self.items(record, data, "historicRatings", "historicRatings")
        ):
            walker.historic(self.mapping(record, entry, f"historicRatings[{index}]"), index)
        for rating in walker.finish():
            self.add_rating(record, rating)

    def add_rating(self, record: _Record, rating: RatingRecord) -> None:
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


class _RatingWalker:
    """Walks one record's rating blocks and yields a RatingRecord for each rating in them."""

    def __init__(
        self,
        reader: _RecordReader,
        record: _Record,
        data: Mapping[str, Any],
        provider_id: str,
        location_id: str | None,
    ) -> None:
        self.reader = reader
        self.record = record
        self.provider_id = provider_id
        self.location_id = location_id
        last_report = data.get("lastReport")
        last_published = (
            reader.date(record, last_report, "publicationDate", "lastReport.publicationDate")
            if isinstance(last_report, dict)
            else None
        )
        self.undated_fallback = last_published or reader.date(
            record, data, "registrationDate", "registrationDate"
        )
        self.found: list[RatingRecord] = []

    def current(self, block: Mapping[str, Any]) -> None:
        reader, record = self.reader, self.record
        date = reader.date(record, block, "reportDate", "currentRatings.reportDate")
        context = _Context(date=date, link_id=None, organisation_id=None, current=True)
        overall = block.get("overall")
        if overall is not None:
            self.overall(
                reader.mapping(record, overall, "currentRatings.overall"),
                "currentRatings.overall",
                context,
            )
        for index, service in enumerate(
            reader.items(record, block, "serviceRatings", "currentRatings.serviceRatings")
        ):
            path = f"currentRatings.serviceRatings[{index}]"
            self.service(reader.mapping(record, service, path), path, context)

    def historic(self, entry: Mapping[str, Any], index: int) -> None:
        reader, record = self.reader, self.record
        path = f"historicRatings[{index}]"
        context = self.context(entry, path, _Context(None, None, None, current=False))
        overall = entry.get("overall")
        if overall is not None:
            self.overall(
                reader.mapping(record, overall, f"{path}.overall"), f"{path}.overall", context
            )
        for service_index, service in enumerate(
            reader.items(record, entry, "serviceRatings", f"{path}.serviceRatings")
        ):
            service_path = f"{path}.serviceRatings[{service_index}]"
            self.service(reader.mapping(record, service, service_path), service_path, context)

    def context(self, obj: Mapping[str, Any], path: str, parent: _Context) -> _Context:
        """The date, report and predecessor an object states, else its parent's."""
        reader, record = self.reader, self.record
        return _Context(
            date=reader.date(record, obj, "reportDate", f"{path}.reportDate") or parent.date,
            link_id=reader.text(record, obj, "reportLinkId", f"{path}.reportLinkId")
            or parent.link_id,
            organisation_id=reader.text(record, obj, "organisationId", f"{path}.organisationId")
            or parent.organisation_id,
            current=parent.current,
        )

    def overall(self, obj: Mapping[str, Any], path: str, parent: _Context) -> None:
        context = self.context(obj, path, parent)
        self.rating(obj, "rating", path, None, Aspect.OVERALL, context)
        self.key_questions(obj, path, None, context)
        resources = obj.get("useOfResources")
        if resources is not None:
            resources_path = f"{path}.useOfResources"
            resources = self.reader.mapping(self.record, resources, resources_path)
            resources_context = self.context(resources, resources_path, context)
            for key, aspect in (
                ("useOfResourcesRating", Aspect.USE_OF_RESOURCES),
                ("combinedQualityRating", Aspect.COMBINED),
            ):
                if resources.get(key) not in (None, ""):
                    self.rating(resources, key, resources_path, None, aspect, resources_context)

    def service(self, obj: Mapping[str, Any], path: str, parent: _Context) -> None:
        service = self.reader.text(self.record, obj, "name", f"{path}.name")
        if service is None:
            raise self.reader.error(self.record, "missing service name", f"{path}.name")
        context = self.context(obj, path, parent)
        self.rating(obj, "rating", path, service, Aspect.OVERALL, context)
        self.key_questions(obj, path, service, context)

    def key_questions(
        self, obj: Mapping[str, Any], path: str, service: str | None, parent: _Context
    ) -> None:
        reader, record = self.reader, self.record
        for index, item in enumerate(
            reader.items(record, obj, "keyQuestionRatings", f"{path}.keyQuestionRatings")
        ):
            item_path = f"{path}.keyQuestionRatings[{index}]"
            item = reader.mapping(record, item, item_path)
            name = item.get("name")
            if not isinstance(name, str):
                raise reader.error(record, "missing key question name", f"{item_path}.name")
            try:
                aspect = Aspect.of(parse_key_question(name))
            except UnknownKeyQuestion as problem:
                raise reader.error(record, str(problem), f"{item_path}.name") from None
            self.rating(
                item, "rating", item_path, service, aspect, self.context(item, item_path, parent)
            )

    def rating(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        service: str | None,
        aspect: Aspect,
        context: _Context,
    ) -> None:
        reader, record = self.reader, self.record
        word = obj.get(key)
        if word is None or word == "":
            raise reader.error(record, "missing rating", f"{path}.{key}")
        try:
            rating: PublishedRating = parse_published_rating(word)
        except UnknownRating as problem:
            raise reader.error(record, str(problem), f"{path}.{key}") from None
        date = context.date
        if date is None and isinstance(rating, NonRating):
            date = self.undated_fallback
        if date is None:
            raise reader.error(record, "rating has no reportDate", f"{path}.reportDate")
        self.found.append(
            RatingRecord(
                provider_id=self.provider_id,
                location_id=self.location_id,
                service=service,
                aspect=aspect,
                rating=rating,
                rating_date=date,
                report_link_id=context.link_id,
                inherited=context.organisation_id is not None,
                inherited_from=context.organisation_id,
                current=context.current,
                source=f"{reader.name}:{record.prefix}{path}",
            )
        )

    def finish(self) -> list[RatingRecord]:
        """The ratings found, in file order, with inheritance spread by report link."""
        predecessors: dict[str | None, str] = {}
        for found in self.found:
            if found.report_link_id and found.inherited_from:
                predecessors.setdefault(found.report_link_id, found.inherited_from)
        return [
            replace(found, inherited=True, inherited_from=predecessors[found.report_link_id])
            if not found.inherited and found.report_link_id in predecessors
            else found
            for found in self.found
        ]


def _report_url(uri: str | None) -> str | None:
    """www.cqc.org.uk address of a report: the API's reportUri without its query string."""
    if uri is None:
        return None
    path = uri.split("?", 1)[0]
    if path.startswith(("http://", "https://")):
        return path
    return CQC_WEBSITE + (path if path.startswith("/") else f"/{path}")
