"""Logging: quiet by default in the CLI, readable events with --verbose, JSON lines for the
server; events carry ids, never the free text a user typed."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch import logs
from carewatch.cli import app
from carewatch.store.database import Database

runner = CliRunner()

HEADER = "Trust_code,Trust_name,Trust_type,Quarter,Segment,Average_metric_score"


@pytest.fixture(autouse=True)
def _quiet_afterwards() -> Iterator[None]:
    yield
    logs.configure(json_lines=False)


def _segmentation(tmp_path: Path) -> Path:
    path = tmp_path / "q2.csv"
    path.write_text(f"{HEADER}\nRMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3,2.61\n")
    return path


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_the_cli_is_quiet_without_verbose(sqlite_database: Database, tmp_path: Path) -> None:
    file = _segmentation(tmp_path)
    result = runner.invoke(
        app, ["import", "nof-segmentation", str(file), "--db", _url(sqlite_database)]
    )
    assert result.exit_code == 0
    assert result.stderr == ""


def test_verbose_prints_each_write_as_an_event(sqlite_database: Database, tmp_path: Path) -> None:
    file = _segmentation(tmp_path)
    result = runner.invoke(
        app, ["--verbose", "import", "nof-segmentation", str(file), "--db", _url(sqlite_database)]
    )
    assert result.exit_code == 0
    assert "oversight.segmentation_import" in result.stderr
    assert "rows=1" in result.stderr


def test_json_lines_carry_the_event_and_its_ids(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(json_lines=True)
    logging.getLogger("carewatch.services").info(
        "plans.move", extra={"event": "plans.move", "action_id": 7, "to": "completed"}
    )
    line = json.loads(capsys.readouterr().err.strip())
    assert line["event"] == "plans.move"
    assert line["action_id"] == 7
    assert line["to"] == "completed"
    assert line["level"] == "info"
    assert line["at"].endswith("Z")


def test_an_exception_is_named_by_its_type_not_its_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logs.configure(json_lines=True)
    try:
        raise ValueError("Jane Doe 943 476 5919")
    except ValueError:
        logging.getLogger("carewatch.web").exception("request.failed")
    err = capsys.readouterr().err
    assert json.loads(err)["error"] == "ValueError"
    assert "Jane" not in err
    assert "5919" not in err


def test_records_below_warning_are_dropped_when_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(json_lines=False)
    logging.getLogger("carewatch.services").info("plans.move")
    logging.getLogger("carewatch.services").warning("disk nearly full")
    assert capsys.readouterr().err == "disk nearly full\n"
