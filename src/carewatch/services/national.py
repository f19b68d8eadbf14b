"""The national picture: trusts counted by current overall rating (with the regions and trust
types to filter by), and trusts grouped by their current oversight regime."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from carewatch.domain.oversight import BY_INTERVENTION, OversightStatus, Regime
from carewatch.domain.ratings import NonRating, Rating, TrustType
from carewatch.services.oversight import oversight_status
from carewatch.services.ratings import TrustSummary, list_trusts
from carewatch.store.database import Database

__all__ = [
    "NationalPicture",
    "RatingCount",
    "RegimeGroup",
    "TrustOversight",
    "national_picture",
    "regime_list",
]

_PAGE = 500  # the largest page list_trusts returns


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


def _every_trust(db: Database) -> list[TrustSummary]:
    trusts: list[TrustSummary] = []
    while True:
        page = list_trusts(db=db, offset=len(trusts), limit=_PAGE)
        trusts.extend(page.data)
        if not page.data or len(trusts) >= page.count:
            return trusts


def national_picture(*, db: Database) -> NationalPicture:
    """Every trust counted by its current overall rating, best first.

    The four ratings are always listed (zero included); a non-rating state only when some
    trust has it, and a trust with no overall rating counts as "No published rating".
    Regions and trust types are those of the stored trusts.
    """
    trusts = _every_trust(db)
    tally = Counter(
        NonRating.NO_PUBLISHED_RATING.label if t.overall is None else t.overall.rating.label
        for t in trusts
    )
    counts = tuple(RatingCount(r.label, tally[r.label]) for r in Rating) + tuple(
        RatingCount(n.label, tally[n.label]) for n in NonRating if tally[n.label]
    )
    present_types = {t.trust_type for t in trusts}
    return NationalPicture(
        total=len(trusts),
        counts=counts,
        regions=tuple(sorted({t.region for t in trusts if t.region})),
        trust_types=tuple(t for t in TrustType if t.value in present_types),
    )


@dataclass(frozen=True)
class TrustOversight:
    """One trust and its oversight status."""

    trust: TrustSummary
    status: OversightStatus


@dataclass(frozen=True)
class RegimeGroup:
    """The trusts in one regime, by name."""

    regime: Regime
    trusts: tuple[TrustOversight, ...]


def regime_list(*, db: Database, as_of: dt.date | None = None) -> list[RegimeGroup]:
    """Every trust grouped by its regime on `as_of` (default today), most intervention first;
    regimes no trust is in are left out. One status read per trust: the web application
    caches the page until the data changes."""
    found: dict[Regime, list[TrustOversight]] = {}
    for trust in _every_trust(db):
        status = oversight_status(db=db, provider_id=trust.provider_id, as_of=as_of)
        found.setdefault(status.regime, []).append(TrustOversight(trust, status))
    return [RegimeGroup(r, tuple(found[r])) for r in BY_INTERVENTION if r in found]
