"""The register's validator: what a board assurance framework must hold for each risk, and
what the register says that its own measures contradict.

The rules (issue 16, after the Good Governance Institute's BAF terms, docs/risks.md):

- `no_open_action`: a risk whose current score is above its target has at least one open
  improvement-plan action with an owner and a due date, or nothing is bringing it down;
- `no_assurance`: such a risk has at least one assurance (positive or negative) that its
  controls work, or the board is taking them on trust;
- `review_overdue`: a risk whose next review day has passed;
- `contradiction`: a risk its owner rates "reducing" while a measure linked to it shows
  special-cause concern on its SPC chart's latest point.

A risk at or below its target needs neither actions nor assurances by these rules: the board
accepts it as it is.

>>> from carewatch.domain.risks.words import RiskCategory
>>> risk = RiskRecord(
...     risk=Risk(reference="R1", trust="RMY", title="Waits", category=RiskCategory.QUALITY,
...                owner="COO", identified=dt.date(2019, 4, 1), initial=Score(5, 4),
...                current=Score(4, 4), target=Score(2, 4)),
...     next_review=dt.date(2019, 7, 1))
>>> [f.problem.value for f in check_register([risk], as_of=dt.date(2019, 8, 1))]
['no_open_action', 'no_assurance', 'review_overdue']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.risks.register import Assurance, Risk
from carewatch.domain.risks.scoring import Score
from carewatch.domain.risks.words import Trend, UnknownRiskWord
from carewatch.domain.words import Word

__all__ = [
    "LinkedAction",
    "LinkedMeasure",
    "RiskFinding",
    "RiskProblem",
    "RiskRecord",
    "check_register",
    "check_risk",
    "contradicted_by",
]


class RiskProblem(Word, what="risk problem", error=UnknownRiskWord):
    """What the validator finds wrong with a risk."""

    NO_OPEN_ACTION = "no_open_action"
    NO_ASSURANCE = "no_assurance"
    REVIEW_OVERDUE = "review_overdue"
    CONTRADICTION = "contradiction"

    @property
    def label(self) -> str:
        return {
            RiskProblem.NO_OPEN_ACTION: "Above target with no open action",
            RiskProblem.NO_ASSURANCE: "Above target with no assurance",
            RiskProblem.REVIEW_OVERDUE: "Review overdue",
            RiskProblem.CONTRADICTION: "Rated reducing, but its measures show concern",
        }[self]


@dataclass(frozen=True)
class LinkedAction:
    """An improvement-plan action linked to a risk, as the plan reads it on the day: its
    reference (`2020-MD3/A1`), owner (a role, blank when none), due date and whether it is
    still open (not completed, verified, closed or cancelled)."""

    reference: str
    owner: str
    due: dt.date | None
    open: bool

    @property
    def counts(self) -> bool:
        """Whether it counts as an action closing the gap: open, owned and dated."""
        return self.open and bool(self.owner.strip()) and self.due is not None


@dataclass(frozen=True)
class LinkedMeasure:
    """A metric linked to a risk, as its SPC chart reads on the day: its code, its name and
    whether the latest point is special-cause concern."""

    code: str
    name: str
    concern: bool


@dataclass(frozen=True)
class RiskRecord:
    """A risk with what the validator needs beside it: its assurances, its linked actions
    and measures, the day its next review falls due and the trend its owner gives it."""

    risk: Risk
    next_review: dt.date
    assurances: tuple[Assurance, ...] = ()
    actions: tuple[LinkedAction, ...] = ()
    measures: tuple[LinkedMeasure, ...] = ()
    trend: Trend | None = None


@dataclass(frozen=True)
class RiskFinding:
    """One thing the validator found: the risk's reference, the problem, and the detail in
    words."""

    risk: str
    problem: RiskProblem
    detail: str


def contradicted_by(record: RiskRecord) -> tuple[LinkedMeasure, ...]:
    """The linked measures showing special-cause concern while the risk is rated reducing
    (empty unless it is)."""
    if record.trend is not Trend.REDUCING:
        return ()
    return tuple(m for m in record.measures if m.concern)


def _score(score: Score) -> str:
    return f"{score.value} ({score.likelihood}x{score.consequence})"


def check_risk(record: RiskRecord, *, as_of: dt.date) -> tuple[RiskFinding, ...]:
    """What is wrong with one risk on `as_of`, in the order of `RiskProblem`."""
    risk = record.risk
    found: list[RiskFinding] = []

    def add(problem: RiskProblem, detail: str) -> None:
        found.append(RiskFinding(risk.reference, problem, detail))

    if risk.above_target:
        above = f"current score {_score(risk.current)} is above its target {_score(risk.target)}"
        if not any(a.counts for a in record.actions):
            linked = len(record.actions)
            add(
                RiskProblem.NO_OPEN_ACTION,
                f"{above} and no open action with an owner and a due date is linked to it"
                + (f" ({linked} linked, none open, owned and dated)" if linked else ""),
            )
        if not record.assurances:
            add(RiskProblem.NO_ASSURANCE, f"{above} and no assurance is recorded")
    if record.next_review < as_of:
        days = (as_of - record.next_review).days
        add(
            RiskProblem.REVIEW_OVERDUE,
            f"review was due on {record.next_review.isoformat()}, "
            f"{days} day{'' if days == 1 else 's'} ago",
        )
    concerns = contradicted_by(record)
    if concerns:
        names = ", ".join(m.name for m in concerns)
        add(
            RiskProblem.CONTRADICTION,
            f"rated reducing, but special-cause concern on {names}",
        )
    return tuple(found)


def check_register(records: Iterable[RiskRecord], *, as_of: dt.date) -> tuple[RiskFinding, ...]:
    """Every finding of every risk on `as_of`, risk by risk in reference order."""
    ordered = sorted(records, key=lambda r: r.risk.reference)
    return tuple(f for record in ordered for f in check_risk(record, as_of=as_of))
