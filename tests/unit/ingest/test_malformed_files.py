"""Malformed files, one per row of a table: every reader refuses each with an `IngestError`
naming the file, the row and the field, and the message never quotes the text at fault.

Each case writes a small file that is valid but for one thing (deeply nested JSON, a
5,000-digit integer, a NUL in a name, a name of 20 million characters, a negative count, a
zero denominator, a workbook with no rating rows ...) and says where the error must point.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.ingest.mhsds_4ww import read_mhsds_4ww
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.ingest.oaps import read_oaps
from carewatch.ingest.records import IngestError
from tests.ingest_files import location_row, locations_sheet, providers_sheet, write_file

SECRET = "Mrs Jane Example"
"""A name standing for personal data: no error message may quote it."""


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], Path]  # writes the file into the folder given, returns its path
    read: Callable[[Path], object]
    row: int | None
    column: str | None
    says: str  # words the message must hold


def _json(record: object) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / "location.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        return path

    return write


def _raw_json(text: Callable[[], str]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / "location.json"
        path.write_text(text(), encoding="utf-8")
        return path

    return write


def _location(**fields: object) -> dict[str, object]:
    return {"locationId": "RMY01", "providerId": "RMY", "name": "Hellesdon Hospital", **fields}


def _lines(name: str, header: str, *rows: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    return write


TEMPLATE_HEADER = ",".join(TEMPLATE_COLUMNS)


def _observation(**cells: str) -> str:
    values = {
        "org_code": "RMY",
        "org_name": "A trust",
        "metric_code": "pos_staffing_fill_rate",
        "period_start": "2024-04-01",
        "period_end": "2024-04-30",
        "value": "91.5",
        "numerator": "183",
        "denominator": "200",
        "source": "Rostering",
        **cells,
    }
    return ",".join(values[c] for c in TEMPLATE_COLUMNS)


MHSDS_HEADER = (
    "REPORTING_PERIOD_START,REPORTING_PERIOD_END,STATUS,BREAKDOWN,PRIMARY_LEVEL,"
    "PRIMARY_LEVEL_DESCRIPTION,SECONDARY_LEVEL,SECONDARY_LEVEL_DESCRIPTION,MEASURE_ID,"
    "MEASURE_NAME,MEASURE_VALUE"
)


def _mhsds(measure: str, value: str, name: str = "A TRUST") -> str:
    return f"01/07/2024,30/09/2024,Performance,Provider,RXX,{name},NONE,NONE,{measure},n,{value}"


OAPS_HEADER = "PublicationPeriod,Question,Breakdown1,Breakdown1Code,Breakdown2,value"
NOF_HEADER = "Trust_code,Trust_name,Trust_type,Quarter,Segment"


def _ratings(rows: list[dict[str, object]], suffix: str = "csv") -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        return write_file(folder / f"ratings.{suffix}", [locations_sheet(rows)])

    return write


def _empty_workbook(folder: Path) -> Path:
    return write_file(folder / "ratings.xlsx", [providers_sheet([]), locations_sheet([])])


def _long_sheet_name(folder: Path) -> Path:
    return write_file(
        folder / "ratings.ods", [locations_sheet([location_row()], name="Locations" + "s" * 150)]
    )


def _padded_heading(folder: Path) -> Path:
    # "Location ID" with a thousand spaces in it is still the heading, but never quoted.
    sheet = locations_sheet(
        [location_row(**{"Location ID": ""})],
        rename={"Location ID": "Location" + " " * 1000 + "ID"},
    )
    return write_file(folder / "ratings.csv", [sheet])


def read_api(path: Path) -> object:
    return read_cqc_api([path])


CASES = [
    Case(
        "JSON nested 200,000 levels deep",
        _raw_json(lambda: '{"locationId": "RMY01", "x": ' + "[" * 200_000 + "]" * 200_000 + "}"),
        read_api,
        None,
        None,
        "nested more than 100 levels",
    ),
    Case(
        "JSON nested 150 levels deep",
        _raw_json(lambda: '{"locationId": "RMY01", "x": ' + "[" * 150 + "]" * 150 + "}"),
        read_api,
        None,
        None,
        "nested more than 100 levels",
    ),
    Case(
        "a 5,000-digit integer",
        _raw_json(lambda: '{"locationId": "RMY01", "beds": ' + "9" * 5000 + "}"),
        read_api,
        None,
        None,
        "an integer of more than 100 digits",
    ),
    Case(
        "a NUL in a location's name",
        _json(_location(name=f"{SECRET}\x00")),
        read_api,
        1,
        "name",
        "control character (U+0000)",
    ),
    Case(
        "a 20-million-character location name",
        _raw_json(lambda: json.dumps(_location(name="A" * 20_000_000))),
        read_api,
        1,
        "name",
        "20000000 characters long, more than the 300 allowed",
    ),
    Case(
        "a lone surrogate in a provider id",
        _raw_json(lambda: json.dumps(_location(providerId="RMY\ud800"))),
        read_api,
        1,
        "providerId",
        "control character (U+D800)",
    ),
    Case(
        "an escape character in a report link",
        _json(_location(reports=[{"linkId": "AP1\x1b", "reportDate": "2024-01-01"}])),
        read_api,
        1,
        "reports[0].linkId",
        "control character (U+001B)",
    ),
    Case(
        "a report address longer than its column",
        _json(
            _location(
                reports=[
                    {"linkId": "AP1", "reportDate": "2024-01-01", "reportUri": "/r/" + "x" * 490}
                ]
            )
        ),
        read_api,
        1,
        "reports[0].reportUri",
        "longer than the 500 characters allowed",
    ),
    Case(
        "a rating word of 10,000 characters",
        _json(
            _location(
                currentRatings={"overall": {"rating": SECRET * 1000, "reportDate": "2024-01-01"}}
            )
        ),
        read_api,
        1,
        "currentRatings.overall.rating",
        "not a rating word",
    ),
    Case(
        "a NUL in a ratings CSV's location name",
        _ratings([location_row(**{"Location Name": f"{SECRET}\x00"})]),
        read_cqc_ratings,
        2,
        "Location Name",
        "control character (U+0000)",
    ),
    Case(
        "a ratings CSV's provider id longer than its column",
        _ratings([location_row(**{"Provider ID": "R" * 41})]),
        read_cqc_ratings,
        2,
        "Provider ID",
        "41 characters long, more than the 40 allowed",
    ),
    Case(
        "a line break in a spreadsheet's service name",
        _ratings([location_row(**{"Service / Population Group": "Community\nservices"})], "xlsx"),
        read_cqc_ratings,
        2,
        "Service / Population Group",
        "control character (U+000A)",
    ),
    Case(
        "a sheet name of 159 characters",
        _long_sheet_name,
        read_cqc_ratings,
        None,
        None,
        "the name of sheet 1 is 159 characters long, more than the 100 allowed",
    ),
    Case(
        "a heading padded with a thousand spaces",
        _padded_heading,
        read_cqc_ratings,
        2,
        "Location ID",
        "empty ID in a row that has other values",
    ),
    Case(
        "a workbook whose Locations and Providers sheets hold no rows",
        _empty_workbook,
        read_cqc_ratings,
        None,
        None,
        "no rating rows",
    ),
    Case(
        "a NUL in an observations CSV's organisation name",
        _lines("obs.csv", TEMPLATE_HEADER, _observation(org_name=f"{SECRET}\x00")),
        read_metric_csv,
        2,
        "org_name",
        "control character (U+0000)",
    ),
    Case(
        "an observations CSV's source longer than its column",
        _lines("obs.csv", TEMPLATE_HEADER, _observation(source="s" * 501)),
        read_metric_csv,
        2,
        "source",
        "501 characters long, more than the 500 allowed",
    ),
    Case(
        "a cell of 20,000 characters in a column nobody reads",
        _lines("obs.csv", TEMPLATE_HEADER + ",notes", _observation() + "," + "n" * 20_000),
        read_metric_csv,
        2,
        "notes",
        "more than the 10000 allowed",
    ),
    Case(
        "a negative proportion",
        _lines("obs.csv", TEMPLATE_HEADER, _observation(value="-91.5")),
        read_metric_csv,
        2,
        "value",
        "negative",
    ),
    Case(
        "a negative waiting time",
        _lines(
            "obs.csv",
            TEMPLATE_HEADER,
            _observation(metric_code="cyp_triage_wait", value="-12", numerator="", denominator=""),
        ),
        read_metric_csv,
        2,
        "value",
        "negative",
    ),
    Case(
        "a negative numerator",
        _lines("obs.csv", TEMPLATE_HEADER, _observation(numerator="-1")),
        read_metric_csv,
        2,
        "numerator",
        "negative",
    ),
    Case(
        "a zero denominator",
        _lines("obs.csv", TEMPLATE_HEADER, _observation(denominator="0")),
        read_metric_csv,
        2,
        "denominator",
        "not above zero",
    ),
    Case(
        "a negative four-week-wait percentage",
        _lines("4ww.csv", MHSDS_HEADER, _mhsds("MRS01b", "-7")),
        read_mhsds_4ww,
        2,
        "MEASURE_VALUE",
        "negative",
    ),
    Case(
        "a negative median wait",
        _lines("4ww.csv", MHSDS_HEADER, _mhsds("MRS01b", "7"), _mhsds("MRS03a", "-242")),
        read_mhsds_4ww,
        3,
        "MEASURE_VALUE",
        "negative",
    ),
    Case(
        "a zero count of clock stops beside a percentage",
        _lines("4ww.csv", MHSDS_HEADER, _mhsds("MRS01b", "7"), _mhsds("MRS01", "0")),
        read_mhsds_4ww,
        3,
        "MEASURE_VALUE",
        "is zero",
    ),
    Case(
        "a NUL in a provider's name in a four-week-wait file",
        _lines("4ww.csv", MHSDS_HEADER, _mhsds("MRS01b", "7", name=f"{SECRET}\x00")),
        read_mhsds_4ww,
        2,
        "PRIMARY_LEVEL_DESCRIPTION",
        "control character (U+0000)",
    ),
    Case(
        "a negative count of placements",
        _lines(
            "oaps.csv", OAPS_HEADER, "2017/02,OAPs active at period end,SendingProvider,RMY,,-5"
        ),
        read_oaps,
        2,
        "value",
        "negative",
    ),
    Case(
        "a NUL in a segmentation file's trust name",
        _lines("nof.csv", NOF_HEADER, f"RMY,{SECRET}\x00,Mental health,Q2 2025/26,3"),
        read_nof_segmentation,
        2,
        "Trust_name",
        "control character (U+0000)",
    ),
    Case(
        "a segmentation file's peer group longer than its column",
        _lines("nof.csv", NOF_HEADER, f"RMY,A trust,{'p' * 101},Q2 2025/26,3"),
        read_nof_segmentation,
        2,
        "Trust_type",
        "more than the 100 allowed",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_malformed_file_is_refused_naming_file_row_and_field(tmp_path: Path, case: Case) -> None:
    path = case.write(tmp_path)
    with pytest.raises(IngestError) as refused:
        case.read(path)
    error = refused.value
    assert error.file == path.name
    assert error.row == case.row
    assert error.column == case.column
    assert case.says in error.detail
    assert SECRET not in str(error)
    assert len(str(error)) < 400
