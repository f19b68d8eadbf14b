"""JSON read with limits a file may not pass: nesting no deeper than `MAX_DEPTH` levels and
no integer of more than `MAX_DIGITS` digits. Python's own reader fails on such a file with a
RecursionError, or a ValueError about integer conversion; here it is an `IngestError` naming
the file (and the line, when known).

>>> loads('{"ratings": ["Good"]}', file="doc.json")
{'ratings': ['Good']}
>>> loads("[" * 101 + "]" * 101, file="doc.json")
Traceback (most recent call last):
...
carewatch.ingest.records.IngestError: doc.json: invalid JSON: arrays or objects nested more ...
"""

from __future__ import annotations

import json
from typing import Any

from carewatch.ingest.records import IngestError

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "loads"]

MAX_DEPTH = 100
"""The deepest nesting of arrays and objects read (a CQC record nests about six levels)."""
MAX_DIGITS = 100
"""The most digits an integer may have (CQC's records hold none longer than ten)."""

_TOO_DEEP = f"invalid JSON: arrays or objects nested more than {MAX_DEPTH} levels deep"


class _TooManyDigits(ValueError):
    """An integer longer than `MAX_DIGITS` digits."""


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits
    return int(digits)


def loads(text: str, *, file: str, row: int | None = None) -> Any:
    """`json.loads`, refusing with an `IngestError` what breaks the limits (`row`: the line,
    when known). Malformed JSON still raises `json.JSONDecodeError`, with its position."""
    try:
        value = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError:
        raise
    except _TooManyDigits:
        raise IngestError(
            f"invalid JSON: an integer of more than {MAX_DIGITS} digits", file=file, row=row
        ) from None
    except RecursionError:
        raise IngestError(_TOO_DEEP, file=file, row=row) from None
    _check_depth(file, value, row)
    return value


def _check_depth(file: str, value: Any, row: int | None) -> None:
    """Refuse a value nested more than `MAX_DEPTH` levels (Python's reader allows far deeper,
    and code walking such a value would fail rather than say why)."""
    level = [(value, 1)]
    while level:
        item, depth = level.pop()
        if depth > MAX_DEPTH:
            raise IngestError(_TOO_DEEP, file=file, row=row)
        if isinstance(item, dict):
            level.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            level.extend((child, depth + 1) for child in item)
