"""Regime decisions and the history they build: `apply(history, decision)` or a named error.

A decision moves a trust between regimes (entered, exited, segment_changed) or keeps it where
it is (retained). Who recommended it, who decided, why, on what conditions and on which
evidence travel with it. The rules (regulatory-framework reference §5.1, §5.2, §5.5):

- a decision starts from the regime the trust is in (`regime_from` must be the current one):
  exiting or retaining a regime the trust is not in is refused, and so is entering a regime
  while in another one that the decision does not name (two regimes would overlap);
- entered: into any regime other than NONE, valid on the decision's date (no quality special
  measures from July 2021; no segment 5 before 26 June 2025);
- exited: out of the current regime into NONE or a segment;
- retained: the regime stays (`regime_from == regime_to`), still valid on that date;
- segment_changed: from one NHS Oversight Framework segment to another;
- decisions are strictly later than every earlier one: dates never go backwards.

>>> d = Decision(DecisionKind.ENTERED, Regime.NONE, Regime.QUALITY_SPECIAL_MEASURES,
...              dt.date(2015, 2, 12))
>>> history = apply(RegimeHistory(), d)
>>> history.as_of(dt.date(2015, 3, 1)).regime.label
'Quality special measures'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import NoReturn

from carewatch.domain.oversight.regimes import Regime
from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "Decision",
    "DecisionKind",
    "IllegalTransition",
    "RegimeHistory",
    "RegimePeriod",
    "UnknownDecisionKind",
    "apply",
]


class IllegalTransition(ValueError):
    """A regime decision the current history does not allow; the history is unchanged."""

    def __init__(self, decision: Decision, reason: str) -> None:
        super().__init__(
            f"{decision.kind.value} {decision.regime_from.value} → {decision.regime_to.value} "
            f"on {decision.date.isoformat()} is not allowed: {reason}"
        )
        self.decision = decision
        self.reason = reason


class UnknownDecisionKind(UnknownWord):
    """A word that names no kind of regime decision."""


class DecisionKind(Word, what="decision kind", error=UnknownDecisionKind):
    """What a regime decision does."""

    ENTERED = "entered"  # the trust goes into a regime
    EXITED = "exited"  # the trust leaves its regime (to none, or to a segment)
    RETAINED = "retained"  # the trust stays in its regime after a review
    SEGMENT_CHANGED = "segment_changed"  # moved between Oversight Framework segments


@dataclass(frozen=True)
class Decision:
    """A recorded regime decision: what, when, who recommended and decided, and why.

    `evidence` holds CQC report link ids the decision rests on; `source` is a public URL.
    """

    kind: DecisionKind
    regime_from: Regime
    regime_to: Regime
    date: dt.date
    recommended_by: str = ""
    decided_by: str = ""
    rationale: str = ""
    conditions: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class RegimePeriod:
    """A spell in one regime: from `start` until `end` (exclusive; None while it lasts)."""

    regime: Regime
    start: dt.date
    entry: Decision
    end: dt.date | None = None
    exit: Decision | None = None
    retentions: tuple[Decision, ...] = ()

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def days_until(self, day: dt.date) -> int:
        """Days spent in this period up to `day` (exclusive); 0 before it starts."""
        stop = day if self.end is None else min(self.end, day)
        return max(0, (stop - self.start).days)


@dataclass(frozen=True)
class RegimeHistory:
    """A trust's regime periods in date order, never overlapping, and every decision applied."""

    periods: tuple[RegimePeriod, ...] = ()
    decisions: tuple[Decision, ...] = field(default=())

    @property
    def current(self) -> Regime:
        """The regime after the latest decision (NONE when there is none)."""
        if self.periods and self.periods[-1].end is None:
            return self.periods[-1].regime
        return Regime.NONE

    def as_of(self, day: dt.date) -> RegimePeriod | None:
        """The period covering `day`, or None when the trust was in no regime then."""
        for period in self.periods:
            if period.covers(day):
                return period
        return None

    def regime_on(self, day: dt.date) -> Regime:
        period = self.as_of(day)
        return Regime.NONE if period is None else period.regime


def apply(history: RegimeHistory, decision: Decision) -> RegimeHistory:
    """The history after `decision`, or `IllegalTransition` naming the rule it breaks."""
    _check(history, decision)
    periods = list(history.periods)
    if decision.kind is DecisionKind.RETAINED:
        last = periods[-1]
        periods[-1] = replace(last, retentions=(*last.retentions, decision))
    else:
        if periods and periods[-1].end is None:
            periods[-1] = replace(periods[-1], end=decision.date, exit=decision)
        if decision.regime_to is not Regime.NONE:
            periods.append(RegimePeriod(decision.regime_to, decision.date, decision))
    return RegimeHistory(tuple(periods), (*history.decisions, decision))


def _check(history: RegimeHistory, decision: Decision) -> None:
    def refuse(reason: str) -> NoReturn:
        raise IllegalTransition(decision, reason)

    current = history.current
    if history.decisions and decision.date <= history.decisions[-1].date:
        refuse(
            f"it is not after the latest decision ({history.decisions[-1].date.isoformat()}); "
            "dates cannot go backwards"
        )
    if decision.regime_from is not current:
        if decision.kind is DecisionKind.ENTERED and current is not Regime.NONE:
            refuse(f"the trust is already in {current.label}; two regimes would overlap")
        refuse(f"the trust is in {current.label}, not {decision.regime_from.label}")
    kind, to = decision.kind, decision.regime_to
    if kind is DecisionKind.ENTERED:
        if to is Regime.NONE or to is current:
            refuse("entering needs a regime other than the current one")
    elif kind is DecisionKind.EXITED:
        if current is Regime.NONE:
            refuse("the trust is in no regime to exit")
        if to is current or (to is not Regime.NONE and to.segment is None):
            refuse("an exit leads to no special regime or to an Oversight Framework segment")
    elif kind is DecisionKind.RETAINED:
        if current is Regime.NONE:
            refuse("the trust is in no regime to retain")
        if to is not current:
            refuse("retaining keeps the current regime")
    elif current.segment is None or to.segment is None or to is current:
        refuse("a segment change moves between two different segments")
    if to is not Regime.NONE and not to.valid_on(decision.date):
        refuse(f"{to.label} did not exist on that date ({_validity_text(to)})")


def _validity_text(regime: Regime) -> str:
    validity = regime.validity
    start = validity.start.isoformat() if validity.start else "…"
    end = validity.end.isoformat() if validity.end else "…"
    return f"valid {start} to {end}"
