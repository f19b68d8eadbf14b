"""The JSON of CQC syndication API files, and typed access to its fields.

A folder stands for its `*.json` and `*.jsonl` files; a file holds one record, a JSON array of
records or JSON lines. `JsonFields` reads one field of a record at a time and raises an
`IngestError` naming the file, the record and the field's JSON path.

Every text field is held to its column's length and refused with a control character in it
(`carewatch.ingest.text`). JSON nested too deep or holding too long an integer is refused as
such (`carewatch.ingest.jsontext`), naming the file (and the line, for JSON lines).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carewatch.ingest.jsontext import loads
from carewatch.ingest.records import IngestError
from carewatch.ingest.text import problem_with

__all__ = ["JsonFields", "Record", "expand", "records_of"]

_SUFFIXES = (".json", ".jsonl")


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


def records_of(name: str, text: str) -> list[Record]:
    """The records of a file's text: one JSON value, the items of a JSON array, or JSON lines."""
    try:
        document = loads(text, file=name)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise IngestError(_json_problem(error), file=name, row=error.lineno) from None
        return _json_lines(name, text)
    if isinstance(document, list):
        return [Record(item, index + 1, f"[{index}].") for index, item in enumerate(document)]
    return [Record(document, 1, "")]


def _json_lines(name: str, text: str) -> list[Record]:
    records: list[Record] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = loads(line, file=name, row=line_number)
        except json.JSONDecodeError as error:
            raise IngestError(_json_problem(error), file=name, row=line_number) from None
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
