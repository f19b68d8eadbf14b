"""Walk the rating blocks of one CQC API record into `RatingRecord`s.

Each rating takes the date, report and predecessor its own object states, else those of the
object it sits in; a non-rating state with no date anywhere takes the record's last
publication or registration date. See `carewatch.ingest.cqc_api` for the rules in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
from carewatch.ingest._cqc_api_json import JsonFields, Record
from carewatch.ingest.records import RatingRecord
from carewatch.ingest.text import ID, LINK_ID, NAME, problem_with

__all__ = ["RatingWalker"]

_WORD = 40
"""The longest rating word or key question name that is checked against CQC's words
(`ratings.rating`); anything longer, or with control characters, is no word of CQC's."""
_NOT_A_WORD = "not a rating word or key question name (too long, or not plain text)"


@dataclass(frozen=True)
class _Context:
    """What a rating inherits from the object it sits in."""

    date: dt.date | None
    link_id: str | None
    organisation_id: str | None
    current: bool


class RatingWalker:
    """Walks one record's rating blocks and yields a RatingRecord for each rating in them."""

    def __init__(
        self,
        reader: JsonFields,
        record: Record,
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
            link_id=reader.text(record, obj, "reportLinkId", f"{path}.reportLinkId", limit=LINK_ID)
            or parent.link_id,
            organisation_id=reader.text(
                record, obj, "organisationId", f"{path}.organisationId", limit=ID
            )
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
        service = self.reader.text(self.record, obj, "name", f"{path}.name", limit=NAME)
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
            if problem_with(name, _WORD) is not None:
                raise reader.error(record, _NOT_A_WORD, f"{item_path}.name")
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
        if not isinstance(word, str) or problem_with(word, _WORD) is not None:
            # Not quoted: it is no rating word, and could be anything at any length.
            raise reader.error(record, _NOT_A_WORD, f"{path}.{key}")
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
