"""The errors the ratings service raises, each naming what was wrong and where."""

from __future__ import annotations

__all__ = ["ImportFailed", "ImportRejected", "RatingsError"]


class RatingsError(Exception):
    """Base class of the ratings service's errors."""


class ImportRejected(RatingsError, ValueError):
    """A batch or record that cannot be stored as given; nothing was written.

    The message names the source (file and row where the reader gave one), the record and the
    field, never a free-text value.
    """

    def __init__(self, message: str, *, source: str, field: str | None = None) -> None:
        where = f"{source}: " if source else ""
        what = f"field {field!r}: " if field else ""
        super().__init__(f"{where}{what}{message}")
        self.source = source
        self.field = field
        self.detail = message


class ImportFailed(RatingsError):
    """The database refused a batch (a constraint failed); nothing was written."""

    def __init__(self, *, source: str, constraint: str | None) -> None:
        which = f"constraint {constraint!r}" if constraint else "a constraint"
        super().__init__(
            f"{source}: the database refused the batch ({which} failed); nothing was stored "
            "and the data already stored is unchanged"
        )
        self.source = source
        self.constraint = constraint
