"""Storing NHS Oversight Framework segmentation and reading league tables, on SQLite and
PostgreSQL: idempotent imports, revisions counted, ranking on read, and the checks shown
beside a trust's place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from carewatch.domain.oversight.league import Quarter
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.services.errors import NotFound
from carewatch.services.oversight import (
    import_segmentation,
    peer_league_table,
    record_regime_decision,
    trust_segmentation,
)
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables.core import IMPORTS
from carewatch.store.tables.league import NOF_SEGMENTATION
from tests.actors import OPERATOR

HEADER = (
    "Trust_code,Trust_name,Trust_type,Quarter,Segment,Average_metric_score,"
    "Financial_override,League_table_position"
)


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


Q2 = (
    "RMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3,2.61,No,2",
    "RAA,Trust A,Non-acute,Q2 2025/26,1,1.90,No,1",
    "RBB,Trust B,Non-acute,Q2 2025/26,2,2.10,Yes,3",
    "RCC,Trust C,Acute,Q2 2025/26,4,3.30,No,1",
)


def count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(NOF_SEGMENTATION)).scalar_one())


def test_import_is_idempotent_and_a_revision_is_counted(db: Database, tmp_path: Path) -> None:
    first = import_segmentation(
        db=db, file=read_nof_segmentation(write(tmp_path / "q2.csv", *Q2)), actor=OPERATOR
    )
    assert (first.rows, first.new, first.changed, first.unchanged) == (4, 4, 0, 0)
    again = import_segmentation(
        db=db, file=read_nof_segmentation(tmp_path / "q2.csv"), actor=OPERATOR
    )
    assert (again.new, again.changed, again.unchanged) == (0, 0, 4)
    revised = write(
        tmp_path / "q2-revised.csv", *Q2[:2], "RBB,Trust B,Non-acute,Q2 2025/26,3,2.10,Yes,3", Q2[3]
    )
    third = import_segmentation(db=db, file=read_nof_segmentation(revised), actor=OPERATOR)
    assert (third.new, third.changed, third.unchanged) == (0, 1, 3)
    assert count(db) == 4
    with db.engine.connect() as conn:
        logged = conn.execute(select(IMPORTS.c.kind, IMPORTS.c.rows_changed)).all()
        segment, file_name = conn.execute(
            select(NOF_SEGMENTATION.c.segment, NOF_SEGMENTATION.c.file_name).where(
                NOF_SEGMENTATION.c.provider_id == "RBB"
            )
        ).one()
    assert [tuple(r) for r in logged] == [("nof-segmentation", 0)] * 2 + [("nof-segmentation", 1)]
    assert (segment, file_name) == (3, "q2-revised.csv")


def test_league_table_ranks_the_peer_group_on_read(db: Database, tmp_path: Path) -> None:
    assert peer_league_table(db=db) is None
    import_segmentation(
        db=db, file=read_nof_segmentation(write(tmp_path / "q2.csv", *Q2)), actor=OPERATOR
    )
    table = peer_league_table(db=db, peer_group="Non-acute")
    assert table is not None
    assert table.quarter == Quarter(2025, 2)
    assert table.peer_groups == ("Acute", "Non-acute")
    assert [(p.entry.provider_id, p.position, p.of) for p in table.places] == [
        ("RAA", 1, 3),
        ("RBB", 2, 3),
        ("RMY", 3, 3),
    ]
    # RBB is in deficit and published in segment 2; RMY's published position 2 is not its rank.
    assert set(table.override_breaches) == {"RBB"}
    assert [p.agrees for p in table.places] == [True, False, False]
    with pytest.raises(NotFound):
        peer_league_table(db=db, peer_group="Ambulance")
    with pytest.raises(NotFound):
        peer_league_table(db=db, quarter=Quarter(2024, 1))


def test_a_trusts_place_and_its_checks(db: Database, tmp_path: Path) -> None:
    record_provider(db=db, provider_id="RMY", name="Norfolk and Suffolk", actor=OPERATOR)
    with pytest.raises(NotFound):
        trust_segmentation(db=db, provider_id="NOPE")
    assert trust_segmentation(db=db, provider_id="RMY").places == ()
    q1 = write(tmp_path / "q1.csv", "RMY,Norfolk and Suffolk,Non-acute,Q1 2025/26,3,2.70,No,")
    import_segmentation(db=db, file=read_nof_segmentation(q1), actor=OPERATOR)
    import_segmentation(
        db=db, file=read_nof_segmentation(write(tmp_path / "q2.csv", *Q2)), actor=OPERATOR
    )
    found = trust_segmentation(db=db, provider_id="RMY", as_of=dt.date(2025, 12, 1))
    assert [(p.entry.quarter.label, p.position, p.of) for p in found.places] == [
        ("Q2 2025/26", 3, 3),
        ("Q1 2025/26", 1, 1),
    ]
    assert any("no regime decision is recorded" in c for c in found.checks)
    assert any("position 2" in c and "gives 3" in c for c in found.checks)
    record_regime_decision(
        db=db,
        provider_id="RMY",
        kind="entered",
        regime_from="none",
        regime_to="segment_4",
        date=dt.date(2021, 7, 1),
        actor=OPERATOR,
    )
    found = trust_segmentation(db=db, provider_id="RMY", as_of=dt.date(2025, 12, 1))
    assert any(
        "segment 3, but the regime recorded here is NHS Oversight Framework segment 4" in c
        for c in found.checks
    )
    record_regime_decision(
        db=db,
        provider_id="RMY",
        kind="segment_changed",
        regime_from="segment_4",
        regime_to="segment_3",
        date=dt.date(2025, 2, 1),
        actor=OPERATOR,
    )
    found = trust_segmentation(db=db, provider_id="RMY", as_of=dt.date(2025, 12, 1))
    assert not any("regime" in c for c in found.checks)
