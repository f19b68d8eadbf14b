"""`carewatch actions export` end to end on SQLite and PostgreSQL: the worked example's plan
written as CSV and as Excel, read back with the csv module and openpyxl, and the exit codes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services import plans
from carewatch.store.database import Database

runner = CliRunner()
EXPORT = ["actions", "export", "RMY", "--format"]


def test_the_plan_is_written_as_csv_and_excel(demo_db: Database, tmp_path: Path) -> None:
    url = demo_db.engine.url.render_as_string(hide_password=False)
    plan = plans.improvement_plan(db=demo_db, provider_id="RMY", as_of=dt.date(2021, 6, 30))
    target = tmp_path / "plan.csv"
    result = runner.invoke(
        app,
        [*EXPORT, "csv", "-o", str(target), "--as-of", "2021-06-30", "--db", url],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"RMY: {len(plan.actions)} actions as of 2021-06-30 written to {target}"
    )
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Action title"] for r in rows if r["Action"]] == [a.title for a in plan.actions]
    workbook = tmp_path / "plan.xlsx"
    result = runner.invoke(
        app,
        [*EXPORT, "xlsx", "-o", str(workbook), "--as-of", "2021-06-30", "--db", url],
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(workbook)["Actions"]
    assert sheet.max_row == len(rows) + 1


def test_bad_input_and_an_unknown_trust(db: Database, tmp_path: Path) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    target = str(tmp_path / "plan.ods")
    wrong = runner.invoke(app, ["actions", "export", "RMY", "--format", "ods", "-o", target])
    assert wrong.exit_code == 2
    assert "--format: 'ods' is not csv or xlsx" in wrong.stderr
    unknown = runner.invoke(
        app, ["actions", "export", "RZZ", "-o", str(tmp_path / "x.csv"), "--db", url]
    )
    assert unknown.exit_code == 3
    assert not (tmp_path / "x.csv").exists()
