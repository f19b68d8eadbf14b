"""`carewatch oversight` end to end on SQLite and PostgreSQL, on the world of
tests/integration/test_oversight_world.py built through the services.

Expected values are worked out by hand from that world (see test_oversight_service.py).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.oversight import oversight_record
from carewatch.store.database import Database
from tests.integration.test_oversight_world import D, build_world

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def test_status_as_json(db: Database) -> None:
    build_world(db)
    code, out, err = cli(db, "oversight", "status", "RMY", "--as-of", "2022-07-01", "--json")
    assert code == 0, err
    status = json.loads(out)
    assert status["regime"] == "segment_4"
    assert status["segment"] == 4
    assert status["since"] == "2021-07-01"
    assert status["times_rated_inadequate"] == 3
    assert status["days_in_special_measures_or_rsp"] == 609 + 1357 + 365
    assert status["next_inspection_due"] == "2019-11-29"
    assert [(o["kind"], o["deadlines"]) for o in status["open_enforcement"]] == [
        ("warning_notice_29a", ["2022-06-30"])
    ]
    assert [c["what"] for c in status["overdue_commitments"]] == [
        "Significant progress by late January"
    ]


def test_status_as_text(db: Database) -> None:
    build_world(db)
    code, out, _ = cli(db, "oversight", "status", "RMY", "--as-of", "2019-02-01")
    assert code == 0
    assert "regime: Quality special measures since 2017-10-13" in out
    assert "times rated Inadequate: 3" in out
    assert "days in special measures or the RSP: 1085 (longest spell 609)" in out
    assert "next inspection due: 2019-11-29" in out
    assert "open: Requirement notice: Regulation 12: Safe care and treatment" in out
    assert "overdue: Trust board: Significant progress by late January (due 2019-01-31)" in out


def test_status_before_anything(db: Database) -> None:
    build_world(db)
    code, out, _ = cli(db, "oversight", "status", "RXX", "--as-of", "2019-02-01")
    assert code == 0
    assert "regime: No special regime\n" in out
    assert "next inspection due: unknown (no overall rating published yet)" in out


def test_timeline_as_json_and_text(db: Database) -> None:
    build_world(db)
    code, out, err = cli(
        db, "oversight", "timeline", "RMY", "--from", "2018-11-30", "--to", "2019-03-01", "--json"
    )
    assert code == 0, err
    timeline = json.loads(out)
    # Newest first, as GET /api/v1/trusts/RMY/timeline gives it.
    assert [(e["date"], e["kind"], e["title"]) for e in timeline["data"]] == [
        ("2019-03-01", "commitment_kept", "NHS Improvement: Face-to-face meeting in January"),
        ("2019-01-31", "commitment_due", "Trust board: Significant progress by late January"),
        ("2019-01-31", "commitment_due", "NHS Improvement: Face-to-face meeting in January"),
        ("2018-11-30", "meeting", "MPs, CQC and NHS Improvement"),
    ]
    assert timeline["count"] == 4
    assert set(timeline["data"][0]) == {"date", "kind", "title", "detail", "source", "incident"}
    code, out, _ = cli(db, "oversight", "timeline", "RMY", "--to", "2015-12-31")
    assert code == 0
    assert out.splitlines() == [
        "2015-02-12  rating_published    Rated Inadequate overall",
        "2015-02-12  regime_entered      Entered Quality special measures",
    ]


def test_record_a_decision_then_refuse_an_illegal_one(db: Database) -> None:
    build_world(db)
    code, out, err = cli(
        db,
        "oversight",
        "record-decision",
        "RMY",
        "--kind",
        "exited",
        "--from-regime",
        "segment_3",
        "--to-regime",
        "none",
        "--date",
        "2025-09-01",
        "--decided-by",
        "NHS England",
        "--condition",
        "keep improving",
        "--evidence",
        "AP1",
    )
    assert code == 0, err
    assert out == "RMY: recorded exited on 2025-09-01\n"
    last = oversight_record(db=db, provider_id="RMY").history.decisions[-1]
    assert (last.date, last.decided_by, last.conditions) == (
        D("2025-09-01"),
        "NHS England",
        ("keep improving",),
    )
    code, _, err = cli(
        db,
        "oversight",
        "record-decision",
        "RMY",
        "--kind",
        "entered",
        "--from-regime",
        "none",
        "--to-regime",
        "quality_special_measures",
        "--date",
        "2025-10-01",
    )
    assert code == 2
    assert "Quality special measures did not exist on that date" in err
    assert len(oversight_record(db=db, provider_id="RMY").history.decisions) == 7


def test_bad_input_and_unknown_trusts(db: Database) -> None:
    build_world(db)
    code, _, err = cli(db, "oversight", "status", "RMY", "--as-of", "31/12/2020")
    assert code == 2
    assert "--as-of: '31/12/2020' is not a date" in err
    code, _, err = cli(db, "oversight", "status", "NOPE")
    assert code == 3
    assert "no provider with id 'NOPE'" in err
    code, _, err = cli(db, "oversight", "timeline", "NOPE")
    assert code == 3
    code, _, err = cli(
        db,
        "oversight",
        "record-decision",
        "NOPE",
        "--kind",
        "entered",
        "--from-regime",
        "none",
        "--to-regime",
        "segment_2",
        "--date",
        "2020-01-01",
    )
    assert code == 3
    code, _, err = cli(
        db,
        "oversight",
        "record-decision",
        "RMY",
        "--kind",
        "paused",
        "--from-regime",
        "none",
        "--to-regime",
        "segment_2",
        "--date",
        "2030-01-01",
    )
    assert code == 2
    assert "unknown decision kind 'paused'" in err
