"""Single assessment framework: quality-statement scores to key-question ratings.

Scores 1–4 per quality statement are summed as a percentage of the maximum, rounded half up
to a whole percentage, banded (88–100 Outstanding, 63–87 Good, 39–62 Requires improvement,
38 or less Inadequate) and then limited: any 1 or 2 keeps an Outstanding-range key question
at Good; any 1 pulls a Good key question down to Requires improvement.

>>> result = score_key_question("well-led", {"W1": 2, "W2": 3, "W3": 2, "W4": 2,
...                                           "W5": 3, "W6": 2, "W7": 3, "W8": 2})
>>> result.score_percent, result.rating.label
(59, 'Requires improvement')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carewatch.domain.ratings.aggregate import Aggregate, aggregate
from carewatch.domain.ratings.rulesets import SAF_2024, SafRuleSet
from carewatch.domain.ratings.scale import (
    KeyQuestion,
    Rating,
    normalise_words,
    parse_key_question,
    parse_rating,
)

__all__ = [
    "QUALITY_STATEMENTS",
    "InvalidScore",
    "SafKeyQuestion",
    "SafResult",
    "UnknownQualityStatement",
    "score_assessment",
    "score_key_question",
]

# Conventional ids (not CQC-official) with CQC's statement titles; 8-6-5-7-8 = 34.
# Source: regulatory-framework.md §4.1 (uniqueiq.co.uk, hlth-manage.com).
QUALITY_STATEMENTS: Mapping[KeyQuestion, Mapping[str, str]] = {
    KeyQuestion.SAFE: {
        "S1": "Learning culture",
        "S2": "Safe systems, pathways and transitions",
        "S3": "Safeguarding",
        "S4": "Involving people to manage risks",
        "S5": "Safe environments",
        "S6": "Safe and effective staffing",
        "S7": "Infection prevention and control",
        "S8": "Medicines optimisation",
    },
    KeyQuestion.EFFECTIVE: {
        "E1": "Assessing needs",
        "E2": "Delivering evidence-based care and treatment",
        "E3": "How staff, teams and services work together",
        "E4": "Supporting people to live healthier lives",
        "E5": "Monitoring and improving outcomes",
        "E6": "Consent to care and treatment",
    },
    KeyQuestion.CARING: {
        "C1": "Kindness, compassion and dignity",
        "C2": "Treating people as individuals",
        "C3": "Independence, choice and control",
        "C4": "Responding to people's immediate needs",
        "C5": "Workforce wellbeing and enablement",
    },
    KeyQuestion.RESPONSIVE: {
        "R1": "Person-centred care",
        "R2": "Care provision, integration and continuity",
        "R3": "Providing information",
        "R4": "Listening to and involving people",
        "R5": "Equity in access",
        "R6": "Equity in experiences and outcomes",
        "R7": "Planning for the future",
    },
    KeyQuestion.WELL_LED: {
        "W1": "Shared direction and culture",
        "W2": "Capable, compassionate and inclusive leaders",
        "W3": "Freedom to speak up",
        "W4": "Workforce equality, diversity and inclusion",
        "W5": "Governance, management and sustainability",
        "W6": "Partnerships and communities",
        "W7": "Learning, improvement and innovation",
        "W8": "Environmental sustainability",
    },
}


class InvalidScore(ValueError):
    def __init__(self, field: str, value: object, message: str | None = None) -> None:
        text = message or f"score {value!r} is not a whole number from 1 to 4"
        super().__init__(f"{field}: {text}")
        self.field = field
        self.value = value


class UnknownQualityStatement(ValueError):
    def __init__(self, field: str, key_question: KeyQuestion) -> None:
        ids = ", ".join(QUALITY_STATEMENTS[key_question])
        super().__init__(
            f"{field}: not a quality statement of {key_question.label} (expected one of {ids}, "
            "or its title)"
        )
        self.field = field


def _statement_id(key_question: KeyQuestion, text: str, field: str) -> str:
    statements = QUALITY_STATEMENTS[key_question]
    wanted = normalise_words(text)
    for sid, title in statements.items():
        if wanted in (normalise_words(sid), normalise_words(title)):
            return sid
    raise UnknownQualityStatement(field, key_question)


@dataclass(frozen=True)
class SafKeyQuestion:
    """A key question's score and rating, with the rule that set it and why."""

    key_question: KeyQuestion
    scores: Mapping[str, int]
    total: int
    maximum: int
    score_percent: int
    rating: Rating
    rule: str
    reason: str


@dataclass(frozen=True)
class SafResult:
    key_questions: Mapping[KeyQuestion, SafKeyQuestion]
    overall: Aggregate


def _round_half_up(numerator: int, denominator: int) -> int:
    return (200 * numerator + denominator) // (2 * denominator)


def _band(rules: SafRuleSet, percent: int) -> Rating:
    for band in rules.bands:
        if band.minimum <= percent <= band.maximum:
            return parse_rating(band.rating_word)
    return Rating.INADEQUATE


def score_key_question(
    key_question: KeyQuestion | str,
    scores: Mapping[str, int],
    rules: SafRuleSet = SAF_2024,
) -> SafKeyQuestion:
    """Turn one key question's quality-statement scores into its score and rating."""
    kq = parse_key_question(key_question)
    if not scores:
        raise InvalidScore(f"scores.{kq.value}", None, "there are no quality-statement scores")
    clean: dict[str, int] = {}
    for name, value in scores.items():
        field = f"scores.{kq.value}.{name}"
        sid = _statement_id(kq, name, field)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise InvalidScore(field, value)
        if sid in clean:
            raise UnknownQualityStatement(f"{field} (scored twice)", kq)
        clean[sid] = value
    total = sum(clean.values())
    maximum = 4 * len(clean)
    percent = _round_half_up(total, maximum)
    banded = _band(rules, percent)
    low = min(clean.values())
    band_text = f"{total} of {maximum} ({percent}%) is in the {banded.label} range"
    rating, code = banded, "S2"
    reason = f"The quality-statement scores add up to {band_text}."
    if banded is Rating.OUTSTANDING and low <= 2:
        rating, code = Rating.GOOD, "S3"
        reason = (
            f"The scores add up to {band_text}, but a quality statement scored {low}, which "
            "limits the key question to Good."
        )
    if rating is Rating.GOOD and low == 1:
        rating, code = Rating.REQUIRES_IMPROVEMENT, "S4"
        reason = (
            f"The scores add up to {band_text}, but a quality statement scored 1 (significant "
            "shortfalls), which pulls the key question down to Requires improvement."
        )
    return SafKeyQuestion(
        key_question=kq,
        scores=clean,
        total=total,
        maximum=maximum,
        score_percent=percent,
        rating=rating,
        rule=f"{rules.id} {code}",
        reason=reason,
    )


def score_assessment(
    scores: Mapping[str, Mapping[str, int]], rules: SafRuleSet = SAF_2024
) -> SafResult:
    """Score every key question given and aggregate them to an overall rating."""
    if not scores:
        raise InvalidScore("scores", None, "there are no key questions to score")
    results: dict[KeyQuestion, SafKeyQuestion] = {}
    for name, statement_scores in scores.items():
        kq = parse_key_question(name)
        if not isinstance(statement_scores, Mapping):
            raise InvalidScore(f"scores.{name}", None, "expected quality-statement scores")
        results[kq] = score_key_question(kq, statement_scores, rules)
    ordered = {kq: results[kq] for kq in KeyQuestion if kq in results}
    base = aggregate([r.rating for r in ordered.values()], rules.overall_ruleset)
    overall = Aggregate(
        rating=base.rating,
        rule=f"{rules.id} S5 ({base.rule})",
        reason=base.reason,
        counts=base.counts,
        excluded=base.excluded,
    )
    return SafResult(key_questions=ordered, overall=overall)
