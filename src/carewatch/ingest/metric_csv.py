"""The generic observations CSV (a trust's own measures), and the helpers the national
metric readers share: reading a file whole, its SHA-256, numbers with the `*` suppression
mark, dates, and a check that every column the reader needs is there.

The template (docs/templates/metric-observations.csv, printed by `carewatch metrics
template`) has one row per organisation, metric and period:

    org_code,org_name,metric_code,period_start,period_end,value,numerator,denominator,source

`metric_code` is a code in the catalogue; dates are ISO (2024-04-30); `value` is a number or
`*` for a suppressed value (kept as suppressed, never zero); numerator, denominator, org_name
and source may be empty. Readers never write; they return a `MetricBatch` or raise
`IngestError` naming the file, row and column, never quoting a free-text cell.

Every cell of every CSV file is refused when it holds a control character other than tab
and line break, or more than `carewatch.ingest.text.FREE_TEXT` characters; each reader then
holds the cells it keeps to their columns' lengths (`CsvFile.text`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from carewatch.domain.metrics import (
    CATALOGUE,
    DataKind,
    InvalidObservation,
    MetricBatch,
    ObservationRecord,
)
from carewatch.domain.words import UnknownWord, Word
from carewatch.ingest import text
from carewatch.ingest.records import IngestError

__all__ = [
    "SUPPRESSED",
    "TEMPLATE",
    "TEMPLATE_COLUMNS",
    "CsvFile",
    "CsvRow",
    "parse_number",
    "read_metric_csv",
    "suppressible_number",
]

SUPPRESSED = "*"
"""NHS England's and NHS Digital's mark for a value withheld to protect small numbers."""

TEMPLATE_COLUMNS = (
    "org_code",
    "org_name",
    "metric_code",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "source",
)
TEMPLATE = (
    ",".join(TEMPLATE_COLUMNS) + "\n"
    "RMY,Norfolk and Suffolk NHS Foundation Trust,cyp_triage_wait,2024-04-01,2024-04-30,12,,,"
    "Waiting list report to the board\n"
    "RMY,Norfolk and Suffolk NHS Foundation Trust,pos_staffing_fill_rate,2024-04-01,2024-04-30,"
    "91.5,183,200,Rostering system\n"
    "RMY,Norfolk and Suffolk NHS Foundation Trust,medication_errors_reported,2024-04-01,"
    "2024-04-30,*,,,Suppressed: fewer than five\n"
)
"""The template with three example rows (docs/templates/metric-observations.csv is a copy)."""
REQUIRED = ("org_code", "metric_code", "period_start", "period_end", "value")
CODES = frozenset(m.code for m in CATALOGUE)


class CsvFile:
    """A CSV file read whole: its name, SHA-256, header and rows (numbered as a spreadsheet
    numbers them, the header being row 1).

    With `line_breaks_from_word`, a vertical tab (U+000B, the manual line break of text pasted
    from a word processor, found in real free-text exports) is read as the line break it
    stands for; every other control character is still refused."""

    def __init__(self, path: Path, *, line_breaks_from_word: bool = False) -> None:
        self.name = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise self.error(f"cannot be read ({exc.strerror})") from None
        self.sha256 = hashlib.sha256(data).hexdigest()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise self.error("is not UTF-8 text") from None
        if line_breaks_from_word:
            text = text.replace("\x0b", "\n")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            self.header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise self.error("is empty (no header row)") from None
        except csv.Error:
            raise self.error("is not a CSV file") from None
        self._reader = reader

    def need(self, columns: Sequence[str]) -> dict[str, int]:
        """The position of every column in the header, or an error naming the first of
        `columns` that is missing."""
        where = {name: i for i, name in enumerate(self.header)}
        for column in columns:
            if column not in where:
                raise self.error("this column is missing from the header", 1, column)
        return where

    def template_header(
        self, required: Sequence[str], known: Sequence[str], template: str
    ) -> dict[str, int]:
        """The position of every column of a file written to a template: each of `required`
        is there, every column has a name, is one of `known` (the template, `template`, is
        named in the error) and is given once."""
        at = self.need(required)
        for position, column in enumerate(self.header, start=1):
            if not column:
                raise self.error(f"the header's column {position} has no name", 1)
            if column not in known:
                raise self.error(
                    f"is not a column of the {template}: check its spelling", 1, column
                )
        if len(at) < len(self.header):
            raise self.error("names a column twice", 1)
        return at

    def rows(self, *, whole: bool = False) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every data row, padded to the header's width; an error
        naming the cell for one that breaks the rules every cell keeps (see the module).
        With `whole`, a row with fewer cells than the header is refused rather than padded."""
        width = len(self.header)
        number = 1
        try:
            for cells in self._reader:
                number += 1
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > width:
                    raise self.error(f"has {len(cells)} cells but the header {width}", number)
                if whole and len(cells) < width:
                    raise self.error(
                        f"has too few fields: {len(cells)} cells but the header {width}", number
                    )
                joined = "".join(cells)  # one search per row: a national file has 100,000
                if max(map(len, cells)) > text.FREE_TEXT or text.problem_with(
                    joined, len(joined), lines=True
                ):
                    self._refuse(cells, number)
                yield number, [c.strip() for c in cells] + [""] * (width - len(cells))
        except csv.Error:
            raise self.error("is not valid CSV", number + 1) from None

    def _refuse(self, cells: list[str], number: int) -> None:
        for position, cell in enumerate(cells):
            problem = text.problem_with(cell, text.FREE_TEXT, lines=True)
            if problem is not None:
                raise self.error(problem, number, self.header[position])

    def text(self, value: str, row: int, column: str, limit: int) -> str:
        """`value` when it is at most `limit` characters on one line; else an error naming
        the cell (`carewatch.ingest.text`)."""
        problem = text.problem_with(value, limit)
        if problem is not None:
            raise self.error(problem, row, column)
        return value

    def error(self, message: str, row: int | None = None, column: str | None = None) -> IngestError:
        return IngestError(message, file=self.name, row=row, column=column)


W = TypeVar("W", bound=Word)

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})


class CsvRow:
    """One data row of a `CsvFile` being read as named columns: each reader asks for a cell as
    the kind of value it holds, and every error names the file, this row and the column.

    A column the header lacks reads as empty (the readers check their required columns with
    `CsvFile.need` first)."""

    def __init__(self, file: CsvFile, number: int, cells: list[str], at: dict[str, int]) -> None:
        self.file = file
        self.number = number
        self.cells = cells
        self.at = at

    def cell(self, column: str) -> str:
        i = self.at.get(column)
        return "" if i is None else self.cells[i]

    def error(self, message: str, column: str) -> IngestError:
        return self.file.error(message, self.number, column)

    def text(self, column: str, limit: int) -> str:
        """The cell, at most `limit` characters on one line."""
        return self.file.text(self.cell(column), self.number, column, limit)

    def required(self, column: str, limit: int) -> str:
        value = self.text(column, limit)
        if not value:
            raise self.error("is empty", column)
        return value

    def free_text(self, column: str) -> str:
        """The cell as free text: line breaks allowed, up to `text.FREE_TEXT` characters."""
        value = self.cell(column)
        problem = text.problem_with(value, text.FREE_TEXT, lines=True)
        if problem is not None:
            raise self.error(problem, column)
        return value

    def word(self, cls: type[W], column: str) -> W | None:
        """The cell as a word of `cls`'s vocabulary, or None when it is empty."""
        raw = self.cell(column)
        if not raw:
            return None
        try:
            return cls.parse(raw)
        except UnknownWord:
            allowed = ", ".join(cls.values())
            raise self.error(f"is not a known word: expected one of {allowed}", column) from None

    def required_word(self, cls: type[W], column: str) -> W:
        found = self.word(cls, column)
        if found is None:
            raise self.error("is empty", column)
        return found

    def flag(self, column: str) -> bool:
        """yes, y, true or 1; no, n, false, 0 or empty (any case)."""
        raw = self.cell(column).lower()
        if raw in _YES:
            return True
        if raw in _NO:
            return False
        raise self.error("is not yes or no", column)

    def day(self, column: str) -> dt.date:
        """The cell as an ISO date (2024-04-30)."""
        try:
            return dt.date.fromisoformat(self.cell(column))
        except ValueError:
            raise self.error("is not a date like 2024-04-30", column) from None


def parse_number(text: str) -> float | None:
    """A number, or None for the suppression mark `*`; ValueError for anything else.

    >>> parse_number("1,324"), parse_number("*"), parse_number("10.64024")
    (1324.0, None, 10.64024)
    """
    if text == SUPPRESSED:
        return None
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def suppressible_number(file: CsvFile, text: str, row: int, column: str) -> float | None:
    """A cell holding a number, or None for `*`; an error naming the cell for anything else,
    an empty cell included."""
    try:
        return parse_number(text)
    except ValueError:
        raise file.error("is not a number or *", row, column) from None


def _iso_date(file: CsvFile, text: str, row: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise file.error("is not a date like 2024-04-30", row, column) from None


def _optional_number(file: CsvFile, text: str, row: int, column: str) -> float | None:
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        value = None
    if value is None:
        raise file.error("is not a number", row, column)
    return value


def read_metric_csv(
    path: Path, *, publication: str = "", published_on: dt.date | None = None
) -> MetricBatch:
    """Read a file in the observations template, all or nothing.

    `publication` names the version (e.g. "Board report, May 2024"); `published_on` is when
    it was published (None: the import date).
    """
    file = CsvFile(path)
    at = file.need(REQUIRED)

    def cell(cells: list[str], column: str) -> str:
        i = at.get(column)
        return "" if i is None else cells[i]

    observations: list[ObservationRecord] = []
    seen: dict[tuple[str, str, dt.date, dt.date], int] = {}
    rows = 0
    for number, cells in file.rows():
        rows += 1
        org = file.text(cell(cells, "org_code").upper(), number, "org_code", text.ID)
        if not org:
            raise file.error("is empty", number, "org_code")
        code = cell(cells, "metric_code")
        if code not in CODES:
            raise file.error(
                "is not a metric in the catalogue (see `carewatch metrics list`)",
                number,
                "metric_code",
            )
        start = _iso_date(file, cell(cells, "period_start"), number, "period_start")
        end = _iso_date(file, cell(cells, "period_end"), number, "period_end")
        raw = cell(cells, "value")
        if raw == SUPPRESSED:
            value, suppressed = None, True
        else:
            value, suppressed = _optional_number(file, raw, number, "value"), False
            if value is None:
                raise file.error("is empty (give a number, or * when suppressed)", number, "value")
        try:
            record = ObservationRecord(
                org_code=org,
                org_name=file.text(cell(cells, "org_name"), number, "org_name", text.NAME),
                metric_code=code,
                period_start=start,
                period_end=end,
                value=value,
                suppressed=suppressed,
                numerator=_optional_number(file, cell(cells, "numerator"), number, "numerator"),
                denominator=_optional_number(
                    file, cell(cells, "denominator"), number, "denominator"
                ),
                source=file.text(cell(cells, "source"), number, "source", text.SOURCE),
                row=number,
            )
        except InvalidObservation as exc:
            raise file.error(str(exc).split(": ", 1)[1], number, exc.field) from None
        if record.key in seen:
            raise file.error(
                f"repeats the organisation, metric and period of row {seen[record.key]}",
                number,
                "period_end",
            )
        seen[record.key] = number
        observations.append(record)
    if not observations:
        raise file.error("has no data rows")
    return MetricBatch(
        kind=DataKind.METRIC_CSV,
        file_name=file.name,
        sha256=file.sha256,
        publication=publication,
        published_on=published_on,
        rows_read=rows,
        observations=tuple(observations),
        source=f"Observations CSV {file.name}",
    )
