"""Open a spreadsheet (ODS, XLSX) or CSV file as plain rows of cell values.

Spreadsheets are read with python-calamine (docs/adr/0003-reading-spreadsheets.md): cells
come back as str, float, bool, datetime.date or datetime.datetime, and "" when empty. A CSV
file is one sheet of strings, decoded as UTF-8 with or without a byte-order mark.

Row `i` of `Sheet.rows` is the row a person sees numbered `i + 1` in the spreadsheet:
leading empty rows are kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from carewatch.ingest.records import IngestError
from carewatch.ingest.text import problem_with

__all__ = ["SHEET_NAME", "SPREADSHEET_SUFFIXES", "Sheet", "Workbook", "open_workbook"]

SPREADSHEET_SUFFIXES = (".ods", ".xlsx", ".xlsm", ".xlsb", ".xls")
SHEET_NAME = 100
"""The longest sheet name read (Excel allows 31 characters; ODS sets no limit): a sheet's name
is part of every error message and of each rating's stored source."""


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells; `name` is None for a CSV file."""

    name: str | None
    rows: list[list[Any]]


@dataclass(frozen=True)
class Workbook:
    """Every sheet of a file, with the file's SHA-256."""

    sha256: str
    sheets: list[Sheet]


def open_workbook(path: Path) -> Workbook:
    """Read every sheet of `path`; raise `IngestError` if it is not a readable table file."""
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in SPREADSHEET_SUFFIXES:
        raise IngestError(
            f"unsupported file type {suffix or '(none)'!r}: expected .ods, .xlsx or .csv",
            file=path.name,
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read the file ({error.strerror})", file=path.name) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    if suffix == ".csv":
        return Workbook(sha256, [Sheet(None, _csv_rows(path.name, raw))])
    return Workbook(sha256, _spreadsheet_sheets(path.name, raw))


def _csv_rows(name: str, raw: bytes) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"not UTF-8 text (byte {error.start})", file=name) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise IngestError(f"malformed CSV: {error}", file=name) from None


def _spreadsheet_sheets(name: str, raw: bytes) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        for position, sheet_name in enumerate(workbook.sheet_names, start=1):
            problem = problem_with(sheet_name, SHEET_NAME)
            if problem is not None:
                raise IngestError(f"the name of sheet {position} {problem}", file=name)
        return [
            Sheet(
                sheet_name,
                workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False),
            )
            for sheet_name in workbook.sheet_names
        ]
    except python_calamine.CalamineError as error:
        raise IngestError(f"cannot read as a spreadsheet ({error})", file=name) from None
