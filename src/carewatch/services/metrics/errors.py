"""What the metrics service raises when it refuses a record or a file."""

from __future__ import annotations

__all__ = ["InvalidMetricRecord", "MetricImportRejected"]


class InvalidMetricRecord(ValueError):
    """A recalculation or annotation that cannot be stored as given; `field` names the part."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class MetricImportRejected(ValueError):
    """A file whose observations cannot be stored as given; nothing was written. The message
    names the file, row and field, never a free-text value."""

    def __init__(self, message: str, *, file: str, row: int | None, field: str | None) -> None:
        where = [file] + ([f"row {row}"] if row is not None else [])
        where += [f"column {field!r}"] if field else []
        super().__init__(f"{', '.join(where)}: {message}")
        self.file = file
        self.row = row
        self.field = field
