"""What the rules suggest about a trust's regime, shown beside the decision actually recorded.

The rules can only read ratings; the decisions also rest on judgement (can the leadership
improve unaided? is the improvement sustainable?). So a suggestion never replaces a decision:
NSFT was rated Requires improvement in January 2020 and stayed in special measures, which the
suggestion "exit may be considered" beside the "retained" decision makes visible.
Source: https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts
(entry criteria; exit on "sufficient and sustainable improvements").

>>> from carewatch.domain.ratings import KeyQuestion, Rating
>>> suggest_from_ratings({KeyQuestion.WELL_LED: Rating.INADEQUATE,
...                       KeyQuestion.SAFE: Rating.INADEQUATE}, Regime.NONE).rule
'entry-criteria-met'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carewatch.domain.oversight.regimes import Regime
from carewatch.domain.ratings import KeyQuestion, Rating, special_measures_entry

__all__ = ["SPECIAL_MEASURES_SOURCE", "Suggestion", "suggest_from_ratings"]

SPECIAL_MEASURES_SOURCE = (
    "https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts"
)

_INTENSIVE = (Regime.QUALITY_SPECIAL_MEASURES, Regime.SEGMENT_4, Regime.SEGMENT_5)


@dataclass(frozen=True)
class Suggestion:
    """The rules' reading of the ratings: `rule` is a short id, `text` says it in words."""

    text: str
    rule: str
    source: str = SPECIAL_MEASURES_SOURCE


def suggest_from_ratings(
    key_questions: Mapping[KeyQuestion, Rating],
    current: Regime,
    overall: Rating | None = None,
) -> Suggestion:
    """Suggest entry or exit from a trust's key-question ratings (and overall, when known).

    In special measures or the Recovery Support Programme, an overall rating of Requires
    improvement or better (or, without an overall, no key question Inadequate) suggests exit
    may be considered; elsewhere, Inadequate in two key questions including well-led meets
    the ratings criterion for entry. Neither is sufficient on its own.
    """
    check = special_measures_entry(key_questions)
    if current in _INTENSIVE:
        improved = (
            overall >= Rating.REQUIRES_IMPROVEMENT
            if overall is not None
            else bool(key_questions) and Rating.INADEQUATE not in key_questions.values()
        )
        name = "special measures" if current is Regime.QUALITY_SPECIAL_MEASURES else "this regime"
        if improved:
            rated = overall.label if overall is not None else "no key question Inadequate"
            return Suggestion(
                f"Rated {rated}: exit from {name} may be considered; a rating is not "
                "sufficient on its own — exit needs sufficient and sustainable improvement.",
                "exit-may-be-considered",
            )
        return Suggestion(
            f"Still rated Inadequate: the ratings give no ground to exit {name}.",
            "remain",
        )
    if check.entry_criteria_met:
        return Suggestion(f"Entry criteria met: {check.reason}", "entry-criteria-met")
    return Suggestion(check.reason, "entry-criteria-not-met")
