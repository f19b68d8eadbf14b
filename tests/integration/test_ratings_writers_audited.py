"""Who may write CQC's ratings, on SQLite and PostgreSQL: every writer of the ratings area
checks the actor before it writes and appends exactly one audit event naming them; an import
that changes nothing appends none; a refusal stores nothing and appends nothing.

The world: an import of RMY (mental health trust, two services, dated 2019-01-10, report
AP1), then one of each single writer on RMY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from carewatch.domain.access import PUBLIC, Actor, Forbidden, SignInRequired
from carewatch.services import ratings
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored, user
from tests.integration.builders import mental_health_world

REGULATOR = user("regulator", "CQC")
DAY = dt.date(2019, 1, 10)


def test_an_import_appends_one_event_and_the_same_file_again_none(db: Database) -> None:
    before = head(db)
    summary = ratings.import_batch(db=db, batch=mental_health_world(), actor=REGULATOR)
    (event,) = appended(db, before)
    assert (event.actor, event.organisation, event.action) == (
        "regulator1@cqc.example",
        "CQC",
        "ratings.import",
    )
    assert (event.entity, event.entity_id) == ("import", str(summary.import_id))
    again = head(db)
    assert ratings.import_batch(db=db, batch=mental_health_world(), actor=REGULATOR).new == 0
    assert appended(db, again) == []


WRITES: list[tuple[str, Callable[[Database, Actor], object], str, str]] = [
    (
        "ratings.provider",
        lambda db, a: ratings.record_provider(db=db, actor=a, provider_id="RMY", region="East"),
        "provider",
        "RMY",
    ),
    (
        "ratings.location",
        lambda db, a: ratings.record_location(
            db=db, actor=a, location_id="RMY01", provider_id="RMY", name="Hellesdon Hospital"
        ),
        "location",
        "RMY01",
    ),
    (
        "ratings.report",
        lambda db, a: ratings.record_report(
            db=db, actor=a, link_id="AP2", provider_id="RMY", report_date=DAY
        ),
        "report",
        "AP2",
    ),
    (
        "ratings.rating",
        lambda db, a: ratings.record_rating(
            db=db,
            actor=a,
            provider_id="RMY",
            aspect="safe",
            rating="Good",
            rating_date=dt.date(2020, 1, 1),
            service="Service A",
        ),
        "provider",
        "RMY",
    ),
    (
        "ratings.reaggregate",
        lambda db, a: ratings.reaggregate(db=db, actor=a, provider_id="RMY"),
        "provider",
        "RMY",
    ),
]

ENFORCE: tuple[str, Callable[[Database, Actor], object], str] = (
    "ratings.enforcement",
    lambda db, a: ratings.record_enforcement(
        db=db,
        actor=a,
        provider_id="RMY",
        key_question="safe",
        kind="warning_notice",
        served_date=DAY,
    ),
    "enforcement",
)


@pytest.mark.parametrize(("action", "write", "entity", "entity_id"), WRITES)
def test_each_single_writer_appends_one_event_naming_the_regulator(
    db: Database,
    action: str,
    write: Callable[[Database, Actor], object],
    entity: str,
    entity_id: str,
) -> None:
    ratings.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    before = head(db)
    write(db, REGULATOR)
    (event,) = appended(db, before)
    assert (event.actor, event.action, event.entity, event.entity_id) == (
        "regulator1@cqc.example",
        action,
        entity,
        entity_id,
    )


def test_enforcement_appends_one_event_with_its_id(db: Database) -> None:
    ratings.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    action, write, entity = ENFORCE
    before = head(db)
    write(db, REGULATOR)
    (event,) = appended(db, before)
    assert (event.actor, event.action, event.entity) == ("regulator1@cqc.example", action, entity)
    assert event.entity_id.isdigit()


def test_the_operator_is_audited_by_their_account(db: Database) -> None:
    before = head(db)
    ratings.import_batch(db=db, batch=mental_health_world(), actor=Actor.operator("deploy"))
    assert [(e.actor, e.organisation) for e in appended(db, before)] == [("operator:deploy", "")]


REFUSED_WRITES = [*((a, w) for a, w, _, _ in WRITES), ENFORCE[:2]]
# Each writer with someone it refuses: the public must sign in; only the regulator records
# ratings and enforcement.
REFUSALS: list[tuple[str, Callable[[Database, Actor], object], Actor, type[Exception]]] = [
    *((f"{a}-public", w, PUBLIC, SignInRequired) for a, w in REFUSED_WRITES),
    *(
        (f"{a}-{role}", w, user(role, organisation), Forbidden)
        for role, organisation in (
            ("trust_editor", "RMY"),
            ("oversight", "NHSE"),
            ("trust_viewer", "RMY"),
        )
        for a, w in REFUSED_WRITES
    ),
]


@pytest.mark.parametrize(
    ("write", "who", "error"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_a_refused_writer_stores_nothing_and_appends_nothing(
    db: Database,
    write: Callable[[Database, Actor], object],
    who: Actor,
    error: type[Exception],
) -> None:
    ratings.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    before, was = head(db), stored(db)
    with pytest.raises(error):
        write(db, who)
    assert (head(db), stored(db)) == (before, was)


@pytest.mark.parametrize(
    "who",
    [PUBLIC, user("trust_editor", "RMY"), user("oversight", "NHSE")],
    ids=["public", "trust_editor", "oversight"],
)
def test_an_import_refused_stores_nothing(db: Database, who: Actor) -> None:
    before, was = head(db), stored(db)
    with pytest.raises((SignInRequired, Forbidden)):
        ratings.import_batch(db=db, batch=mental_health_world(), actor=who)
    assert (head(db), stored(db)) == (before, was)
