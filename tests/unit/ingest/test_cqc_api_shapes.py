"""The CQC API reader on hand-made records: file shapes, providers, use of resources, errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.ratings import Aspect, NonRating, Rating
from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.records import IngestError


def _location(location_id: str = "RMY01", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "organisationType": "Location",
        "locationId": location_id,
        "providerId": "RMY",
        "name": "Hellesdon Hospital",
        "registrationDate": "2010-04-01",
        "currentRatings": {
            "overall": {
                "rating": "Requires improvement",
                "reportDate": "2020-01-29",
                "reportLinkId": "link-2020",
                "keyQuestionRatings": [
                    {"name": "Safe", "rating": "Requires improvement"},
                    {"name": "Caring", "rating": "Good", "reportDate": "2016-10-13"},
                ],
            },
            "serviceRatings": [
                {
                    "name": "mhcrisis",
                    "rating": "Good",
                    "reportDate": "2019-01-01",
                    "reportLinkId": "link-2019",
                    "keyQuestionRatings": [{"name": "well led", "rating": "Outstanding"}],
                }
            ],
        },
    }
    record.update(extra)
    return record


def _provider() -> dict[str, Any]:
    return {
        "organisationType": "Provider",
        "providerId": "RMY",
        "odsCode": "RMY",
        "name": "Norfolk and Suffolk NHS Foundation Trust",
        "type": "NHS Healthcare Organisation",
        "region": "East",
        "inspectionCategories": [
            {"code": "H6", "name": "Community health - NHS & Independent"},
            {
                "code": "H9",
                "name": "Mental health - community & residential - NHS",
                "primary": "true",
            },
        ],
        "currentRatings": {
            "overall": {
                "rating": "Requires improvement",
                "reportDate": "2023-05-24",
                "reportLinkId": "link-2023",
                "useOfResources": {
                    "useOfResourcesRating": "Good",
                    "combinedQualityRating": "Requires improvement",
                    "reportDate": "2019-05-01",
                    "reportLinkId": "link-uor",
                },
                "keyQuestionRatings": [{"name": "Well-led", "rating": "Inadequate"}],
            }
        },
        "historicRatings": [
            {
                "reportDate": "2015-02-11",
                "reportLinkId": "link-2015",
                "overall": {
                    "rating": "Inadequate",
                    "useOfResources": {"useOfResourcesRating": ""},
                },
            }
        ],
    }


def _write(path: Path, value: Any, *, indent: int | None = 2) -> Path:
    path.write_text(json.dumps(value, indent=indent), encoding="utf-8")
    return path


def test_single_record_pretty_and_compact_give_the_same_ratings(tmp_path: Path) -> None:
    pretty = read_cqc_api([_write(tmp_path / "pretty.json", _location())])[0]
    compact = read_cqc_api([_write(tmp_path / "compact.json", _location(), indent=None)])[0]
    assert pretty.ratings == tuple(
        r.__class__(**{**r.__dict__, "source": r.source.replace("compact", "pretty")})
        for r in compact.ratings
    )
    assert pretty.sha256 != compact.sha256


def test_dates_links_and_sources_follow_the_json(tmp_path: Path) -> None:
    [batch] = read_cqc_api([_write(tmp_path / "rmy01.json", _location())])
    by_source = {r.source.partition(":")[2]: r for r in batch.ratings}
    assert list(by_source) == [
        "currentRatings.overall",
        "currentRatings.overall.keyQuestionRatings[0]",
        "currentRatings.overall.keyQuestionRatings[1]",
        "currentRatings.serviceRatings[0]",
        "currentRatings.serviceRatings[0].keyQuestionRatings[0]",
    ]
    safe = by_source["currentRatings.overall.keyQuestionRatings[0]"]
    assert (safe.aspect, safe.rating, safe.rating_date, safe.report_link_id) == (
        Aspect.SAFE,
        Rating.REQUIRES_IMPROVEMENT,
        dt.date(2020, 1, 29),  # the overall's
        "link-2020",
    )
    caring = by_source["currentRatings.overall.keyQuestionRatings[1]"]
    assert caring.rating_date == dt.date(2016, 10, 13)  # its own
    well_led = by_source["currentRatings.serviceRatings[0].keyQuestionRatings[0]"]
    assert (well_led.service, well_led.aspect, well_led.rating, well_led.rating_date) == (
        "mhcrisis",
        Aspect.WELL_LED,
        Rating.OUTSTANDING,
        dt.date(2019, 1, 1),
    )
    assert {(r.provider_id, r.location_id) for r in batch.ratings} == {("RMY", "RMY01")}


def test_array_and_json_lines_files(tmp_path: Path) -> None:
    records = [_location("RMY01"), _location("RMY02")]
    [array] = read_cqc_api([_write(tmp_path / "both.json", records)])
    lines = tmp_path / "both.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    [jsonl] = read_cqc_api([lines])
    for batch in (array, jsonl):
        assert [loc.location_id for loc in batch.locations] == ["RMY01", "RMY02"]
        assert len(batch.ratings) == 10
        assert [p.provider_id for p in batch.providers] == ["RMY"]
    assert array.ratings[5].source == "both.json:[1].currentRatings.overall"
    assert jsonl.ratings[5].source == "both.jsonl:[1].currentRatings.overall"


def test_provider_record_with_use_of_resources(tmp_path: Path) -> None:
    [batch] = read_cqc_api([_write(tmp_path / "provider_RMY.json", _provider())])
    [provider] = batch.providers
    assert provider.provider_id == "RMY"
    assert provider.name == "Norfolk and Suffolk NHS Foundation Trust"
    assert provider.ods_code == "RMY"
    assert provider.region == "East"
    assert provider.provider_type == "NHS Healthcare Organisation"
    assert provider.trust_type == "mental_health"
    assert batch.locations == ()
    cells = {(r.aspect, r.rating_date, r.current): r for r in batch.ratings}
    assert cells[(Aspect.USE_OF_RESOURCES, dt.date(2019, 5, 1), True)].rating is Rating.GOOD
    combined = cells[(Aspect.COMBINED, dt.date(2019, 5, 1), True)]
    assert combined.rating is Rating.REQUIRES_IMPROVEMENT
    assert combined.report_link_id == "link-uor"
    assert combined.location_id is None
    assert cells[(Aspect.WELL_LED, dt.date(2023, 5, 24), True)].rating is Rating.INADEQUATE
    historic = cells[(Aspect.OVERALL, dt.date(2015, 2, 11), False)]
    assert historic.rating is Rating.INADEQUATE
    assert len(batch.ratings) == 5  # the empty historic use-of-resources rating is skipped


@pytest.mark.parametrize(
    ("category", "trust_type"),
    [
        ("Mental health - community & hospital based - NHS", "mental_health"),
        ("Community health - NHS & Independent", "community"),
        ("Ambulance service", "ambulance"),
        ("Acute hospital - NHS non-specialist", "acute"),
        ("Acute hospital - NHS specialist", "acute_specialist"),
        ("Dentists", None),
        ("", None),
    ],
)
def test_trust_type_from_the_primary_category(
    tmp_path: Path, category: str, trust_type: str | None
) -> None:
    record = _provider()
    record["inspectionCategories"] = [{"name": category, "primary": "true"}]
    [batch] = read_cqc_api([_write(tmp_path / "p.json", record)])
    assert batch.providers[0].trust_type == trust_type


def test_historic_repeat_of_a_current_rating_is_emitted_once_as_current(tmp_path: Path) -> None:
    record = _location()
    record["historicRatings"] = [
        {
            "reportDate": "2020-01-29",
            "reportLinkId": "link-2020",
            "overall": {
                "rating": "Requires improvement",
                "keyQuestionRatings": [{"name": "Safe", "rating": "Requires improvement"}],
            },
        },
        {"reportDate": "2016-10-13", "overall": {"rating": "Requires improvement"}},
    ]
    [batch] = read_cqc_api([_write(tmp_path / "r.json", record)])
    overall_2020 = [r for r in batch.ratings if r.aspect is Aspect.OVERALL and r.service is None]
    assert [(r.rating_date, r.current) for r in overall_2020] == [
        (dt.date(2020, 1, 29), True),
        (dt.date(2016, 10, 13), False),
    ]
    assert len(batch.ratings) == 6


def test_inherited_from_a_historic_entry(tmp_path: Path) -> None:
    record = _location()
    record["historicRatings"] = [
        {
            "organisationId": "RMY99",
            "reportDate": "2015-02-11",
            "reportLinkId": "link-old",
            "serviceRatings": [
                {
                    "name": "mhcrisis",
                    "rating": "Inadequate",
                    "keyQuestionRatings": [{"name": "Safe", "rating": "Inadequate"}],
                }
            ],
        }
    ]
    [batch] = read_cqc_api([_write(tmp_path / "r.json", record)])
    old = [r for r in batch.ratings if not r.current]
    assert len(old) == 2
    assert {(r.inherited, r.inherited_from, r.report_link_id) for r in old} == {
        (True, "RMY99", "link-old")
    }
    assert not any(r.inherited for r in batch.ratings if r.current)


def test_non_rating_words_are_kept(tmp_path: Path) -> None:
    record = _location()
    kqs = record["currentRatings"]["overall"]["keyQuestionRatings"]
    kqs[0]["rating"] = "Insufficient evidence to rate"
    kqs[1]["rating"] = "Not rated"
    [batch] = read_cqc_api([_write(tmp_path / "r.json", record)])
    assert [r.rating for r in batch.ratings[1:3]] == [
        NonRating.INSUFFICIENT_EVIDENCE,
        NonRating.NOT_RATED,
    ]


def test_report_urls_drop_the_query_string(tmp_path: Path) -> None:
    record = _location(
        reports=[
            {"linkId": "a", "reportDate": "2020-01-29", "reportUri": "/reports/a?2022"},
            {"linkId": "b", "reportDate": "2019-01-01", "reportUri": "https://x.example/r/b?q"},
            {"linkId": "c", "reportDate": "2018-01-01"},
            {"linkId": "a", "reportDate": "2020-01-29", "reportUri": "/reports/a?2023"},
        ]
    )
    [batch] = read_cqc_api([_write(tmp_path / "r.json", record)])
    assert [(r.link_id, r.url) for r in batch.reports] == [
        ("a", "https://www.cqc.org.uk/reports/a"),
        ("b", "https://x.example/r/b"),
        ("c", None),
    ]


# -- errors -----------------------------------------------------------------------------------


def _error(tmp_path: Path, record: Any, name: str = "bad.json") -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_cqc_api([_write(tmp_path / name, record)])
    return caught.value


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    text = json.dumps(_location(), indent=2).splitlines()
    text[6] = text[6] + " oops"
    (tmp_path / "broken.json").write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_cqc_api([tmp_path / "broken.json"])
    assert (caught.value.file, caught.value.row) == ("broken.json", 7)
    assert "invalid JSON" in str(caught.value)


def test_invalid_json_line_names_the_line(tmp_path: Path) -> None:
    lines = tmp_path / "records.jsonl"
    lines.write_text(json.dumps(_location()) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_cqc_api([lines])
    assert (caught.value.file, caught.value.row) == ("records.jsonl", 3)


def test_unknown_rating_word_names_the_json_path(tmp_path: Path) -> None:
    records = [_location("RMY01"), _location("RMY02")]
    records[1]["currentRatings"]["serviceRatings"][0]["keyQuestionRatings"][0]["rating"] = "Meh"
    error = _error(tmp_path, records)
    assert error.file == "bad.json"
    assert error.row == 2
    assert error.column == "[1].currentRatings.serviceRatings[0].keyQuestionRatings[0].rating"


def test_unknown_key_question_names_the_json_path(tmp_path: Path) -> None:
    record = _location()
    record["currentRatings"]["overall"]["keyQuestionRatings"][1]["name"] = "Kind"
    error = _error(tmp_path, record)
    assert (error.row, error.column) == (1, "currentRatings.overall.keyQuestionRatings[1].name")


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda r: r.pop("locationId"), "locationId"),
        (lambda r: r.pop("providerId"), "providerId"),
        (lambda r: r.update(registrationDate="01/04/2010"), "registrationDate"),
        (lambda r: r.update(organisationType="Brand"), None),
        (lambda r: r.update(name=42), "name"),
        (lambda r: r.update(reports=[{"reportDate": "2020-01-01"}]), "reports[0].linkId"),
        (lambda r: r.update(reports=[{"linkId": "x"}]), "reports[0].reportDate"),
        (lambda r: r.update(reports={"linkId": "x"}), "reports"),
        (lambda r: r.update(inspectionCategories=["H1"]), "inspectionCategories[0]"),
        (
            lambda r: r["currentRatings"]["overall"].pop("reportDate"),
            "currentRatings.overall.reportDate",
        ),
        (
            lambda r: r["currentRatings"]["serviceRatings"][0].pop("name"),
            "currentRatings.serviceRatings[0].name",
        ),
        (
            lambda r: r["currentRatings"]["serviceRatings"][0].pop("rating"),
            "currentRatings.serviceRatings[0].rating",
        ),
        (
            lambda r: r["currentRatings"]["overall"]["keyQuestionRatings"][0].pop("name"),
            "currentRatings.overall.keyQuestionRatings[0].name",
        ),
        (lambda r: r.update(currentRatings=[]), "currentRatings"),
    ],
)
def test_bad_fields_name_their_json_path(tmp_path: Path, change: Any, column: str | None) -> None:
    record = copy.deepcopy(_location())
    change(record)
    error = _error(tmp_path, record)
    assert (error.file, error.row, error.column) == ("bad.json", 1, column)


def test_contradicting_historic_entries_are_an_error(tmp_path: Path) -> None:
    record = _location()
    record["historicRatings"] = [
        {"reportDate": "2015-02-11", "overall": {"rating": "Inadequate"}},
        {"reportDate": "2015-02-11", "overall": {"rating": "Good"}},
    ]
    error = _error(tmp_path, [_location("RMY00"), record])
    assert (error.row, error.column) == (2, "[1].historicRatings[1].overall")
    assert "'Good' contradicts 'Inadequate' at [1].historicRatings[0].overall" in str(error)


def test_a_record_that_is_not_an_object(tmp_path: Path) -> None:
    error = _error(tmp_path, [_location(), "RMY02"])
    assert (error.row, error.column) == (2, None)


def test_not_utf8_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "latin1.json").write_bytes('{"name": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(IngestError, match="not UTF-8"):
        read_cqc_api([tmp_path / "latin1.json"])
    with pytest.raises(IngestError, match="no such file"):
        read_cqc_api([tmp_path / "missing.json"])


def test_a_folder_reads_only_json_files(tmp_path: Path) -> None:
    _write(tmp_path / "b.json", _location("RMY02"))
    (tmp_path / "a.jsonl").write_text(json.dumps(_location("RMY01")), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    batches = read_cqc_api([str(tmp_path)])
    assert [b.source for b in batches] == ["a.jsonl", "b.json"]


def test_organisation_type_is_inferred_when_absent(tmp_path: Path) -> None:
    location = _location()
    del location["organisationType"]
    provider = _provider()
    del provider["organisationType"]
    [batch] = read_cqc_api([_write(tmp_path / "both.json", [provider, location])])
    assert [loc.location_id for loc in batch.locations] == ["RMY01"]
    assert batch.providers[0].name == "Norfolk and Suffolk NHS Foundation Trust"
