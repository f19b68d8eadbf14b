"""An OpenDocument spreadsheet's rows, parsed from its content.xml as it is inflated.

`ods_rows(archive)` yields each sheet's name (a str) and then its rows (lists of cell
values), in the document's order, holding one row at a time. It reads what the
OpenDocument format 1.2 (part 1, §9.1 and §19.385-§19.389) says a spreadsheet's cells hold:

- `office:value-type` float, percentage or currency: the number in `office:value`;
  date: `office:date-value` as a `datetime.date` (or `datetime.datetime` with a time);
  boolean: `office:boolean-value`; string and anything else: the cell's text.
- a cell's text is its `text:p` paragraphs joined by line breaks, with `text:s` (spaces),
  `text:tab`, `text:line-break` and spans or links inside them;
- `table:number-columns-repeated` and `table:number-rows-repeated` repeat a cell or row;
  covered cells (under a merged cell) are empty cells;
- trailing empty cells of a row and trailing empty rows of a sheet are dropped (an ODS file
  often ends its sheet with a row repeated a million times); empty rows followed by a
  non-empty one are kept, so rows keep the numbers a person sees.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Generator
from typing import Any
from xml.etree.ElementTree import Element, iterparse

__all__ = ["ods_rows"]

_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

_TABLE = _TABLE_NS + "table"
_NAME = _TABLE_NS + "name"
_ROW = _TABLE_NS + "table-row"
_CELL = _TABLE_NS + "table-cell"
_COVERED = _TABLE_NS + "covered-table-cell"
_ROWS_REPEATED = _TABLE_NS + "number-rows-repeated"
_COLUMNS_REPEATED = _TABLE_NS + "number-columns-repeated"
_VALUE_TYPE = _OFFICE_NS + "value-type"
_VALUE = _OFFICE_NS + "value"
_DATE_VALUE = _OFFICE_NS + "date-value"
_BOOLEAN_VALUE = _OFFICE_NS + "boolean-value"
_STRING_VALUE = _OFFICE_NS + "string-value"
_P = _TEXT_NS + "p"
_S = _TEXT_NS + "s"
_C = _TEXT_NS + "c"
_TAB = _TEXT_NS + "tab"
_LINE_BREAK = _TEXT_NS + "line-break"
_NUMBERS = frozenset({"float", "percentage", "currency"})


def ods_rows(archive: zipfile.ZipFile) -> Generator[str | list[Any], None, None]:
    """Each sheet's name, then its rows; `KeyError` without a content.xml, `ValueError`
    (xml.etree's ParseError) for XML that does not parse."""
    with archive.open("content.xml") as content:
        # Only start events are asked for (half the events of start and end): a row is read
        # when the next row or sheet starts, or the document ends, when its cells are all in.
        empty_rows = 0
        pending: Element | None = None
        for _, element in iterparse(content, events=("start",)):
            tag = element.tag
            if tag in (_ROW, _TABLE):
                if pending is not None:
                    rows, empty_rows = _read_row(pending, empty_rows)
                    yield from rows
                    pending = None
                if tag == _TABLE:
                    empty_rows = 0
                    yield element.get(_NAME) or ""
                else:
                    pending = element
        if pending is not None:
            yield from _read_row(pending, empty_rows)[0]


def _read_row(element: Element, empty_rows: int) -> tuple[list[list[Any]], int]:
    """The rows to hand on once `element` is read (none while rows stay empty, as a sheet's
    last rows may), and how many empty rows are then waiting; the element is cleared."""
    row = _row(element)
    repeat = int(element.get(_ROWS_REPEATED) or 1)
    element.clear()
    if not row:
        return [], empty_rows + repeat
    return [*([] for _ in range(empty_rows)), row, *(list(row) for _ in range(repeat - 1))], 0


def _row(element: Element) -> list[Any]:
    values: list[Any] = []
    for cell in element:
        tag = cell.tag
        if tag == _CELL:
            # The common cells first, without a call: a string of one plain paragraph, and
            # an empty cell (the hot loop of a national file's 16 million cells).
            kind = cell.get(_VALUE_TYPE)
            if kind == "string" and len(cell) == 1 and cell.get(_STRING_VALUE) is None:
                paragraph = cell[0]
                if paragraph.tag == _P and not len(paragraph):
                    value = paragraph.text or ""
                else:
                    value = _value(cell)
            elif kind is None and not len(cell):
                value = ""
            else:
                value = _value(cell)
        elif tag == _COVERED:
            value = ""
        else:
            continue
        repeat = cell.get(_COLUMNS_REPEATED)
        if repeat is None:
            values.append(value)
        else:
            values.extend([value] * int(repeat))
    while values and values[-1] == "":
        values.pop()
    return values


def _value(cell: Element) -> Any:
    kind = cell.get(_VALUE_TYPE)
    if kind is None:
        return _text(cell)
    if kind in _NUMBERS:
        return float(cell.get(_VALUE) or "nan")
    if kind == "date":
        return _date(cell.get(_DATE_VALUE) or "")
    if kind == "boolean":
        return (cell.get(_BOOLEAN_VALUE) or "").lower() == "true"
    given = cell.get(_STRING_VALUE)
    return given if given is not None else _text(cell)


def _date(text: str) -> dt.date | dt.datetime:
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _text(cell: Element) -> str:
    paragraphs = [_inline(p) for p in cell if p.tag == _P]
    return "\n".join(paragraphs) if paragraphs else ""


def _inline(element: Element) -> str:
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _S:
            parts.append(" " * int(child.get(_C) or 1))
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _LINE_BREAK:
            parts.append("\n")
        else:  # text:span, text:a and the like hold text of their own
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
