"""Stored ratings as light values, read in one query, for the proposal and read code.

Reading 250,000 ratings through the ORM would be slow; this reads plain rows with SQLAlchemy
Core and turns the enum columns into domain values through dictionaries.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, TypeVar

from sqlalchemy import Connection, String, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from carewatch.domain.ratings import Aspect, NonRating, PublishedRating, Rating
from carewatch.store.tables.ratings import RATINGS

__all__ = [
    "ASPECT_BY_VALUE",
    "CHUNK",
    "RATING_BY_WORD",
    "Fact",
    "UnitKey",
    "chunks",
    "load_facts",
    "stored_date",
]

T = TypeVar("T")

ASPECT_BY_VALUE: dict[str, Aspect] = {a.value: a for a in Aspect}
RATING_BY_WORD: dict[str, PublishedRating] = {r.value: r for r in (*Rating, *NonRating)}

UnitKey = tuple[str | None, str | None, str]
"""(location id, service, aspect value) within one provider: one rated unit over time.

Plain strings, not enums, because these keys are hashed hundreds of thousands of times.
"""


class Fact(NamedTuple):
    """One stored rating cell."""

    id: int
    provider_id: str
    location_id: str | None
    service: str | None
    aspect: Aspect
    rating: PublishedRating
    rating_date: dt.date
    report_link_id: str | None
    inherited: bool
    current: bool
    proposed_rating: str | None
    proposed_rule: str | None
    proposed_reason: str | None
    rationale: str | None

    aspect_value: str
    rating_word: str  # CQC's words for `rating`, as stored
    unit: UnitKey  # (location id, service, aspect value)


@functools.lru_cache(maxsize=8192)
def stored_date(value: str | dt.date) -> dt.date:
    """A stored date: SQLite hands back ISO text, PostgreSQL a date. Few distinct values."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


_T = RATINGS.c
_COLUMNS = (
    _T.id,
    _T.provider_id,
    _T.location_id,
    _T.service,
    _T.aspect,
    _T.rating,
    # Read the date without SQLAlchemy's per-row conversion; stored_date caches the parse.
    type_coerce(_T.rating_date, String),
    _T.report_link_id,
    _T.inherited,
    _T.current,
    _T.proposed_rating,
    _T.proposed_rule,
    _T.proposed_reason,
    _T.rationale,
)

# Both databases accept far more bound parameters than this in one IN list.
CHUNK = 5000


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`values` in slices of `size`: keys per IN list, rows per executemany."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_facts(
    conn: Connection,
    *,
    provider_ids: Iterable[str] | None = None,
    where: ColumnElement[bool] | None = None,
) -> list[Fact]:
    """Every stored rating of `provider_ids` (all providers when None), optionally filtered."""
    queries = []
    if provider_ids is None:
        queries.append(select(*_COLUMNS))
    else:
        ids = sorted(set(provider_ids))
        queries.extend(select(*_COLUMNS).where(_T.provider_id.in_(chunk)) for chunk in chunks(ids))
    facts: list[Fact] = []
    aspects, words, as_date = ASPECT_BY_VALUE, RATING_BY_WORD, stored_date
    for query in queries:
        if where is not None:
            query = query.where(where)
        # Plain DBAPI rows: the columns need no conversion beyond what happens below, and
        # skipping SQLAlchemy's row objects halves the time to read a national file's ratings.
        for row in conn.execute(query).cursor.fetchall():
            facts.append(
                Fact(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    aspects[row[4]],
                    words[row[5]],
                    as_date(row[6]),
                    row[7],
                    bool(row[8]),
                    bool(row[9]),
                    row[10],
                    row[11],
                    row[12],
                    row[13],
                    row[4],
                    row[5],
                    (row[2], row[3], row[4]),
                )
            )
    return facts
