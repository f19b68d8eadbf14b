"""Read NHS Oversight Framework segmentation and league-table files (CSV, one row per trust).

NHS England publishes each quarter's segmentation on its dashboard with CSV downloads
(https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/). Its
column names follow the style of the published metric files (``Trust_code``,
``Trust_name``, ``Trust_type``; see
https://www.england.nhs.uk/long-read/nhs-oversight-framework-csv-metadata-file). The reader
takes the columns below; names are matched ignoring case, spaces, hyphens and underscores,
and the alternatives listed are accepted:

========================  =====================================================  ========
column                    also accepted                                          required
========================  =====================================================  ========
Trust_code                ODS code, Organisation code, Provider code            yes
Trust_name                Organisation name, Provider name                       yes
Trust_type                Peer group                                             yes
Quarter                   Period, Reporting period ("Q2 2025/26")                yes
Segment                   NOF segment                                            yes
Average_metric_score      Average score, AMS                                     no
Financial_override        Deficit, Financial override applied (Yes/No)           no
League_table_position     Rank, AMR rank, Position                               no
========================  =====================================================  ========

The file is read as the metric readers read theirs (`CsvFile`: UTF-8, rows numbered as a
spreadsheet numbers them). All or nothing: the first bad cell raises an `IngestError` naming
the file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from carewatch.domain.oversight.league import InvalidSegmentation, Quarter, SegmentationEntry
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile
from carewatch.ingest.records import IngestError

__all__ = ["COLUMNS", "SegmentationFile", "read_nof_segmentation"]

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "trust_code": ("trustcode", "odscode", "organisationcode", "providercode", "orgcode"),
    "trust_name": ("trustname", "organisationname", "providername", "orgname"),
    "peer_group": ("trusttype", "peergroup"),
    "quarter": ("quarter", "period", "reportingperiod"),
    "segment": ("segment", "nofsegment"),
    "score": ("averagemetricscore", "averagescore", "ams"),
    "override": ("financialoverride", "deficit", "financialoverrideapplied"),
    "position": ("leaguetableposition", "rank", "amrrank", "position", "leaguetablerank"),
}
REQUIRED = ("trust_code", "trust_name", "peer_group", "quarter", "segment")
LABELS = {
    "trust_code": "Trust_code",
    "trust_name": "Trust_name",
    "peer_group": "Trust_type",
    "quarter": "Quarter",
    "segment": "Segment",
    "score": "Average_metric_score",
    "override": "Financial_override",
    "position": "League_table_position",
}
_ODS = re.compile(r"^[A-Z0-9]{3,5}$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class SegmentationFile:
    """A file's entries, with what identifies the file: its name and SHA-256."""

    file_name: str
    sha256: str
    entries: tuple[SegmentationEntry, ...]


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def _columns(file: CsvFile) -> dict[str, int]:
    keys = [_key(h) for h in file.header]
    found: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for index, key in enumerate(keys):
            if key in names:
                found[field] = index
                break
    missing = [LABELS[f] for f in REQUIRED if f not in found]
    if missing:
        raise file.error(
            "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing), 1
        )
    return found


def read_nof_segmentation(path: Path) -> SegmentationFile:
    """Read one segmentation CSV; raise `IngestError` at the first bad row."""
    file = CsvFile(path)
    columns = _columns(file)
    entries: list[SegmentationEntry] = []
    seen: dict[tuple[str, Quarter], int] = {}
    for number, row in file.rows():
        entry = _entry(file, number, row, columns)
        key = (entry.provider_id, entry.quarter)
        if key in seen:
            raise file.error(
                f"{entry.provider_id} appears twice for {entry.quarter.label} "
                f"(first on row {seen[key]})",
                number,
                LABELS["trust_code"],
            )
        seen[key] = number
        entries.append(entry)
    if not entries:
        raise file.error("the file has a header but no rows")
    return SegmentationFile(file.name, file.sha256, tuple(entries))


def _entry(
    file: CsvFile, number: int, row: list[str], columns: dict[str, int]
) -> SegmentationEntry:
    def cell(field: str) -> str:
        index = columns.get(field)
        return row[index] if index is not None else ""

    def error(field: str, message: str) -> IngestError:
        return file.error(message, number, LABELS[field])

    for field in REQUIRED:
        if not cell(field):
            raise error(field, "is empty")
    code = cell("trust_code").upper()
    if not _ODS.match(code):
        raise error("trust_code", "is not an ODS organisation code (3 to 5 letters and digits)")
    try:
        quarter = Quarter.parse(cell("quarter"))
    except InvalidSegmentation as exc:
        raise error("quarter", str(exc)) from exc
    segment = _whole(cell("segment"), error("segment", "is not a whole number from 1 to 5"))
    score_text = cell("score")
    try:
        score = float(score_text) if score_text else None
    except ValueError:
        raise error("score", "is not a number") from None
    override_text = cell("override").lower()
    if override_text in _YES:
        override: bool | None = True
    elif override_text in _NO:
        override = False if override_text else None
    else:
        raise error("override", "is not Yes or No")
    position_text = cell("position")
    position = (
        _whole(position_text, error("position", "is not a whole number")) if position_text else None
    )
    try:
        return SegmentationEntry(
            provider_id=code,
            trust_name=file.text(cell("trust_name"), number, LABELS["trust_name"], text.NAME),
            peer_group=file.text(cell("peer_group"), number, LABELS["peer_group"], text.TYPE),
            quarter=quarter,
            segment=segment,
            average_metric_score=score,
            financial_override=override,
            published_position=position,
        )
    except InvalidSegmentation as exc:
        field = (
            "segment"
            if "segment must" in str(exc)
            else "score"
            if "score" in str(exc)
            else "position"
        )
        raise error(field, str(exc)) from exc


def _whole(text: str, error: IngestError) -> int:
    try:
        value = float(text)
    except ValueError:
        raise error from None
    if not value.is_integer():
        raise error
    return int(value)
