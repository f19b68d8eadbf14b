"""A trust's risk register as the command line prints it with `--json` and the API returns
it: the register (`{"data": [...], "count"}`, each risk with its initial, current and target
scores as `{"likelihood", "consequence", "score", "band"}`), one risk in full, the
validator's findings (`{"data": [{"risk", "problem", "detail"}], "count"}`), the board
assurance framework and the public summary (counts only). Built from
`carewatch.services.risks` values."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from carewatch.domain.risks import PublicSummary, RiskFinding
from carewatch.services.risks import BoardAssurance, RiskDetail, RiskView, ScoreView

__all__ = [
    "BafObjectivePublic",
    "BafPublic",
    "RiskCheckListPublic",
    "RiskCheckPublic",
    "RiskDetailPublic",
    "RiskListPublic",
    "RiskPublic",
    "RiskSummaryPublic",
    "ScorePublic",
]


class ScorePublic(BaseModel):
    likelihood: int
    consequence: int
    score: int
    band: str

    @classmethod
    def from_view(cls, s: ScoreView) -> ScorePublic:
        return cls(
            likelihood=s.likelihood, consequence=s.consequence, score=s.score, band=s.band.value
        )


class RiskPublic(BaseModel):
    """One risk of the register; `id` is the trust's reference for it."""

    id: str
    title: str
    category: str
    owner: str
    executive_lead: str
    committee: str
    objective: str | None
    identified: dt.date
    initial: ScorePublic
    current: ScorePublic
    target: ScorePublic
    trend: str | None
    next_review: dt.date
    review_overdue: bool
    illustrative: bool

    @classmethod
    def from_view(cls, v: RiskView) -> RiskPublic:
        return cls(
            id=v.id,
            title=v.title,
            category=v.category.value,
            owner=v.owner,
            executive_lead=v.executive_lead,
            committee=v.committee,
            objective=v.objective,
            identified=v.identified,
            initial=ScorePublic.from_view(v.initial),
            current=ScorePublic.from_view(v.current),
            target=ScorePublic.from_view(v.target),
            trend=v.trend.value if v.trend else None,
            next_review=v.next_review,
            review_overdue=v.review_overdue,
            illustrative=v.illustrative,
        )


class RiskListPublic(BaseModel):
    data: list[RiskPublic]
    count: int


class RiskCheckPublic(BaseModel):
    """One finding of the validator."""

    risk: str
    problem: str
    detail: str

    @classmethod
    def from_finding(cls, f: RiskFinding) -> RiskCheckPublic:
        return cls(risk=f.risk, problem=f.problem.value, detail=f.detail)


class RiskCheckListPublic(BaseModel):
    data: list[RiskCheckPublic]
    count: int


class HistoryPublic(BaseModel):
    on: dt.date
    score: ScorePublic
    trend: str | None


class AssurancePublic(BaseModel):
    line: str
    result: str
    on: dt.date
    description: str


class GapPublic(BaseModel):
    kind: str
    description: str


class ActionPublic(BaseModel):
    reference: str
    title: str
    owner: str
    due: dt.date | None
    status: str
    open: bool
    overdue: bool
    found: bool


class MeasurePublic(BaseModel):
    code: str
    name: str
    variation: str
    concern: bool


class RiskDetailPublic(RiskPublic):
    """One risk in full: its words, history, controls, assurances, gaps, links and the
    validator's findings."""

    cause: str
    event: str
    effect: str
    history: list[HistoryPublic]
    controls: list[str]
    assurances: list[AssurancePublic]
    gaps: list[GapPublic]
    actions: list[ActionPublic]
    measures: list[MeasurePublic]
    findings: list[str]
    incidents: list[str]
    problems: list[RiskCheckPublic]

    @classmethod
    def from_detail(cls, d: RiskDetail) -> RiskDetailPublic:
        v = d.risk
        return cls(
            **RiskPublic.from_view(v).model_dump(),
            cause=v.cause,
            event=v.event,
            effect=v.effect,
            history=[
                HistoryPublic(
                    on=e.on,
                    score=ScorePublic.from_view(e.score),
                    trend=e.trend.value if e.trend else None,
                )
                for e in d.history
            ],
            controls=list(d.controls),
            assurances=[
                AssurancePublic(
                    line=a.line.value, result=a.result.value, on=a.on, description=a.description
                )
                for a in d.assurances
            ],
            gaps=[GapPublic(kind=g.kind.value, description=g.description) for g in d.gaps],
            actions=[
                ActionPublic(
                    reference=a.reference,
                    title=a.title,
                    owner=a.owner,
                    due=a.due,
                    status=a.status,
                    open=a.open,
                    overdue=a.overdue,
                    found=a.found,
                )
                for a in d.actions
            ],
            measures=[
                MeasurePublic(code=m.code, name=m.name, variation=m.variation, concern=m.concern)
                for m in d.measures
            ],
            findings=list(d.findings),
            incidents=list(d.incidents),
            problems=[RiskCheckPublic.from_finding(f) for f in d.problems],
        )


class BafObjectivePublic(BaseModel):
    code: str
    title: str
    appetite: str
    risks: list[RiskPublic]


class BafPublic(BaseModel):
    """The board assurance framework: objectives, their principal risks, the findings."""

    trust: str
    as_of: dt.date
    objectives: list[BafObjectivePublic]
    problems: list[RiskCheckPublic]

    @classmethod
    def from_baf(cls, b: BoardAssurance) -> BafPublic:
        return cls(
            trust=b.trust,
            as_of=b.as_of,
            objectives=[
                BafObjectivePublic(
                    code=o.code,
                    title=o.title,
                    appetite=o.appetite,
                    risks=[RiskPublic.from_view(r) for r in o.risks],
                )
                for o in b.objectives
            ],
            problems=[RiskCheckPublic.from_finding(f) for f in b.problems],
        )


class CategoryCountPublic(BaseModel):
    category: str
    by_band: dict[str, int]
    total: int


class RiskSummaryPublic(BaseModel):
    """The public summary: counts by category and band of the current score, nothing else."""

    trust: str
    categories: list[CategoryCountPublic]
    total: int

    @classmethod
    def from_summary(cls, trust: str, s: PublicSummary) -> RiskSummaryPublic:
        return cls(
            trust=trust,
            categories=[
                CategoryCountPublic(
                    category=c.category.value,
                    by_band={b.value: n for b, n in c.by_band},
                    total=c.total,
                )
                for c in s.categories
            ],
            total=s.total,
        )
