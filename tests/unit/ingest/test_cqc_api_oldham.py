"""The CQC API reader on 16 real Oldham location records (../shared/data/cqc-api-oldham).

Expected values are either read straight from the JSON here or hand-checked against the
files (the comments say where).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.ratings import Aspect, NonRating, Rating, parse_key_question
from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.records import ImportBatch, RatingRecord


def _load(folder: Path, location_id: str) -> dict[str, Any]:
    return json.loads((folder / f"location_{location_id}.json").read_text(encoding="utf-8"))


def _read(folder: Path, location_id: str) -> ImportBatch:
    [batch] = read_cqc_api([folder / f"location_{location_id}.json"])
    return batch


def _count_rating_objects(value: Any) -> int:
    """Every JSON object with a "rating" field, anywhere below `value`."""
    if isinstance(value, dict):
        return int("rating" in value) + sum(_count_rating_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_rating_objects(v) for v in value)
    return 0


def _one(ratings: tuple[RatingRecord, ...], **where: Any) -> RatingRecord:
    found = [r for r in ratings if all(getattr(r, k) == v for k, v in where.items())]
    assert len(found) == 1, f"{len(found)} ratings match {where}"
    return found[0]


def test_a_folder_gives_one_batch_per_file_in_name_order(oldham: Path) -> None:
    calls: list[tuple[int, int]] = []
    batches = read_cqc_api([oldham], progress=lambda done, total: calls.append((done, total)))

    files = sorted(oldham.glob("*.json"))
    assert [b.source for b in batches] == [f.name for f in files]
    assert [b.sha256 for b in batches] == [
        hashlib.sha256(f.read_bytes()).hexdigest() for f in files
    ]
    assert {b.kind for b in batches} == {"cqc-api"}
    assert calls == [(n, 16) for n in range(1, 17)]


def test_reading_twice_gives_equal_batches(oldham: Path) -> None:
    assert read_cqc_api([oldham]) == read_cqc_api([oldham])


def test_every_rating_in_the_file_is_read_once(oldham: Path) -> None:
    # No historic entry in these files repeats a current rating (checked by hand), so every
    # object with a "rating" field gives exactly one record.
    for file in sorted(oldham.glob("*.json")):
        [batch] = read_cqc_api([file])
        data = json.loads(file.read_text(encoding="utf-8"))
        expected = _count_rating_objects([data.get("currentRatings"), data.get("historicRatings")])
        assert len(batch.ratings) == expected, file.name
        assert len({r.key for r in batch.ratings}) == len(batch.ratings)
        assert len({r.source for r in batch.ratings}) == len(batch.ratings)


def test_rw603_location_and_reports(oldham: Path) -> None:
    batch = _read(oldham, "RW603")
    [location] = batch.locations
    assert location.location_id == "RW603"
    assert location.provider_id == "RW6"
    assert location.name == "The Royal Oldham Hospital"
    assert location.registration_status == "Deregistered"
    assert location.registration_date == dt.date(2010, 6, 15)
    assert location.deregistration_date == dt.date(2021, 10, 7)
    assert location.primary_inspection_category == "Acute hospital - NHS non-specialist"
    assert location.region == "North West"
    assert location.location_type == "NHS Healthcare Organisation"
    assert [p.provider_id for p in batch.providers] == ["RW6"]

    assert len(batch.reports) == 11
    latest = batch.reports[0]
    assert latest.link_id == "b06e0e43-d3db-4688-a5a2-4a829c0add0a"
    assert latest.report_date == dt.date(2021, 2, 10)
    assert latest.report_type == "Location"
    assert latest.url == "https://www.cqc.org.uk/reports/b06e0e43-d3db-4688-a5a2-4a829c0add0a"
    oldest_rated = next(r for r in batch.reports if r.first_visit_date is not None)
    assert oldest_rated.first_visit_date == dt.date(2014, 1, 29)
    assert oldest_rated.report_type is None


def test_rw603_has_eight_rated_services_with_their_own_dates(oldham: Path) -> None:
    batch = _read(oldham, "RW603")
    current = [r for r in batch.ratings if r.current and r.service is not None]
    assert {r.service for r in current} == {
        "care",
        "childrens",
        "critical",
        "life",
        "maternity",
        "outpatients",
        "surgery",
        "urgent",
    }
    assert batch.service_names["urgent"] == "Urgent and emergency services"
    assert batch.service_names["care"] == "Medical care (including older people's care)"

    data = _load(oldham, "RW603")
    for service in data["currentRatings"]["serviceRatings"]:
        date = dt.date.fromisoformat(service["reportDate"])
        overall = _one(batch.ratings, service=service["name"], aspect=Aspect.OVERALL, current=True)
        assert overall.rating.value == service["rating"]
        assert overall.rating_date == date
        assert overall.report_link_id == service["reportLinkId"]
        for kq in service["keyQuestionRatings"]:
            aspect = Aspect.of(parse_key_question(kq["name"]))
            rated = _one(batch.ratings, service=service["name"], aspect=aspect, current=True)
            assert rated.rating.value == kq["rating"]
            assert rated.rating_date == date  # key questions carry no date: the service's

    # Urgent and emergency services were rated on three key questions only (hand-checked).
    urgent = [r for r in current if r.service == "urgent"]
    assert {r.aspect for r in urgent} == {
        Aspect.OVERALL,
        Aspect.RESPONSIVE,
        Aspect.SAFE,
        Aspect.WELL_LED,
    }
    effective = _one(batch.ratings, service="outpatients", aspect=Aspect.EFFECTIVE, current=True)
    assert effective.rating is NonRating.INSUFFICIENT_EVIDENCE
    assert effective.rating_date == dt.date(2016, 8, 12)


def test_rw603_historic_ratings_are_not_current_and_dated_by_their_entry(oldham: Path) -> None:
    batch = _read(oldham, "RW603")
    historic = [r for r in batch.ratings if not r.current]
    assert {r.rating_date for r in historic} == {
        dt.date(2020, 2, 7),
        dt.date(2018, 3, 1),
        dt.date(2016, 8, 12),
    }
    overall_2016 = _one(
        batch.ratings, service=None, aspect=Aspect.OVERALL, rating_date=dt.date(2016, 8, 12)
    )
    assert overall_2016.rating is Rating.INADEQUATE
    assert overall_2016.current is False
    assert overall_2016.report_link_id == "5ab79dad-dfbb-4273-859d-055e2635422c"
    assert overall_2016.source == "location_RW603.json:historicRatings[2].overall"
    maternity_2016 = _one(
        batch.ratings, service="maternity", aspect=Aspect.OVERALL, rating_date=dt.date(2016, 8, 12)
    )
    assert maternity_2016.rating is Rating.INADEQUATE
    assert not any(r.inherited for r in batch.ratings)


def test_rm317_inherits_from_rw603(oldham: Path) -> None:
    batch = _read(oldham, "RM317")
    data = _load(oldham, "RM317")

    # Every current overall key question carries organisationId RW603.
    for kq in data["currentRatings"]["overall"]["keyQuestionRatings"]:
        rated = _one(
            batch.ratings,
            service=None,
            aspect=Aspect.of(parse_key_question(kq["name"])),
            current=True,
        )
        assert rated.rating.value == kq["rating"]
        assert rated.inherited is True
        assert rated.inherited_from == kq["organisationId"] == "RW603"
        assert rated.rating_date == dt.date.fromisoformat(kq["reportDate"])

    # The overall itself carries no organisationId, but it comes from the same RW603 report
    # (b06e0e43..., which is not among RM317's own reports): inherited too.
    overall = _one(batch.ratings, service=None, aspect=Aspect.OVERALL, current=True)
    assert "organisationId" not in data["currentRatings"]["overall"]
    assert overall.rating is Rating.REQUIRES_IMPROVEMENT
    assert overall.rating_date == dt.date(2021, 2, 10)
    assert (overall.inherited, overall.inherited_from) == (True, "RW603")

    # Services: those with organisationId are inherited with their key questions; the four
    # re-inspected in December 2022 are RM317's own (hand-checked).
    for service in data["currentRatings"]["serviceRatings"]:
        in_service = [r for r in batch.ratings if r.current and r.service == service["name"]]
        assert len(in_service) == 1 + len(service["keyQuestionRatings"])
        assert {r.inherited_from for r in in_service} == {service.get("organisationId")}
    own = {r.service for r in batch.ratings if r.current and r.service and not r.inherited}
    assert own == {"care", "npimaternity", "surgery", "urgent"}

    # Historic entries 1-4 carry organisationId RW603; entry 0 (December 2022) is RM317's.
    for index, entry in enumerate(data["historicRatings"]):
        prefix = f"location_RM317.json:historicRatings[{index}]."
        from_entry = [r for r in batch.ratings if r.source.startswith(prefix)]
        assert from_entry, index
        assert {r.inherited_from for r in from_entry} == {entry.get("organisationId")}
        assert {r.rating_date for r in from_entry} == {dt.date.fromisoformat(entry["reportDate"])}
    # 172 ratings in all, 142 of them inherited (hand-counted).
    assert (len(batch.ratings), sum(r.inherited for r in batch.ratings)) == (172, 142)


def test_rm317_historic_inspected_but_not_rated(oldham: Path) -> None:
    batch = _read(oldham, "RM317")
    entry = [r for r in batch.ratings if r.rating_date == dt.date(2022, 12, 22) and not r.current]
    assert {r.aspect for r in entry} == set(Aspect) - {Aspect.USE_OF_RESOURCES, Aspect.COMBINED}
    assert {r.rating for r in entry} == {NonRating.INSPECTED_BUT_NOT_RATED}
    assert batch.service_names["npimaternity"] == "Maternity"


def test_rt203_no_published_rating(oldham: Path) -> None:
    batch = _read(oldham, "RT203")
    data = _load(oldham, "RT203")
    assert len(batch.ratings) == 6
    assert {r.rating for r in batch.ratings} == {NonRating.NO_PUBLISHED_RATING}
    assert {r.service for r in batch.ratings} == {None}
    # No date anywhere in currentRatings and no lastReport: the registration date stands in.
    assert "reportDate" not in json.dumps(data["currentRatings"])
    assert {r.rating_date for r in batch.ratings} == {dt.date(2010, 5, 12)}
    assert {r.report_link_id for r in batch.ratings} == {None}
    assert batch.locations[0].primary_inspection_category == (
        "Mental health - community & residential - NHS"
    )


def test_rt2f3_inspected_but_not_rated(oldham: Path) -> None:
    batch = _read(oldham, "RT2F3")
    overall = _one(batch.ratings, aspect=Aspect.OVERALL)
    assert overall.rating is NonRating.INSPECTED_BUT_NOT_RATED
    assert overall.rating_date == dt.date(2017, 5, 8)
    assert overall.report_link_id == "8bfa91b3-e0f8-4392-a4c0-7a90797cf485"
    key_questions = [r for r in batch.ratings if r.aspect is not Aspect.OVERALL]
    assert len(key_questions) == 5
    # Undated key questions take the overall's date and report.
    assert {(r.rating, r.rating_date, r.report_link_id) for r in key_questions} == {
        (NonRating.NO_PUBLISHED_RATING, dt.date(2017, 5, 8), overall.report_link_id)
    }


@pytest.mark.parametrize("location_id", ["RT242", "G7F7V", "H5L2X", "RY210", "RW6X2", "5J501"])
def test_records_without_current_ratings(oldham: Path, location_id: str) -> None:
    data = _load(oldham, location_id)
    assert "currentRatings" not in data
    batch = _read(oldham, location_id)
    assert batch.ratings == ()
    [location] = batch.locations
    assert (location.location_id, location.provider_id) == (location_id, data["providerId"])
    assert [p.provider_id for p in batch.providers] == [data["providerId"]]
