"""The register at a glance: the 5 x 5 heat map of current scores, and the public summary
(categories and counts only, never a risk's words).

>>> cells = heat_map([Score(4, 4), Score(4, 4), Score(1, 2)])
>>> cells[(4, 4)], cells[(1, 2)], cells[(5, 5)]
(2, 1, 0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.risks.scoring import DEFAULT_BANDS, Band, Bands, Score
from carewatch.domain.risks.words import RiskCategory

__all__ = ["CategoryCount", "PublicSummary", "heat_map", "public_summary"]


def heat_map(scores: Iterable[Score]) -> dict[tuple[int, int], int]:
    """How many risks sit in each cell, keyed (likelihood, consequence), every one of the 25
    cells present (0 where none)."""
    counted = Counter((s.likelihood, s.consequence) for s in scores)
    return {(lik, con): counted[(lik, con)] for lik in range(1, 6) for con in range(1, 6)}


@dataclass(frozen=True)
class CategoryCount:
    """One category's risks by band of their current score."""

    category: RiskCategory
    by_band: tuple[tuple[Band, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_band)


@dataclass(frozen=True)
class PublicSummary:
    """What a trust that publishes its register shows everyone: counts by category and band."""

    categories: tuple[CategoryCount, ...]

    @property
    def total(self) -> int:
        return sum(c.total for c in self.categories)


def public_summary(
    risks: Iterable[tuple[RiskCategory, Score]], bands: Bands = DEFAULT_BANDS
) -> PublicSummary:
    """Counts of (category, current score) pairs by category and band; every category and
    band present, in their order.

    >>> s = public_summary([(RiskCategory.FINANCE, Score(3, 3))])
    >>> [(c.category.value, c.total) for c in s.categories][:4]
    [('patient_safety', 0), ('quality', 0), ('workforce', 0), ('finance', 1)]
    """
    counted = Counter((category, bands.band(score)) for category, score in risks)
    return PublicSummary(
        tuple(
            CategoryCount(
                category, tuple((band, counted[(category, band)]) for band in bands.bands())
            )
            for category in RiskCategory
        )
    )
