"""CQC's ratings principles as versioned data, each threshold with its source and confidence.

CQC writes its principles as what an aggregate "will normally" be; carewatch computes that
normal result as a *proposal*. Where the published text was cut off or not retrieved, the
threshold is reconstructed by analogy and its `confidence` says so (see
docs/deviations.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from carewatch.domain.words import Word

__all__ = [
    "RULESETS",
    "Band",
    "Confidence",
    "CountRuleSet",
    "CountThreshold",
    "Principle",
    "SafRuleSet",
    "ScoreBand",
    "UnknownRuleSet",
    "get_ruleset",
]

NHS_TRUSTS_PRINCIPLES = (
    "https://cqc.org.uk/guidance-providers/nhs-trusts/ratings-principles-nhs-trusts"
)
NHS_TRUSTS_LEVELS = "https://gl-cqc.axis12.com/node/2611"
CAPSTICKS_2018 = "https://capsticks.com/insights/new-cqc-guidance-on-combining-ratings-for-quality-and-use-of-resources"
HSJ_2017 = (
    "https://www.hsj.co.uk/quality-and-performance/"
    "efficiency-rating-could-make-it-easier-for-trusts-to-be-inadequate/7020999.article"
)
COMBINED_2018 = "https://cqc.org.uk/news/stories/introduction-combined-trust-level-quality-use-resources-ratings"
ASC_PRINCIPLES = (
    "https://gl-cqc.axis12.com/guidance-providers/adult-social-care/"
    "how-we-aggregate-ratings-using-rating-principles-adult-social"
)
CQC_RATINGS = "https://cqc.org.uk/what-we-do/how-we-do-our-job/ratings"
SAF_LIMITERS = "https://thornbury-nursing.com/clients/blog/unravelling-cqc-scoring-system/"
SAF_REACH_RATING = "https://gl-cqc.axis12.com/assessment/quality-performance/reach-rating"
JUDGEMENT = "https://www.cqc.org.uk/node/3277"


class UnknownRuleSet(ValueError):
    def __init__(self, ruleset_id: str) -> None:
        super().__init__(
            f"unknown ruleset {ruleset_id!r}: expected one of {', '.join(sorted(RULESETS))}"
        )
        self.ruleset_id = ruleset_id


class Confidence(Word, what="confidence"):
    """How sure we are that a threshold is CQC's own."""

    CONFIRMED = "confirmed"  # read in the cited source
    PARTIAL = "partial"  # source text cut off; the rest reconstructed
    UNVERIFIED = "unverified"  # by analogy with confirmed rows; check before relying on it


@dataclass(frozen=True)
class Band:
    """For `min_n`..`max_n` underlying ratings, at least `needed` must meet the condition."""

    min_n: int
    max_n: int | None
    needed: int
    confidence: Confidence
    source: str

    def covers(self, n: int) -> bool:
        return n >= self.min_n and (self.max_n is None or n <= self.max_n)

    @property
    def label(self) -> str:
        upper = "+" if self.max_n is None else f"–{self.max_n}"
        return f"{self.min_n}{upper}"


@dataclass(frozen=True)
class CountThreshold:
    """'At least X of the N underlying ratings', where X depends on N."""

    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if not self.bands or self.bands[0].min_n != 1:
            raise ValueError("bands must start at 1 underlying rating")
        for before, after in zip(self.bands, self.bands[1:], strict=False):
            if before.max_n is None or after.min_n != before.max_n + 1:
                raise ValueError("bands must be contiguous")
        if self.bands[-1].max_n is not None:
            raise ValueError("the last band must be open-ended")

    def band_for(self, n: int) -> Band:
        for band in self.bands:
            if band.covers(n):
                return band
        raise ValueError(f"no band covers {n} ratings")

    def needed(self, n: int) -> int:
        """X for N ratings; never more than N (a rule set written for six ratings, given two,
        needs both)."""
        return min(self.band_for(n).needed, n)


def _uniform(needed: int, confidence: Confidence, source: str) -> CountThreshold:
    return CountThreshold((Band(1, None, needed, confidence, source),))


@dataclass(frozen=True)
class Principle:
    """One principle of a rule set, as published, with where it comes from."""

    code: str
    title: str
    statement: str
    source: str
    confidence: Confidence
    note: str = ""


@dataclass(frozen=True)
class CountRuleSet:
    """A legacy (2014–2023) ratings-principles rule set: count thresholds over N ratings."""

    id: str
    title: str
    applies_to: str
    in_force: str
    outstanding: CountThreshold
    requires_improvement: CountThreshold
    inadequate: CountThreshold
    single_inadequate_limits: bool
    principles: tuple[Principle, ...]
    breach_limits_to_requires_improvement: bool = False
    kind: str = field(default="count", init=False)

    def principle(self, code: str) -> Principle:
        for p in self.principles:
            if p.code == code:
                return p
        raise KeyError(code)


@dataclass(frozen=True)
class ScoreBand:
    """Whole-percentage range of a key question's score mapped to a rating."""

    minimum: int
    maximum: int
    rating_word: str


@dataclass(frozen=True)
class SafRuleSet:
    """Single assessment framework: quality-statement scores 1–4 to key-question ratings."""

    id: str
    title: str
    applies_to: str
    in_force: str
    bands: tuple[ScoreBand, ...]
    overall_ruleset: str
    principles: tuple[Principle, ...]
    kind: str = field(default="score", init=False)

    def principle(self, code: str) -> Principle:
        for p in self.principles:
            if p.code == code:
                return p
        raise KeyError(code)


RuleSet = CountRuleSet | SafRuleSet

_ANALOGY = (
    "CQC's page was cut off in every stored copy; the 1–3 and 9+ rows are set by analogy with "
    "the confirmed Outstanding table."
)

NHS_TRUST_2022 = CountRuleSet(
    id="nhs-trust-2022",
    title="Ratings principles: NHS trusts",
    applies_to=(
        "NHS trusts (legacy methodology): core service × key question → core service; "
        "core services → trust key question; trust key questions → trust overall"
    ),
    in_force="2014–2023 (page last updated 12 May 2022)",
    outstanding=CountThreshold(
        (
            Band(1, 3, 1, Confidence.CONFIRMED, NHS_TRUSTS_PRINCIPLES),
            Band(4, 8, 2, Confidence.CONFIRMED, NHS_TRUSTS_PRINCIPLES),
            Band(9, None, 3, Confidence.CONFIRMED, NHS_TRUSTS_PRINCIPLES),
        )
    ),
    requires_improvement=CountThreshold(
        (
            Band(1, 3, 1, Confidence.UNVERIFIED, NHS_TRUSTS_PRINCIPLES),
            Band(4, 8, 2, Confidence.CONFIRMED, CAPSTICKS_2018),
            Band(9, None, 3, Confidence.UNVERIFIED, NHS_TRUSTS_PRINCIPLES),
        )
    ),
    inadequate=CountThreshold(
        (
            Band(1, 3, 1, Confidence.UNVERIFIED, NHS_TRUSTS_PRINCIPLES),
            Band(4, 8, 2, Confidence.CONFIRMED, HSJ_2017),
            Band(9, None, 3, Confidence.UNVERIFIED, NHS_TRUSTS_PRINCIPLES),
        )
    ),
    single_inadequate_limits=True,
    principles=(
        Principle(
            "A1",
            "Requirement notice",
            "A breach of regulation with a requirement notice normally limits the rating for "
            "that area to Requires improvement at best.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "A2",
            "Warning notice or condition",
            "A breach where CQC uses an enforcement power such as a warning notice or a "
            "condition of registration normally makes the rating for that area Inadequate.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "B",
            "Equal weighting",
            "The five key questions are equally important; core services are weighted equally "
            "unless significantly small; all ratings are treated equally.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C1",
            "Outstanding",
            "The aggregate is normally Outstanding when at least X underlying ratings are "
            "Outstanding and all the others are Good (X = 1, 2, 3 for 1–3, 4–8, 9+ ratings).",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C2",
            "Requires improvement limiter",
            "The aggregate is normally limited to Requires improvement when at least X "
            "underlying ratings are Requires improvement (the 'rule of two' for 4–8 ratings).",
            CAPSTICKS_2018,
            Confidence.PARTIAL,
            _ANALOGY,
        ),
        Principle(
            "C3",
            "Inadequate threshold",
            "The aggregate is normally Inadequate when at least X underlying ratings are "
            "Inadequate (two of five, 40 per cent).",
            HSJ_2017,
            Confidence.PARTIAL,
            _ANALOGY,
        ),
        Principle(
            "C3a",
            "Single Inadequate",
            "An Inadequate rating too few to make the aggregate Inadequate still limits it to "
            "Requires improvement at best.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.UNVERIFIED,
            "Consistent with the adult social care rule that Good needs no Inadequate rating.",
        ),
        Principle(
            "C4",
            "Professional judgement",
            "Ratings do not cancel out; where they range from Inadequate to Outstanding CQC "
            "uses judgement, and records its rationale when it departs from these principles.",
            JUDGEMENT,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C5",
            "Trust well-led",
            "Trust-level well-led is never aggregated from core services; it comes from the "
            "trust-level well-led assessment.",
            NHS_TRUSTS_LEVELS,
            Confidence.CONFIRMED,
        ),
        Principle(
            "G",
            "Good",
            "When no other principle applies, the aggregate is Good.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
    ),
)

COMBINED_2018_RULES = CountRuleSet(
    id="combined-2018",
    title="Combined quality and use of resources rating",
    applies_to=(
        "Non-specialist acute NHS trusts: five trust key questions and use of resources, "
        "weighted equally"
    ),
    in_force="5 March 2018 –",
    outstanding=_uniform(2, Confidence.CONFIRMED, HSJ_2017),
    requires_improvement=_uniform(3, Confidence.CONFIRMED, CAPSTICKS_2018),
    inadequate=_uniform(2, Confidence.CONFIRMED, HSJ_2017),
    single_inadequate_limits=True,
    principles=(
        Principle(
            "D1",
            "Six equal ratings",
            "The five trust key questions and use of resources are weighted equally.",
            COMBINED_2018,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C1",
            "Outstanding",
            "Outstanding when at least 2 of the 6 ratings are Outstanding and the rest Good.",
            HSJ_2017,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C2",
            "Requires improvement limiter",
            "Two Requires improvement ratings still allow Good; three limit the combined "
            "rating to Requires improvement.",
            CAPSTICKS_2018,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C3",
            "Inadequate threshold",
            "Two Inadequate ratings make the combined rating Inadequate.",
            HSJ_2017,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C3a",
            "Single Inadequate",
            "One Inadequate rating limits the combined rating to Requires improvement.",
            NHS_TRUSTS_PRINCIPLES,
            Confidence.UNVERIFIED,
            "Carried over from the NHS trusts principles.",
        ),
        Principle(
            "G",
            "Good",
            "When no other principle applies, the combined rating is Good.",
            COMBINED_2018,
            Confidence.CONFIRMED,
        ),
    ),
)

ADULT_SOCIAL_CARE_2022 = CountRuleSet(
    id="adult-social-care-2022",
    title="Ratings principles: adult social care",
    applies_to="Adult social care locations: five key questions → overall location rating",
    in_force="2014–2023 (page last updated 12 May 2022)",
    outstanding=_uniform(2, Confidence.CONFIRMED, ASC_PRINCIPLES),
    requires_improvement=_uniform(2, Confidence.CONFIRMED, ASC_PRINCIPLES),
    inadequate=_uniform(2, Confidence.CONFIRMED, ASC_PRINCIPLES),
    single_inadequate_limits=True,
    breach_limits_to_requires_improvement=True,
    principles=(
        Principle(
            "1",
            "Breach of regulations",
            "The overall rating cannot be better than Requires improvement if there is a "
            "breach of regulations.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C1",
            "Outstanding",
            "Outstanding normally needs at least two key questions Outstanding and the others "
            "Good.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C3a",
            "Good needs no Inadequate",
            "Good normally needs no Inadequate rating and at most one Requires improvement.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C2",
            "Requires improvement",
            "Two or more Requires improvement ratings make the overall Requires improvement.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "C3",
            "Inadequate",
            "Two or more Inadequate ratings make the overall Inadequate.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
        Principle(
            "G",
            "Good",
            "When no other principle applies, the overall rating is Good.",
            ASC_PRINCIPLES,
            Confidence.CONFIRMED,
        ),
    ),
)

SAF_2024 = SafRuleSet(
    id="saf-2024",
    title="Single assessment framework: from quality-statement scores to ratings",
    applies_to=(
        "Assessments under the single assessment framework (2023–): quality-statement scores "
        "1–4 → key question; key questions → overall"
    ),
    in_force="December 2024 –",
    bands=(
        ScoreBand(88, 100, "Outstanding"),
        ScoreBand(63, 87, "Good"),
        ScoreBand(39, 62, "Requires improvement"),
        ScoreBand(25, 38, "Inadequate"),
    ),
    overall_ruleset="nhs-trust-2022",
    principles=(
        Principle(
            "S1",
            "Scores as a percentage",
            "Quality-statement scores (4 exceptional, 3 good, 2 some shortfalls, 1 significant "
            "shortfalls) are summed and expressed as a percentage of the maximum possible.",
            SAF_REACH_RATING,
            Confidence.CONFIRMED,
            "carewatch rounds the percentage half up to a whole number, as CQC publishes "
            "whole percentages, before applying the bands.",
        ),
        Principle(
            "S2",
            "Percentage bands",
            "88–100% Outstanding, 63–87% Good, 39–62% Requires improvement, 38% or less "
            "Inadequate.",
            CQC_RATINGS,
            Confidence.CONFIRMED,
        ),
        Principle(
            "S3",
            "Outstanding limiter",
            "A key question in the Outstanding range is limited to Good if any quality "
            "statement scores 1 or 2.",
            SAF_LIMITERS,
            Confidence.CONFIRMED,
            "From a secondary source; CQC's own wording was not retrieved.",
        ),
        Principle(
            "S4",
            "Good limiter",
            "A key question in the Good range is pulled down to Requires improvement if any "
            "quality statement scores 1.",
            SAF_LIMITERS,
            Confidence.PARTIAL,
            "From a secondary source; applied after S3, so an Outstanding-range key question "
            "with a score of 1 ends at Requires improvement.",
        ),
        Principle(
            "S5",
            "Overall rating",
            "The five key-question ratings are aggregated to the overall rating with the NHS "
            "trusts ratings principles.",
            SAF_REACH_RATING,
            Confidence.UNVERIFIED,
            "CQC's exact SAF aggregation of key questions was not retrieved.",
        ),
    ),
)

RULESETS: Mapping[str, RuleSet] = {
    r.id: r for r in (NHS_TRUST_2022, COMBINED_2018_RULES, ADULT_SOCIAL_CARE_2022, SAF_2024)
}
DEFAULT_RULESET = NHS_TRUST_2022.id


def get_ruleset(ruleset_id: str) -> RuleSet:
    """Look a rule set up by id; raise `UnknownRuleSet` naming the valid ids."""
    try:
        return RULESETS[ruleset_id]
    except KeyError:
        raise UnknownRuleSet(ruleset_id) from None
