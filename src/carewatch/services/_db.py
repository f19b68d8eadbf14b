"""What every service area writes with: the write transaction, an upsert that cannot race,
the check that a provider exists, the one logged event a write leaves, and what storing a
record did (`Outcome`, `Stored`).

Upserts use the dialect's ``INSERT … ON CONFLICT`` (SQLite and PostgreSQL both have it), so
two writers meeting on the same natural key both succeed, one inserting and one updating,
rather than one of them failing on the unique index after a select found nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Insert,
    RootTransaction,
    Table,
    bindparam,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from carewatch.services.errors import Busy, NotFound
from carewatch.store.database import (
    IMPORT_WAIT_MS,
    SQLITE_BUSY_TIMEOUT_MS,
    WAIT_MS,
    WRITER,
    Database,
)
from carewatch.store.limits import check_fits
from carewatch.store.tables.register import PROVIDERS
from carewatch.store.versions import bump_data_version


class Outcome(enum.Enum):
    """What storing a record (an incident, a risk) did."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Stored:
    """A record stored: its id, what storing it did, and the fields it changed."""

    id: int
    outcome: Outcome
    fields: tuple[str, ...] = ()


__all__ = [
    "blank_when_null",
    "driver_date",
    "import_transaction",
    "insert_missing",
    "lock_provider",
    "lock_row",
    "log_event",
    "provider_facts",
    "require_provider",
    "update_rows",
    "upsert",
    "upsert_many",
    "upsert_rows",
    "write_transaction",
]

log = logging.getLogger("carewatch.services")

ConflictTarget = Sequence[str | ColumnElement[Any]]


@contextmanager
def write_transaction(db: Database) -> Iterator[Connection]:
    """Begin a transaction; on success raise the data version and commit, else roll back.

    On SQLite the transaction begins IMMEDIATE (it takes the write lock first), so a writer
    that reads before it writes sees one snapshot and waits for another writer rather than
    failing.
    """
    with db.engine.connect() as conn:
        conn.execution_options(**{WRITER: True})
        with _begin(conn):
            yield conn
            bump_data_version(conn)


def _begin(conn: Connection) -> RootTransaction:
    """Begin `conn`'s write transaction; `Busy` when SQLite's write lock stayed taken for all
    of the writer's wait (its BEGIN IMMEDIATE waits, so nothing was read or written yet)."""
    try:
        return conn.begin()
    except OperationalError as exc:
        if "database is locked" not in str(exc.orig):
            raise
        waited = conn.get_execution_options().get(WAIT_MS, SQLITE_BUSY_TIMEOUT_MS)
        raise Busy(int(waited) / 1000) from None


IMPORTS_LOCK = 0x63617265_77617463  # "carewatc": the advisory lock key imports share
"""The PostgreSQL advisory lock every import holds for its transaction."""


@contextmanager
def import_transaction(db: Database) -> Iterator[Connection]:
    """`write_transaction` for an import of a file: imports run one after the other, so two
    at once store what running them in turn would.

    On SQLite the import waits up to `IMPORT_WAIT_MS` for the write lock (another import may
    hold it for minutes), where other writers give up after the usual busy timeout; `Busy`
    when it waited that long in vain. On
    PostgreSQL it first takes a transaction-scoped advisory lock that every import takes,
    so a second import waits until the first commits or rolls back, then sees its rows.
    """
    with db.engine.connect() as conn:
        conn.execution_options(**{WRITER: True, WAIT_MS: IMPORT_WAIT_MS})
        with _begin(conn):
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(IMPORTS_LOCK)))
            yield conn
            bump_data_version(conn)


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"carewatch does not support the {conn.dialect.name} database")


def upsert(
    conn: Connection,
    table: Table,
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    conflict: ConflictTarget | None = None,
    returning: str | None = "id",
    on_insert: Mapping[str, Any] | None = None,
) -> Any:
    """Insert the row with this natural `key` and `values`, or update `values` on the row
    already there; return its `returning` column (its id by default) either way.

    `conflict` names the unique index the key is checked against when it is not simply the
    key's columns (an expression index such as ``coalesce(location_id, '')``). `on_insert`
    holds values a new row starts with and a stored row keeps (a status marked since).
    """
    first = dict(on_insert or {})
    check_fits(table, {**key, **values, **first})
    stmt = _insert(conn, table).values(**key, **values, **first)
    target = list(conflict) if conflict is not None else list(key)
    # With nothing to update, set a key column to itself so the row is still returned.
    changes = dict(values) or {name: stmt.excluded[name] for name in key}
    stmt = stmt.on_conflict_do_update(index_elements=target, set_=changes)
    if returning is None:
        conn.execute(stmt)
        return None
    return conn.execute(stmt.returning(table.c[returning])).scalar_one()


def upsert_many(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: ConflictTarget,
    update: Sequence[str],
    keep_when_null: Collection[str] = (),
) -> None:
    """Insert many rows in one executemany; a row whose natural key (`conflict`) is stored
    already updates that row's `update` columns instead. A column in `keep_when_null` keeps
    its stored value where the new row leaves it None.

    For bulk writes of many thousands of rows (an import), so values are not checked against
    column lengths here: the database refuses what does not fit, and the caller's
    transaction then stores nothing.
    """
    if not rows:
        return
    stmt: Any = _insert(conn, table)
    changes = {
        name: func.coalesce(stmt.excluded[name], table.c[name])
        if name in keep_when_null
        else stmt.excluded[name]
        for name in update
    }
    if changes:
        stmt = stmt.on_conflict_do_update(index_elements=list(conflict), set_=changes)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict))
    conn.execute(stmt, list(rows))


def upsert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    conflict: ConflictTarget,
    update: Sequence[str],
    keep_when_null: Collection[str] = (),
) -> None:
    """`upsert_many` for the hundreds of thousands of rows of an import, as tuples of
    `columns`, handed to the driver's executemany without SQLAlchemy's per-row work.

    The values must already be what the driver stores: no type's conversion is applied, so
    a date goes to SQLite as ISO text (`driver_date`) and a flag as a bool.
    """
    if not rows:
        return
    stmt: Any = _insert(conn, table).values({name: bindparam(name) for name in columns})
    changes = {
        name: func.coalesce(stmt.excluded[name], table.c[name])
        if name in keep_when_null
        else stmt.excluded[name]
        for name in update
    }
    stmt = stmt.on_conflict_do_update(index_elements=list(conflict), set_=changes)
    _executemany(conn, stmt, columns, rows)


def update_rows(
    conn: Connection,
    table: Table,
    key: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Set `columns` of the row whose `key` column is each tuple's last value, in one
    executemany without SQLAlchemy's per-row work (values as `upsert_rows` takes them)."""
    if not rows:
        return
    stmt = (
        update(table)
        .where(table.c[key] == bindparam("b_" + key))
        .values({name: bindparam("b_" + name) for name in columns})
    )
    _executemany(conn, stmt, ["b_" + name for name in (*columns, key)], rows)


def _executemany(
    conn: Connection, stmt: Any, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    compiled = stmt.compile(dialect=conn.dialect)
    order = compiled.positiontup
    if order is None:  # named parameters (psycopg's %(name)s)
        params: list[Any] = [dict(zip(names, row, strict=True)) for row in rows]
    else:
        at = {name: position for position, name in enumerate(names)}
        if list(order) == list(names):
            params = list(rows)
        else:
            picks = [at[name] for name in order]
            params = [tuple(row[i] for i in picks) for row in rows]
    conn.exec_driver_sql(compiled.string, params)


def driver_date(conn: Connection) -> Any:
    """How `upsert_rows` takes a date on this connection: ISO text on SQLite (as SQLAlchemy
    stores it there), the date itself on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        return dt.date.isoformat
    return lambda value: value


def blank_when_null(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """``coalesce(column, '')`` as a unique expression index spells it, for `conflict=`.

    The empty string is written literally: a bound parameter would not match the index's
    expression on PostgreSQL.
    """
    return func.coalesce(column, literal_column("''"))


def insert_missing(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: ConflictTarget,
) -> int:
    """Insert the rows whose natural key (`conflict`) is not stored yet; keep the others as
    they are. Returns how many were inserted."""
    if not rows:
        return 0
    for row in rows:
        check_fits(table, row)
    stmt: Insert = _insert(conn, table).values(list(rows))
    stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict))  # type: ignore[attr-defined]
    # SQLAlchemy keeps an INSERT's row count only when asked (psycopg's would read -1).
    inserted = conn.execute(stmt.execution_options(preserve_rowcount=True)).rowcount
    return int(inserted or 0)


def lock_row(conn: Connection, table: Table, key: Mapping[str, Any]) -> bool:
    """Hold the row with this `key` against other writers until the transaction ends, so a
    check made after it and the write that follows cannot interleave with another writer's
    (the next number in a sequence, a history that must stay legal); whether the row exists.

    PostgreSQL locks the row (``FOR NO KEY UPDATE``, which still lets other tables' rows
    refer to it). SQLite has one writer at a time: a write that changes nothing takes that
    lock now rather than at the transaction's first real write, after its checks.
    """
    where = [table.c[name] == value for name, value in key.items()]
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            select(*[table.c[name] for name in key]).where(*where).with_for_update(key_share=True)
        ).first()
        return found is not None
    keys = {c.name for c in table.primary_key} | {fk.parent.name for fk in table.foreign_keys}
    column = next(c for c in table.columns if c.name not in keys)
    changed = conn.execute(update(table).where(*where).values({column.name: column}))
    return bool(changed.rowcount)


def require_provider(conn: Connection, provider_id: str) -> str | None:
    """The provider's name; `NotFound` when no provider has that id."""
    row = conn.execute(
        select(PROVIDERS.c.name).where(PROVIDERS.c.provider_id == provider_id)
    ).first()
    if row is None:
        raise NotFound("provider", provider_id)
    return row.name


def lock_provider(conn: Connection, provider_id: str) -> bool:
    """Hold the provider's register row until the transaction ends (see `lock_row`), so that
    checks about the provider's history and the write after them are made one at a time."""
    return lock_row(conn, PROVIDERS, {"provider_id": provider_id})


def provider_facts(conn: Connection, ids: Collection[str]) -> dict[str, tuple[str | None, bool]]:
    """Each stored provider of `ids`: its name and whether it is synthetic (a demo trust).
    The register is shared by every area; ids not stored are left out."""
    if not ids:
        return {}
    p = PROVIDERS.c
    rows = conn.execute(
        select(p.provider_id, p.name, p.synthetic).where(p.provider_id.in_(list(ids)))
    )
    return {r.provider_id: (r.name, bool(r.synthetic)) for r in rows}


def log_event(event: str, **ids: object) -> None:
    """Log one structured event for a write: its name and the ids it touched, never the
    content (which may name people)."""
    log.info(event, extra={"event": event, **ids})
