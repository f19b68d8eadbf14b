"""The command line on SQLite and PostgreSQL: a fact dated after today exits 2 with the
reason and stores nothing; evidence takes the day it was received (`--received`), and a
move dated after that day is accepted.

Two days after today in UTC is always after today in the United Kingdom.
"""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored

runner = CliRunner()
AHEAD = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()
REFUSAL = "only what has already happened can be recorded"


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def setup(db: Database) -> int:
    record_provider(
        db=db, provider_id="RCL", name="CLI Test NHS Trust", synthetic=True, actor=OPERATOR
    )
    code, _, err = cli(
        db, "findings", "add", "RCL", "--reference", "MD1", "--kind", "must_do",
        "--regulation", "12", "--words", "The trust must assess risks.",
        "--report-date", "2020-01-15",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(
        db, "actions", "add", "RCL", "--finding", "MD1", "--reference", "A1",
        "--title", "Risk assessment training", "--owner-role", "Matron",
        "--opened", "2020-02-01", "--due", "2020-04-30",
    )  # fmt: skip
    assert code == 0, err
    action_id = int(out.rsplit("(id ", 1)[1].rstrip(")\n"))
    assert cli(db, "actions", "move", str(action_id), "in_progress", "--on", "2020-02-03")[0] == 0
    return action_id


def test_a_move_dated_after_today_exits_2_and_stores_nothing(db: Database) -> None:
    action_id = setup(db)
    before, was = head(db), stored(db)
    code, _, err = cli(db, "actions", "move", str(action_id), "evidence_submitted", "--on", AHEAD)
    assert code == 2
    assert f"the move is dated {AHEAD}" in err
    assert REFUSAL in err
    assert (head(db), stored(db)) == (before, was)


def test_evidence_received_after_today_exits_2(db: Database) -> None:
    action_id = setup(db)
    before, was = head(db), stored(db)
    code, _, err = cli(
        db, "actions", "evidence", str(action_id), "--kind", "note", "--note", "Done",
        "--supplied-by", "Matron", "--received", AHEAD,
    )  # fmt: skip
    assert code == 2
    assert f"the evidence's receipt is dated {AHEAD}" in err
    assert (head(db), stored(db)) == (before, was)


def test_evidence_received_in_the_past_supports_a_move_dated_after_it(db: Database) -> None:
    action_id = setup(db)
    code, out, err = cli(
        db, "actions", "evidence", str(action_id), "--kind", "note",
        "--note", "Training register checked", "--supplied-by", "Matron",
        "--received", "2020-03-02",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli(
        db, "actions", "move", str(action_id), "evidence_submitted", "--on", "2020-03-02"
    )
    assert code == 0, err
    code, out, _ = cli(db, "actions", "show", str(action_id))
    # The period it speaks for defaults to the day it was received.
    assert "(2020-03-02–2020-03-02)" in out


def test_received_and_uploaded_at_together_exit_2(db: Database) -> None:
    action_id = setup(db)
    code, _, err = cli(
        db, "actions", "evidence", str(action_id), "--kind", "note", "--note", "Done",
        "--supplied-by", "Matron", "--received", "2020-03-02",
        "--uploaded-at", "2020-03-02T10:00",
    )  # fmt: skip
    assert code == 2
    assert "give one" in err


def test_an_oversight_meeting_dated_after_today_exits_2(db: Database) -> None:
    record_provider(db=db, provider_id="RCL", name="CLI Test NHS Trust", actor=OPERATOR)
    before, was = head(db), stored(db)
    code, _, err = cli(
        db, "oversight", "record-meeting", "RCL", "--date", AHEAD, "--format", "video",
        "--title", "Oversight call",
    )  # fmt: skip
    assert code == 2
    assert f"the meeting is dated {AHEAD}" in err
    assert (head(db), stored(db)) == (before, was)
