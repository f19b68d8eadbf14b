"""Typed records for the service writers that take keyword arguments rather than a domain
object: each record's fields are its writer's keywords, one to one, bar the ids the loader
supplies (the provider, the action, the evidence).

Everything else in the worked example is declared with the domain's own types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.ratings import EnforcementKind, KeyQuestion

__all__ = ["RatingLimiter"]


@dataclass(frozen=True)
class RatingLimiter:
    """`carewatch.services.ratings.record_enforcement`: enforcement as the ratings rules see
    it, a limiter on the key question it covers while it is open."""

    kind: EnforcementKind
    key_question: KeyQuestion
    served_date: dt.date
    closed_date: dt.date | None = None
    service: str | None = None
    source: str = ""
