"""Write CQC "Latest ratings" files (CSV, XLSX, ODS) for tests and the benchmark.

The columns are those of the reference's §10.3 (CQC's Locations and Providers sheets).
Rows are dicts keyed by CQC's heading; anything left out gets a plausible default, so a
test states only what it is about:

    sheet = locations_sheet([location_row(**{"Latest Rating": "Good"})], title_rows=[["Title"]])
    write_file(tmp_path / "ratings.xlsx", [sheet, readme_sheet()])

XLSX is written with openpyxl in write-only mode, ODS with odfpy, CSV with the csv module.
`datetime.date` values become real date cells in spreadsheets and ISO text in CSV; a string
is written as it is (so "10/02/2021" stays text). `rename` swaps a heading for one of its
variants, e.g. {"Latest Rating": "Latest rating"}.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCATION_HEADINGS: tuple[str, ...] = (
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Care Home?",
    "Location Type",
    "Location Primary Inspection Category",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location Post Code",
    "Location Local Authority",
    "Location Region",
    "Location NHS Region",
    "Location ONSPD CCG Code",
    "Location ONSPD CCG",
    "Location Commissioning CCG Code",
    "Location Commissioning CCG Name",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "Report Type",
    "Inherited Rating (Y/N)",
    "URL",
    "Provider ID",
    "Provider Name",
    "Brand ID",
    "Brand Name",
)
PROVIDER_HEADINGS: tuple[str, ...] = (
    "Provider ID",
    "Provider ODS Code",
    "Provider Name",
    "Provider Type",
    "Provider Primary Inspection Category",
    "Provider Street Address",
    "Provider Address Line 2",
    "Provider City",
    "Provider Post Code",
    "Provider Local Authority",
    "Provider Region",
    "Provider NHS Region",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "Report Type",
    "Inherited Rating (Y/N)",
    "URL",
    "Brand ID",
    "Brand Name",
)
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "Service / Population Group": ("Service/Population Group", "Service Population Group"),
    "Latest Rating": ("Latest rating", "LATEST RATING"),
    "Publication Date": ("Publication date", " Publication  Date "),
    "Location Post Code": ("Location Postal Code",),
    "Inherited Rating (Y/N)": ("Inherited Rating",),
    "Provider Type": ("Provider Type/Sector",),
}
"""Other spellings of CQC's headings that a reader must accept."""

_LOCATION_DEFAULTS: dict[str, Any] = {
    "Location ID": "RMY01",
    "Location ODS Code": "RMY01",
    "Location Name": "Hellesdon Hospital",
    "Care Home?": "N",
    "Location Type": "NHS Healthcare Organisation",
    "Location Primary Inspection Category": "Mental health - community & hospital based",
    "Location Region": "East",
    "Service / Population Group": "Overall",
    "Domain": "Overall",
    "Latest Rating": "Requires improvement",
    "Publication Date": dt.date(2020, 1, 29),
    "Report Type": "Location",
    "Inherited Rating (Y/N)": "N",
    "URL": "https://www.cqc.org.uk/location/RMY01",
    "Provider ID": "RMY",
    "Provider Name": "Norfolk and Suffolk NHS Foundation Trust",
}
_PROVIDER_DEFAULTS: dict[str, Any] = {
    "Provider ID": "RMY",
    "Provider ODS Code": "RMY",
    "Provider Name": "Norfolk and Suffolk NHS Foundation Trust",
    "Provider Type": "NHS Healthcare Organisation",
    "Provider Primary Inspection Category": "Mental health - community & hospital based - NHS",
    "Provider Region": "East",
    "Service / Population Group": "Overall",
    "Domain": "Overall",
    "Latest Rating": "Requires improvement",
    "Publication Date": dt.date(2020, 1, 29),
    "Report Type": "Provider",
    "Inherited Rating (Y/N)": "N",
    "URL": "https://www.cqc.org.uk/provider/RMY",
}


def location_row(**values: Any) -> dict[str, Any]:
    """A Locations-sheet row: defaults for NSFT's Hellesdon Hospital, overridden by `values`.

    Keys are CQC headings, so pass them with ** : location_row(**{"Domain": "Safe"}).
    """
    return {**_LOCATION_DEFAULTS, **values}


def provider_row(**values: Any) -> dict[str, Any]:
    """A Providers-sheet row: defaults for NSFT (RMY), overridden by `values`."""
    return {**_PROVIDER_DEFAULTS, **values}


@dataclass
class SheetSpec:
    """One sheet to write: its name, headings, data rows and any title rows above the header."""

    name: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]]
    title_rows: Sequence[Sequence[Any]] = field(default_factory=list)


def _sheet(
    name: str,
    headings: Sequence[str],
    records: Iterable[Mapping[str, Any]],
    rename: Mapping[str, str] | None,
    title_rows: Sequence[Sequence[Any]],
    drop: Sequence[str],
) -> SheetSpec:
    kept = [heading for heading in headings if heading not in drop]
    rename = rename or {}
    rows = ([record.get(heading, "") for heading in kept] for record in records)
    return SheetSpec(name, [rename.get(h, h) for h in kept], rows, list(title_rows))


def locations_sheet(
    records: Iterable[Mapping[str, Any]],
    *,
    name: str = "Locations",
    rename: Mapping[str, str] | None = None,
    title_rows: Sequence[Sequence[Any]] = (),
    drop: Sequence[str] = (),
) -> SheetSpec:
    """A Locations sheet with every §10.3 column (less `drop`), headings renamed by `rename`."""
    return _sheet(name, LOCATION_HEADINGS, records, rename, title_rows, drop)


def providers_sheet(
    records: Iterable[Mapping[str, Any]],
    *,
    name: str = "Providers",
    rename: Mapping[str, str] | None = None,
    title_rows: Sequence[Sequence[Any]] = (),
    drop: Sequence[str] = (),
) -> SheetSpec:
    """A Providers sheet with every §10.3 column (less `drop`), headings renamed by `rename`."""
    return _sheet(name, PROVIDER_HEADINGS, records, rename, title_rows, drop)


def readme_sheet() -> SheetSpec:
    """A notes sheet like the ones CQC puts first; it even names a column in a cell."""
    return SheetSpec(
        "README",
        ["About this file"],
        [["Latest ratings, published monthly by the Care Quality Commission."], ["Location ID"]],
    )


def _all_rows(sheet: SheetSpec) -> Iterator[Sequence[Any]]:
    yield from sheet.title_rows
    yield list(sheet.headings)
    yield from sheet.rows


def write_file(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write `sheets` in the format `path`'s suffix names (.csv takes exactly one sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(sheets) != 1:
            raise ValueError("a CSV file holds exactly one sheet")
        return write_csv(path, sheets[0])
    if suffix == ".xlsx":
        return write_xlsx(path, sheets)
    if suffix == ".ods":
        return write_ods(path, sheets)
    raise ValueError(f"no writer for {suffix!r}")


def write_csv(path: Path, sheet: SheetSpec) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in _all_rows(sheet):
            writer.writerow(
                [cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row]
            )
    return path


def write_xlsx(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write with openpyxl in write-only mode; dates become date cells (yyyy-mm-dd format)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        for row in _all_rows(sheet):
            worksheet.append(row)
    workbook.save(path)
    return path


def write_ods(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.name)
        for row in _all_rows(sheet):
            table_row = TableRow()
            for value in row:
                if isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                elif value in ("", None):
                    cell = TableCell()
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_CONTENT_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_ODS_CONTENT_CLOSE = "</office:spreadsheet></office:body></office:document-content>"


def write_ods_streamed(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write ODS by streaming its XML: the same cells as `write_ods`, fast enough for 250k rows.

    odfpy builds the whole document in memory (about a millisecond a row); the benchmark's
    national-scale files use this writer instead.
    """
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def cell_xml(value: Any) -> str:
        if isinstance(value, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p></table:table-cell>'
            )
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        if value in ("", None):
            return "<table:table-cell/>"
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
        )

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        with archive.open("content.xml", "w") as content:
            content.write(_ODS_CONTENT_OPEN.encode())
            for sheet in sheets:
                content.write(f"<table:table table:name={quoteattr(sheet.name)}>".encode())
                for row in _all_rows(sheet):
                    cells = "".join(cell_xml(value) for value in row)
                    content.write(f"<table:table-row>{cells}</table:table-row>".encode())
                content.write(b"</table:table>")
            content.write(_ODS_CONTENT_CLOSE.encode())
    return path
