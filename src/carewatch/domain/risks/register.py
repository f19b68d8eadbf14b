"""One risk of a trust's register, its controls, assurances and gaps, and the strategic
objectives of the board assurance framework (BAF) its principal risks stand against.

A risk is described as cause, event and effect ("because of ..., there is a risk that ...,
resulting in ..."), has an owner (a role) and an executive lead, a committee that oversees it,
and three scores: initial (before any control), current, and target (where the controls
and actions should bring it). A target cannot be worse than the initial score. The register
keeps no actions of its own: the actions that close its gaps are the improvement plan's
(`RiskLinkKind.ACTION`).

>>> r = Risk(reference="R1", trust="RMY", title="Waits", category=RiskCategory.QUALITY,
...          owner="Director of operations", identified=dt.date(2019, 4, 1),
...          initial=Score(5, 4), current=Score(4, 4), target=Score(2, 4))
>>> r.above_target, r.next_review_after(dt.date(2019, 4, 1))
(True, datetime.date(2019, 7, 1))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from carewatch.domain.risks.scoring import Score
from carewatch.domain.risks.words import (
    AssuranceLine,
    AssuranceResult,
    GapKind,
    ReviewFrequency,
    RiskCategory,
)

__all__ = [
    "Assurance",
    "Control",
    "Gap",
    "InvalidRisk",
    "Risk",
    "StrategicObjective",
    "add_months",
]

_ODS = re.compile(r"^[A-Z0-9]{3,10}$")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")


class InvalidRisk(ValueError):
    """A risk (or a part of it) whose parts cannot all be true; `field` names the part."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day.

    >>> add_months(dt.date(2020, 1, 31), 1)
    datetime.date(2020, 2, 29)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _need(text: str, what: str, field: str) -> None:
    if not text.strip():
        raise InvalidRisk(f"a risk needs {what}", field)


@dataclass(frozen=True)
class StrategicObjective:
    """One of the board's strategic objectives, by the trust's code for it ("SO1"), with
    the risk appetite the board set for it (free words: "minimal", "cautious", "open")."""

    code: str
    title: str
    appetite: str = ""

    def __post_init__(self) -> None:
        if not _REFERENCE.match(self.code):
            raise InvalidRisk(
                f"an objective's code is a short reference, not {self.code!r}", "code"
            )
        _need(self.title, "a title", "title")


@dataclass(frozen=True)
class Risk:
    """One risk of a trust's register.

    `reference` is the trust's own (unique per trust); `objective` the code of the strategic
    objective it threatens, for a principal risk of the BAF (None for a risk of the register
    only). `review_frequency` sets the next review after each one.
    """

    reference: str
    trust: str
    title: str
    category: RiskCategory
    owner: str
    identified: dt.date
    initial: Score
    current: Score
    target: Score
    cause: str = ""
    event: str = ""
    effect: str = ""
    executive_lead: str = ""
    committee: str = ""
    review_frequency: ReviewFrequency = ReviewFrequency.QUARTERLY
    objective: str | None = None
    illustrative: bool = False

    def __post_init__(self) -> None:
        if not _REFERENCE.match(self.reference):
            raise InvalidRisk(
                f"a risk's reference is up to 32 letters, digits and . _ / -, not "
                f"{self.reference!r}",
                "reference",
            )
        if not _ODS.match(self.trust):
            raise InvalidRisk(f"a trust is an ODS code, not {self.trust!r}", "trust")
        _need(self.title, "a title", "title")
        _need(self.owner, "an owner (a role)", "owner")
        if self.target.value > self.initial.value:
            raise InvalidRisk(
                f"the target score ({self.target.value}) is worse than the initial score "
                f"({self.initial.value})",
                "target",
            )
        if self.objective is not None and not _REFERENCE.match(self.objective):
            raise InvalidRisk(
                f"an objective is named by its code, not {self.objective!r}", "objective"
            )

    @property
    def above_target(self) -> bool:
        """Whether the current score is worse than the target: the risk needs actions."""
        return self.current.value > self.target.value

    @property
    def principal(self) -> bool:
        """Whether the risk is a principal risk of the BAF (it threatens an objective)."""
        return self.objective is not None

    def next_review_after(self, reviewed: dt.date) -> dt.date:
        """The day the next review falls due after a review on `reviewed`."""
        return add_months(reviewed, self.review_frequency.months)


@dataclass(frozen=True)
class Control:
    """Something in place that reduces the likelihood or consequence of the risk."""

    description: str

    def __post_init__(self) -> None:
        _need(self.description, "a control described", "description")


@dataclass(frozen=True)
class Assurance:
    """Evidence, from one of the three lines, that a control works (positive) or does not
    (negative), on a day: "Quality committee: the waiting-list audit, March 2020"."""

    line: AssuranceLine
    result: AssuranceResult
    on: dt.date
    description: str

    def __post_init__(self) -> None:
        _need(self.description, "an assurance described", "description")


@dataclass(frozen=True)
class Gap:
    """A gap in control or in assurance, in words."""

    kind: GapKind
    description: str

    def __post_init__(self) -> None:
        _need(self.description, "a gap described", "description")
