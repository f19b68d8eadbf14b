"""NHS England's Mental Health Services Monthly Statistics four-week-wait files ("4WW").

Long format, one value per row: REPORTING_PERIOD_START, REPORTING_PERIOD_END (dd/mm/yyyy),
STATUS, BREAKDOWN (England, Provider, ICB ...), PRIMARY_LEVEL (the ODS code for a provider),
PRIMARY_LEVEL_DESCRIPTION, SECONDARY_LEVEL(_DESCRIPTION), MEASURE_ID, MEASURE_NAME,
MEASURE_VALUE (`*` when suppressed). Each file holds a rolling-quarter block for the clock-stop
measures and a single-month block for the open-waits snapshot.

Every row is checked (dates, value). A provider row of the measures read must not be
negative, and a denominator (MRS01, MRS08) not zero. Provider rows of four measures become
observations:

| measure | metric | numerator, denominator |
|---|---|---|
| MRS01b | cmh_4ww (% of CMH clock stops within 4 weeks) | MRS01a, MRS01 |
| MRS03a | cmh_4ww_median_wait (median days open CMH referrals waited for a 2nd contact) | |
| MRS08b | cyp_4ww (% of CYP clock stops within 4 weeks) | MRS08a, MRS08 |
| MRS10a | cyp_first_contact_median_wait (median days open CYP referrals waited) | |

Source: https://digital.nhs.uk/data-and-information/publications/statistical/mental-health-services-monthly-statistics
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from carewatch.domain.metrics import DataKind, MetricBatch, ObservationRecord
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile, suppressible_number

__all__ = ["MEASURES", "read_mhsds_4ww"]

COLUMNS = (
    "REPORTING_PERIOD_START",
    "REPORTING_PERIOD_END",
    "STATUS",
    "BREAKDOWN",
    "PRIMARY_LEVEL",
    "PRIMARY_LEVEL_DESCRIPTION",
    "SECONDARY_LEVEL",
    "SECONDARY_LEVEL_DESCRIPTION",
    "MEASURE_ID",
    "MEASURE_NAME",
    "MEASURE_VALUE",
)

MEASURES: dict[str, tuple[str, str | None, str | None]] = {
    "MRS01b": ("cmh_4ww", "MRS01a", "MRS01"),
    "MRS03a": ("cmh_4ww_median_wait", None, None),
    "MRS08b": ("cyp_4ww", "MRS08a", "MRS08"),
    "MRS10a": ("cyp_first_contact_median_wait", None, None),
}
"""MHSDS measure id → (metric code, numerator measure, denominator measure)."""

PARTS = {part for _, n, d in MEASURES.values() for part in (n, d) if part} | set(MEASURES)
DENOMINATORS = {d for _, _, d in MEASURES.values() if d}
"""The measures that count the clock stops a percentage is of: never zero beside a value."""
_NEGATIVE = "is negative: a count, a percentage or a wait in days is never below zero"
_ZERO = "is zero: a percentage's denominator (the clock stops counted) must be above zero"
NAME = re.compile(r"4WW_(?P<month>[A-Z][a-z]{2})Perf_(?P<year>\d{4})(?P<version>_v\d+)?", re.I)
SOURCE = (
    "NHS England, Mental Health Services Monthly Statistics (OGL v3.0): "
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "mental-health-services-monthly-statistics"
)


DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def _date(file: CsvFile, text: str, row: int, column: str, seen: dict[str, dt.date]) -> dt.date:
    """A dd/mm/yyyy date; `seen` remembers the few distinct dates a file holds."""
    found = seen.get(text)
    if found is not None:
        return found
    match = DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        day, month, year = (int(g) for g in match.groups())
        seen[text] = dt.date(year, month, day)
    except ValueError:
        raise file.error("is not a date like 30/09/2024", row, column) from None
    return seen[text]


def _publication(name: str, latest_end: dt.date) -> str:
    match = NAME.search(name)
    if match is None:
        return f"MHSDS four-week waits, performance to {latest_end.isoformat()}"
    version = match.group("version")
    suffix = f", version {version[2:]}" if version else ""
    month = f"{match.group('month').title()} {match.group('year')}"
    return f"MHSDS four-week waits, {month} performance{suffix}"


def read_mhsds_4ww(path: Path, *, published_on: dt.date | None = None) -> MetricBatch:
    """Read one MHSDS four-week-wait file, all or nothing.

    The files do not state their publication date; `published_on` gives it (None: the
    import date).
    """
    file = CsvFile(path)
    at = file.need(COLUMNS)
    values: dict[tuple[str, dt.date, dt.date, str], tuple[float | None, int]] = {}
    names: dict[str, str] = {}
    rows = 0
    latest_end: dt.date | None = None
    dates: dict[str, dt.date] = {}
    for number, cells in file.rows():
        rows += 1
        start = _date(
            file, cells[at["REPORTING_PERIOD_START"]], number, "REPORTING_PERIOD_START", dates
        )
        end = _date(file, cells[at["REPORTING_PERIOD_END"]], number, "REPORTING_PERIOD_END", dates)
        if end < start:
            raise file.error("is before REPORTING_PERIOD_START", number, "REPORTING_PERIOD_END")
        latest_end = end if latest_end is None else max(latest_end, end)
        value = suppressible_number(file, cells[at["MEASURE_VALUE"]], number, "MEASURE_VALUE")
        measure = cells[at["MEASURE_ID"]]
        if not measure:
            raise file.error("is empty", number, "MEASURE_ID")
        if cells[at["BREAKDOWN"]] != "Provider" or measure not in PARTS:
            continue
        org = file.text(cells[at["PRIMARY_LEVEL"]].upper(), number, "PRIMARY_LEVEL", text.ID)
        if not org:
            raise file.error("is empty on a provider row", number, "PRIMARY_LEVEL")
        if value is not None and value < 0:
            raise file.error(_NEGATIVE, number, "MEASURE_VALUE")
        if value == 0 and measure in DENOMINATORS:
            raise file.error(_ZERO, number, "MEASURE_VALUE")
        key = (org, start, end, measure)
        if key in values:
            raise file.error(
                f"repeats the provider, period and measure of row {values[key][1]}",
                number,
                "MEASURE_ID",
            )
        values[key] = (value, number)
        names.setdefault(
            org,
            file.text(
                cells[at["PRIMARY_LEVEL_DESCRIPTION"]],
                number,
                "PRIMARY_LEVEL_DESCRIPTION",
                text.NAME,
            ),
        )
    if latest_end is None:
        raise file.error("has no data rows")
    observations = []
    for (org, start, end, measure), (value, number) in sorted(
        values.items(), key=lambda kv: kv[1][1]
    ):
        if measure not in MEASURES:
            continue
        code, numerator, denominator = MEASURES[measure]
        observations.append(
            ObservationRecord(
                org_code=org,
                org_name=names[org].title().replace(" Nhs ", " NHS "),
                metric_code=code,
                period_start=start,
                period_end=end,
                value=value,
                suppressed=value is None,
                numerator=values.get((org, start, end, numerator), (None, 0))[0]
                if numerator
                else None,
                denominator=values.get((org, start, end, denominator), (None, 0))[0]
                if denominator
                else None,
                source=f"MHSDS {measure}, {file.name} row {number}",
                row=number,
            )
        )
    if not observations:
        raise file.error(
            "has no provider rows of the four-week-wait measures " + ", ".join(sorted(MEASURES))
        )
    return MetricBatch(
        kind=DataKind.MHSDS_4WW,
        file_name=file.name,
        sha256=file.sha256,
        publication=_publication(file.name, latest_end),
        published_on=published_on,
        rows_read=rows,
        observations=tuple(observations),
        source=SOURCE,
    )
