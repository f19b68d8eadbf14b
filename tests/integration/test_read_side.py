"""Grids, trust lists, locations and histories as the pages and API read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from carewatch.domain.ratings import Aspect, KeyQuestion, Rating
from carewatch.ingest.records import ProviderRecord
from carewatch.services import ratings as service
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.conftest import empty_all_tables
from tests.integration.builders import (
    DAY,
    INAD,
    KQS,
    RI,
    RMY,
    G,
    acute_world,
    batch,
    mental_health_world,
    rating,
)


def test_mental_health_grid_has_service_rows_and_a_trust_row(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    grid = service.ratings_grid(db=db, subject_id="RMY", as_of=dt.date(2019, 6, 1))
    assert [r.label for r in grid.rows] == ["Service A", "Service B"]
    assert {r.kind for r in grid.rows} == {"service"}
    assert grid.summary_row is not None
    assert grid.summary_row.kind == "trust"
    assert list(grid.summary_row.cells)[:6] == [*KQS, Aspect.OVERALL]
    assert grid.trust_type == "mental_health"
    safe = grid.summary_row.cells[Aspect.SAFE]
    assert safe.report_url == "https://www.cqc.org.uk/provider/RMY/reports/AP1"


def test_acute_grid_has_location_rows_and_the_locations_own_grid(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    grid = service.ratings_grid(db=db, subject_id="RXX", as_of=dt.date(2019, 6, 1))
    assert [(r.label, r.location_id) for r in grid.rows] == [
        ("North Hospital", "RXX01"),
        ("South Hospital", "RXX02"),
    ]
    assert grid.summary_row is not None
    assert Aspect.COMBINED in grid.summary_row.cells
    north = grid.rows[0].cells[Aspect.OVERALL]
    assert north.report_url == "https://example.org/l1"  # the report's own url
    location = service.ratings_grid(db=db, subject_id="RXX01", as_of=dt.date(2019, 6, 1))
    assert location.subject_kind == "location"
    assert [r.label for r in location.rows] == ["Maternity", "Surgery"]
    assert location.summary_row is not None
    assert location.summary_row.kind == "location"


@pytest.mark.parametrize(
    ("value", "fresh_until", "stale_from"),
    [
        (Rating.INADEQUATE, dt.date(2020, 1, 10), dt.date(2020, 1, 11)),
        (Rating.REQUIRES_IMPROVEMENT, dt.date(2021, 1, 10), dt.date(2021, 1, 11)),
        (Rating.GOOD, dt.date(2022, 7, 10), dt.date(2022, 7, 11)),
        (Rating.OUTSTANDING, dt.date(2024, 1, 10), dt.date(2024, 1, 11)),
    ],
)
def test_stale_after_cqcs_normal_reinspection_interval(
    db: Database, value: Rating, fresh_until: dt.date, stale_from: dt.date
) -> None:
    service.import_batch(
        db=db, batch=batch(rating("RMY", Aspect.OVERALL, value), providers=[RMY]), actor=OPERATOR
    )
    for as_of, stale in ((fresh_until, False), (stale_from, True)):
        grid = service.ratings_grid(db=db, subject_id="RMY", as_of=as_of)
        assert grid.summary_row is not None
        assert grid.summary_row.cells[Aspect.OVERALL].stale is stale


def test_grid_as_of_shows_what_stood_then_and_marks_inherited(db: Database) -> None:
    records = [
        rating("RMY", Aspect.OVERALL, INAD, day=dt.date(2015, 2, 4), inherited=True),
        rating("RMY", Aspect.OVERALL, RI, day=DAY),
    ]
    service.import_batch(db=db, batch=batch(*records, providers=[RMY]), actor=OPERATOR)
    then = service.ratings_grid(db=db, subject_id="RMY", as_of=dt.date(2016, 1, 1)).summary_row
    now = service.ratings_grid(db=db, subject_id="RMY", as_of=dt.date(2019, 6, 1)).summary_row
    assert then is not None
    assert now is not None
    assert (then.cells[Aspect.OVERALL].rating, then.cells[Aspect.OVERALL].inherited) == (INAD, True)
    assert (now.cells[Aspect.OVERALL].rating, now.cells[Aspect.OVERALL].inherited) == (RI, False)


def test_history_one_entry_per_report_date_newest_first(db: Database) -> None:
    records = [
        rating("RMY", Aspect.OVERALL, INAD, day=dt.date(2015, 2, 4), link="A"),
        rating("RMY", Aspect.SAFE, INAD, day=dt.date(2015, 2, 4), link="A"),
        rating("RMY", Aspect.WELL_LED, INAD, day=dt.date(2015, 2, 4), link="A"),
        rating("RMY", Aspect.OVERALL, RI, day=dt.date(2020, 1, 22), link="B"),
        rating("RMY", Aspect.CARING, G, day=dt.date(2020, 1, 22), link="B"),
        rating("RMY", Aspect.SAFE, G, service="Service A", day=dt.date(2021, 1, 1)),
    ]
    service.import_batch(db=db, batch=batch(*records, providers=[RMY]), actor=OPERATOR)
    history = service.rating_history(db=db, subject_id="RMY")
    assert [h.report_date for h in history] == [dt.date(2020, 1, 22), dt.date(2015, 2, 4)]
    assert history[0].overall is RI
    assert history[0].key_questions == {KeyQuestion.CARING: G}
    assert history[1].key_questions == {KeyQuestion.SAFE: INAD, KeyQuestion.WELL_LED: INAD}
    assert history[1].report_link_id == "A"


def test_list_trusts_filters_and_pages(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    others = [
        ProviderRecord(
            f"R{n:02d}", f"Trust {n:02d}", "NHS Healthcare Organisation", "community", "North West"
        )
        for n in range(5)
    ]
    care = ProviderRecord("1-999", "A care home company", "Social Care Org")
    service.import_batch(db=db, batch=batch(providers=[*others, care]), actor=OPERATOR)
    everything = service.list_trusts(db=db)
    assert everything.count == 7  # the care home provider is not a trust
    page = service.list_trusts(db=db, offset=2, limit=2)
    assert [t.provider_id for t in page.data] == [t.provider_id for t in everything.data[2:4]]
    assert service.list_trusts(db=db, trust_type="acute").data[0].provider_id == "RXX"
    assert service.list_trusts(db=db, region="north west").count == 5
    assert [t.provider_id for t in service.list_trusts(db=db, search="norfolk").data] == ["RMY"]
    assert [t.provider_id for t in service.list_trusts(db=db, search="rxx").data] == ["RXX"]
    inadequate = service.list_trusts(db=db, rating="inadequate")
    assert [t.provider_id for t in inadequate.data] == ["RMY"]
    rxx = service.get_trust(db=db, provider_id="RXX")
    assert (rxx.location_count, rxx.report_count) == (2, 2)
    assert rxx.overall is not None
    assert rxx.overall.rating is G
    with pytest.raises(ValueError, match="limit"):
        service.list_trusts(db=db, limit=0)


def test_list_locations_with_their_overall(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    locations = service.list_locations(db=db, provider_id="RXX")
    assert [(s.name, s.overall.rating if s.overall else None) for s in locations] == [
        ("North Hospital", G),
        ("South Hospital", RI),
    ]


def test_unknown_ids_raise_not_found(db: Database) -> None:
    for call in (
        lambda: service.ratings_grid(db=db, subject_id="NOPE"),
        lambda: service.get_trust(db=db, provider_id="NOPE"),
        lambda: service.list_locations(db=db, provider_id="NOPE"),
        lambda: service.rating_history(db=db, subject_id="NOPE"),
    ):
        with pytest.raises(NotFound):
            call()


def test_sqlite_and_postgresql_store_and_read_the_same(
    sqlite_database: Database, postgres_database: Database
) -> None:
    world = mental_health_world()
    changed = replace(
        world, ratings=(*world.ratings, rating("RMY", Aspect.SAFE, G, day=dt.date(2020, 1, 1)))
    )
    results = []
    for db in (sqlite_database, postgres_database):
        empty_all_tables(db)
        try:
            service.import_batch(db=db, batch=changed, actor=OPERATOR)
            service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
            results.append(
                (
                    service.ratings_grid(db=db, subject_id="RMY", as_of=dt.date(2021, 1, 1)),
                    service.ratings_grid(db=db, subject_id="RXX", as_of=dt.date(2021, 1, 1)),
                    service.audit(db=db, include_history=True),
                    service.rating_history(db=db, subject_id="RMY"),
                    service.list_trusts(db=db),
                )
            )
        finally:
            empty_all_tables(db)
    assert results[0] == results[1]
