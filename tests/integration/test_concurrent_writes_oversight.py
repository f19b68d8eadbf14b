"""Two writers recording the same oversight fact at the same moment, on SQLite and
PostgreSQL: both succeed and one row is stored, where a select-then-insert let the second
fail on the unique index. Each writer runs on its own engine (`together`), a few rounds with
different natural keys, so the writers really meet.

Two regime decisions that are each legal alone but not together are checked one after the
other: one is stored and the other refused, never both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from carewatch.domain.oversight import (
    Condition,
    IllegalTransition,
    Participant,
    StakeholderPosition,
    WarningRequirement,
)
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.services import oversight
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables import Base
from carewatch.store.tables.core import IMPORTS
from tests.actors import OPERATOR
from tests.integration.together import succeeded, together

ROUNDS = 3
DAYS = [dt.date(2021, 3, 1) + dt.timedelta(days=7 * n) for n in range(ROUNDS)]


def rows(db: Database, table: str) -> int:
    t = Base.metadata.tables[table]
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t)).scalar_one())


def trust(db: Database) -> None:
    record_provider(
        db=db, provider_id="RMY", name="Mental health trust", synthetic=True, actor=OPERATOR
    )


def twice(db: Database, write: Any) -> list[Any]:
    return succeeded(together(db, write, write))


def test_the_same_regime_decision_twice(db: Database) -> None:
    trust(db)
    for n, day in enumerate(DAYS):
        regime_from, regime_to = (
            ("none", "quality_special_measures")
            if n % 2 == 0
            else ("quality_special_measures", "none")
        )
        kind = "entered" if n % 2 == 0 else "exited"
        twice(
            db,
            lambda d, day=day, kind=kind, f=regime_from, t=regime_to: (
                oversight.record_regime_decision(
                    db=d,
                    provider_id="RMY",
                    kind=kind,
                    regime_from=f,
                    regime_to=t,
                    date=day,
                    actor=OPERATOR,
                )
            ),
        )
    assert rows(db, "oversight_decisions") == ROUNDS
    history = oversight.oversight_record(db=db, provider_id="RMY").history
    assert [d.date for d in history.decisions] == DAYS


def test_two_decisions_that_do_not_fit_together_are_not_both_stored(db: Database) -> None:
    trust(db)
    for n, day in enumerate(DAYS):
        provider = f"R{n:02d}"
        record_provider(
            db=db, provider_id=provider, name=f"Trust {n}", synthetic=True, actor=OPERATOR
        )
        # Each enters special measures from none: alone each is legal; together the later
        # one starts from a regime the trust is no longer in.
        outcomes = together(
            db,
            *[
                lambda d, on=on, provider=provider: oversight.record_regime_decision(
                    db=d,
                    provider_id=provider,
                    kind="entered",
                    regime_from="none",
                    regime_to="quality_special_measures",
                    date=on,
                    actor=OPERATOR,
                )
                for on in (day, day + dt.timedelta(days=1))
            ],
        )
        refused = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], IllegalTransition), outcomes
        record = oversight.oversight_record(db=db, provider_id=provider)
        assert len(record.history.decisions) == 1


def test_the_same_requirement_notice_twice(db: Database) -> None:
    trust(db)
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_requirement_notice(
                db=d,
                provider_id="RMY",
                regulation="12",
                issued=day,
                core_service="Wards",
                actor=OPERATOR,
            ),
        )
    assert rows(db, "oversight_enforcement") == ROUNDS


def test_the_same_warning_notice_twice(db: Database) -> None:
    trust(db)
    requirements = [
        WarningRequirement("Staffing", dt.date(2022, 5, 31)),
        WarningRequirement("Ligatures", dt.date(2022, 6, 30)),
    ]
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_warning_notice(
                db=d, provider_id="RMY", issued=day, requirements=requirements, actor=OPERATOR
            ),
        )
    assert rows(db, "oversight_enforcement") == ROUNDS
    assert rows(db, "oversight_requirements") == 2 * ROUNDS


def test_the_same_condition_twice(db: Database) -> None:
    trust(db)
    for day in DAYS:
        condition = Condition("No admissions to two wards", day)
        twice(
            db,
            lambda d, c=condition: oversight.record_other_enforcement(
                db=d, provider_id="RMY", action=c, actor=OPERATOR
            ),
        )
    assert rows(db, "oversight_enforcement") == ROUNDS


def test_the_same_escalation_twice(db: Database) -> None:
    trust(db)
    positions = [StakeholderPosition("Chief Inspector of Hospitals", "CQC", "Not ruled out")]
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_escalation(
                db=d,
                provider_id="RMY",
                option="special_administration",
                proposed_by="MP for Norwich North",
                date=day,
                positions=positions,
                actor=OPERATOR,
            ),
        )
    assert rows(db, "oversight_escalations") == ROUNDS


def test_the_same_meeting_twice(db: Database) -> None:
    trust(db)
    people = [Participant("Chief Inspector of Hospitals", "CQC")]
    absent = [Participant("Chief executive", "the trust")]
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_meeting(
                db=d,
                provider_id="RMY",
                date=day,
                format="video",
                title="Quality summit",
                participants=people,
                absent=absent,
                actor=OPERATOR,
            ),
        )
    assert rows(db, "oversight_meetings") == ROUNDS
    assert rows(db, "oversight_participants") == 2 * ROUNDS


def test_the_same_statement_twice(db: Database) -> None:
    trust(db)
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_statement(
                db=d,
                provider_id="RMY",
                who="MP for Norwich North",
                organisation="House of Commons",
                date=day,
                text="Calls for a special administrator.",
                actor=OPERATOR,
            ),
        )
    assert rows(db, "oversight_statements") == ROUNDS


def test_the_same_commitment_twice(db: Database) -> None:
    trust(db)
    for day in DAYS:
        twice(
            db,
            lambda d, day=day: oversight.record_commitment(
                db=d,
                provider_id="RMY",
                what="Face-to-face meeting",
                by="NHS England",
                made_on=day,
                due=day + dt.timedelta(days=30),
                actor=OPERATOR,
            ),
        )
    assert rows(db, "oversight_commitments") == ROUNDS
    commitments = oversight.oversight_record(db=db, provider_id="RMY").commitments
    assert {c.status.value for c in commitments} == {"open"}


HEADER = (
    "Trust_code,Trust_name,Trust_type,Quarter,Segment,Average_metric_score,"
    "Financial_override,League_table_position"
)


def test_the_same_segmentation_file_imported_twice(db: Database, tmp_path: Path) -> None:
    quarters = ["Q1 2025/26", "Q2 2025/26", "Q3 2025/26"][:ROUNDS]
    for n, quarter in enumerate(quarters):
        path = tmp_path / f"segmentation-{n}.csv"
        path.write_text(
            "\n".join(
                [
                    HEADER,
                    f"RMY,Norfolk and Suffolk,Non-acute,{quarter},3,2.61,No,2",
                    f"RAA,Trust A,Non-acute,{quarter},1,1.90,No,1",
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        file = read_nof_segmentation(path)
        results = twice(
            db, lambda d, f=file: oversight.import_segmentation(db=d, file=f, actor=OPERATOR)
        )
        assert all(r.rows == 2 for r in results)
    assert rows(db, "nof_segmentation") == 2 * ROUNDS
    assert rows(db, IMPORTS.name) == 2 * ROUNDS
