"""Find the data tables of a "Latest ratings" workbook.

A sheet is a Locations or a Providers table by its name or, failing that, by its columns;
README and notes sheets are skipped. Its header row is the first of the first
`HEADER_SEARCH_ROWS` rows holding the sheet's ID column, and each column carewatch reads is
found there by any spelling of its heading (`carewatch.ingest.ratings_columns`). Only those
rows are read to find it: the table's body is the rest of the sheet, still to be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from carewatch.ingest.ratings_columns import (
    LOCATION_COLUMNS,
    LOCATION_ID,
    LOCATION_NAME,
    LOCATION_REQUIRED,
    PROVIDER_COLUMNS,
    PROVIDER_ID,
    PROVIDER_REQUIRED,
    Column,
    heading_key,
)
from carewatch.ingest.records import IngestError
from carewatch.ingest.sheets import Sheet
from carewatch.ingest.text import problem_with

__all__ = ["HEADER_SEARCH_ROWS", "Table", "table_of"]

HEADER_SEARCH_ROWS = 30
"""How far down a sheet the header row may be (CQC files sometimes carry title rows)."""

# A header row with either of these is a Locations sheet's (a Providers sheet has neither).
_LOCATION_KEYS = LOCATION_ID.keys | LOCATION_NAME.keys
_HEADING_SLACK = 20  # spaces and punctuation a heading may carry beyond CQC's own wording
_SKIPPED_SHEET_WORDS = ("readme", "read me", "notes", "about", "contents", "guidance", "metadata")


@dataclass(frozen=True)
class Table:
    """A data sheet: its kind, where its header is and which column holds what."""

    file: str
    sheet: str | None
    locations: bool  # a Locations sheet (else Providers)
    header_row: int  # as the spreadsheet numbers it
    positions: dict[str, int]  # CQC heading → column index
    headings: dict[str, str]  # CQC heading → heading as written in the file
    body: Iterator[list[Any]]  # the rows under the header, read as they are asked for

    def error(self, message: str, row: int, column: Column) -> IngestError:
        return IngestError(
            message,
            file=self.file,
            sheet=self.sheet,
            row=row,
            column=self.headings.get(column.heading, column.heading),
        )


def table_of(file: str, sheet: Sheet) -> Table | None:
    """The sheet as a data table, or None for a sheet that holds no ratings."""
    kind = _kind_from_name(sheet.name)
    if kind == "skip":
        return None
    for index, row in enumerate(sheet.rows):
        keys = {heading_key(cell) for cell in row if cell != ""}
        about_locations = bool(_LOCATION_KEYS & keys)
        if about_locations or PROVIDER_ID.keys & keys:
            locations = kind == "locations" or (kind is None and about_locations)
            return _located(file, sheet, index, row, locations=locations)
        if index + 1 == HEADER_SEARCH_ROWS:
            break
    if kind is None and sheet.name is not None:
        return None  # an unnamed extra sheet without ratings
    wanted = LOCATION_ID if kind != "providers" else PROVIDER_ID
    where = "" if kind else f" (or {PROVIDER_ID.heading!r})"
    raise IngestError(
        f"no header row with {wanted.heading!r}{where} in the first {HEADER_SEARCH_ROWS} rows",
        file=file,
        sheet=sheet.name,
        column=wanted.heading,
    )


def _kind_from_name(name: str | None) -> str | None:
    if name is None:
        return None
    lowered = name.lower()
    if any(word in lowered for word in _SKIPPED_SHEET_WORDS):
        return "skip"
    location, provider = "location" in lowered, "provider" in lowered
    if location != provider:
        return "locations" if location else "providers"
    return None


def _located(file: str, sheet: Sheet, index: int, header: list[Any], *, locations: bool) -> Table:
    columns, required = (
        (LOCATION_COLUMNS, LOCATION_REQUIRED)
        if locations
        else (PROVIDER_COLUMNS, PROVIDER_REQUIRED)
    )
    keys = [heading_key(cell) for cell in header]
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    for column in columns:
        for position, key in enumerate(keys):
            if key in column.keys:
                positions[column.heading] = position
                written = str(header[position]).strip()
                # Errors name the column as the file writes it, unless that is no plain heading.
                plain = problem_with(written, len(column.heading) + _HEADING_SLACK) is None
                headings[column.heading] = written if plain else column.heading
                break
    for column in required:
        if column.heading not in positions:
            raise IngestError(
                "required column missing from the header row",
                file=file,
                sheet=sheet.name,
                row=index + 1,
                column=column.heading,
            )
    return Table(
        file=file,
        sheet=sheet.name,
        locations=locations,
        header_row=index + 1,
        positions=positions,
        headings=headings,
        body=sheet.rows,
    )
