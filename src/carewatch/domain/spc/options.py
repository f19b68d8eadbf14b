"""What an SPC analysis is asked to do, checked when it is built, and the named constants.

>>> SpcOptions(improvement="decrease", target=1200).improvement
<Improvement.DECREASE: 'decrease'>
>>> try:
...     SpcOptions(fix_after=1)
... except SpcInputError as error:
...     print(error)
options.fix_after: must be a whole number of at least 2 (got 1)
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass
from typing import TypeAlias

from carewatch.domain.spc.words import Improvement, UnknownSpcWord

__all__ = [
    "CLOSE_TO_LIMIT_FRACTION",
    "DEFAULT_OPTIONS",
    "LIMIT_FACTOR",
    "MIN_RULE_LENGTH",
    "OUTLIER_MOVING_RANGE_FACTOR",
    "RUN_LENGTH",
    "TREND_LENGTH",
    "Recalculation",
    "SpcInputError",
    "SpcOptions",
    "X",
]

X: TypeAlias = dt.date | int | str
"""An x value: a date, a period number or a label. Points are taken in the order given."""

LIMIT_FACTOR = 2.66
"""Process limits sit at the mean ± 2.66 × the mean moving range (3 / d2, d2 = 1.128 for
moving ranges of two points). Making Data Count, "Statistical process control tool" guidance
https://www.england.nhs.uk/publication/making-data-count-getting-started/ and
NHSRplotthedots R/ptd_spc_standard.R (`limit <- 2.66`)."""

OUTLIER_MOVING_RANGE_FACTOR = 3.267
"""A moving range at or above 3.267 × the mean moving range (the upper range limit D4 for
n = 2) is an outlier and left out of the mean moving range when screening is on.
NHSRplotthedots R/ptd_spc_standard.R (`.data$mr < 3.267 * .data$amr`)."""

CLOSE_TO_LIMIT_FRACTION = 2 / 3
"""A point is close to a limit when it lies beyond two thirds of the way from the mean to
that limit (NHSRplotthedots R/ptd_spc_standard.R, `limitclose <- 2 * (limit / 3)`)."""

RUN_LENGTH = 7
"""Making Data Count: 7 or more consecutive points above or below the mean."""

TREND_LENGTH = 7
"""Making Data Count: 7 or more consecutive points each higher (or lower) than the one
before. The Making Data Count Excel tool offers 6 as a variant; see docs/deviations.md."""

MIN_RULE_LENGTH = 2
"""The shortest run or trend an option may ask for."""


class SpcInputError(ValueError):
    """An argument to an SPC analysis that cannot be analysed, naming the argument (and the
    position in it, counting from 0, where there is one)."""

    def __init__(self, argument: str, message: str, position: int | None = None) -> None:
        where = argument if position is None else f"{argument}[{position}]"
        super().__init__(f"{where}: {message}")
        self.argument = argument
        self.position = position
        self.reason = message


@dataclass(frozen=True)
class Recalculation:
    """A recorded decision to recalculate the limits (rebase): a new phase starts at the
    point whose x value is `at`, for the stated `reason`. Never inferred from the data.

    >>> Recalculation(at=dt.date(2020, 4, 1), reason="New triage pathway").reason
    'New triage pathway'
    """

    at: X
    reason: str

    def __post_init__(self) -> None:
        if not isinstance(self.at, dt.date | int | str) or isinstance(self.at, bool):
            raise SpcInputError("recalculation.at", "must be a date, a whole number or a label")
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise SpcInputError("recalculation.reason", "a recalculation needs a reason")


@dataclass(frozen=True)
class SpcOptions:
    """How to analyse a series.

    - `improvement`: which direction is better (default neither, so signals are neutral).
    - `target`: the value to assure against; no assurance without one.
    - `fix_after`: compute each phase's mean and limits from its first N points only and
      extend them over the rest of the phase (N counts points, missing ones included, as
      NHSRplotthedots counts rows).
    - `recalculate_at`: recorded recalculations, each starting a new phase.
    - `screen_outliers`: leave outlying moving ranges out of the mean moving range.
    - `run_length`, `trend_length`: the run and trend rules' lengths (7 by Making Data Count).
    """

    improvement: Improvement = Improvement.NEITHER
    target: float | None = None
    fix_after: int | None = None
    recalculate_at: tuple[Recalculation, ...] = ()
    screen_outliers: bool = True
    run_length: int = RUN_LENGTH
    trend_length: int = TREND_LENGTH

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "improvement", Improvement.parse(self.improvement))
        except UnknownSpcWord as error:
            raise SpcInputError("options.improvement", str(error)) from None
        if self.target is not None:
            if isinstance(self.target, bool) or not isinstance(self.target, numbers.Real):
                raise SpcInputError("options.target", "must be a number")
            if not math.isfinite(self.target):
                raise SpcInputError("options.target", "must be a finite number")
            object.__setattr__(self, "target", float(self.target))
        if self.fix_after is not None and not _whole_at_least(self.fix_after, 2):
            raise SpcInputError(
                "options.fix_after", f"must be a whole number of at least 2 (got {self.fix_after})"
            )
        for name in ("run_length", "trend_length"):
            value = getattr(self, name)
            if not _whole_at_least(value, MIN_RULE_LENGTH):
                raise SpcInputError(
                    f"options.{name}",
                    f"must be a whole number of at least {MIN_RULE_LENGTH} (got {value})",
                )
        recalculations = tuple(self.recalculate_at)
        for index, item in enumerate(recalculations):
            if not isinstance(item, Recalculation):
                raise SpcInputError(
                    "options.recalculate_at", "must be a Recalculation (x value and reason)", index
                )
        seen: set[X] = set()
        for index, item in enumerate(recalculations):
            if item.at in seen:
                raise SpcInputError(
                    "options.recalculate_at", f"{item.at!s} is given more than once", index
                )
            seen.add(item.at)
        object.__setattr__(self, "recalculate_at", recalculations)
        if not isinstance(self.screen_outliers, bool):
            raise SpcInputError("options.screen_outliers", "must be true or false")


def _whole_at_least(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


DEFAULT_OPTIONS = SpcOptions()
"""No direction, no target, limits from every point, outliers screened, runs and trends of 7."""
