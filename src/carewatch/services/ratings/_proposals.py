"""Which stored ratings are aggregates, what they aggregate, and what the rules propose.

Levels (regulatory-framework.md §2; "Levels of ratings: NHS trusts",
https://gl-cqc.axis12.com/node/2611):

    service overall            <- the service's five key questions
    location key question      <- that key question of the location's services
    location overall           <- the location's five key questions
    provider safe/effective/caring/responsive
                               <- its locations' key questions when they have them,
                                  else its provider-level core services'
    provider overall           <- the provider's five key questions
    provider combined          <- the five + use of resources (combined-2018)

Provider well-led is never proposed: it is the trust-level well-led assessment (C5). Each
underlying unit contributes its latest rating by date, as CQC aggregates "the latest rating
of each" (regulatory-framework.md §2.3).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from carewatch.domain.ratings import (
    KEY_QUESTIONS,
    TRUST_AGGREGATED_KEY_QUESTIONS,
    Aggregate,
    Aspect,
    EmptyRatingSet,
    aggregate,
    normalise_words,
)
from carewatch.services.ratings._facts import Fact, UnitKey

__all__ = [
    "ADULT_SOCIAL_CARE_RULESET",
    "COMBINED_RULESET",
    "NHS_RULESET",
    "Basis",
    "Underlying",
    "bases_for_provider",
    "is_social_care",
    "propose",
]

NHS_RULESET = "nhs-trust-2022"
ADULT_SOCIAL_CARE_RULESET = "adult-social-care-2022"
COMBINED_RULESET = "combined-2018"

_KQ_ASPECTS = tuple(Aspect.of(kq) for kq in KEY_QUESTIONS)
_KQ_PAIRS = tuple((a.label, a.value) for a in _KQ_ASPECTS)
_KQ_VALUES = frozenset(a.value for a in _KQ_ASPECTS)
_TRUST_KQ_VALUES = frozenset(Aspect.of(kq).value for kq in TRUST_AGGREGATED_KEY_QUESTIONS)
_OVERALL = Aspect.OVERALL.value
_COMBINED = Aspect.COMBINED.value
_USE_OF_RESOURCES = Aspect.USE_OF_RESOURCES


def is_social_care(*types: str | None) -> bool:
    """True when a CQC location or provider type names social care ("Social Care Org")."""
    return any(t is not None and "social care" in normalise_words(t) for t in types)


def _now_order(fact: Fact) -> tuple[bool, dt.date, int]:
    """CQC's current rating first, then the latest date (then the latest stored)."""
    return (fact.current, fact.rating_date, fact.id)


def _dated_order(fact: Fact) -> tuple[dt.date, bool, int]:
    """The latest date first; on the same day a current rating counts as the later one."""
    return (fact.rating_date, fact.current, fact.id)


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """Every stored rating of one unit, in any order, and the one that stands now."""

    facts: tuple[Fact, ...]
    latest: Fact  # its latest current rating, else its latest rating

    @classmethod
    def of(cls, facts: Sequence[Fact]) -> UnitFacts:
        # Most units have a single rating; skip the comparison then.
        latest = facts[0] if len(facts) == 1 else max(facts, key=_now_order)
        return cls(tuple(facts), latest)

    def on_or_before(self, day: dt.date) -> Fact | None:
        """The unit's latest rating dated on or before `day`."""
        dated = [f for f in self.facts if f.rating_date <= day]
        return max(dated, key=_dated_order) if dated else None


@dataclass(frozen=True, slots=True)
class Underlying:
    """One underlying unit: its label (a key question, service or location id) and ratings."""

    label: str
    unit: UnitFacts

    @property
    def latest(self) -> Fact:
        """The unit's rating now: its latest current rating, else its latest rating."""
        return self.unit.latest

    def on_or_before(self, day: dt.date) -> Fact | None:
        return self.unit.on_or_before(day)


@dataclass(frozen=True)
class Basis:
    """What one aggregate unit is built from, and under which rule set."""

    level: str  # "service", "location key question", "location", "provider key question", ...
    ruleset: str
    underlying: tuple[Underlying, ...]
    expected: tuple[str, ...] = ()  # labels that should be there (the key questions)


def propose(basis: Basis, *, on_or_before: dt.date | None = None) -> Aggregate | None:
    """The rules' proposal from the latest underlying ratings (or those dated by a day).

    None when there is nothing to aggregate (no underlying ratings, or only "Not rated").
    """
    if on_or_before is None:
        words = [unit.unit.latest.rating_word for unit in basis.underlying]
    else:
        dated = (unit.on_or_before(on_or_before) for unit in basis.underlying)
        words = [fact.rating_word for fact in dated if fact is not None]
    # The proposal depends only on the rule set and the multiset of ratings.
    return _aggregate_cached(basis.ruleset, tuple(sorted(words)))


@functools.lru_cache(maxsize=4096)
def _aggregate_cached(ruleset: str, words: tuple[str, ...]) -> Aggregate | None:
    try:
        return aggregate(words, ruleset)
    except EmptyRatingSet:
        return None


def _histories(facts: Iterable[Fact]) -> dict[UnitKey, UnitFacts]:
    grouped: dict[UnitKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[fact.unit].append(fact)
    return {unit: UnitFacts.of(items) for unit, items in grouped.items()}


def bases_for_provider(
    facts: Sequence[Fact],
    *,
    social_care_locations: frozenset[str] = frozenset(),
    only: Collection[UnitKey] | None = None,
) -> dict[UnitKey, Basis]:
    """The basis of every aggregate unit among one provider's stored ratings (of the units
    in `only`, when given).

    `social_care_locations` are aggregated by the adult social care rules.
    """
    all_histories = _histories(facts)
    # Units CQC no longer shows (e.g. a core service superseded by another) have only
    # historic ratings; they are not underlying units of today's aggregates.
    histories = {
        unit: history for unit, history in all_histories.items() if history.latest.current
    } or all_histories
    services_at: dict[str | None, set[str]] = defaultdict(set)
    located_kqs: dict[str, list[str]] = defaultdict(list)
    for location_id, service, aspect in histories:
        if service is not None:
            services_at[location_id].add(service)
        elif location_id is not None and aspect in _TRUST_KQ_VALUES:
            located_kqs[aspect].append(location_id)

    def units(keys: Iterable[tuple[str, UnitKey]]) -> tuple[Underlying, ...]:
        return tuple(Underlying(label, histories[key]) for label, key in keys if key in histories)

    def kq_units(location_id: str | None, service: str | None) -> tuple[Underlying, ...]:
        return units((label, (location_id, service, value)) for label, value in _KQ_PAIRS)

    expected_kqs = tuple(a.label for a in _KQ_ASPECTS)
    bases: dict[UnitKey, Basis] = {}
    for unit in histories if only is None else [u for u in only if u in histories]:
        location_id, service, aspect = unit
        social = location_id in social_care_locations
        ruleset = ADULT_SOCIAL_CARE_RULESET if social else NHS_RULESET
        if service is not None:
            if aspect == _OVERALL:
                bases[unit] = Basis(
                    "service", ruleset, kq_units(location_id, service), expected_kqs
                )
        elif location_id is not None:
            if aspect == _OVERALL:
                bases[unit] = Basis("location", ruleset, kq_units(location_id, None), expected_kqs)
            elif aspect in _KQ_VALUES and services_at.get(location_id):
                names = sorted(services_at[location_id])
                bases[unit] = Basis(
                    "location key question",
                    ruleset,
                    units((name, (location_id, name, aspect)) for name in names),
                )
        elif aspect in _TRUST_KQ_VALUES:
            if located_kqs.get(aspect):
                keys: list[tuple[str, UnitKey]] = [
                    (loc, (loc, None, aspect)) for loc in sorted(located_kqs[aspect])
                ]
                bases[unit] = Basis("provider key question", NHS_RULESET, units(keys))
            else:
                names = sorted(services_at.get(None, ()))
                keys = [(name, (None, name, aspect)) for name in names]
                bases[unit] = Basis("provider key question", NHS_RULESET, units(keys))
        elif aspect == _OVERALL:
            bases[unit] = Basis("provider", NHS_RULESET, kq_units(None, None), expected_kqs)
        elif aspect == _COMBINED:
            uor = _USE_OF_RESOURCES
            bases[unit] = Basis(
                "combined",
                COMBINED_RULESET,
                (*kq_units(None, None), *units([(uor.label, (None, None, uor.value))])),
                (*expected_kqs, uor.label),
            )
    return bases


def proposals_by_unit(bases: Mapping[UnitKey, Basis]) -> dict[UnitKey, Aggregate | None]:
    """The rules' proposal for each aggregate unit, from the latest underlying ratings."""
    return {unit: propose(basis) for unit, basis in bases.items()}
