"""The "Try the rules" form: its choices, and turning what was submitted into an engine document.

Pure: the page route passes the submitted fields in and hands the document to
`carewatch.services.ratings.evaluate`, the same engine the CLI and the API use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from carewatch.domain.ratings import (
    DEFAULT_RULESET,
    QUALITY_STATEMENTS,
    RULESETS,
    CountRuleSet,
    Framework,
    NonRating,
    Rating,
    SafRuleSet,
)

__all__ = [
    "MAX_RATINGS",
    "RATING_CHOICES",
    "SCORE_CHOICES",
    "FormState",
    "blank_form",
    "read_form",
]

MAX_RATINGS = 9
"""Enough underlying ratings to reach every band of the NHS trusts tables (1–3, 4–8, 9+)."""

RATING_CHOICES: tuple[str, ...] = (
    *(r.label for r in Rating),
    NonRating.NOT_RATED.label,
    NonRating.INSUFFICIENT_EVIDENCE.label,
)
SCORE_CHOICES: Mapping[str, str] = {
    "4": "4 – exceptional standard",
    "3": "3 – good standard",
    "2": "2 – some shortfalls",
    "1": "1 – significant shortfalls",
}
_DEFAULT_SAF = next(r.id for r in RULESETS.values() if isinstance(r, SafRuleSet))


@dataclass
class FormState:
    """What the form shows: the submitted choices, and the document built from them."""

    framework: str = Framework.LEGACY.value
    ruleset: str = DEFAULT_RULESET
    ratings: list[str] = field(default_factory=lambda: [""] * MAX_RATINGS)
    breach: bool = False
    scores: dict[str, str] = field(default_factory=dict)
    rating_inputs: list[int] = field(default_factory=list)  # form positions of ratings sent
    document: dict[str, object] = field(default_factory=dict)

    def input_for(self, field_path: str | None) -> str:
        """The id of the form control to link an error on `field_path` to."""
        if self.framework == Framework.SAF.value:
            statement = (field_path or "").rpartition(".")[2]
            return f"score_{statement}" if statement in self.scores else _first_score_id()
        if field_path and field_path.startswith("ratings[") and field_path.endswith("]"):
            index = field_path[len("ratings[") : -1]
            if index.isdigit() and int(index) < len(self.rating_inputs):
                return f"rating_{self.rating_inputs[int(index)] + 1}"
        if field_path == "ruleset":
            return "ruleset"
        return "rating_1"


def _first_score_id() -> str:
    first = next(iter(QUALITY_STATEMENTS.values()))
    return f"score_{next(iter(first))}"


def count_rulesets() -> list[CountRuleSet]:
    """The rule sets that aggregate a set of ratings, for the form's rule set choice."""
    return [r for r in RULESETS.values() if isinstance(r, CountRuleSet)]


def blank_form() -> FormState:
    """The form before anything is submitted."""
    return FormState()


def read_form(fields: Mapping[str, str]) -> FormState:
    """Build the engine document for the submitted form fields.

    Blank rating and score boxes are left out. A value outside the choices is passed on
    as it is, so the engine's own validation names it.

    >>> read_form({"framework": "legacy", "rating_1": "Good", "rating_3": "Inadequate"}).document
    {'framework': 'legacy', 'ruleset': 'nhs-trust-2022', 'ratings': ['Good', 'Inadequate']}
    >>> read_form({"framework": "saf", "score_S1": "3"}).document["scores"]
    {'safe': {'S1': 3}}
    """
    framework = fields.get("framework", Framework.LEGACY.value)
    if framework == Framework.SAF.value:
        return _read_saf(fields)
    ruleset = fields.get("ruleset", DEFAULT_RULESET)
    state = FormState(
        framework=Framework.LEGACY.value, ruleset=ruleset, breach=fields.get("breach") == "yes"
    )
    state.ratings = [fields.get(f"rating_{i + 1}", "").strip() for i in range(MAX_RATINGS)]
    state.rating_inputs = [i for i, value in enumerate(state.ratings) if value]
    state.document = {
        "framework": Framework.LEGACY.value,
        "ruleset": ruleset,
        "ratings": [state.ratings[i] for i in state.rating_inputs],
    }
    if state.breach:
        state.document["breach"] = True
    return state


def _read_saf(fields: Mapping[str, str]) -> FormState:
    state = FormState(framework=Framework.SAF.value, ruleset=_DEFAULT_SAF)
    scores: dict[str, dict[str, object]] = {}
    for key_question, statements in QUALITY_STATEMENTS.items():
        for statement in statements:
            value = fields.get(f"score_{statement}", "").strip()
            state.scores[statement] = value
            if value:
                score: object = int(value) if value.isdigit() else value
                scores.setdefault(key_question.value, {})[statement] = score
    state.document = {"framework": Framework.SAF.value, "ruleset": state.ruleset, "scores": scores}
    return state
