"""`carewatch findings` and `carewatch actions` end to end on SQLite and PostgreSQL: record a
must-do and an action, walk it from open to verified with a real file as evidence, list with
--as-of, --status and --overdue, escalate twice, and the exit codes for refusals (2) and
unknown ids (3).

Expected values are worked out by hand from the commands run here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def setup(db: Database) -> int:
    record_provider(
        db=db, provider_id="RCL", name="CLI Test NHS Trust", synthetic=True, actor=OPERATOR
    )
    code, out, err = cli(
        db,
        "findings",
        "add",
        "RCL",
        "--reference",
        "MD1",
        "--kind",
        "must_do",
        "--regulation",
        "Regulation 12",
        "--words",
        "The trust must assess risks.",
        "--summary",
        "Assess every patient's risks.",
        "--core-service",
        "Mental health crisis services and health-based places of safety",
        "--report-date",
        "2020-01-15",
    )
    assert code == 0, err
    code, out, err = cli(
        db,
        "actions",
        "add",
        "RCL",
        "--finding",
        "MD1",
        "--reference",
        "A1",
        "--title",
        "Risk assessment training",
        "--owner-role",
        "Matron",
        "--opened",
        "2020-02-01",
        "--due",
        "2020-04-30",
        "--priority",
        "high",
    )
    assert code == 0, err
    return int(out.rsplit("(id ", 1)[1].rstrip(")\n"))


def test_walk_an_action_from_open_to_verified(db: Database, tmp_path: Path) -> None:
    action_id = setup(db)
    evidence_file = tmp_path / "training-register.csv"
    evidence_file.write_bytes(b"name,completed\nstaff member,2020-03-01\n")
    digest = hashlib.sha256(evidence_file.read_bytes()).hexdigest()

    assert cli(db, "actions", "move", str(action_id), "in_progress", "--on", "2020-02-03")[0] == 0
    code, out, err = cli(
        db,
        "actions",
        "evidence",
        str(action_id),
        "--kind",
        "file",
        "--file",
        str(evidence_file),
        "--supplied-by",
        "Matron",
        "--from",
        "2020-02-01",
        "--to",
        "2020-03-31",
        "--uploaded-at",
        "2020-04-01T10:00",
        "--json",
    )
    assert code == 0, err
    added = json.loads(out)
    assert (added["sha256"], added["created"], added["duplicate"]) == (digest, True, False)
    code, out, _ = cli(
        db,
        "actions",
        "evidence",
        str(action_id),
        "--kind",
        "file",
        "--file",
        str(evidence_file),
        "--supplied-by",
        "Matron",
        "--from",
        "2020-02-01",
        "--uploaded-at",
        "2020-04-02T10:00",
    )
    assert code == 0
    assert f"evidence {added['evidence_id']} already attached" in out
    assert (
        cli(db, "actions", "move", str(action_id), "evidence_submitted", "--on", "2020-04-01")[0]
        == 0
    )
    code, _, err = cli(
        db,
        "actions",
        "verify",
        str(added["evidence_id"]),
        "--accept",
        "--by",
        "Matron",
        "--on",
        "2020-04-05",
    )
    assert code == 2
    assert "someone other than its supplier" in err
    code, _, err = cli(
        db,
        "actions",
        "verify",
        str(added["evidence_id"]),
        "--accept",
        "--by",
        "Head of quality",
        "--on",
        "2020-04-05",
    )
    assert code == 0, err
    assert cli(db, "actions", "move", str(action_id), "verified", "--on", "2020-04-05")[0] == 0

    code, out, err = cli(db, "actions", "show", str(action_id), "--as-of", "2020-04-05", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [h["to"] for h in shown["history"]] == ["in_progress", "evidence_submitted", "verified"]
    assert (shown["action"]["status"], shown["action"]["rag"]) == ("verified", "blue")
    assert shown["next_statuses"] == ["closed", "reopened"]


def test_list_as_of_with_status_and_overdue_filters(db: Database) -> None:
    action_id = setup(db)
    cli(db, "actions", "move", str(action_id), "in_progress", "--on", "2020-02-03")
    code, out, _ = cli(db, "actions", "list", "RCL", "--as-of", "2020-04-30", "--overdue", "--json")
    assert (code, json.loads(out)) == (0, {"data": [], "count": 0})
    code, out, _ = cli(db, "actions", "list", "RCL", "--as-of", "2020-05-01", "--overdue", "--json")
    (row,) = json.loads(out)["data"]
    assert (row["id"], row["rag"], row["days_overdue"]) == (action_id, "red", 1)
    code, out, _ = cli(
        db, "actions", "list", "RCL", "--as-of", "2020-02-02", "--status", "open", "--json"
    )
    assert [r["status"] for r in json.loads(out)["data"]] == ["open"]
    code, out, _ = cli(db, "actions", "list", "RCL", "--as-of", "2020-05-01")
    header, row = out.splitlines()
    assert header.split() == ["ID", "Action", "RAG", "Status", "Due", "Overdue", "Owner:", "action"]
    assert row.split() == [
        str(action_id),
        "MD1/A1",
        "Red",
        "In",
        "progress",
        "2020-04-30",
        "1",
        "day",
        "Matron:",
        "Risk",
        "assessment",
        "training",
    ]
    # Each value starts under its heading.
    for heading, value in [("RAG", "Red"), ("Status", "In progress"), ("Due", "2020-04-30")]:
        assert header.index(heading) == row.index(value)
    code, out, _ = cli(db, "findings", "list", "RCL", "--json")
    assert [(f["reference"], f["regulation"], f["key_question"]) for f in json.loads(out)] == [
        ("MD1", "12", "safe")
    ]


def test_escalate_records_each_level_once(db: Database) -> None:
    action_id = setup(db)
    code, out, _ = cli(db, "actions", "escalate", "RCL", "--as-of", "2020-05-28", "--json")
    assert code == 0
    assert [(e["level"], e["escalated_on"]) for e in json.loads(out)] == [
        ("owner", "2020-05-01"),
        ("executive_lead", "2020-05-14"),
        ("board", "2020-05-28"),
    ]
    code, out, _ = cli(db, "actions", "escalate", "RCL", "--as-of", "2020-05-28")
    assert (code, out.strip()) == (0, "RCL: 0 new escalation(s)")
    assert action_id > 0


def test_refusals_exit_2_and_unknown_ids_exit_3(db: Database) -> None:
    action_id = setup(db)
    code, _, err = cli(db, "actions", "move", str(action_id), "closed", "--on", "2020-03-01")
    assert code == 2
    assert "from Open the next status can be" in err
    code, _, err = cli(db, "actions", "move", str(action_id), "cancelled", "--on", "2020-03-01")
    assert (code, "cancelling needs a reason" in err) == (2, True)
    code, _, err = cli(db, "actions", "move", str(action_id), "finished", "--on", "2020-03-01")
    assert (code, "unknown action status" in err) == (2, True)
    assert cli(db, "actions", "move", str(action_id), "in_progress", "--on", "2020-3-1")[0] == 2
    assert cli(db, "actions", "show", "99999")[0] == 3
    assert cli(db, "actions", "list", "NOPE")[0] == 3
    assert (
        cli(
            db,
            "actions",
            "link-metric",
            str(action_id),
            "no_such_metric",
            "--target",
            "1",
            "--direction",
            "at_least",
        )[0]
        == 3
    )
    code, _, err = cli(
        db, "findings", "add", "RCL", "--reference", "MD2", "--kind", "must_do", "--words", "w"
    )
    assert (code, "names its regulation" in err) == (2, True)


ACTION_A1 = (
    "actions", "add", "RCL", "--finding", "MD1", "--reference", "A1",
    "--title", "Risk assessment training", "--owner-role", "Matron",
    "--opened", "2020-02-01", "--priority", "high",
)  # fmt: skip
FINDING_MD1 = (
    "findings", "add", "RCL", "--reference", "MD1", "--words", "The trust must assess risks.",
    "--summary", "Assess every patient's risks.", "--core-service",
    "Mental health crisis services and health-based places of safety",
    "--report-date", "2020-01-15",
)  # fmt: skip


def test_a_moved_due_date_needs_reason_and_shows_in_the_history(db: Database) -> None:
    action_id = setup(db)
    # The same values again: a no-op, exit 0.
    assert cli(db, *ACTION_A1, "--due", "2020-04-30")[0] == 0
    code, _, err = cli(db, *ACTION_A1, "--due", "2020-06-30")
    assert code == 2
    assert "give the reason for the change" in err
    assert "due_date" in err
    code, out, err = cli(db, "actions", "show", str(action_id), "--json")
    assert json.loads(out)["action"]["due"] == "2020-04-30"
    assert json.loads(out)["changes"] == []

    code, _, err = cli(db, *ACTION_A1, "--due", "2020-06-30", "--reason", "Trainer unavailable")
    assert code == 0, err
    code, out, err = cli(db, "actions", "show", str(action_id), "--json")
    shown = json.loads(out)
    assert shown["action"]["due"] == "2020-06-30"
    assert [(c["field"], c["old"], c["new"], c["reason"]) for c in shown["changes"]] == [
        ("due_date", "2020-04-30", "2020-06-30", "Trainer unavailable")
    ]
    code, out, _ = cli(db, "actions", "show", str(action_id))
    assert "Due date changed from 2020-04-30 to 2020-06-30" in out
    assert "(Trainer unavailable)" in out


def test_a_must_do_becomes_a_should_do_only_with_a_reason(db: Database) -> None:
    setup(db)
    code, _, err = cli(db, *FINDING_MD1, "--kind", "should_do")
    assert code == 2
    assert "give the reason for the change" in err
    code, out, _ = cli(db, "findings", "list", "RCL", "--json")
    assert json.loads(out)[0]["kind"] == "must_do"
    code, _, err = cli(
        db, *FINDING_MD1, "--kind", "should_do", "--reason", "The report was corrected"
    )
    assert code == 0, err
    code, out, _ = cli(db, "findings", "list", "RCL", "--json")
    assert json.loads(out)[0]["kind"] == "should_do"


def test_verifying_again_keeps_and_prints_every_verdict(db: Database) -> None:
    action_id = setup(db)
    code, out, err = cli(
        db, "actions", "evidence", str(action_id), "--kind", "note", "--note", "Register kept",
        "--supplied-by", "Matron", "--from", "2020-03-01", "--uploaded-at", "2020-03-02T09:00",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert set(added) == {"evidence_id", "created", "duplicate", "duplicate_of", "sha256"}
    evidence_id = str(added["evidence_id"])
    verify = ("actions", "verify", evidence_id)
    assert cli(db, *verify, "--accept", "--by", "Head of quality", "--on", "2020-03-05")[0] == 0
    code, out, err = cli(db, *verify, "--reject", "--by", "Chief nurse", "--on", "2020-03-09")
    assert code == 0, err
    assert out.splitlines() == [
        f"evidence {evidence_id}: rejected",
        "  2020-03-05  Accepted by Head of quality",
        "  2020-03-09  Rejected by Chief nurse",
    ]
    code, out, _ = cli(db, "actions", "show", str(action_id), "--as-of", "2020-03-10", "--json")
    shown = json.loads(out)
    assert [(v["verdict"], v["by"]) for v in shown["verdicts"]] == [
        ("accepted", "Head of quality"),
        ("rejected", "Chief nurse"),
    ]
    assert shown["evidence"][0]["verdict"] == "rejected"


def test_list_shows_a_dash_for_a_cancelled_actions_rag_never_none(db: Database) -> None:
    action_id = setup(db)
    code, _, err = cli(
        db,
        "actions",
        "move",
        str(action_id),
        "cancelled",
        "--on",
        "2020-03-01",
        "--reason",
        "Replaced by the ward's own training plan",
    )
    assert code == 0, err
    code, out, _ = cli(db, "actions", "list", "RCL", "--as-of", "2020-05-01")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["ID", "Action", "RAG"]
    assert "None" not in out
    assert row[header.index("RAG") :].split()[:2] == ["—", "Cancelled"]
    assert row[header.index("Overdue") :].split()[0] == "—"
    code, out, _ = cli(db, "actions", "show", str(action_id), "--as-of", "2020-05-01")
    assert code == 0
    assert "None" not in out
    assert "RAG: —" in out


def test_list_of_no_actions_says_so(db: Database) -> None:
    setup(db)
    code, out, _ = cli(db, "actions", "list", "RCL", "--status", "verified")
    assert (code, out) == (0, "RCL: no actions match.\n")
