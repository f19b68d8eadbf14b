"""Readers of the NHS Oversight Framework segmentation: a peer group's league table, one
trust's place and history, and every trust's latest place.

Positions are ranked on read from the stored segments and average metric scores
(`carewatch.domain.oversight.league.league_table`), and shown beside the position the file
published, so a disagreement is visible rather than silently resolved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from carewatch.domain.oversight import Regime
from carewatch.domain.oversight.league import (
    LeaguePlace,
    Quarter,
    SegmentationEntry,
    financial_override_breach,
    league_table,
    segment_regime,
)
from carewatch.services._db import provider_facts, require_provider
from carewatch.services.errors import NotFound
from carewatch.services.oversight.models import LeagueTable, TrustSegmentation
from carewatch.services.oversight.queries import oversight_status
from carewatch.store.database import Database
from carewatch.store.tables.league import NOF_SEGMENTATION

__all__ = ["latest_place", "latest_places", "peer_league_table", "trust_segmentation"]


def _entry(row: Any) -> SegmentationEntry:
    return SegmentationEntry(
        provider_id=row.provider_id,
        trust_name=row.trust_name,
        peer_group=row.peer_group,
        quarter=Quarter(row.quarter_year, row.quarter_number),
        segment=row.segment,
        average_metric_score=row.average_metric_score,
        financial_override=row.financial_override,
        published_position=row.published_position,
    )


def _peer_places(conn: Connection, peer_group: str, quarter: Quarter) -> tuple[LeaguePlace, ...]:
    t = NOF_SEGMENTATION
    rows = conn.execute(
        select(t).where(
            t.c.peer_group == peer_group,
            t.c.quarter_year == quarter.year,
            t.c.quarter_number == quarter.number,
        )
    )
    return league_table(_entry(r) for r in rows)


def peer_league_table(
    *, db: Database, peer_group: str | None = None, quarter: Quarter | None = None
) -> LeagueTable | None:
    """A peer group's league table for a quarter (default: the latest quarter stored and the
    first peer group in it); None when no segmentation is stored. An unknown peer group or a
    quarter with nothing stored raises `NotFound`."""
    t = NOF_SEGMENTATION
    with db.engine.connect() as conn:
        pairs = conn.execute(
            select(t.c.peer_group, t.c.quarter_year, t.c.quarter_number).distinct()
        ).all()
        if not pairs:
            return None
        quarters = sorted({Quarter(y, n) for _, y, n in pairs}, reverse=True)
        chosen_quarter = quarter or quarters[0]
        if chosen_quarter not in quarters:
            raise NotFound("segmentation quarter", chosen_quarter.label)
        groups = sorted({g for g, y, n in pairs if Quarter(y, n) == chosen_quarter})
        chosen_group = peer_group if peer_group is not None else groups[0]
        if chosen_group not in groups:
            raise NotFound("peer group", chosen_group)
        places = _peer_places(conn, chosen_group, chosen_quarter)
        ids = [p.entry.provider_id for p in places]
        providers = provider_facts(conn, ids)
    breaches = {
        p.entry.provider_id: reason
        for p in places
        if (reason := financial_override_breach(p.entry)) is not None
    }
    return LeagueTable(
        peer_group=chosen_group,
        quarter=chosen_quarter,
        places=places,
        peer_groups=tuple(groups),
        quarters=tuple(quarters),
        stored_trusts=frozenset(providers),
        synthetic_trusts=frozenset(i for i, (_, synthetic) in providers.items() if synthetic),
        override_breaches=breaches,
    )


def trust_segmentation(
    *, db: Database, provider_id: str, as_of: dt.date | None = None
) -> TrustSegmentation:
    """A stored trust's published segmentation history (empty when none is loaded), with the
    latest quarter compared against the regime recorded as of `as_of` (default today)."""
    t = NOF_SEGMENTATION
    with db.engine.connect() as conn:
        try:
            require_provider(conn, provider_id)
        except NotFound:
            raise NotFound("trust", provider_id) from None
        own = conn.execute(select(t).where(t.c.provider_id == provider_id)).all()
        places: list[LeaguePlace] = []
        for row in sorted(own, key=lambda r: (r.quarter_year, r.quarter_number), reverse=True):
            quarter = Quarter(row.quarter_year, row.quarter_number)
            peers = _peer_places(conn, row.peer_group, quarter)
            places.extend(p for p in peers if p.entry.provider_id == provider_id)
    checks: list[str] = []
    for place in places:
        label = place.entry.quarter.label
        if (reason := financial_override_breach(place.entry)) is not None:
            checks.append(f"{label}: {reason}.")
        if place.agrees is False:
            checks.append(
                f"{label}: the file gives league-table position {place.entry.published_position}"
                f", but ranking the stored peer group by segment and average metric score "
                f"gives {place.position}."
            )
    if places:
        checks.extend(_regime_check(db, provider_id, places[0], as_of))
    return TrustSegmentation(provider_id, tuple(places), tuple(checks))


def _regime_check(
    db: Database, provider_id: str, latest: LeaguePlace, as_of: dt.date | None
) -> list[str]:
    recorded = oversight_status(db=db, provider_id=provider_id, as_of=as_of).regime
    published = segment_regime(latest.entry.segment)
    label = latest.entry.quarter.label
    if recorded is Regime.NONE:
        return [
            f"NHS England's latest segmentation ({label}) places the trust in "
            f"{published.label}; no regime decision is recorded here."
        ]
    if recorded.segment is not None and recorded is not published:
        return [
            f"NHS England's latest segmentation ({label}) places the trust in "
            f"{published.label}, but the regime recorded here is {recorded.label}."
        ]
    return []


def latest_place(*, db: Database, provider_id: str) -> LeaguePlace | None:
    """The trust's place in its peer group for the latest quarter it has published
    segmentation for; None when none is stored."""
    t = NOF_SEGMENTATION
    with db.engine.connect() as conn:
        row = conn.execute(
            select(t)
            .where(t.c.provider_id == provider_id)
            .order_by(t.c.quarter_year.desc(), t.c.quarter_number.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        quarter = Quarter(row.quarter_year, row.quarter_number)
        peers = _peer_places(conn, row.peer_group, quarter)
    return next(p for p in peers if p.entry.provider_id == provider_id)


def latest_places(*, db: Database) -> dict[str, LeaguePlace]:
    """Every trust's place in the latest quarter stored, by provider id (one query per peer
    group); trusts without segmentation in that quarter are absent."""
    t = NOF_SEGMENTATION
    with db.engine.connect() as conn:
        latest = conn.execute(
            select(t.c.quarter_year, t.c.quarter_number)
            .order_by(t.c.quarter_year.desc(), t.c.quarter_number.desc())
            .limit(1)
        ).first()
        if latest is None:
            return {}
        quarter = Quarter(latest.quarter_year, latest.quarter_number)
        groups = conn.scalars(
            select(t.c.peer_group)
            .where(t.c.quarter_year == quarter.year, t.c.quarter_number == quarter.number)
            .distinct()
        ).all()
        return {p.entry.provider_id: p for g in groups for p in _peer_places(conn, g, quarter)}
