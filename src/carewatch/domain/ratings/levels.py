"""Ratings at every level of an NHS trust, from core service × key question up to combined.

Mental health, community and ambulance trusts (no location level):

    core service × key question --(enforcement limiters)--> core service overall
    core services (per key question) --> trust safe, effective, caring, responsive
    trust well-led: its own trust-level assessment, never aggregated
    five trust key questions --> trust overall;  + use of resources --> combined

Acute trusts add the location level: services at a location aggregate to the location's key
questions, and locations aggregate to the trust's. Source: "Levels of ratings: NHS trusts",
https://gl-cqc.axis12.com/node/2611.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carewatch.domain.ratings.aggregate import Aggregate, EmptyRatingSet, aggregate
from carewatch.domain.ratings.enforcement import EnforcementKind, LimitedRating, limit
from carewatch.domain.ratings.rulesets import (
    COMBINED_2018_RULES,
    DEFAULT_RULESET,
    CountRuleSet,
    get_ruleset,
)
from carewatch.domain.ratings.scale import (
    KEY_QUESTIONS,
    TRUST_AGGREGATED_KEY_QUESTIONS,
    KeyQuestion,
    PublishedRating,
    Rating,
)
from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "Enforcement",
    "LocationAggregation",
    "ServiceAggregation",
    "SpecialMeasuresCheck",
    "TrustAggregation",
    "TrustType",
    "UnknownTrustType",
    "aggregate_service",
    "aggregate_trust",
    "special_measures_entry",
]


class UnknownTrustType(UnknownWord):
    """A word that names no trust type."""


class TrustType(Word, what="trust type", error=UnknownTrustType):
    """NHS trust types as CQC groups them for the levels of ratings."""

    MENTAL_HEALTH = "mental_health"
    COMMUNITY = "community"
    AMBULANCE = "ambulance"
    ACUTE = "acute"
    ACUTE_SPECIALIST = "acute_specialist"

    @property
    def label(self) -> str:
        return {
            TrustType.MENTAL_HEALTH: "Mental health",
            TrustType.COMMUNITY: "Community health",
            TrustType.AMBULANCE: "Ambulance",
            TrustType.ACUTE: "Acute (non-specialist)",
            TrustType.ACUTE_SPECIALIST: "Acute (specialist)",
        }[self]

    @property
    def has_location_level(self) -> bool:
        return self in (TrustType.ACUTE, TrustType.ACUTE_SPECIALIST)


@dataclass(frozen=True)
class Enforcement:
    """One enforcement action on one core service × key question."""

    kind: EnforcementKind
    service: str
    key_question: KeyQuestion


@dataclass(frozen=True)
class ServiceAggregation:
    name: str
    key_questions: Mapping[KeyQuestion, LimitedRating]
    overall: Aggregate


@dataclass(frozen=True)
class LocationAggregation:
    name: str
    services: Mapping[str, ServiceAggregation]
    key_questions: Mapping[KeyQuestion, Aggregate]
    overall: Aggregate


@dataclass(frozen=True)
class SpecialMeasuresCheck:
    entry_criteria_met: bool
    reason: str
    rule: str = "special-measures-entry"


@dataclass(frozen=True)
class TrustAggregation:
    trust_type: TrustType
    services: Mapping[str, ServiceAggregation]
    locations: Mapping[str, LocationAggregation]
    key_questions: Mapping[KeyQuestion, Aggregate]
    overall: Aggregate
    combined: Aggregate | None
    special_measures: SpecialMeasuresCheck


def aggregate_service(
    name: str,
    judged: Mapping[KeyQuestion, PublishedRating],
    enforcement: Sequence[Enforcement] = (),
    ruleset: str | CountRuleSet = DEFAULT_RULESET,
) -> ServiceAggregation:
    """Apply enforcement limiters to each key question of a core service, then aggregate."""
    limited = {
        kq: limit(judged[kq], [e.kind for e in enforcement if e.key_question is kq])
        for kq in KEY_QUESTIONS
        if kq in judged
    }
    rules = get_ruleset(ruleset) if isinstance(ruleset, str) else ruleset
    if not isinstance(rules, CountRuleSet):
        raise ValueError(f"ruleset {rules.id!r} cannot aggregate legacy ratings")
    overall = _aggregate_at(
        f"services.{name}.overall", [lr.rating for lr in limited.values()], rules
    )
    return ServiceAggregation(name=name, key_questions=limited, overall=overall)


def _aggregate_at(field: str, ratings: Sequence[PublishedRating], rules: CountRuleSet) -> Aggregate:
    """Aggregate one level, naming the level in the error when it has nothing to aggregate."""
    try:
        return aggregate(ratings, rules)
    except EmptyRatingSet as exc:
        raise EmptyRatingSet(exc.excluded, field) from None


def special_measures_entry(key_questions: Mapping[KeyQuestion, Rating]) -> SpecialMeasuresCheck:
    """CQC's ratings criterion for quality special measures.

    Inadequate in at least two of the five trust key questions, one of them well-led. The
    second criterion, that the leadership cannot improve without support, is a judgement
    the engine cannot make. Source:
    https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts
    """
    inadequate = [kq for kq in KEY_QUESTIONS if key_questions.get(kq) is Rating.INADEQUATE]
    names = ", ".join(kq.label for kq in inadequate) or "none"
    well_led = KeyQuestion.WELL_LED in inadequate
    met = len(inadequate) >= 2 and well_led
    if met:
        reason = (
            f"{len(inadequate)} trust key questions are Inadequate ({names}), including "
            "well-led, which meets the ratings criterion for special measures; entry also "
            "needs a judgement that leaders cannot improve without support."
        )
    elif not well_led and inadequate:
        reason = (
            f"Inadequate key questions: {names}; well-led is not Inadequate, so the ratings "
            "criterion for special measures is not met."
        )
    elif well_led:
        reason = (
            "Only well-led is Inadequate; the criterion needs at least one other trust key "
            "question Inadequate too."
        )
    else:
        reason = "No trust key question is Inadequate, so the criterion is not met."
    return SpecialMeasuresCheck(entry_criteria_met=met, reason=reason)


def aggregate_trust(
    *,
    trust_type: TrustType,
    services: Mapping[str, Mapping[KeyQuestion, PublishedRating]],
    trust_well_led: Rating,
    locations: Mapping[str, Sequence[str]] | None = None,
    use_of_resources: Rating | None = None,
    enforcement: Sequence[Enforcement] = (),
    ruleset: str | CountRuleSet = DEFAULT_RULESET,
) -> TrustAggregation:
    """Propose every aggregate of a trust from its core-service ratings.

    `locations` (acute trusts only) maps each location to the names of its services; a
    service in no location is an error. Raises `EmptyRatingSet` when a level has nothing to
    aggregate.
    """
    rules = get_ruleset(ruleset) if isinstance(ruleset, str) else ruleset
    if not isinstance(rules, CountRuleSet):
        raise ValueError(f"ruleset {rules.id!r} cannot aggregate legacy ratings")
    unknown = {e.service for e in enforcement} - set(services)
    if unknown:
        raise KeyError(f"enforcement names a service that is not given: {sorted(unknown)[0]}")
    service_results = {
        name: aggregate_service(
            name, kqs, [e for e in enforcement if e.service == name], ruleset=rules
        )
        for name, kqs in services.items()
    }

    location_results: dict[str, LocationAggregation] = {}
    if locations:
        placed = [n for names in locations.values() for n in names]
        missing = sorted(set(services) - set(placed)) or sorted(set(placed) - set(services))
        if missing:
            raise KeyError(f"service {missing[0]!r} is not matched between services and locations")
        single = len(locations) == 1
        for loc, names in locations.items():
            members = {n: service_results[n] for n in names}
            loc_kqs: dict[KeyQuestion, Aggregate] = {}
            for kq in KEY_QUESTIONS:
                if kq is KeyQuestion.WELL_LED and single:
                    loc_kqs[kq] = _given_well_led(trust_well_led, rules, location=True)
                    continue
                loc_kqs[kq] = _aggregate_at(
                    f"locations.{loc}.{kq.value}",
                    [m.key_questions[kq].rating for m in members.values() if kq in m.key_questions],
                    rules,
                )
            location_results[loc] = LocationAggregation(
                name=loc,
                services=members,
                key_questions=loc_kqs,
                overall=_aggregate_at(
                    f"locations.{loc}.overall", [a.rating for a in loc_kqs.values()], rules
                ),
            )

    trust_kqs: dict[KeyQuestion, Aggregate] = {}
    for kq in TRUST_AGGREGATED_KEY_QUESTIONS:
        if location_results:
            underlying: list[PublishedRating] = [
                loc.key_questions[kq].rating for loc in location_results.values()
            ]
        else:
            underlying = [
                s.key_questions[kq].rating
                for s in service_results.values()
                if kq in s.key_questions
            ]
        trust_kqs[kq] = _aggregate_at(f"trust.key_questions.{kq.value}", underlying, rules)
    trust_kqs[KeyQuestion.WELL_LED] = _given_well_led(trust_well_led, rules)
    trust_kqs = {kq: trust_kqs[kq] for kq in KEY_QUESTIONS}

    overall = aggregate([a.rating for a in trust_kqs.values()], rules)
    combined = None
    if use_of_resources is not None:
        combined = aggregate(
            [*(a.rating for a in trust_kqs.values()), use_of_resources], COMBINED_2018_RULES
        )
    return TrustAggregation(
        trust_type=trust_type,
        services=service_results,
        locations=location_results,
        key_questions=trust_kqs,
        overall=overall,
        combined=combined,
        special_measures=special_measures_entry({kq: a.rating for kq, a in trust_kqs.items()}),
    )


def _given_well_led(rating: Rating, rules: CountRuleSet, *, location: bool = False) -> Aggregate:
    where = "This single location's well-led rating is the trust's" if location else "Trust"
    return Aggregate(
        rating=rating,
        rule=f"{rules.id} C5",
        reason=(
            f"{where} well-led comes from the trust-level well-led assessment and is never "
            f"aggregated from core services; it was assessed {rating.label}."
        ),
        counts={r: int(r is rating) for r in Rating},
    )
