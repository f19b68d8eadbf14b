"""Aggregate a set of underlying ratings by a count rule set, with a reason anyone can read.

>>> from carewatch.domain.ratings.scale import Rating as R
>>> result = aggregate([R.GOOD, R.REQUIRES_IMPROVEMENT, R.REQUIRES_IMPROVEMENT, R.GOOD, R.GOOD])
>>> result.rating.label, result.rule
('Requires improvement', 'nhs-trust-2022 C2')
>>> result.reason
'2 of 5 ratings are Requires improvement, which limits the aggregate to Requires improvement.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from carewatch.domain.ratings.rulesets import DEFAULT_RULESET, CountRuleSet, get_ruleset
from carewatch.domain.ratings.scale import (
    NonRating,
    PublishedRating,
    Rating,
    parse_published_rating,
)

__all__ = ["Aggregate", "EmptyRatingSet", "aggregate", "count_ruleset"]


class EmptyRatingSet(ValueError):
    """Nothing to aggregate: no underlying ratings, or only non-rating states."""

    def __init__(self, excluded: int = 0, field: str | None = None) -> None:
        detail = f" ({excluded} non-rating states excluded)" if excluded else ""
        where = f"{field}: " if field else ""
        super().__init__(f"{where}there are no ratings to aggregate{detail}")
        self.excluded = excluded
        self.field = field


@dataclass(frozen=True)
class Aggregate:
    """A proposed rating, the rule that produced it and why, in one plain sentence."""

    rating: Rating
    rule: str
    reason: str
    counts: Mapping[Rating, int] = field(default_factory=dict, compare=False)
    excluded: int = field(default=0, compare=False)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def count_ruleset(ruleset: str | CountRuleSet) -> CountRuleSet:
    """Resolve a rule-set id to a count rule set; SAF rule sets are rejected."""
    resolved = get_ruleset(ruleset) if isinstance(ruleset, str) else ruleset
    if not isinstance(resolved, CountRuleSet):
        raise ValueError(
            f"ruleset {resolved.id!r} scores quality statements; it does not aggregate ratings"
        )
    return resolved


def _of(n: int, total: int, what: Rating) -> str:
    verb = "is" if n == 1 else "are"
    noun = "rating" if total == 1 else "ratings"
    return f"{n} of {total} {noun} {verb} {what.label}"


def aggregate(
    ratings: Iterable[PublishedRating | str],
    ruleset: str | CountRuleSet = DEFAULT_RULESET,
    *,
    breach: bool = False,
) -> Aggregate:
    """Propose the aggregate of `ratings` under `ruleset` (order does not matter).

    Non-rating states ("Not rated", "Inspected but not rated", ...) are excluded and counted
    in the reason. `breach` applies the adult social care rule that a breach of regulations
    limits the overall to Requires improvement. Raises `EmptyRatingSet` when nothing is left.
    """
    rules = count_ruleset(ruleset)
    parsed = [parse_published_rating(r) if isinstance(r, str) else r for r in ratings]
    rated = [r for r in parsed if isinstance(r, Rating)]
    excluded = sum(1 for r in parsed if isinstance(r, NonRating))
    if not rated:
        raise EmptyRatingSet(excluded)
    counts = Counter(rated)
    n = len(rated)
    n_out = counts[Rating.OUTSTANDING]
    n_good = counts[Rating.GOOD]
    n_ri = counts[Rating.REQUIRES_IMPROVEMENT]
    n_inad = counts[Rating.INADEQUATE]
    x_inad = rules.inadequate.needed(n)
    x_ri = rules.requires_improvement.needed(n)
    x_out = rules.outstanding.needed(n)
    note = (
        f" ({excluded} not rated {'was' if excluded == 1 else 'were'} left out.)"
        if excluded
        else ""
    )

    def result(rating: Rating, code: str, reason: str) -> Aggregate:
        return Aggregate(
            rating=rating,
            rule=f"{rules.id} {code}",
            reason=reason + note,
            counts={r: counts[r] for r in Rating},
            excluded=excluded,
        )

    if n_inad >= x_inad:
        return result(
            Rating.INADEQUATE,
            "C3",
            f"{_of(n_inad, n, Rating.INADEQUATE)}, which makes the aggregate Inadequate.",
        )
    if n_ri >= x_ri:
        return result(
            Rating.REQUIRES_IMPROVEMENT,
            "C2",
            f"{_of(n_ri, n, Rating.REQUIRES_IMPROVEMENT)}, which limits the aggregate to "
            "Requires improvement.",
        )
    if n_inad and rules.single_inadequate_limits:
        return result(
            Rating.REQUIRES_IMPROVEMENT,
            "C3a",
            f"{_of(n_inad, n, Rating.INADEQUATE)}: fewer than the {x_inad} that would make the "
            "aggregate Inadequate, but enough to limit it to Requires improvement.",
        )
    if breach and rules.breach_limits_to_requires_improvement:
        return result(
            Rating.REQUIRES_IMPROVEMENT,
            "1",
            "There is a breach of regulations, which limits the overall rating to Requires "
            "improvement.",
        )
    if n_out >= x_out and n_out + n_good == n:
        return result(
            Rating.OUTSTANDING,
            "C1",
            f"{_of(n_out, n, Rating.OUTSTANDING)} and all the others are Good, so the "
            "aggregate is Outstanding.",
        )
    parts = [f"{n_good} Good"] if n_good else []
    if n_out:
        parts.append(
            f"{n_out} Outstanding, short of the {x_out} needed"
            if n_out < x_out
            else f"{n_out} Outstanding, but not all the others are Good"
        )
    if n_ri:
        parts.append(f"{n_ri} Requires improvement, fewer than the {x_ri} that limit it")
    reason = (
        f"Of {n} ratings: {'; '.join(parts)}. No threshold for Outstanding, Requires "
        "improvement or Inadequate is met, so the aggregate is Good."
    )
    return result(Rating.GOOD, "G", reason)
