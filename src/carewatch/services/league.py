"""NHS Oversight Framework segmentation and league tables: the import that stores what NHS
England published each quarter, and the readers that rank a peer group and place one trust.

Positions are ranked on read from the stored segments and average metric scores
(`carewatch.domain.oversight.league.league_table`), and shown beside the position the file
published, so a disagreement is visible rather than silently resolved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from carewatch.domain.oversight import Regime
from carewatch.domain.oversight.league import (
    LeaguePlace,
    Quarter,
    SegmentationEntry,
    financial_override_breach,
    league_table,
    segment_regime,
)
from carewatch.ingest.nof_segmentation import SegmentationFile
from carewatch.services._db import write_transaction
from carewatch.services.errors import NotFound
from carewatch.services.oversight import oversight_status
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.core import IMPORTS
from carewatch.store.tables.league import NOF_SEGMENTATION
from carewatch.store.tables.register import PROVIDERS

__all__ = [
    "LeagueTable",
    "SegmentationImport",
    "TrustSegmentation",
    "import_segmentation",
    "latest_place",
    "latest_places",
    "peer_league_table",
    "trust_segmentation",
]

log = logging.getLogger(__name__)

_COMPARED = (
    "trust_name",
    "peer_group",
    "segment",
    "average_metric_score",
    "financial_override",
    "published_position",
)


@dataclass(frozen=True)
class SegmentationImport:
    """What an import of one file changed."""

    file_name: str
    rows: int
    new: int
    changed: int
    unchanged: int


def import_segmentation(
    *, db: Database, file: SegmentationFile, now: dt.datetime | None = None
) -> SegmentationImport:
    """Store a file's entries in one transaction, keyed by trust and quarter. The same file
    again changes nothing; a revised file replaces the entries it revises and says how many."""
    stamp = now or dt.datetime.now(dt.UTC)
    new = changed = 0
    t = NOF_SEGMENTATION
    with write_transaction(db) as conn:
        existing = _existing(conn, file.entries)
        for entry in file.entries:
            values = _values(entry)
            check_fits(t, values)
            stored = existing.get((entry.provider_id, entry.quarter))
            source = {"file_name": file.file_name, "file_sha256": file.sha256}
            if stored is None:
                conn.execute(insert(t).values(**values, **source, imported_at=stamp))
                new += 1
            elif any(stored[k] != values[k] for k in _COMPARED):
                conn.execute(
                    update(t)
                    .where(t.c.id == stored["id"])
                    .values(**values, **source, imported_at=stamp)
                )
                changed += 1
        conn.execute(
            insert(IMPORTS).values(
                source=file.file_name[:500],
                kind="nof-segmentation",
                sha256=file.sha256,
                imported_at=stamp,
                rows_read=len(file.entries),
                rows_new=new,
                rows_changed=changed,
            )
        )
    log.info(
        "nof-segmentation import: %d rows, %d new, %d changed", len(file.entries), new, changed
    )
    return SegmentationImport(
        file.file_name, len(file.entries), new, changed, len(file.entries) - new - changed
    )


def _values(entry: SegmentationEntry) -> dict[str, Any]:
    return {
        "provider_id": entry.provider_id,
        "trust_name": entry.trust_name,
        "peer_group": entry.peer_group,
        "quarter_year": entry.quarter.year,
        "quarter_number": entry.quarter.number,
        "segment": entry.segment,
        "average_metric_score": entry.average_metric_score,
        "financial_override": entry.financial_override,
        "published_position": entry.published_position,
    }


def _existing(
    conn: Connection, entries: Sequence[SegmentationEntry]
) -> dict[tuple[str, Quarter], dict[str, Any]]:
    t = NOF_SEGMENTATION
    quarters = {e.quarter for e in entries}
    found: dict[tuple[str, Quarter], dict[str, Any]] = {}
    for quarter in quarters:
        rows = conn.execute(
            select(t).where(t.c.quarter_year == quarter.year, t.c.quarter_number == quarter.number)
        ).mappings()
        for row in rows:
            found[(row["provider_id"], quarter)] = dict(row)
    return found


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


@dataclass(frozen=True)
class LeagueTable:
    """One peer group's league table for one quarter, and what else is stored."""

    peer_group: str
    quarter: Quarter
    places: tuple[LeaguePlace, ...]
    peer_groups: tuple[str, ...]
    quarters: tuple[Quarter, ...]
    stored_trusts: frozenset[str]
    synthetic_trusts: frozenset[str]
    override_breaches: dict[str, str]


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
        providers = conn.execute(
            select(PROVIDERS.c.provider_id, PROVIDERS.c.synthetic).where(
                PROVIDERS.c.provider_id.in_(ids)
            )
        ).all()
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
        stored_trusts=frozenset(r.provider_id for r in providers),
        synthetic_trusts=frozenset(r.provider_id for r in providers if r.synthetic),
        override_breaches=breaches,
    )


@dataclass(frozen=True)
class TrustSegmentation:
    """A trust's published segmentation, newest quarter first, each with its league place,
    and the checks that fail: a segment the financial override forbids, a published position
    that the stored peer group does not give, or a latest published segment that differs from
    the regime recorded for the trust."""

    provider_id: str
    places: tuple[LeaguePlace, ...]
    checks: tuple[str, ...]

    @property
    def latest(self) -> LeaguePlace | None:
        return self.places[0] if self.places else None


def trust_segmentation(
    *, db: Database, provider_id: str, as_of: dt.date | None = None
) -> TrustSegmentation:
    """A stored trust's published segmentation history (empty when none is loaded), with the
    latest quarter compared against the regime recorded as of `as_of` (default today)."""
    t = NOF_SEGMENTATION
    with db.engine.connect() as conn:
        if (
            conn.execute(
                select(PROVIDERS.c.provider_id).where(PROVIDERS.c.provider_id == provider_id)
            ).first()
            is None
        ):
            raise NotFound("trust", provider_id)
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
