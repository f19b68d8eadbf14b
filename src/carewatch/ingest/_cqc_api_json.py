"""The JSON of CQC syndication API files, and typed access to its fields.

A folder stands for its `*.json` and `*.jsonl` files; a file holds one record, a JSON array of
records or JSON lines. `JsonFields` reads one field of a record at a time and raises an
`IngestError` naming the file, the record and the field's JSON path.

Every text field is held to its column's length and refused with a control character in it
(`carewatch.ingest.text`). JSON nested deeper than `MAX_DEPTH` levels or holding an integer
of more than `MAX_DIGITS` digits is refused as such, naming the file (and the line, for JSON
lines), rather than failing inside Python's JSON reader.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carewatch.ingest.records import IngestError
from carewatch.ingest.text import problem_with

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "JsonFields", "Record", "expand", "records_of"]

_SUFFIXES = (".json", ".jsonl")

MAX_DEPTH = 100
"""The deepest nesting of arrays and objects read (a CQC record nests about six levels)."""
MAX_DIGITS = 100
"""The most digits an integer in a record may have (CQC's records hold none longer than ten)."""


def expand(paths: Sequence[Path | str]) -> Iterator[Path]:
    """Each file given, and each JSON file of each folder given, sorted by name."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
        elif path.is_file():
            yield path
        else:
            raise IngestError("no such file or folder", file=str(given))


@dataclass(frozen=True)
class Record:
    """One top-level JSON object, where it sits in the file and how to name it."""

    data: Any
    row: int  # what IngestError calls the row: the line (JSON lines) or 1-based position
    prefix: str  # JSON path prefix: "" for a single-record file, "[i]." otherwise


class _TooManyDigits(ValueError):
    """An integer longer than `MAX_DIGITS` digits."""


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits
    return int(digits)


def _load(name: str, text: str, row: int | None) -> Any:
    """`json.loads`, with JSON it refuses as an `IngestError` (`row`: the line, if known)."""
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError:
        raise
    except _TooManyDigits:
        problem = f"an integer of more than {MAX_DIGITS} digits"
    except RecursionError:
        problem = f"arrays or objects nested more than {MAX_DEPTH} levels deep"
    raise IngestError(f"invalid JSON: {problem}", file=name, row=row) from None


def _check_depth(name: str, value: Any, row: int | None) -> None:
    """Refuse a value nested more than `MAX_DEPTH` levels (Python's own limit is far deeper,
    and a reader walking such a value would fail rather than say why)."""
    level = [(value, 1)]
    while level:
        item, depth = level.pop()
        if depth > MAX_DEPTH:
            raise IngestError(
                f"invalid JSON: arrays or objects nested more than {MAX_DEPTH} levels deep",
                file=name,
                row=row,
            )
        if isinstance(item, dict):
            level.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            level.extend((child, depth + 1) for child in item)


def records_of(name: str, text: str) -> list[Record]:
    """The records of a file's text: one JSON value, the items of a JSON array, or JSON lines."""
    try:
        document = _load(name, text, None)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise IngestError(_json_problem(error), file=name, row=error.lineno) from None
        return _json_lines(name, text)
    _check_depth(name, document, None)
    if isinstance(document, list):
        return [Record(item, index + 1, f"[{index}].") for index, item in enumerate(document)]
    return [Record(document, 1, "")]


def _json_lines(name: str, text: str) -> list[Record]:
    records: list[Record] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = _load(name, line, line_number)
        except json.JSONDecodeError as error:
            raise IngestError(_json_problem(error), file=name, row=line_number) from None
        _check_depth(name, item, line_number)
        records.append(Record(item, line_number, f"[{len(records)}]."))
    return records


def _json_problem(error: json.JSONDecodeError) -> str:
    return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"


class JsonFields:
    """Reads the fields of one file's records, raising `IngestError` naming the file, the
    record and the field's JSON path."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, record: Record, message: str, path: str | None = None) -> IngestError:
        column = f"{record.prefix}{path}" if path else None
        return IngestError(message, file=self.name, row=record.row, column=column)

    def text(
        self, record: Record, obj: Mapping[str, Any], key: str, path: str, *, limit: int
    ) -> str | None:
        """The field as text of at most `limit` characters, None when absent or blank."""
        value = obj.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(record, "expected text", path)
        value = value.strip()
        problem = problem_with(value, limit)
        if problem is not None:
            raise self.error(record, problem, path)
        return value or None

    def date(self, record: Record, obj: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
            try:
                return dt.datetime.fromisoformat(value.strip()).date()
            except ValueError:
                pass
        raise self.error(record, f"invalid date {value!r}: expected YYYY-MM-DD", path)

    def mapping(self, record: Record, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.error(record, "expected a JSON object", path)
        return value

    def items(self, record: Record, obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(record, "expected a JSON array", path)
        return value
