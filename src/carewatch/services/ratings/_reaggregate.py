"""Storing the rules' proposal on every aggregate, inside the caller's transaction.

The proposals are computed from the stored ratings (see `_proposals` for the levels) and
written only where they changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from carewatch.services._db import update_rows
from carewatch.services.ratings._facts import Fact, load_facts
from carewatch.services.ratings._proposals import bases_for_provider, propose
from carewatch.services.ratings._read import social_care_locations
from carewatch.store.tables.ratings import RATINGS

__all__ = ["reaggregate_in"]


_PROPOSAL = ("proposed_rating", "proposed_rule", "proposed_reason")
PROVIDERS_AT_ONCE = 2_000
"""Providers whose ratings are loaded together: a national import touches tens of thousands,
and loading all their ratings at once would hold the whole register in memory."""


def reaggregate_in(conn: Connection, provider_ids: Iterable[str] | None = None) -> int:
    """Store the rules' proposal on every aggregate of the providers; return how many.

    Ratings that are not aggregates have their proposal cleared. Only changed proposals are
    written, an executemany per `PROVIDERS_AT_ONCE` providers.
    """
    if provider_ids is None:
        return _reaggregate(conn, None)
    ids = sorted(set(provider_ids))
    return sum(
        _reaggregate(conn, ids[start : start + PROVIDERS_AT_ONCE])
        for start in range(0, len(ids), PROVIDERS_AT_ONCE)
    )


def _reaggregate(conn: Connection, ids: list[str] | None) -> int:
    facts = load_facts(conn, provider_ids=ids)
    social = social_care_locations(conn, ids)
    by_provider: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_provider[fact.provider_id].append(fact)
    computed = 0
    changes: list[tuple[Any, ...]] = []
    for provider_facts in by_provider.values():
        bases = bases_for_provider(provider_facts, social_care_locations=social)
        proposals = {unit: propose(basis) for unit, basis in bases.items()}
        for fact in provider_facts:
            new: tuple[str | None, str | None, str | None] = (None, None, None)
            if fact.unit in proposals:
                computed += 1
                proposal = proposals[fact.unit]
                if proposal is not None:
                    new = (proposal.rating.value, proposal.rule, proposal.reason)
            if new != (fact.proposed_rating, fact.proposed_rule, fact.proposed_reason):
                changes.append((*new, fact.id))
    update_rows(conn, RATINGS, "id", _PROPOSAL, changes)
    return computed
