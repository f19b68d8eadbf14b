"""The frozen values the oversight service returns: a trust's whole record, the NHS
Oversight Framework league tables, and the enforcement actions other areas link to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.oversight import (
    Commitment,
    EnforcementAction,
    EnforcementActionKind,
    Escalation,
    Meeting,
    OverallRating,
    RegimeHistory,
    Statement,
)
from carewatch.domain.oversight.league import LeaguePlace, Quarter

__all__ = [
    "LeagueTable",
    "LinkedEnforcement",
    "LinkedRequirement",
    "OversightRecord",
    "SegmentationImport",
    "TrustSegmentation",
]


@dataclass(frozen=True)
class OversightRecord:
    """Everything stored about one provider's oversight, as domain values."""

    history: RegimeHistory
    ratings: tuple[OverallRating, ...]
    enforcement: tuple[EnforcementAction, ...]
    escalations: tuple[Escalation, ...]
    meetings: tuple[Meeting, ...]
    statements: tuple[Statement, ...]
    commitments: tuple[Commitment, ...]


@dataclass(frozen=True)
class LinkedRequirement:
    """One requirement of a stored section 29A warning notice: its position (from 1), its
    words and its deadline (None when not made public)."""

    position: int
    text: str
    deadline: dt.date | None


@dataclass(frozen=True)
class LinkedEnforcement:
    """A stored enforcement action by its id, as another record (an improvement plan's
    finding) refers to it, with a warning notice's requirements in order."""

    id: int
    provider_id: str
    kind: EnforcementActionKind
    issued: dt.date
    requirements: tuple[LinkedRequirement, ...] = ()

    def requirement(self, position: int) -> LinkedRequirement | None:
        """The requirement at `position`, or None."""
        return next((r for r in self.requirements if r.position == position), None)


@dataclass(frozen=True)
class SegmentationImport:
    """What an import of one file changed."""

    file_name: str
    rows: int
    new: int
    changed: int
    unchanged: int


@dataclass(frozen=True)
class LeagueTable:
    """One peer group's league table for one quarter, and what else is stored."""

    peer_group: str
    quarter: Quarter
    places: tuple[LeaguePlace, ...]
    peer_groups: tuple[str, ...]
    quarters: tuple[Quarter, ...]
    stored_trusts: frozenset[str]
    synthetic_trusts: frozenset[str]
    override_breaches: dict[str, str]


@dataclass(frozen=True)
class TrustSegmentation:
    """A trust's published segmentation, newest quarter first, each with its league place,
    and the checks that fail: a segment the financial override forbids, a published position
    that the stored peer group does not give, or a latest published segment that differs from
    the regime recorded for the trust."""

    provider_id: str
    places: tuple[LeaguePlace, ...]
    checks: tuple[str, ...]

    @property
    def latest(self) -> LeaguePlace | None:
        return self.places[0] if self.places else None
