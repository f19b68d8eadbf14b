"""The national list of trusts by current oversight regime, for the page and the API.

Each trust's status is derived through `carewatch.services.oversight.oversight_status`, one
trust at a time; responses are cached by data version (`carewatch.web.cache`), so this runs
once per change of the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.oversight import OversightStatus, Regime
from carewatch.services.oversight import oversight_status
from carewatch.services.ratings import list_trusts
from carewatch.services.read_models import TrustSummary
from carewatch.store.database import Database
from carewatch.web.oversight_display import REGIME_ORDER

__all__ = ["RegimeGroup", "TrustOversight", "regime_list"]

_PAGE = 500
"""The most trusts `list_trusts` returns at once."""


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


def _every_trust(db: Database) -> list[TrustSummary]:
    trusts: list[TrustSummary] = []
    while True:
        page = list_trusts(db=db, offset=len(trusts), limit=_PAGE)
        trusts.extend(page.data)
        if not page.data or len(trusts) >= page.count:
            return trusts


def regime_list(*, db: Database, as_of: dt.date | None = None) -> list[RegimeGroup]:
    """Every trust grouped by its regime on `as_of` (default today), most intervention first;
    regimes no trust is in are left out."""
    found: dict[Regime, list[TrustOversight]] = {}
    for trust in _every_trust(db):
        status = oversight_status(db=db, provider_id=trust.provider_id, as_of=as_of)
        found.setdefault(status.regime, []).append(TrustOversight(trust, status))
    return [RegimeGroup(r, tuple(found[r])) for r in REGIME_ORDER if r in found]
