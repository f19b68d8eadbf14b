"""The worked example's oversight history, loaded with the demo, read through the CLI.

Each test gets its own copy of a database the demo was loaded into once (`demo_db`).

Expected values come from the sources summarised in carewatch.demo.nsft (regimes,
enforcement, escalation, engagement) and regulatory-framework.md §8, worked out by hand.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.demo import load_demo
from carewatch.store.database import Database
from carewatch.store.tables import Base

runner = CliRunner()


def cli(db: Database, *args: str) -> dict:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def oversight_rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every oversight table, sorted, without surrogate ids (the writers replace
    a meeting's participants and a notice's requirements, and PostgreSQL gives the new rows
    new ids)."""
    with db.engine.connect() as conn:
        return {
            t.name: sorted(
                (tuple(row) for row in conn.execute(select(*(c for c in t.c if c.name != "id")))),
                key=repr,
            )
            for t in Base.metadata.sorted_tables
            if t.name.startswith("oversight_")
        }


def test_nsft_in_special_measures_for_the_second_time_in_early_2019(demo_db: Database) -> None:
    loaded_once = oversight_rows(demo_db)
    load_demo(db=demo_db)  # twice: nothing changes
    assert oversight_rows(demo_db) == loaded_once
    assert len(loaded_once["oversight_decisions"]) == 9
    status = cli(demo_db, "oversight", "status", "RMY", "--as-of", "2019-02-15")
    assert status["regime"] == "quality_special_measures"
    assert status["since"] == "2017-10-01"  # back in, October 2017 (month only in sources)
    assert status["times_rated_inadequate"] == 3  # Feb 2015, Oct 2017, Nov 2018
    # Retained on 28 November 2018: re-inspection within 12 months.
    assert status["next_inspection_due"] == "2019-11-28"


def test_nsft_now_in_segment_3(demo_db: Database) -> None:
    status = cli(demo_db, "oversight", "status", "RMY", "--as-of", "2025-06-01")
    assert (status["regime"], status["segment"], status["since"]) == ("segment_3", 3, "2025-02-01")
    assert status["times_rated_inadequate"] == 4  # 2015, 2017, 2018, 2022
    # 1 Feb 2015 – 1 Oct 2016 (608 days) and 1 Oct 2017 – 1 Feb 2025 in special measures or
    # the Recovery Support Programme (2680 days).
    assert status["days_in_special_measures_or_rsp"] == 608 + 2680


def test_the_timeline_tells_the_2018_story(demo_db: Database) -> None:
    events = cli(
        demo_db, "oversight", "timeline", "RMY", "--from", "2018-11-01", "--to", "2019-01-31"
    )["data"]
    kinds = [(e["date"], e["kind"]) for e in events]
    assert ("2018-11-28", "rating_published") in kinds
    assert ("2018-11-28", "regime_retained") in kinds
    assert ("2018-12-01", "meeting") in kinds
    assert ("2019-01-31", "commitment_due") in kinds  # "a face-to-face meeting in January"
    assert all(e["source"].startswith("https://") for e in events)


def test_retained_despite_requires_improvement_is_explained(demo_db: Database) -> None:
    events = cli(
        demo_db, "oversight", "timeline", "RMY", "--from", "2020-01-15", "--to", "2020-01-15"
    )["data"]
    retained = next(e for e in events if e["kind"] == "regime_retained")
    # Rated Requires improvement in January 2020 (published the same day), kept in special
    # measures: the rules' reading beside the decision says exit could have been considered.
    assert "exit from special measures may be considered" in retained["detail"]
    assert "Recommended by" not in retained["detail"]  # the sources do not say who
