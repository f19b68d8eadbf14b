"""The national picture: trusts counted by current overall rating (with the regions and trust
types to filter by), and trusts grouped by their current oversight regime."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from carewatch.domain.oversight import BY_INTERVENTION, OversightStatus, Regime
from carewatch.domain.ratings import NonRating, Rating, TrustType
from carewatch.services.oversight import oversight_statuses
from carewatch.services.ratings import TrustName, trust_names, trust_tally
from carewatch.store.database import Database

__all__ = [
    "NationalPicture",
    "RatingCount",
    "RegimeGroup",
    "TrustOversight",
    "national_picture",
    "regime_list",
]

_RATINGS: dict[str, Rating | NonRating] = {r.value: r for r in (*Rating, *NonRating)}


@dataclass(frozen=True)
class RatingCount:
    """How many trusts are currently rated `label` (a rating word or "No published rating")."""

    label: str
    count: int


@dataclass(frozen=True)
class NationalPicture:
    total: int
    counts: tuple[RatingCount, ...]
    regions: tuple[str, ...]
    trust_types: tuple[TrustType, ...]


def national_picture(*, db: Database) -> NationalPicture:
    """Every trust counted by its current overall rating, best first.

    The four ratings are always listed (zero included); a non-rating state only when some
    trust has it, and a trust with no overall rating counts as "No published rating".
    Regions and trust types are those of the stored trusts. The database does the counting
    (one query), so the cost does not grow with a trust's ratings.
    """
    tally: Counter[str] = Counter()
    regions: set[str] = set()
    present_types: set[str] = set()
    for word, region, trust_type, count in trust_tally(db=db):
        label = NonRating.NO_PUBLISHED_RATING.label if word is None else _RATINGS[word].label
        tally[label] += count
        if region:
            regions.add(region)
        if trust_type is not None:
            present_types.add(trust_type)
    counts = tuple(RatingCount(r.label, tally[r.label]) for r in Rating) + tuple(
        RatingCount(n.label, tally[n.label]) for n in NonRating if tally[n.label]
    )
    return NationalPicture(
        total=sum(tally.values()),
        counts=counts,
        regions=tuple(sorted(regions)),
        trust_types=tuple(t for t in TrustType if t.value in present_types),
    )


@dataclass(frozen=True)
class TrustOversight:
    """One trust and its oversight status."""

    trust: TrustName
    status: OversightStatus


@dataclass(frozen=True)
class RegimeGroup:
    """The trusts in one regime, by name."""

    regime: Regime
    trusts: tuple[TrustOversight, ...]


def regime_list(*, db: Database, as_of: dt.date | None = None) -> list[RegimeGroup]:
    """Every trust grouped by its regime on `as_of` (default today), most intervention first;
    regimes no trust is in are left out. The trusts and their statuses are read in a fixed
    number of queries whatever the number of trusts."""
    trusts = trust_names(db=db)
    statuses = oversight_statuses(db=db, provider_ids=[t.provider_id for t in trusts], as_of=as_of)
    found: dict[Regime, list[TrustOversight]] = {}
    for trust in trusts:
        status = statuses[trust.provider_id]
        found.setdefault(status.regime, []).append(TrustOversight(trust, status))
    return [RegimeGroup(r, tuple(found[r])) for r in BY_INTERVENTION if r in found]
