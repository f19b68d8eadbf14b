"""The frozen values the risks service returns: a risk as the register lists it, its page's
detail, the board assurance framework, and what storing something did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.risks import (
    DEFAULT_BANDS,
    Assurance,
    Band,
    Bands,
    Gap,
    RiskCategory,
    RiskFinding,
    Score,
    Trend,
)
from carewatch.domain.spc import SpcResult, VariationIcon

__all__ = [
    "ActionLinkView",
    "BafObjective",
    "BoardAssurance",
    "MeasureLinkView",
    "RiskDetail",
    "RiskView",
    "ScoreEntry",
    "ScoreView",
]


@dataclass(frozen=True)
class ScoreView:
    """A score with its product and band."""

    likelihood: int
    consequence: int
    score: int
    band: Band

    @classmethod
    def of(cls, score: Score, bands: Bands = DEFAULT_BANDS) -> ScoreView:
        return cls(score.likelihood, score.consequence, score.value, bands.band(score))


@dataclass(frozen=True)
class RiskView:
    """One risk as the register lists it on `as_of`."""

    id: str  # the trust's reference: what every command and page names it by
    trust: str
    title: str
    category: RiskCategory
    owner: str
    executive_lead: str
    committee: str
    objective: str | None
    identified: dt.date
    review_frequency: str
    initial: ScoreView
    current: ScoreView
    target: ScoreView
    trend: Trend | None
    last_reviewed: dt.date
    next_review: dt.date
    review_overdue: bool
    cause: str
    event: str
    effect: str
    illustrative: bool

    @property
    def above_target(self) -> bool:
        return self.current.score > self.target.score


@dataclass(frozen=True)
class ScoreEntry:
    """One scoring in a risk's history."""

    on: dt.date
    score: ScoreView
    trend: Trend | None
    note: str


@dataclass(frozen=True)
class ActionLinkView:
    """An improvement-plan action linked to a risk, as the plan reads it on the day; `found`
    False when the plan no longer holds it (or not yet, on the day)."""

    reference: str
    title: str
    owner: str
    due: dt.date | None
    status: str
    open: bool
    overdue: bool
    found: bool = True


@dataclass(frozen=True)
class MeasureLinkView:
    """A metric linked to a risk, as its SPC chart reads on the day; `icon` its Making Data
    Count variation icon (None without a chart)."""

    code: str
    name: str
    variation: str  # NHS England's words for the latest point, or why there is no chart
    concern: bool
    icon: VariationIcon | None = None


@dataclass(frozen=True)
class RiskDetail:
    """A risk's page: the risk, its history, controls, assurances, gaps, links and what the
    validator finds."""

    risk: RiskView
    history: tuple[ScoreEntry, ...]
    reviews: tuple[dt.date, ...]
    chart: SpcResult | None
    controls: tuple[str, ...]
    assurances: tuple[Assurance, ...]
    gaps: tuple[Gap, ...]
    actions: tuple[ActionLinkView, ...]
    measures: tuple[MeasureLinkView, ...]
    findings: tuple[str, ...]
    incidents: tuple[str, ...]
    problems: tuple[RiskFinding, ...]


@dataclass(frozen=True)
class BafObjective:
    """A strategic objective with the principal risks against it, highest current score
    first."""

    code: str
    title: str
    appetite: str
    risks: tuple[RiskView, ...]


@dataclass(frozen=True)
class BoardAssurance:
    """The board assurance framework on a day: each objective and its principal risks, and
    the validator's findings on them."""

    trust: str
    as_of: dt.date
    objectives: tuple[BafObjective, ...]
    problems: tuple[RiskFinding, ...]
