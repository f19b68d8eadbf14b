"""An Office Open XML workbook's rows (XLSX, XLSM), parsed from each sheet's XML as it is
inflated.

`xlsx_rows(archive)` yields each sheet's name (a str) and then its rows (lists of cell
values), in the workbook's order, holding one row at a time besides the shared-strings
table (every distinct text of the workbook, ECMA-376 part 1 §18.4) and the cell formats.
It reads what ECMA-376 part 1 §18.3.1.4 (c) and §18.18.11 (cell types) say a cell holds:

- type s: the shared string at the index in `v`; inlineStr: the text in `is`; str (a
  formula's text) and e (an error such as #N/A): the text in `v`; b: a bool;
  d: an ISO 8601 date;
- a number is a float, or a `datetime.date` (`datetime.datetime` when it has a time) when
  the cell's format is a date format (built-in formats 14-22 and 45-47, or a format code
  with day, month, year, hour or second parts), counted from 1899-12-30 or, in a workbook
  using the 1904 date system, from 1904-01-01;
- cells and rows a sheet leaves out (its `r` references skip them) are empty; trailing
  empty cells of a row are dropped.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Generator, Iterator
from typing import Any
from xml.etree.ElementTree import Element, iterparse

__all__ = ["xlsx_rows"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = _MAIN + "row"
_CELL = _MAIN + "c"
_V = _MAIN + "v"
_IS = _MAIN + "is"
_T = _MAIN + "t"
_R = _MAIN + "r"
_SI = _MAIN + "si"
_XF = _MAIN + "xf"
_CELL_XFS = _MAIN + "cellXfs"
_NUM_FMT = _MAIN + "numFmt"
_SHEET = _MAIN + "sheet"
_WORKBOOK_PR = _MAIN + "workbookPr"

# ECMA-376 part 1 §18.8.30: the built-in number formats that show dates or times.
_DATE_FORMAT_IDS = frozenset({*range(14, 23), 45, 46, 47})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_PARTS = re.compile(r"[dmyhs]", re.IGNORECASE)
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def xlsx_rows(archive: zipfile.ZipFile) -> Generator[str | list[Any], None, None]:
    """Each sheet's name, then its rows; `KeyError` for a missing part the format requires,
    `ValueError` (or xml.etree's ParseError) for one that does not parse."""
    sheets, epoch = _sheets(archive)
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    for name, part in sheets:
        yield name
        with archive.open(part) as xml:
            yield from _sheet_rows(xml, strings, dates, epoch)


def _sheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], dt.datetime]:
    """The workbook's sheets as (name, part in the archive), and its date system's day 0."""
    targets: dict[str, str] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        for _, element in iterparse(rels):
            if element.tag == _PACKAGE_REL + "Relationship":
                target = element.get("Target") or ""
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[element.get("Id") or ""] = posixpath.normpath(part)
    sheets: list[tuple[str, str]] = []
    epoch = _EPOCH_1900
    with archive.open("xl/workbook.xml") as workbook:
        for _, element in iterparse(workbook):
            if element.tag == _SHEET:
                sheets.append((element.get("name") or "", targets[element.get(_REL + "id") or ""]))
            elif element.tag == _WORKBOOK_PR and element.get("date1904") in ("1", "true"):
                epoch = _EPOCH_1904
    return sheets, epoch


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as xml:
        for _, element in iterparse(xml):
            if element.tag == _SI:
                strings.append(_rich_text(element))
                element.clear()
    return strings


def _rich_text(element: Element) -> str:
    """The text of a string item: its `t`, or its runs' `t` (phonetic hints left out)."""
    direct = element.find(_T)
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(_T) or "" for run in element.iter(_R))


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The positions of the cell formats (a cell's `s`) that show a date or a time."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    custom: dict[int, str] = {}
    styles: set[int] = set()
    with archive.open("xl/styles.xml") as xml:
        in_cell_formats = False
        position = 0
        for event, element in iterparse(xml, events=("start", "end")):
            tag = element.tag
            if tag == _CELL_XFS:
                in_cell_formats = event == "start"
            elif event == "end" and tag == _NUM_FMT:
                custom[int(element.get("numFmtId") or 0)] = element.get("formatCode") or ""
            elif event == "end" and tag == _XF and in_cell_formats:
                number_format = int(element.get("numFmtId") or 0)
                if number_format in _DATE_FORMAT_IDS or (
                    number_format in custom and _is_date_code(custom[number_format])
                ):
                    styles.add(position)
                position += 1
    return frozenset(styles)


def _is_date_code(code: str) -> bool:
    return bool(_DATE_PARTS.search(_QUOTED.sub("", code)))


_COLUMNS: dict[str, int] = {}  # column letters seen → column number
_DIGITS = "0123456789"


def _column(reference: str) -> int:
    """A cell reference's column from 0: "A1" → 0, "AB12" → 27."""
    letters = reference.rstrip(_DIGITS)
    number = _COLUMNS.get(letters)
    if number is None:
        number = -1
        for letter in letters.upper():
            number = (number + 1) * 26 + ord(letter) - 65
        _COLUMNS[letters] = number
    return number


def _sheet_rows(
    xml: Any, strings: list[str], dates: frozenset[int], epoch: dt.datetime
) -> Iterator[list[Any]]:
    # Only start events are asked for (half the events of start and end): a row is read when
    # the next row starts or the sheet ends, when its cells are all in.
    number = 0  # the last row handed on, as the sheet numbers it
    pending: Element | None = None
    for _, element in iterparse(xml, events=("start",)):
        if element.tag != _ROW:
            continue
        if pending is not None:
            number = yield from _hand_on(pending, number, strings, dates, epoch)
        pending = element
    if pending is not None:
        yield from _hand_on(pending, number, strings, dates, epoch)


def _hand_on(
    element: Element, number: int, strings: list[str], dates: frozenset[int], epoch: dt.datetime
) -> Generator[list[Any], None, int]:
    """Yield the empty rows the sheet skipped before `element`, then its row (unless empty);
    return the number of the last row yielded."""
    given = element.get("r")
    at = int(given) if given else number + 1
    row = _row(element, strings, dates, epoch)
    element.clear()
    if not row:
        return number
    for _ in range(at - number - 1):
        yield []
    yield row
    return at


def _row(
    element: Element, strings: list[str], dates: frozenset[int], epoch: dt.datetime
) -> list[Any]:
    values: list[Any] = []
    known = _COLUMNS
    for cell in element:
        if cell.tag != _CELL:
            continue
        reference = cell.get("r")
        if reference is not None:
            column = known.get(reference.rstrip(_DIGITS))
            if column is None:
                column = _column(reference)
            if column > len(values):
                values.extend([""] * (column - len(values)))
        # A shared string, the common cell, without a call (16 million cells nationally).
        if cell.get("t") == "s":
            text = cell.findtext(_V)
            values.append("" if text is None else strings[int(text)])
        else:
            values.append(_value(cell, strings, dates, epoch))
    while values and values[-1] == "":
        values.pop()
    return values


def _value(cell: Element, strings: list[str], dates: frozenset[int], epoch: dt.datetime) -> Any:
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(_IS)
        return "" if inline is None else _rich_text(inline)
    text = cell.findtext(_V)
    if text is None:
        return ""
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    number = float(text)
    style = cell.get("s")
    if style is not None and dates and int(style) in dates:
        moment = epoch + dt.timedelta(days=number)
        return moment.date() if number.is_integer() else moment
    return number
