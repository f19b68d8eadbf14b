"""NHS Oversight Framework league tables and a trust's published segmentation, as the API
returns them and `carewatch oversight league-table|segmentation --json` prints them."""

from __future__ import annotations

from pydantic import BaseModel

from carewatch.domain.oversight.league import LeaguePlace

__all__ = ["LeaguePlacePublic", "LeagueTablePublic", "SegmentationPublic"]


class LeaguePlacePublic(BaseModel):
    """A trust's place in its peer group's league table for a quarter."""

    provider_id: str
    name: str
    peer_group: str
    quarter: str
    segment: int
    average_metric_score: float | None
    financial_override: bool | None
    position: int
    of: int
    published_position: int | None

    @classmethod
    def from_place(cls, place: LeaguePlace) -> LeaguePlacePublic:
        e = place.entry
        return cls(
            provider_id=e.provider_id,
            name=e.trust_name,
            peer_group=e.peer_group,
            quarter=e.quarter.label,
            segment=e.segment,
            average_metric_score=e.average_metric_score,
            financial_override=e.financial_override,
            position=place.position,
            of=place.of,
            published_position=e.published_position,
        )


class LeagueTablePublic(BaseModel):
    """A peer group's league table (empty, with no quarter, when none is stored)."""

    peer_group: str | None
    quarter: str | None
    peer_groups: list[str]
    quarters: list[str]
    data: list[LeaguePlacePublic]
    count: int


class SegmentationPublic(BaseModel):
    """A trust's published segmentation, newest quarter first, and the checks that fail."""

    data: list[LeaguePlacePublic]
    count: int
    checks: list[str]
