"""The streaming sheet readers: what an ODS, XLSX or CSV file's cells come back as.

The ODS files are written by hand (the XML a spreadsheet program writes, with the repeats
and covered cells odfpy never writes); the XLSX files by openpyxl in its normal mode, which
leaves out empty cells and rows as Excel does.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest

from carewatch.ingest.records import IngestError
from carewatch.ingest.sheets import file_sha256, iter_sheets

_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def _ods(path: Path, tables: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", _ODS_HEAD + tables + _ODS_TAIL)
    return path


def _read(path: Path) -> list[tuple[str | None, list[list[Any]]]]:
    return [(sheet.name, list(sheet.rows)) for sheet in iter_sheets(path)]


def _text(value: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{times}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def test_ods_repeats_covered_cells_and_rich_text(tmp_path: Path) -> None:
    path = _ods(
        tmp_path / "a.ods",
        '<table:table table:name="Notes"><table:table-row>'
        + _text("About")
        + "</table:table-row></table:table>"
        '<table:table table:name="Locations">'
        # a title, two empty rows (one element repeated), then the header
        "<table:table-row>" + _text("Latest ratings") + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="2"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "<table:table-row>" + _text("Location ID") + _text("x", 2) + "</table:table-row>"
        # a row repeated twice, with a covered cell, spaces, a line break and a span
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell office:value-type="float" office:value="12345"><text:p>12345'
        "</text:p></table:table-cell>"
        "<table:covered-table-cell/>"
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b'
        '<text:line-break/>c <text:span text:style-name="T1">d</text:span>e</text:p>'
        "<text:p>second</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2020-01-29">'
        "<text:p>29/01/2020</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2020-01-29T10:30:00">'
        "<text:p>29/01/2020 10:30</text:p></table:table-cell>"
        '<table:table-cell office:value-type="boolean" office:boolean-value="true">'
        "<text:p>TRUE</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16000"/>'
        "</table:table-row>"
        # the million empty rows a spreadsheet program ends a sheet with
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>",
    )
    data = [
        12345.0,
        "",
        "a   b\nc de\nsecond",
        dt.date(2020, 1, 29),
        dt.datetime(2020, 1, 29, 10, 30),
        True,
    ]
    assert _read(path) == [
        ("Notes", [["About"]]),
        (
            "Locations",
            [["Latest ratings"], [], [], ["Location ID", "x", "x"], data, data],
        ),
    ]


def test_a_sheet_left_unread_is_skipped(tmp_path: Path) -> None:
    path = _ods(
        tmp_path / "b.ods",
        '<table:table table:name="One"><table:table-row>' + _text("1") + "</table:table-row>"
        "<table:table-row>" + _text("2") + "</table:table-row></table:table>"
        '<table:table table:name="Two"><table:table-row>' + _text("3") + "</table:table-row>"
        "</table:table>",
    )
    sheets = iter_sheets(path)
    first = next(sheets)
    assert next(first.rows) == ["1"]
    second = next(sheets)
    assert (second.name, list(second.rows)) == ("Two", [["3"]])


def test_xlsx_dates_numbers_gaps_and_shared_strings(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Locations"
    sheet["A1"] = "Latest ratings"
    sheet["A3"] = "Location ID"
    sheet["C3"] = "Publication Date"
    sheet["A4"] = 12345
    sheet["B4"] = "Good"
    sheet["C4"] = dt.date(2020, 1, 29)
    sheet["D4"] = dt.datetime(2020, 1, 29, 10, 30)
    sheet["E4"] = True
    sheet["F4"] = 2.5
    sheet["A5"] = "Good"  # a shared string used twice
    workbook.create_sheet("Providers")["B2"] = "RMY"
    path = tmp_path / "c.xlsx"
    workbook.save(path)
    assert _read(path) == [
        (
            "Locations",
            [
                ["Latest ratings"],
                [],
                ["Location ID", "", "Publication Date"],
                [
                    12345.0,
                    "Good",
                    dt.date(2020, 1, 29),
                    dt.datetime(2020, 1, 29, 10, 30),
                    True,
                    2.5,
                ],
                ["Good"],
            ],
        ),
        ("Providers", [[], ["", "RMY"]]),
    ]


def test_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(
        '\ufeffLocation ID,Name\r\n1-101,"Caf\u00e9, ""North"""\r\n\r\n2,x\r\n'.encode()
    )
    assert _read(path) == [
        (None, [["Location ID", "Name"], ["1-101", 'Caf\u00e9, "North"'], [], ["2", "x"]])
    ]


def test_sha256_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "e.csv"
    path.write_bytes(b"a,b\n" * 300_000)  # more than one block
    assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.ods", b"not a zip", "cannot read as a spreadsheet"),
        ("bad.xlsx", b"PK\x03\x04 truncated", "cannot read as a spreadsheet"),
        ("bad.csv", b"a,b\n\xff\xfe,c\n", "not UTF-8 text"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        _read(path)


def test_ods_whose_xml_breaks_off(tmp_path: Path) -> None:
    path = tmp_path / "cut.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", _ODS_HEAD + '<table:table table:name="A"><table:table-row>')
    with pytest.raises(IngestError, match="cannot read as a spreadsheet"):
        _read(path)
