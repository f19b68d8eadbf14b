"""Check text against its column's length before writing, so a too-long value is a clear
error naming the field on every database (PostgreSQL refuses it mid-transaction with a
driver error; SQLite would store it whole)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, Table

__all__ = ["ValueTooLong", "check_fits"]


class ValueTooLong(ValueError):
    """A text value longer than its column allows; `field` names the column."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(f"{field}: longer than the {limit} characters allowed")
        self.field = field
        self.limit = limit


def check_fits(table: Table, values: Mapping[str, Any]) -> None:
    """Raise `ValueTooLong` for the first text value longer than its column's length."""
    for name, value in values.items():
        column = table.c.get(name)
        if column is None or not isinstance(value, str):
            continue
        length = getattr(column.type, "length", None)
        if isinstance(column.type, String) and length is not None and len(value) > length:
            raise ValueTooLong(name, length)
