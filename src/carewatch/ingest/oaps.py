"""NHS Digital's Out of Area Placements in Mental Health Services open data (monthly CSV).

Long format whose columns change between months: October and November 2016 have Question,
Breakdown1, Breakdown1Code, Breakdown2, Breakdown2Code, value; December 2016 adds the two
Breakdown descriptions; February 2017 adds a leading PublicationDate (2017/04) and
PublicationPeriod (2017/02). Columns are found by name, so any order works. `value` is a
number or `*` (suppressed: kept as suppressed, never zero).

The month comes from PublicationPeriod when the file has it, else from the file name
(oaps-open-data-feb-2017.csv), else from the `period` argument. Rows of the SendingProvider
breakdown (the trust that placed the patient) with no second breakdown become observations:

| question | metric |
|---|---|
| OAPs active at period end | oaps_active |
| Total number of OAP days over the period | oaps_inappropriate_bed_days |

Source: https://digital.nhs.uk/data-and-information/publications/statistical/out-of-area-placements-in-mental-health-services
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from carewatch.domain.metrics import DataKind, MetricBatch, ObservationRecord
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile, suppressible_number

__all__ = ["QUESTIONS", "read_oaps"]

REQUIRED = ("Question", "Breakdown1", "Breakdown1Code", "Breakdown2", "value")
QUESTIONS = {
    "OAPs active at period end": "oaps_active",
    "Total number of OAP days over the period": "oaps_inappropriate_bed_days",
}
"""NHS Digital question → metric code."""

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
NAME = re.compile(r"(?P<month>[a-z]{3})[a-z]*[-_ ](?P<year>\d{4})", re.I)
PERIOD = re.compile(r"^(?P<year>\d{4})/(?P<month>\d{2})$")
SOURCE = (
    "NHS Digital, Out of Area Placements in Mental Health Services (OGL v3.0): "
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "out-of-area-placements-in-mental-health-services"
)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _from_name(name: str) -> tuple[int, int] | None:
    for match in NAME.finditer(name):
        month = MONTHS.get(match.group("month").lower())
        if month:
            return int(match.group("year")), month
    return None


def _year_month(file: CsvFile, text: str, row: int, column: str) -> tuple[int, int]:
    match = PERIOD.match(text)
    if match is None or not 1 <= int(match.group("month")) <= 12:
        raise file.error("is not a month like 2017/02", row, column)
    return int(match.group("year")), int(match.group("month"))


def read_oaps(
    path: Path, *, period: dt.date | None = None, published_on: dt.date | None = None
) -> MetricBatch:
    """Read one OAPs open-data file, all or nothing.

    `period` (any day of the month) is used only when the file neither has a
    PublicationPeriod column nor names its month; `published_on` is used when the file has no
    PublicationDate (None: the import date).
    """
    file = CsvFile(path)
    at = file.need(REQUIRED)
    has_period = "PublicationPeriod" in at
    has_date = "PublicationDate" in at
    name_month = _from_name(file.name)
    file_month: tuple[int, int] | None = None
    publication_month: tuple[int, int] | None = None
    found: list[tuple[int, str, str, str, float | None]] = []
    seen: dict[tuple[str, str], int] = {}
    rows = 0
    for number, cells in file.rows():
        rows += 1
        if has_period:
            month = _year_month(file, cells[at["PublicationPeriod"]], number, "PublicationPeriod")
            if file_month is not None and month != file_month:
                raise file.error("differs from the rows above", number, "PublicationPeriod")
            file_month = month
        if has_date:
            published = _year_month(file, cells[at["PublicationDate"]], number, "PublicationDate")
            if publication_month is not None and published != publication_month:
                raise file.error("differs from the rows above", number, "PublicationDate")
            publication_month = published
        value = suppressible_number(file, cells[at["value"]], number, "value")
        question = cells[at["Question"]]
        if not question:
            raise file.error("is empty", number, "Question")
        if (
            cells[at["Breakdown1"]] != "SendingProvider"
            or cells[at["Breakdown2"]]
            or question not in QUESTIONS
        ):
            continue
        org = file.text(cells[at["Breakdown1Code"]].upper(), number, "Breakdown1Code", text.ID)
        if not org:
            raise file.error("is empty on a SendingProvider row", number, "Breakdown1Code")
        if value is not None and value < 0:
            raise file.error("is negative: a count of placements or days", number, "value")
        key = (org, question)
        if key in seen:
            raise file.error(
                f"repeats the provider and question of row {seen[key]}", number, "Question"
            )
        seen[key] = number
        description = (
            file.text(
                cells[at["Breakdown1Description"]], number, "Breakdown1Description", text.NAME
            )
            if "Breakdown1Description" in at
            else ""
        )
        found.append((number, org, description, QUESTIONS[question], value))
    if rows == 0:
        raise file.error("has no data rows")
    month_of = file_month or name_month or ((period.year, period.month) if period else None)
    if month_of is None:
        raise file.error(
            "states no month (no PublicationPeriod column, no month in its name): give the period",
            column="PublicationPeriod",
        )
    if not found:
        raise file.error("has no SendingProvider rows of the questions " + "; ".join(QUESTIONS))
    start, end = _month(*month_of)
    if publication_month is not None:
        published_on = dt.date(publication_month[0], publication_month[1], 1)
    observations = tuple(
        ObservationRecord(
            org_code=org,
            org_name=description,
            metric_code=code,
            period_start=start,
            period_end=end,
            value=value,
            suppressed=value is None,
            source=f"NHS Digital OAPs, {file.name} row {number}",
            row=number,
        )
        for number, org, description, code, value in found
    )
    label = f"{calendar.month_name[month_of[1]]} {month_of[0]}"
    if publication_month is not None:
        label += f", published {publication_month[0]}/{publication_month[1]:02d}"
    return MetricBatch(
        kind=DataKind.OAPS,
        file_name=file.name,
        sha256=file.sha256,
        publication=f"Out of area placements, {label}",
        published_on=published_on,
        rows_read=rows,
        observations=observations,
        source=SOURCE,
    )
