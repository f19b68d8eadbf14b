"""Read a spreadsheet (ODS, XLSX) or CSV file as plain rows of cell values, streaming.

    >>> for sheet in iter_sheets(Path("latest.ods")):  # doctest: +SKIP
    ...     for row in sheet.rows:
    ...         ...

Cells come back as str, float, bool, datetime.date or datetime.datetime, and "" when empty.
A CSV file is one sheet (its `name` None) of strings, decoded as UTF-8 with or without a
byte-order mark. Row `i` of a sheet's rows is the row a person sees numbered `i + 1` in the
spreadsheet: leading and inner empty rows are kept, trailing empty rows and cells are not.

The file is never held whole (docs/adr/0012-streaming-spreadsheets.md): a CSV file is read
through `csv.reader` on the open text stream, ODS and XLSX by parsing the sheet's XML in the
zip archive as it is inflated (`carewatch.ingest._ods_stream`, `carewatch.ingest._xlsx_stream`),
so memory stays flat in the file's size. The old binary formats (.xls, .xlsb) are read whole
with python-calamine: CQC does not publish in them.

Sheets come one after the other: read a sheet's rows before asking for the next sheet (what
is left of a sheet is skipped when the next one is asked for). `file_sha256` hashes the file
in one chunked pass.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import python_calamine

from carewatch.ingest._ods_stream import ods_rows
from carewatch.ingest._xlsx_stream import xlsx_rows
from carewatch.ingest.records import IngestError
from carewatch.ingest.text import problem_with

__all__ = [
    "SHEET_NAME",
    "SPREADSHEET_SUFFIXES",
    "Sheet",
    "SheetStart",
    "file_sha256",
    "iter_sheets",
]

SPREADSHEET_SUFFIXES = (".ods", ".xlsx", ".xlsm", ".xlsb", ".xls")
SHEET_NAME = 100
"""The longest sheet name read (Excel allows 31 characters; ODS sets no limit): a sheet's name
is part of every error message and of each rating's stored source."""

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetStart:
    """Where a sheet begins in the flat stream of a workbook's rows."""

    name: str | None


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name (None for a CSV file) and its rows, read as they are asked for."""

    name: str | None
    rows: Iterator[list[Any]]


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks; `IngestError` if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(_CHUNK):
                digest.update(block)
    except OSError as error:
        raise IngestError(f"cannot read the file ({error.strerror})", file=path.name) from None
    return digest.hexdigest()


def iter_sheets(path: Path) -> Generator[Sheet, None, None]:
    """Every sheet of `path` in the workbook's order; `IngestError` if it is not a readable
    table file (raised when the sheet or row that shows it is reached)."""
    flat = _flat(path)
    try:
        item: SheetStart | list[Any] | None = next(flat, None)
        while item is not None:
            if not isinstance(item, SheetStart):  # rows before any sheet: cannot happen
                raise IngestError("rows outside any sheet", file=path.name)
            following: list[SheetStart | None] = [None]

            def rows(into: list[SheetStart | None] = following) -> Iterator[list[Any]]:
                for found in flat:
                    if isinstance(found, SheetStart):
                        into[0] = found
                        return
                    yield found

            sheet_rows = rows()
            yield Sheet(item.name, sheet_rows)
            for _ in sheet_rows:  # skip what the caller left of this sheet
                pass
            item = following[0]
    finally:
        flat.close()  # the file is closed even when the caller stops early


def _flat(path: Path) -> Generator[SheetStart | list[Any], None, None]:
    """The workbook as one stream: a `SheetStart` before each sheet's rows."""
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in SPREADSHEET_SUFFIXES:
        raise IngestError(
            f"unsupported file type {suffix or '(none)'!r}: expected .ods, .xlsx or .csv",
            file=path.name,
        )
    if not path.is_file():
        raise IngestError("cannot read the file (No such file or directory)", file=path.name)
    if suffix == ".csv":
        yield SheetStart(None)
        yield from _csv_rows(path)
        return
    if suffix in (".ods", ".xlsx", ".xlsm"):
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise IngestError(f"cannot read as a spreadsheet ({error})", file=path.name) from None
        with archive:
            items = ods_rows(archive) if suffix == ".ods" else xlsx_rows(archive)
            position = 0
            try:
                for item in items:
                    if isinstance(item, str):
                        position += 1
                        _check_sheet_name(path.name, position, item)
                        yield SheetStart(item)
                    else:
                        yield item
            except (ValueError, KeyError, ParseError, zipfile.BadZipFile, EOFError) as error:
                # A damaged archive, XML that does not parse, a part the format requires
                # that is missing: the file is no spreadsheet of this kind.
                if isinstance(error, IngestError):
                    raise
                raise IngestError(
                    f"cannot read as a spreadsheet ({type(error).__name__})", file=path.name
                ) from None
            finally:
                items.close()  # closes the sheet's XML, so the archive can close the file
        return
    yield from _calamine(path)


def _check_sheet_name(file: str, position: int, name: str) -> None:
    problem = problem_with(name, SHEET_NAME)
    if problem is not None:
        raise IngestError(f"the name of sheet {position} {problem}", file=file)


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    row = 0
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        try:
            for row, cells in enumerate(csv.reader(text), start=1):  # noqa: B007
                yield cells
        except UnicodeDecodeError:
            raise IngestError(f"not UTF-8 text (after row {row})", file=path.name) from None
        except csv.Error as error:
            raise IngestError(f"malformed CSV: {error}", file=path.name, row=row + 1) from None


def _calamine(path: Path) -> Iterator[SheetStart | list[Any]]:
    """.xls and .xlsb, which CQC does not publish in: read whole with python-calamine."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for position, sheet_name in enumerate(workbook.sheet_names, start=1):
            _check_sheet_name(path.name, position, sheet_name)
        for sheet_name in workbook.sheet_names:
            yield SheetStart(sheet_name)
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            yield from rows
    except python_calamine.CalamineError as error:
        raise IngestError(f"cannot read as a spreadsheet ({error})", file=path.name) from None
