"""Who the writing commands act as, end to end on SQLite and PostgreSQL: `--as EMAIL` of a
user whose role lacks the permission exits 2 saying so and stores nothing; a user who holds
it is named in the audit trail; without `--as` the operator's writes are audited under the
operating-system account running the command.

The world: trust RXX, and one user in each of the roles the commands are tried as.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS
from carewatch.services import access
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored
from tests.ingest_files import location_row, locations_sheet, providers_sheet, write_file

runner = CliRunner()

USERS = {
    "editor@rxx.example": ("trust_editor", "RXX"),
    "viewer@rxx.example": ("trust_viewer", "RXX"),
    "rhys@cqc.example": ("regulator", "CQC"),
    "nadia@nhse.example": ("oversight", "NHSE"),
}


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def world(db: Database) -> Database:
    record_provider(db=db, provider_id="RXX", name="A trust", actor=OPERATOR)
    for email, (role, organisation) in USERS.items():
        access.add_user(
            db, OPERATOR, email=email, name=email.split("@")[0], role=role,
            organisation=organisation,
        )  # fmt: skip
    return db


DECISION = [
    "oversight", "record-decision", "RXX", "--kind", "entered", "--from-regime", "none",
    "--to-regime", "quality_special_measures", "--date", "2019-02-01",
]  # fmt: skip
NOTICE = [
    "oversight", "record-requirement-notice", "RXX", "--regulation", "12",
    "--issued", "2019-03-01",
]  # fmt: skip
MEETING = [
    "oversight", "record-meeting", "RXX", "--date", "2019-01-10", "--format", "video",
    "--title", "Oversight call",
]  # fmt: skip
RECALCULATE = [
    "metrics", "recalculate", "RXX", "cyp_triage_wait", "--at", "2021-04-01",
    "--reason", "New pathway",
]  # fmt: skip


@pytest.mark.parametrize(
    ("email", "command", "refusal"),
    [
        ("rhys@cqc.example", DECISION, "a regulator may not record oversight for RXX"),
        ("editor@rxx.example", DECISION, "a trust_editor may not record oversight for RXX"),
        ("nadia@nhse.example", NOTICE, "may not record enforcement for RXX"),
        ("editor@rxx.example", MEETING, "a trust_editor may not record oversight for RXX"),
        ("editor@rxx.example", RECALCULATE, "a trust_editor may not import statistics for RXX"),
    ],
    ids=["regulator-decision", "editor-decision", "nhse-notice", "editor-meeting", "editor-spc"],
)
def test_a_user_without_the_permission_is_refused_and_nothing_is_stored(
    world: Database, email: str, command: list[str], refusal: str
) -> None:
    before, was = head(world), stored(world)
    code, out, err = cli(world, "--as", email, *command)
    assert code == 2, out
    assert err.startswith("error: not allowed: ")
    assert refusal in err
    assert (head(world), stored(world)) == (before, was)


def test_an_import_by_a_role_without_the_permission_stores_nothing(
    world: Database, tmp_path: Path
) -> None:
    ratings = write_file(
        tmp_path / "latest.xlsx", [locations_sheet([location_row()]), providers_sheet([])]
    )
    measures = tmp_path / "measures.csv"
    measures.write_text(
        ",".join(TEMPLATE_COLUMNS)
        + "\nRXX,A trust,cyp_triage_wait,2021-01-01,2021-01-31,20,,,board report\n",
        encoding="utf-8",
    )
    segmentation = tmp_path / "q2.csv"
    segmentation.write_text(
        "Trust_code,Trust_name,Trust_type,Quarter,Segment\nRXX,A trust,Acute,Q2 2025/26,3\n",
        encoding="utf-8",
    )
    before, was = head(world), stored(world)
    for email, command, refusal in [
        (
            "nadia@nhse.example",
            ["import", "cqc-ratings", str(ratings), "--quiet"],
            "record ratings",
        ),
        ("editor@rxx.example", ["import", "metrics-csv", str(measures)], "import statistics"),
        ("viewer@rxx.example", ["import", "nof-segmentation", str(segmentation)], "import stat"),
    ]:
        code, _, err = cli(world, "--as", email, *command)
        assert code == 2, (command, err)
        assert "not allowed" in err
        assert refusal in err
    assert (head(world), stored(world)) == (before, was)


def test_a_user_who_may_is_named_in_the_audit_trail(world: Database) -> None:
    before = head(world)
    code, _, err = cli(world, "--as", "nadia@nhse.example", *DECISION)
    assert code == 0, err
    code, _, err = cli(world, "--as", "rhys@cqc.example", *NOTICE)
    assert code == 0, err
    assert [(e.actor, e.action) for e in appended(world, before)] == [
        ("nadia@nhse.example", "oversight.regime_decision"),
        ("rhys@cqc.example", "oversight.requirement_notice"),
    ]


def test_without_as_the_operator_is_audited_under_their_account(
    world: Database, tmp_path: Path
) -> None:
    ratings = write_file(
        tmp_path / "latest.xlsx", [locations_sheet([location_row()]), providers_sheet([])]
    )
    before = head(world)
    for command in (
        MEETING,
        ["import", "cqc-ratings", str(ratings), "--quiet"],
        ["import", "cqc-ratings", str(ratings), "--quiet"],  # again: nothing new, no event
    ):
        code, _, err = cli(world, *command)
        assert code == 0, err
    operator = f"operator:{getpass.getuser()}"
    assert [(e.actor, e.action) for e in appended(world, before)] == [
        (operator, "oversight.meeting"),
        (operator, "ratings.import"),
    ]
