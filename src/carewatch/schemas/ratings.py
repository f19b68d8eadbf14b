"""Ratings: trusts, locations, the ratings grid, rating history and the audit, as the API
returns them and `carewatch ratings ... --json` prints them.

Each resource has a `...Public` shape and, where it is listed, a `...sPublic` list with
`data` and `count`. `from_*` class methods build them from the read models of
`carewatch.services.ratings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from carewatch.domain.ratings import Aspect, KeyQuestion, PublishedRating
from carewatch.services.ratings import (
    AuditFinding,
    Cell,
    Grid,
    GridRow,
    HistoryEntry,
    LocationSummary,
    TrustSummary,
)

__all__ = [
    "AuditFindingPublic",
    "AuditPublic",
    "CellPublic",
    "GridPublic",
    "GridRowPublic",
    "HistoryEntryPublic",
    "HistoryPublic",
    "LocationDetailPublic",
    "LocationPublic",
    "LocationsPublic",
    "TrustPublic",
    "TrustsPublic",
]


def _word(value: PublishedRating | None) -> str | None:
    return None if value is None else value.label


class CellPublic(BaseModel):
    """One published rating with its date, marks, source and, for an aggregate, the rules'
    proposal, the rule and the reason; `departs` when the published rating differs from what
    the rules propose, then and now; `predates_beneath` when it is what the rules gave when it
    was published and differs only because ratings beneath it were published since."""

    aspect: str = Field(examples=["effective"])
    rating: str = Field(examples=["Requires improvement"])
    rating_date: dt.date
    inherited: bool
    stale: bool
    report_url: str | None
    proposed: str | None = Field(examples=["Good"])
    rule: str | None = Field(examples=["nhs-trust-2022 G"])
    reason: str | None
    rationale: str | None
    departs: bool
    predates_beneath: bool = Field(
        default=False,
        description="What the rules gave when it was published; ratings beneath it came later.",
    )
    explanation: str | None = Field(
        default=None, description="For a departure: its likely explanation, as the audit gives it."
    )

    @classmethod
    def from_cell(cls, cell: Cell) -> CellPublic:
        return cls(
            aspect=cell.aspect.value,
            rating=cell.rating.label,
            rating_date=cell.rating_date,
            inherited=cell.inherited,
            stale=cell.stale,
            report_url=cell.report_url,
            proposed=_word(cell.proposed),
            rule=cell.rule,
            reason=cell.reason,
            rationale=cell.rationale,
            departs=cell.departs,
            predates_beneath=cell.predates_beneath,
            explanation=cell.explanation,
        )


def _cells(cells: Mapping[Aspect, Cell] | Mapping[KeyQuestion, Cell]) -> dict[str, CellPublic]:
    return {key.value: CellPublic.from_cell(cell) for key, cell in cells.items()}


class TrustPublic(BaseModel):
    """A trust with its latest overall and key-question ratings."""

    provider_id: str = Field(examples=["RMY"])
    name: str = Field(examples=["Norfolk and Suffolk NHS Foundation Trust"])
    trust_type: str | None = Field(examples=["mental_health"])
    region: str | None = Field(examples=["East of England"])
    synthetic: bool
    overall: CellPublic | None
    key_questions: dict[str, CellPublic]
    location_count: int
    report_count: int

    @classmethod
    def from_summary(cls, trust: TrustSummary) -> TrustPublic:
        return cls(
            provider_id=trust.provider_id,
            name=trust.name,
            trust_type=trust.trust_type,
            region=trust.region,
            synthetic=trust.synthetic,
            overall=None if trust.overall is None else CellPublic.from_cell(trust.overall),
            key_questions=_cells(trust.key_questions),
            location_count=trust.location_count,
            report_count=trust.report_count,
        )


class TrustsPublic(BaseModel):
    """One page of trusts; `count` is the number of all matches."""

    data: list[TrustPublic]
    count: int


class GridRowPublic(BaseModel):
    """A row of the ratings grid: a core service, a location, or the trust itself."""

    label: str
    kind: str = Field(examples=["service"])
    location_id: str | None
    cells: dict[str, CellPublic]

    @classmethod
    def from_row(cls, row: GridRow) -> GridRowPublic:
        return cls(
            label=row.label, kind=row.kind, location_id=row.location_id, cells=_cells(row.cells)
        )


class GridPublic(BaseModel):
    """The ratings grid as CQC draws it: `rows`, then the trust or location `summary_row`."""

    subject_id: str
    subject_name: str
    subject_kind: str = Field(examples=["provider"])
    trust_type: str | None
    as_of: dt.date
    rows: list[GridRowPublic]
    summary_row: GridRowPublic | None

    @classmethod
    def from_grid(cls, grid: Grid) -> GridPublic:
        return cls(
            subject_id=grid.subject_id,
            subject_name=grid.subject_name,
            subject_kind=grid.subject_kind,
            trust_type=grid.trust_type,
            as_of=grid.as_of,
            rows=[GridRowPublic.from_row(row) for row in grid.rows],
            summary_row=None
            if grid.summary_row is None
            else GridRowPublic.from_row(grid.summary_row),
        )


class HistoryEntryPublic(BaseModel):
    """One report in a rating history with the overall and key-question ratings it published."""

    report_date: dt.date
    report_link_id: str | None
    report_type: str | None
    url: str | None
    overall: str | None
    key_questions: dict[str, str]
    inherited: bool

    @classmethod
    def from_entry(cls, entry: HistoryEntry) -> HistoryEntryPublic:
        return cls(
            report_date=entry.report_date,
            report_link_id=entry.report_link_id,
            report_type=entry.report_type,
            url=entry.url,
            overall=_word(entry.overall),
            key_questions={kq.value: r.label for kq, r in entry.key_questions.items()},
            inherited=entry.inherited,
        )


class HistoryPublic(BaseModel):
    """Every report of a trust, newest first."""

    data: list[HistoryEntryPublic]
    count: int

    @classmethod
    def from_entries(cls, entries: Sequence[HistoryEntry]) -> HistoryPublic:
        return cls(data=[HistoryEntryPublic.from_entry(e) for e in entries], count=len(entries))


class LocationPublic(BaseModel):
    """A location of a trust with its latest overall rating."""

    location_id: str
    provider_id: str
    name: str
    registration_status: str | None
    overall: CellPublic | None
    inherited: bool

    @classmethod
    def from_summary(cls, location: LocationSummary) -> LocationPublic:
        return cls(
            location_id=location.location_id,
            provider_id=location.provider_id,
            name=location.name,
            registration_status=location.registration_status,
            overall=None if location.overall is None else CellPublic.from_cell(location.overall),
            inherited=location.inherited,
        )


class LocationsPublic(BaseModel):
    """A trust's locations by name."""

    data: list[LocationPublic]
    count: int


class LocationDetailPublic(BaseModel):
    """One location: its name, its own latest ratings and how many core services are rated."""

    location_id: str
    name: str
    trust_type: str | None
    overall: CellPublic | None
    key_questions: dict[str, CellPublic]
    core_service_count: int

    @classmethod
    def from_grid(cls, grid: Grid) -> LocationDetailPublic:
        own = dict(grid.summary_row.cells) if grid.summary_row else {}
        overall = own.pop(Aspect.OVERALL, None)
        return cls(
            location_id=grid.subject_id,
            name=grid.subject_name,
            trust_type=grid.trust_type,
            overall=None if overall is None else CellPublic.from_cell(overall),
            key_questions={
                a.value: CellPublic.from_cell(c) for a, c in own.items() if a.key_question
            },
            core_service_count=len(grid.rows),
        )


class AuditFindingPublic(BaseModel):
    """A published aggregate that departs from the rules' proposal, with the likely reasons."""

    subject_id: str
    subject_name: str
    row_label: str
    aspect: str
    published: str
    published_date: dt.date
    proposed: str
    rule: str
    reason: str
    explanation: str
    underlying: dict[str, str]

    @classmethod
    def from_finding(cls, finding: AuditFinding) -> AuditFindingPublic:
        return cls(
            subject_id=finding.subject_id,
            subject_name=finding.subject_name,
            row_label=finding.row_label,
            aspect=finding.aspect.value,
            published=finding.published.label,
            published_date=finding.published_date,
            proposed=finding.proposed.label,
            rule=finding.rule,
            reason=finding.reason,
            explanation=finding.explanation,
            underlying={label: r.label for label, r in finding.underlying.items()},
        )


class AuditPublic(BaseModel):
    """The departures of a trust's current aggregates from the rules."""

    data: list[AuditFindingPublic]
    count: int
