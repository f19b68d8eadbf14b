"""The "Latest ratings" reader on files written in all three formats by tests/ingest_files.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.ratings import Aspect, NonRating, Rating
from carewatch.ingest.cqc_ratings import PROGRESS_EVERY, read_cqc_ratings
from carewatch.ingest.records import ImportBatch, IngestError
from tests.ingest_files import (
    HEADER_VARIANTS,
    SheetSpec,
    location_row,
    locations_sheet,
    provider_row,
    providers_sheet,
    readme_sheet,
    write_file,
    write_ods_streamed,
)

FORMATS = ["csv", "xlsx", "ods"]
SPREADSHEETS = ["xlsx", "ods"]


def _nsft_locations() -> list[dict[str, Any]]:
    """Hellesdon Hospital's overall and safe ratings and one core service (NSFT, Jan 2020)."""
    return [
        location_row(),
        location_row(**{"Domain": "Safe", "Inherited Rating (Y/N)": "Y"}),
        location_row(
            **{
                "Service / Population Group": "Mental health crisis services and health-based "
                "places of safety",
                "Domain": "Well-led",
                "Latest Rating": "Inadequate",
                "Publication Date": "2019-03-05",
                "Report Type": "Inspection",
            }
        ),
        location_row(
            **{
                "Location ID": "RMY02",
                "Location Name": "Woodlands",
                "Domain": "Caring",
                "Latest Rating": "Not rated",
                "Publication Date": "13/10/2016",
                "Service / Population Group": "",
            }
        ),
    ]


def _write(tmp_path: Path, fmt: str, sheets: list[SheetSpec], name: str = "latest") -> Path:
    return write_file(tmp_path / f"{name}.{fmt}", sheets)


def _read(path: Path) -> ImportBatch:
    [batch] = read_cqc_ratings(path)
    return batch


@pytest.mark.parametrize("fmt", FORMATS)
def test_locations_sheet_in_every_format(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path, fmt, [locations_sheet(_nsft_locations())])
    batch = _read(path)
    assert (batch.source, batch.kind) == (f"latest.{fmt}", "cqc-ratings")
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    overall, safe, crisis, woodlands = batch.ratings
    assert (overall.provider_id, overall.location_id, overall.service) == ("RMY", "RMY01", None)
    assert (overall.aspect, overall.rating, overall.rating_date) == (
        Aspect.OVERALL,
        Rating.REQUIRES_IMPROVEMENT,
        dt.date(2020, 1, 29),
    )
    assert (overall.inherited, safe.inherited) == (False, True)
    assert overall.report_type == "Location"
    assert overall.report_url == "https://www.cqc.org.uk/location/RMY01"
    sheet = "" if fmt == "csv" else ":Locations"
    assert overall.source == f"latest.{fmt}{sheet}:row 2"
    assert crisis.service == ("Mental health crisis services and health-based places of safety")
    assert (crisis.aspect, crisis.rating, crisis.rating_date, crisis.report_type) == (
        Aspect.WELL_LED,
        Rating.INADEQUATE,
        dt.date(2019, 3, 5),
        "Inspection",
    )
    assert (woodlands.location_id, woodlands.service, woodlands.rating) == (
        "RMY02",
        None,
        NonRating.NOT_RATED,
    )
    assert woodlands.rating_date == dt.date(2016, 10, 13)
    assert {r.current for r in batch.ratings} == {True}

    assert [(loc.location_id, loc.name) for loc in batch.locations] == [
        ("RMY01", "Hellesdon Hospital"),
        ("RMY02", "Woodlands"),
    ]
    hellesdon = batch.locations[0]
    assert hellesdon.primary_inspection_category == "Mental health - community & hospital based"
    assert (hellesdon.region, hellesdon.ods_code) == ("East", "RMY01")
    assert [(p.provider_id, p.name) for p in batch.providers] == [
        ("RMY", "Norfolk and Suffolk NHS Foundation Trust")
    ]


@pytest.mark.parametrize("fmt", SPREADSHEETS)
def test_workbook_with_readme_title_rows_and_both_sheets(tmp_path: Path, fmt: str) -> None:
    sheets = [
        readme_sheet(),
        locations_sheet(
            _nsft_locations(),
            name="Locations (Latest ratings)",
            title_rows=[["Care Quality Commission"], [], ["Latest ratings, March 2025"]],
        ),
        providers_sheet(
            [provider_row(), provider_row(**{"Domain": "Well-led", "Latest Rating": "Good"})],
            name="PROVIDERS",
        ),
    ]
    batch = _read(_write(tmp_path, fmt, sheets))
    assert len(batch.ratings) == 6
    assert batch.ratings[0].source == f"latest.{fmt}:Locations (Latest ratings):row 5"
    trust = [r for r in batch.ratings if r.location_id is None]
    assert [(r.aspect, r.rating) for r in trust] == [
        (Aspect.OVERALL, Rating.REQUIRES_IMPROVEMENT),
        (Aspect.WELL_LED, Rating.GOOD),
    ]
    assert trust[0].source == f"latest.{fmt}:PROVIDERS:row 2"
    [provider] = batch.providers  # the Providers sheet's details win over the Locations sheet's
    assert provider.provider_type == "NHS Healthcare Organisation"
    assert provider.trust_type == "mental_health"
    assert (provider.ods_code, provider.region) == ("RMY", "East")


def test_sheets_found_by_columns_when_names_say_nothing(tmp_path: Path) -> None:
    sheets = [
        SheetSpec("Sheet1", ["Nothing", "Here"], [["a", "b"]]),
        locations_sheet(_nsft_locations(), name="Data A"),
        providers_sheet([provider_row()], name="Data B"),
    ]
    batch = _read(_write(tmp_path, "xlsx", sheets))
    assert len(batch.ratings) == 5


def test_csv_of_providers(tmp_path: Path) -> None:
    path = _write(tmp_path, "csv", [providers_sheet([provider_row()], title_rows=[["Title"]])])
    [rating] = _read(path).ratings
    assert (rating.provider_id, rating.location_id, rating.source) == (
        "RMY",
        None,
        "latest.csv:row 3",
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("heading", "variant"),
    [(heading, variant) for heading, variants in HEADER_VARIANTS.items() for variant in variants],
)
def test_header_variants(tmp_path: Path, fmt: str, heading: str, variant: str) -> None:
    rename = {heading: variant}
    if heading == "Provider Type":
        sheet = providers_sheet([provider_row()], rename=rename)
    else:
        sheet = locations_sheet(_nsft_locations(), rename=rename)
    batch = _read(_write(tmp_path, fmt, [sheet]))
    first = batch.ratings[0]
    assert first.rating is Rating.REQUIRES_IMPROVEMENT
    assert first.rating_date == dt.date(2020, 1, 29)
    if heading == "Provider Type":
        assert batch.providers[0].provider_type == "NHS Healthcare Organisation"
    else:
        assert batch.ratings[1].inherited is True
        assert batch.ratings[2].service is not None


def test_optional_columns_may_be_missing(tmp_path: Path) -> None:
    drop = [
        "Service / Population Group",
        "Inherited Rating (Y/N)",
        "Report Type",
        "URL",
        "Location ODS Code",
    ]
    records = [location_row(), location_row(**{"Domain": "Safe"})]
    batch = _read(_write(tmp_path, "csv", [locations_sheet(records, drop=drop)]))
    assert [(r.service, r.inherited, r.report_type, r.report_url) for r in batch.ratings] == [
        (None, False, None, None)
    ] * 2
    assert batch.locations[0].ods_code is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_forms(tmp_path: Path, fmt: str) -> None:
    dates: list[Any] = [dt.date(2021, 2, 10), "2021-02-10", "10/02/2021", "2021-02-10T00:00:00"]
    if fmt != "csv":
        dates.append(44237)  # a spreadsheet serial number: days since 1899-12-30
        dates.append(dt.datetime(2021, 2, 10, 9, 30))  # a date-time cell
    records = [
        location_row(**{"Location ID": f"L{n}", "Publication Date": value})
        for n, value in enumerate(dates)
    ]
    batch = _read(_write(tmp_path, fmt, [locations_sheet(records)]))
    assert {r.rating_date for r in batch.ratings} == {dt.date(2021, 2, 10)}
    assert len(batch.ratings) == len(dates)


def test_blank_rows_are_skipped_and_repeated_rows_kept_once(tmp_path: Path) -> None:
    records = [location_row(), {}, location_row(), location_row(**{"Domain": "Safe"})]
    batch = _read(_write(tmp_path, "xlsx", [locations_sheet(records)]))
    assert [r.source for r in batch.ratings] == [
        "latest.xlsx:Locations:row 2",
        "latest.xlsx:Locations:row 5",
    ]


def test_short_csv_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(
        "Location ID,Location Name,Domain,Latest Rating,Publication Date,Provider ID,URL\n"
        "RMY01,Hellesdon,Safe,Good,2020-01-29,RMY\n",
        encoding="utf-8",
    )
    [rating] = _read(path).ratings
    assert (rating.rating, rating.report_url) == (Rating.GOOD, None)


def test_reading_twice_gives_equal_batches_and_reports_progress(tmp_path: Path) -> None:
    count = PROGRESS_EVERY + 5
    records = (location_row(**{"Location ID": f"1-{n}"}) for n in range(count))
    path = write_file(tmp_path / "big.csv", [locations_sheet(records)])
    calls: list[tuple[int, int | None]] = []
    [first] = read_cqc_ratings(path, progress=lambda done, total: calls.append((done, total)))
    [second] = read_cqc_ratings(str(path))
    assert first == second
    assert len(first.ratings) == count
    # A streamed file's length is known only at its end.
    assert calls == [(PROGRESS_EVERY, None), (count, count)]


def test_streamed_ods_reads_like_odfpy_ods(tmp_path: Path) -> None:
    sheets = [locations_sheet(_nsft_locations(), title_rows=[["Title"]])]
    by_odfpy = _read(write_file(tmp_path / "a.ods", sheets))
    sheets = [locations_sheet(_nsft_locations(), title_rows=[["Title"]])]
    streamed = _read(write_ods_streamed(tmp_path / "a2.ods", sheets))
    assert [(r.key, r.rating, r.inherited) for r in by_odfpy.ratings] == [
        (r.key, r.rating, r.inherited) for r in streamed.ratings
    ]


# -- errors -----------------------------------------------------------------------------------


def _error(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_cqc_ratings(path)
    return caught.value


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "missing",
    ["Location ID", "Location Name", "Domain", "Latest Rating", "Publication Date", "Provider ID"],
)
def test_missing_required_location_column(tmp_path: Path, fmt: str, missing: str) -> None:
    sheet = locations_sheet(_nsft_locations(), drop=[missing], title_rows=[["Title"]])
    error = _error(_write(tmp_path, fmt, [sheet]))
    assert error.file == f"latest.{fmt}"
    assert error.sheet == (None if fmt == "csv" else "Locations")
    assert error.column == missing
    assert error.row == 2  # the header row, under the title


@pytest.mark.parametrize("missing", ["Provider Name", "Domain", "Latest Rating"])
def test_missing_required_provider_column(tmp_path: Path, missing: str) -> None:
    sheets = [locations_sheet(_nsft_locations()), providers_sheet([provider_row()], drop=[missing])]
    error = _error(_write(tmp_path, "ods", sheets))
    assert (error.sheet, error.row, error.column) == ("Providers", 1, missing)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("column", "value", "detail"),
    [
        ("Latest Rating", "Fabulous", "unknown rating"),
        ("Domain", "Kindness", "unknown domain"),
        ("Publication Date", "31/02/2021", "invalid date"),
        ("Publication Date", "next week", "invalid date"),
        ("Publication Date", 12, "invalid date"),
        ("Publication Date", "", "empty date"),
        ("Inherited Rating (Y/N)", "maybe", "expected Y or N"),
        ("Provider ID", "", "empty provider ID"),
        ("Location ID", "", "empty ID"),
    ],
)
def test_malformed_cells_name_file_sheet_row_and_column(
    tmp_path: Path, fmt: str, column: str, value: Any, detail: str
) -> None:
    records = _nsft_locations()
    records[2] = {**records[2], column: value}
    sheet = locations_sheet(records, title_rows=[["Latest ratings"], ["Published monthly"]])
    error = _error(_write(tmp_path, fmt, [sheet]))
    assert (error.file, error.row, error.column) == (f"latest.{fmt}", 6, column)
    assert error.sheet == (None if fmt == "csv" else "Locations")
    assert detail in str(error)
    if isinstance(value, str) and value:
        assert value not in str(error)  # cells are never quoted


def test_contradicting_duplicate_rows(tmp_path: Path) -> None:
    records = [location_row(), location_row(**{"Latest Rating": "Good"})]
    error = _error(_write(tmp_path, "xlsx", [locations_sheet(records)]))
    assert (error.sheet, error.row, error.column) == ("Locations", 3, "Latest Rating")
    assert "'Good' contradicts 'Requires improvement' in row 2" in str(error)


def test_no_data_sheet(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "xlsx", [readme_sheet(), SheetSpec("Other", ["x"], [])]))
    assert "no Locations or Providers sheet" in str(error)
    assert "'README'" in str(error)


def test_named_sheet_without_a_header(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "xlsx", [SheetSpec("Locations", ["Name"], [["x"]])]))
    assert (error.sheet, error.column) == ("Locations", "Location ID")


def test_csv_without_a_header(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    error = _error(tmp_path / "x.csv")
    assert "'Location ID' (or 'Provider ID')" in str(error)


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("hello", encoding="utf-8")
    assert "unsupported file type" in str(_error(tmp_path / "x.txt"))
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    assert "cannot read as a spreadsheet" in str(_error(tmp_path / "x.xlsx"))
    (tmp_path / "x.csv").write_bytes("Location ID\ncaf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(_error(tmp_path / "x.csv"))
    assert "cannot read the file" in str(_error(tmp_path / "missing.ods"))


def test_numbers_in_text_columns(tmp_path: Path) -> None:
    records = [location_row(**{"Location ID": 12345, "Location Name": 1.5})]
    batch = _read(_write(tmp_path, "xlsx", [locations_sheet(records)]))
    [location] = batch.locations
    assert (location.location_id, location.name) == ("12345", "1.5")


def test_malformed_csv(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    header = "Location ID,Location Name,Domain,Latest Rating,Publication Date,Provider ID\n"
    path.write_text(header + '"' + "x" * 200_000 + '"\n', encoding="utf-8")
    assert "malformed CSV" in str(_error(path))
