"""A freshly migrated database holds exactly the CHECK constraints the tables declare.

The tables build their CHECKs from the domain enums; the migrations hold literal copies of the
values (a migration is history). Alembic's comparison ignores CHECK constraints, so nothing else
notices when the two part: an enum gains a member without a migration that widens the CHECK,
and every database refuses the new value. Here an empty SQLite file and an empty PostgreSQL
database are migrated, every CHECK is read back from the database's own catalogue, and each is
compared with the CheckConstraint of the same name in `Base.metadata`: the values of every
`column IN (...)`, and the rest of the expression once both sides are parsed into one form.

Migrations 0001–0006 named their CHECKs `ck_<table>_ck_<table>_<name>` (the naming convention
prefixed names that already had the prefix), and PostgreSQL holds names over 63 characters cut
short with a hash, as SQLAlchemy shortens them. A CHECK matches the tables' constraint under
either that name or the tables' own name, which a migration that replaces a CHECK gives it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import CheckConstraint, inspect, text

from carewatch.store.database import Database, connect
from carewatch.store.migrate import head_revision, migrate
from carewatch.store.tables import Base
from tests.conftest import PostgresServer


@dataclass(frozen=True)
class Check:
    """One CHECK constraint: its table, its name, and its expression as its source gives it."""

    table: str
    name: str
    sql: str


@dataclass(frozen=True)
class Migrated:
    """The CHECKs of a freshly migrated database, and the longest name it allows (None: any)."""

    dialect: str
    checks: tuple[Check, ...]
    name_limit: int | None


# ---------------------------------------------------------------------------------------------
# Reading both sides


def declared_checks() -> list[Check]:
    """Every CHECK constraint of the tables, rendered as the DDL compiler renders it."""
    checks = []
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                sql = constraint.sqltext.compile(
                    compile_kwargs={"literal_binds": True, "include_table": False}
                )
                checks.append(Check(table.name, str(constraint.name or ""), str(sql)))
    return checks


def read_checks(db: Database) -> Migrated:
    """Every CHECK constraint the database holds, from its own catalogue."""
    with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) "
                    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                    "WHERE k.contype = 'c' AND c.relnamespace = current_schema()::regnamespace "
                    "ORDER BY c.relname, k.conname"
                )
            ).all()
            limit = int(conn.execute(text("SHOW max_identifier_length")).scalar_one())
            checks = tuple(Check(table, name, _inside_check(sql)) for table, name, sql in rows)
            return Migrated(db.dialect, checks, limit)
        inspector = inspect(conn)
        checks = tuple(
            Check(table, found["name"] or "", found["sqltext"])
            for table in inspector.get_table_names()
            for found in inspector.get_check_constraints(table)
        )
        return Migrated(db.dialect, checks, None)


def _inside_check(definition: str) -> str:
    """The expression of PostgreSQL's `CHECK (...)`; anything more (NOT VALID) is kept, so that
    it cannot be read and is reported."""
    match = re.fullmatch(r"CHECK \((.*)\)", definition, flags=re.DOTALL)
    return match.group(1) if match else definition


# ---------------------------------------------------------------------------------------------
# One form for both sides: SQLite keeps the text as written; PostgreSQL deparses it, with casts,
# parentheses around every term, `= ANY (ARRAY[...])` for IN and `>= AND <=` for BETWEEN.


class Unreadable(ValueError):
    """An expression this module's small parser does not understand."""


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<cast>::\s*(?:character\s+varying|double\s+precision|[A-Za-z_][A-Za-z0-9_]*)(?:\[\])?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+")
  | (?P<symbol><>|!=|>=|<=|[=<>(),\[\]])
    """,
    re.VERBOSE,
)
_KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "IN", "ANY", "ARRAY", "BETWEEN", "TRUE", "FALSE"}
_COMPARISONS = {"=", "<>", "!=", "<", "<=", ">", ">="}

Node = tuple[Any, ...]


def _tokens(sql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(sql):
        match = _TOKEN.match(sql, position)
        if match is None:
            raise Unreadable(f"cannot read {sql[position:]!r} in {sql!r}")
        position = match.end()
        kind, value = next((k, v) for k, v in match.groupdict().items() if v is not None)
        if kind in ("space", "cast"):
            continue
        if kind == "string":
            tokens.append(("string", value[1:-1].replace("''", "'")))
        elif kind == "name" and value.startswith('"'):
            tokens.append(("name", value[1:-1].replace('""', '"')))
        elif kind == "name" and value.upper() in _KEYWORDS:
            tokens.append(("keyword", value.upper()))
        else:
            tokens.append((kind, value))
    return tokens


class _Parser:
    """expression := conjunction (OR conjunction)*; conjunction := negation (AND negation)*;
    negation := NOT negation | predicate; predicate := operand [IS [NOT] NULL | BETWEEN operand
    AND operand | IN (values) | = ANY (ARRAY[values]) | comparison operand];
    operand := (expression) | column | literal."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.tokens = _tokens(sql)
        self.at = 0

    def parse(self) -> Node:
        node = self.expression()
        if self.at != len(self.tokens):
            self.fail("more after the end of the expression")
        return node

    def fail(self, problem: str) -> NoReturn:
        raise Unreadable(f"{problem} at token {self.at} of {self.sql!r}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def accept(self, kind: str, value: str) -> bool:
        if self.peek() == (kind, value):
            self.at += 1
            return True
        return False

    def expect(self, kind: str, value: str) -> None:
        if not self.accept(kind, value):
            self.fail(f"expected {value!r}")

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            self.fail("unexpected end")
        self.at += 1
        return token

    def expression(self) -> Node:
        terms = [self.conjunction()]
        while self.accept("keyword", "OR"):
            terms.append(self.conjunction())
        return _joined("OR", terms)

    def conjunction(self) -> Node:
        terms = [self.negation()]
        while self.accept("keyword", "AND"):
            terms.append(self.negation())
        return _joined("AND", terms)

    def negation(self) -> Node:
        if self.accept("keyword", "NOT"):
            return ("NOT", self.negation())
        return self.predicate()

    def predicate(self) -> Node:
        left = self.operand()
        if self.accept("keyword", "IS"):
            negated = self.accept("keyword", "NOT")
            self.expect("keyword", "NULL")
            return ("IS NOT NULL" if negated else "IS NULL", left)
        if self.accept("keyword", "BETWEEN"):
            low = self.operand()
            self.expect("keyword", "AND")
            high = self.operand()
            return ("AND", (("compare", ">=", left, low), ("compare", "<=", left, high)))
        if self.accept("keyword", "IN"):
            self.expect("symbol", "(")
            return ("IN", left, self.values(")"))
        token = self.peek()
        if token is not None and token[0] == "symbol" and token[1] in _COMPARISONS:
            self.at += 1
            if token[1] == "=" and self.accept("keyword", "ANY"):
                self.expect("symbol", "(")
                values = self.array()
                self.expect("symbol", ")")
                return ("IN", left, values)
            operator = "<>" if token[1] == "!=" else token[1]
            return ("compare", operator, left, self.operand())
        return left

    def operand(self) -> Node:
        if self.accept("symbol", "("):
            inner = self.expression()
            self.expect("symbol", ")")
            return inner
        kind, value = self.next()
        if kind == "name":
            return ("column", value)
        if kind in ("string", "number"):
            return (kind, value)
        if kind == "keyword" and value in ("NULL", "TRUE", "FALSE"):
            return ("keyword", value)
        self.fail(f"unexpected {value!r}")

    def array(self) -> frozenset[str]:
        if self.accept("symbol", "("):
            values = self.array()
            self.expect("symbol", ")")
            return values
        self.expect("keyword", "ARRAY")
        self.expect("symbol", "[")
        return self.values("]")

    def values(self, close: str) -> frozenset[str]:
        values = set()
        while True:
            kind, value = self.next()
            if kind not in ("string", "number"):
                self.fail(f"expected a value, not {value!r}")
            values.add(value)
            if self.accept("symbol", close):
                return frozenset(values)
            self.expect("symbol", ",")


def _joined(operator: str, terms: list[Node]) -> Node:
    """`terms` joined by AND or OR, flattening terms joined by the same operator."""
    if len(terms) == 1:
        return terms[0]
    flat: list[Node] = []
    for term in terms:
        flat.extend(term[1] if term[0] == operator else (term,))
    return (operator, tuple(flat))


def parse(sql: str) -> Node:
    return _Parser(sql).parse()


def _children(node: Node) -> tuple[Node, ...]:
    kind = node[0]
    if kind in ("AND", "OR"):
        return tuple(node[1])
    if kind in ("NOT", "IS NULL", "IS NOT NULL", "IN"):
        return (node[1],)
    if kind == "compare":
        return (node[2], node[3])
    return ()


def _value_lists(node: Node) -> dict[str, frozenset[str]]:
    """The allowed values of every `column IN (...)` in the expression, by column."""
    found: dict[str, frozenset[str]] = {}
    if node[0] == "IN" and node[1][0] == "column":
        found[node[1][1]] = node[2]
    for child in _children(node):
        for column, values in _value_lists(child).items():
            found[column] = found.get(column, frozenset()) | values
    return found


def render(node: Node) -> str:
    """A node as SQL, for messages."""
    kind = node[0]
    if kind in ("AND", "OR"):
        return f" {kind} ".join(
            f"({render(t)})" if t[0] in ("AND", "OR") else render(t) for t in node[1]
        )
    if kind == "NOT":
        return f"NOT {render(node[1])}"
    if kind in ("IS NULL", "IS NOT NULL"):
        return f"{render(node[1])} {kind}"
    if kind == "IN":
        return f"{render(node[1])} IN ({_quoted(node[2])})"
    if kind == "compare":
        return f"{render(node[2])} {node[1]} {render(node[3])}"
    if kind == "string":
        return "'" + node[1].replace("'", "''") + "'"
    return str(node[1])


def _quoted(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


# ---------------------------------------------------------------------------------------------
# Comparing


def _shortened(name: str, limit: int | None) -> str:
    """`name` as SQLAlchemy shortens a generated name longer than the database allows: cut,
    then `_` and the last four hex digits of the name's MD5."""
    if limit is None or len(name) <= limit:
        return name
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return f"{name[: limit - 8]}_{digest[-4:]}"


def names_in_database(check: Check, limit: int | None) -> list[str]:
    """The names a declared CHECK may carry in a database: its own, or the doubled name that
    migrations 0001–0006 gave it."""
    own = _shortened(check.name, limit)
    doubled = _shortened(f"ck_{check.table}_{check.name}", limit)
    return [own] if own == doubled else [own, doubled]


def differences(
    declared: Iterable[Check], found: Iterable[Check], name_limit: int | None
) -> list[str]:
    """What differs between the tables' CHECKs and the database's, one line per difference."""
    problems: list[str] = []
    by_key = {(c.table, c.name): c for c in found}
    matched: set[tuple[str, str]] = set()
    for want in declared:
        if not want.name:
            problems.append(f"{want.table}: a CHECK has no name in the tables: {want.sql}")
            continue
        keys = [
            (want.table, n)
            for n in names_in_database(want, name_limit)
            if (want.table, n) in by_key
        ]
        if not keys:
            problems.append(
                f"{want.table}: CHECK {want.name} is missing from the database "
                f"(the tables have {want.sql})"
            )
            continue
        if len(keys) > 1:
            problems.append(
                f"{want.table}: CHECK {want.name} is in the database "
                f"{len(keys)} times, as {', '.join(n for _, n in keys)}"
            )
        for key in keys:
            matched.add(key)
            problems.extend(_compare(want, by_key[key]))
    for key, got in by_key.items():
        if key not in matched:
            problems.append(
                f"{got.table}: CHECK {got.name or '(unnamed)'} is in the database but not in "
                f"the tables: {got.sql}"
            )
    return problems


def _compare(want: Check, got: Check) -> list[str]:
    label = f"{want.table}: CHECK {want.name}"
    if got.name != want.name:
        label += f" (named {got.name} in the database)"
    try:
        declared, held = parse(want.sql), parse(got.sql)
    except Unreadable as exc:
        return [f"{label}: {exc}"]
    problems = []
    declared_lists, held_lists = _value_lists(declared), _value_lists(held)
    for column in sorted(declared_lists.keys() | held_lists.keys()):
        missing = declared_lists.get(column, frozenset()) - held_lists.get(column, frozenset())
        extra = held_lists.get(column, frozenset()) - declared_lists.get(column, frozenset())
        if missing:
            problems.append(
                f"{label}: {column} values missing from the database: {_quoted(missing)}"
            )
        if extra:
            problems.append(f"{label}: {column} values the tables do not have: {_quoted(extra)}")
    if not problems and declared != held:
        problems.append(
            f"{label}: the tables have {render(declared)}; the database has {render(held)}"
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Fresh databases


def _migrate_and_read(db: Database) -> Migrated:
    with db.engine.connect() as conn:
        assert inspect(conn).get_table_names() == [], "the database is not empty"
    assert migrate(db) == head_revision()
    return read_checks(db)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def migrated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Migrated]:
    """The CHECKs of an empty database freshly migrated to head: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("checks") / "fresh.db"
        db = connect(f"sqlite:///{path}")
        try:
            yield _migrate_and_read(db)
        finally:
            db.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    db = server.connect(server.create("carewatch_checks"))
    try:
        yield _migrate_and_read(db)
    finally:
        db.dispose()


# ---------------------------------------------------------------------------------------------
# Tests


def test_a_fresh_database_holds_exactly_the_checks_the_tables_declare(migrated: Migrated) -> None:
    assert migrated.checks, "no CHECK was read from the database"
    problems = differences(declared_checks(), migrated.checks, migrated.name_limit)
    assert problems == [], f"{migrated.dialect}:\n" + "\n".join(problems)


# The comparison itself can fail: each test below takes the real CHECKs of one table, as the
# database gave them, changes one, and compares them with that table's declared CHECKs (one
# table, so that a real difference elsewhere does not blur what each test shows).


def _held(migrated: Migrated, table: str, fragment: str) -> Check:
    """The one CHECK of `table` in the database whose text contains `fragment`."""
    found = [c for c in migrated.checks if c.table == table and fragment in c.sql]
    assert len(found) == 1, found
    return found[0]


def _compared(migrated: Migrated, old: Check, *new: Check) -> list[str]:
    """The differences once the database's `old` is replaced by `new` (none: dropped)."""
    declared = [c for c in declared_checks() if c.table == old.table]
    held = [c for c in migrated.checks if c.table == old.table and c != old]
    return differences(declared, [*held, *new], migrated.name_limit)


def test_a_value_missing_from_the_database_is_named(migrated: Migrated) -> None:
    held = _held(migrated, "ratings", "'Inspected but not rated'")
    cut = re.sub(r",\s*'Inspected but not rated'(::character varying)?", "", held.sql)
    assert "Inspected" not in cut
    assert _compared(migrated, held, replace(held, sql=cut)) == [
        "ratings: CHECK ck_ratings_rating_known (named ck_ratings_ck_ratings_rating_known in the "
        "database): rating values missing from the database: 'Inspected but not rated'"
    ]


def test_a_value_the_tables_lack_is_named(migrated: Migrated) -> None:
    held = _held(migrated, "plan_verdicts", "'accepted'")
    widened = held.sql.replace("'accepted'", "'accepted', 'withdrawn'", 1)
    assert _compared(migrated, held, replace(held, sql=widened)) == [
        "plan_verdicts: CHECK ck_plan_verdicts_verdict_given: verdict values the tables do not "
        "have: 'withdrawn'"
    ]


def test_a_changed_expression_without_values_is_reported(migrated: Migrated) -> None:
    held = _held(migrated, "plan_evidence_files", "size >= 0")
    changed = held.sql.replace("size >= 0", "size > 0")
    assert _compared(migrated, held, replace(held, sql=changed)) == [
        "plan_evidence_files: CHECK ck_plan_evidence_files_size_not_negative (named "
        "ck_plan_evidence_files_ck_plan_evidence_files_size_not_negative in the database): the "
        "tables have size >= 0; the database has size > 0"
    ]


def test_checks_missing_from_or_extra_in_the_database_are_reported(migrated: Migrated) -> None:
    held = _held(migrated, "reports", "framework")
    assert _compared(migrated, held) == [
        "reports: CHECK ck_reports_framework_known is missing from the database (the tables "
        "have framework IN ('legacy', 'saf'))"
    ]
    stray = replace(held, name="ck_reports_framework_was_known")
    assert _compared(migrated, held, held, stray) == [
        "reports: CHECK ck_reports_framework_was_known is in the database but not in the "
        f"tables: {held.sql}"
    ]
    twice = replace(held, name="ck_reports_framework_known")
    assert _compared(migrated, held, held, twice) == [
        "reports: CHECK ck_reports_framework_known is in the database 2 times, as "
        "ck_reports_framework_known, ck_reports_ck_reports_framework_known"
    ]
