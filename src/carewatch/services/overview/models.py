"""The frozen values the overview service returns: the snapshot with the verdict and the
changes reached from it, and a Member of Parliament's brief."""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.domain.oversight import OversightStatus
from carewatch.domain.overview import Changes, Overview, TrustFacts
from carewatch.services.ratings import Grid

__all__ = ["Brief", "TrustOverview"]


@dataclass(frozen=True)
class TrustOverview:
    """One trust on one day: the facts, the verdict with its evidence, and what changed since
    the last inspection, all from the same snapshot; and the ratings grid and oversight status
    of that day the snapshot was read from, for a page that shows them too."""

    facts: TrustFacts
    overview: Overview
    changes: Changes
    grid: Grid
    status: OversightStatus


@dataclass(frozen=True)
class Brief:
    """The overview as a brief for a Member of Parliament: the same facts, verdict and
    changes, and the questions the evidence raises."""

    facts: TrustFacts
    overview: Overview
    changes: Changes
    status: OversightStatus
    questions: tuple[str, ...]
