"""The audit at national scale: a fixed number of statements, and the same findings when it
reads only the locations with a departing aggregate.

The audit finds departures through the proposals stored beside the ratings and reads only
the ratings of the locations (and providers) where one departs. The statements it runs are
counted on the engine (SQLAlchemy's `before_cursor_execute`) with a few providers and again
with five times as many: an audit that read one provider or location at a time would run
more the second time. Every expected finding is worked out by hand: five Good key questions
propose Good, so a published Requires improvement or Inadequate beside them departs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from carewatch.domain.ratings import Aspect
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import ratings as service
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.integration.builders import INAD, RI, G, acute_world, batch, five, rating

FEW, MANY = 4, 20
MOST_STATEMENTS = 7
"""The most statements an audit may run, whatever the number of providers: the subject's
look-up (two at most), the ratings, the locations, the core services' names, the providers'
names, and the BEGIN that SQLite's connections send."""


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Collect every SQL statement run on `db`'s engine while the block runs."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def add_providers(db: Database, start: int, count: int) -> None:
    """`count` providers AU<n>, each with a hospital AU<n>01 whose key questions are all Good
    and whose overall is published Requires improvement (one departure); every second one
    also with a second hospital AU<n>02, all Good, and its own key questions published Good
    but safe Requires improvement, against its hospitals' Good and Good (a second departure,
    at provider level, that makes the audit read the whole provider)."""
    providers, locations, records = [], [], []
    for n in range(start, start + count):
        pid = f"AU{n:03d}"
        providers.append(
            ProviderRecord(pid, f"Audit Scale {n:03d} NHS Trust", "NHS Healthcare Organisation")
        )
        locations.append(LocationRecord(f"{pid}01", pid, name=f"Hospital {n:03d} North"))
        records += [
            *five(pid, [G] * 5, location=f"{pid}01", link=None),
            rating(pid, Aspect.OVERALL, RI, location=f"{pid}01", link=None),
        ]
        if n % 2 == 0:
            locations.append(LocationRecord(f"{pid}02", pid, name=f"Hospital {n:03d} South"))
            records += [
                *five(pid, [G] * 5, location=f"{pid}02", link=None),
                rating(pid, Aspect.OVERALL, G, location=f"{pid}02", link=None),
                *five(pid, [RI, G, G, G, G], link=None),
            ]
    service.import_batch(
        db=db,
        actor=OPERATOR,
        batch=batch(*records, providers=providers, locations=locations, source=f"au{start}.csv"),
    )


AUDITS: dict[str, dict[str, Any]] = {
    "everything": {},
    "everything with history": {"include_history": True},
    "a provider": {"subject_id": "AU000"},
    "a location": {"subject_id": "AU00001"},
}


def statement_counts(db: Database) -> dict[str, int]:
    counts = {}
    for name, arguments in AUDITS.items():
        with counting(db) as statements:
            service.audit(db=db, **arguments)
        counts[name] = len(statements)
    return counts


def test_the_audit_runs_the_same_statements_for_few_and_many_providers(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    add_providers(db, 0, FEW)
    few = statement_counts(db)
    found_few = len([f for f in service.audit(db=db) if f.subject_id.startswith("AU")])
    add_providers(db, FEW, MANY - FEW)
    many = statement_counts(db)
    found_many = len([f for f in service.audit(db=db) if f.subject_id.startswith("AU")])

    # The counts are of audits that found every added provider's departures: one per
    # provider, and one more for every second provider.
    assert (found_few, found_many) == (FEW + FEW // 2, MANY + MANY // 2)
    assert many == few
    over = {name: n for name, n in many.items() if n > MOST_STATEMENTS}
    assert not over, f"audits over {MOST_STATEMENTS} statements: {over}"


def test_a_provider_level_departure_is_explained_by_its_locations(db: Database) -> None:
    add_providers(db, 0, 2)
    findings = {(f.subject_id, f.row_label, f.aspect): f for f in service.audit(db=db)}

    assert set(findings) == {
        ("AU000", "Audit Scale 000 NHS Trust", Aspect.SAFE),
        ("AU00001", "Hospital 000 North", Aspect.OVERALL),
        ("AU00101", "Hospital 001 North", Aspect.OVERALL),
    }
    safe = findings[("AU000", "Audit Scale 000 NHS Trust", Aspect.SAFE)]
    assert (safe.published, safe.proposed) == (RI, G)
    # The provider's safe is built from its hospitals' safe, named as CQC names them.
    assert safe.underlying == {"Hospital 000 North": G, "Hospital 000 South": G}
    north = findings[("AU00101", "Hospital 001 North", Aspect.OVERALL)]
    assert north.underlying == {
        "Safe": G, "Effective": G, "Caring": G, "Responsive": G, "Well-led": G,
    }  # fmt: skip


OLD = dt.date(2016, 3, 1)
HISTORY_PROVIDERS = [
    ProviderRecord("HC1", "History Care One", "Independent Healthcare Org"),
    ProviderRecord("HC2", "History Care Two", "Independent Healthcare Org"),
]
HISTORY_LOCATIONS = [
    LocationRecord("HC1A", "HC1", name="One Current"),
    LocationRecord("HC1B", "HC1", name="One Superseded"),
    LocationRecord("HC2A", "HC2", name="Two Historic"),
]


def history_world() -> list[Any]:
    """HC1 has a current hospital HC1A (overall departs) and a hospital HC1B whose ratings
    CQC no longer shows (they would depart if they stood); HC2 has no current rating at
    all, so its latest ratings stand, and its overall departs."""
    return [
        *five("HC1", [G] * 5, location="HC1A", link=None),
        rating("HC1", Aspect.OVERALL, RI, location="HC1A", link=None),
        *five("HC1", [G] * 5, location="HC1B", day=OLD, link=None, current=False),
        rating("HC1", Aspect.OVERALL, INAD, location="HC1B", day=OLD, link=None, current=False),
        *five("HC2", [G] * 5, location="HC2A", day=OLD, link=None, current=False),
        rating("HC2", Aspect.OVERALL, RI, location="HC2A", day=OLD, link=None, current=False),
    ]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (None, {"HC1A", "HC2A"}),
        ("HC1", {"HC1A"}),
        ("HC1A", {"HC1A"}),
        ("HC1B", set()),
        ("HC2", {"HC2A"}),
        ("HC2A", {"HC2A"}),
    ],
)
def test_units_stand_as_cqc_shows_them_whatever_the_audit_reads(
    db: Database, subject: str | None, expected: set[str]
) -> None:
    service.import_batch(
        db=db,
        actor=OPERATOR,
        batch=batch(*history_world(), providers=HISTORY_PROVIDERS, locations=HISTORY_LOCATIONS),
    )
    findings = service.audit(db=db, subject_id=subject)
    assert {f.subject_id for f in findings} == expected
    assert all(f.aspect is Aspect.OVERALL and f.proposed is G for f in findings)


def test_history_includes_an_earlier_departure_the_current_rating_put_right(
    db: Database,
) -> None:
    records = [
        *five("HC1", [G] * 5, location="HC1A", link=None),
        rating("HC1", Aspect.OVERALL, RI, location="HC1A", day=OLD, link=None, current=False),
        rating("HC1", Aspect.OVERALL, G, location="HC1A", link=None),
    ]
    service.import_batch(
        db=db,
        actor=OPERATOR,
        batch=batch(*records, providers=HISTORY_PROVIDERS[:1], locations=HISTORY_LOCATIONS[:1]),
    )
    assert service.audit(db=db) == []
    [earlier] = service.audit(db=db, include_history=True)
    assert (earlier.subject_id, earlier.published, earlier.published_date) == ("HC1A", RI, OLD)
    assert earlier.proposed is G
