"""The CLI end to end on real files, on SQLite and PostgreSQL: import, grid, audit, demo.

Expected values are read from the CQC JSON files by the test itself or worked out by hand
from them (noted beside each), never taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store import migrations
from carewatch.store.database import Database
from tests.ingest_files import location_row, locations_sheet, providers_sheet, write_file

runner = CliRunner()


def url_of(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", url_of(db)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def oldham(shared_data: Path) -> Path:
    return shared_data / "cqc-api-oldham" / "location_details"


def test_import_oldham_twice_changes_nothing_the_second_time(db: Database, oldham: Path) -> None:
    code, out, err = cli(db, "import", "cqc-api", str(oldham), "--quiet")
    assert code == 0, err
    first = next(line for line in out.splitlines() if line.startswith("location_RW603.json:"))
    assert not first.startswith("location_RW603.json: ratings 0 new")
    code, again, _ = cli(db, "import", "cqc-api", str(oldham), "--quiet")
    assert code == 0
    assert "new, 0 changed" in again
    assert all(" 0 new, 0 changed" in line for line in again.splitlines())


def test_grid_of_a_location_matches_the_api_record(db: Database, oldham: Path) -> None:
    cli(db, "import", "cqc-api", str(oldham), "--quiet")
    record = json.loads((oldham / "location_RW603.json").read_text())
    code, out, err = cli(db, "ratings", "grid", "RW603", "--json")
    assert code == 0, err
    grid = json.loads(out)
    areas = {a["inspectionAreaId"]: a["inspectionAreaName"] for a in record["inspectionAreas"]}
    rows = {row["label"]: row for row in grid["rows"]}
    # Every current service rating of the record is in the grid under CQC's display name,
    # with its own date.
    for service in record["currentRatings"]["serviceRatings"]:
        row = rows[areas[service["name"]]]
        assert row["cells"]["overall"]["rating"] == service["rating"]
        assert row["cells"]["overall"]["rating_date"] == service["reportDate"]
        for kq in service["keyQuestionRatings"]:
            assert row["cells"][kq["name"].lower()]["rating"] == kq["rating"]
    overall = record["currentRatings"]["overall"]
    assert grid["summary_row"]["cells"]["overall"]["rating"] == overall["rating"]
    # Stale as of 2025: Requires improvement published 2021-02-10 is older than two years.
    assert grid["summary_row"]["cells"]["overall"]["stale"] is True


def test_inherited_ratings_are_marked(db: Database, oldham: Path) -> None:
    cli(db, "import", "cqc-api", str(oldham), "--quiet")
    code, out, _ = cli(db, "ratings", "grid", "RM317", "--json", "--as-of", "2021-06-01")
    assert code == 0
    summary = json.loads(out)["summary_row"]["cells"]
    # RM317's key-question ratings carry organisationId RW603: inherited.
    assert summary["safe"]["inherited"] is True
    assert summary["safe"]["stale"] is False


def test_audit_of_oldham_finds_the_inherited_ratings_that_predate_later_inspections(
    db: Database, oldham: Path
) -> None:
    cli(db, "import", "cqc-api", str(oldham), "--quiet")
    code, out, err = cli(db, "ratings", "audit", "--json")
    assert code == 0, err
    findings = {(f["subject_id"], f["aspect"]): f for f in json.loads(out)["data"]}
    # RM317's effective (Good, 2021, inherited) against its current services' effective:
    # care RI, childrens RI, critical G, life G, npimaternity RI, outpatients (insufficient
    # evidence), surgery RI, urgent RI: 5 of 7 Requires improvement → Requires improvement.
    effective = findings[("RM317", "effective")]
    assert effective["published"] == "Good"
    assert effective["proposed"] == "Requires improvement"
    assert effective["rule"] == "nhs-trust-2022 C2"
    assert "dated after" in effective["explanation"]
    # RW603's current aggregates all match the rules (checked by hand from its record).
    assert not [f for f in findings.values() if f["subject_id"] == "RW603"]


def test_invalid_json_is_reported_and_nothing_is_stored(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "location_X.json"
    bad.write_text('{"locationId": "X1",\n "providerId": "P1",\n "name": }')
    code, _, err = cli(db, "import", "cqc-api", str(bad))
    assert code == 2
    assert "location_X.json" in err
    assert "line 3" in err
    code, _, err = cli(db, "ratings", "grid", "X1")
    assert code == 3
    assert "X1" in err


def test_a_bad_spreadsheet_row_names_sheet_row_and_column_and_stores_nothing(
    db: Database, tmp_path: Path
) -> None:
    good = location_row()
    bad = location_row(**{"Domain": "Safe", "Latest Rating": "Super"})
    path = write_file(tmp_path / "latest.xlsx", [locations_sheet([good, bad]), providers_sheet([])])
    code, _, err = cli(db, "import", "cqc-ratings", str(path))
    assert code == 2
    assert "latest.xlsx" in err
    assert "Locations" in err
    assert "row 3" in err  # header is row 1, the good row 2
    assert "Latest Rating" in err
    assert cli(db, "ratings", "grid", "RMY01")[0] == 3


def test_a_spreadsheet_imports_and_reimports_idempotently(db: Database, tmp_path: Path) -> None:
    rows = [
        location_row(**{"Domain": d, "Latest Rating": r})
        for d, r in [
            ("Safe", "Inadequate"),
            ("Effective", "Requires improvement"),
            ("Caring", "Good"),
            ("Responsive", "Requires improvement"),
            ("Well-led", "Inadequate"),
            ("Overall", "Inadequate"),
        ]
    ]
    path = write_file(tmp_path / "latest.csv", [locations_sheet(rows)])
    code, out, err = cli(db, "import", "cqc-ratings", str(path))
    assert code == 0, err
    assert "6 new" in out
    code, out, _ = cli(db, "import", "cqc-ratings", str(path))
    assert "latest.csv: ratings 0 new, 0 changed, 6 unchanged;" in out
    code, out, _ = cli(db, "ratings", "grid", "RMY01", "--json", "--as-of", "2020-06-01")
    cells = json.loads(out)["summary_row"]["cells"]
    assert cells["overall"]["rating"] == "Inadequate"
    assert cells["overall"]["rating_date"] == dt.date(2020, 1, 29).isoformat()
    # 2 Inadequate of 5: the rules agree with the published Inadequate.
    assert cells["overall"]["proposed"] == "Inadequate"
    assert cells["overall"]["departs"] is False


def test_the_worked_example_loads_once_and_shows_its_departure(db: Database) -> None:
    code, out, err = cli(db, "demo", "load")
    assert code == 0, err
    code, again, _ = cli(db, "demo", "load")
    assert "(0 new)" in again
    code, out, _ = cli(db, "ratings", "grid", "RMY", "--json")
    summary = json.loads(out)["summary_row"]["cells"]
    # Published 23 February 2023 (CQC press release).
    assert summary["overall"]["rating"] == "Requires improvement"
    assert summary["overall"]["rating_date"] == "2023-02-23"
    # Trust well-led: the 2025 well-led assessment, Requires improvement (59%).
    assert summary["well-led"]["rating_date"] == "2025-10-22"
    # Effective, RI in 2023, against the two core services rated since (both Good in 2025):
    # what the rules gave in 2023, so not a departure, but marked as predating them.
    assert summary["effective"]["departs"] is False
    assert summary["effective"]["predates_beneath"] is True
    # The grid carries the audit's explanation: the two services were rated after 2023.
    assert "dated after this rating of 2023-02-23" in summary["effective"]["explanation"]
    assert summary["caring"]["explanation"] is None
    assert summary["effective"]["proposed"] == "Good"
    code, out, _ = cli(db, "ratings", "audit", "RMY")
    assert "predates them" in out


def test_unknown_ids_exit_3(db: Database) -> None:
    assert cli(db, "ratings", "grid", "NOPE")[0] == 3
    assert cli(db, "ratings", "audit", "NOPE")[0] == 3


def test_db_migrate_says_where_and_which_revision(db: Database) -> None:
    code, out, _ = cli(db, "db", "migrate")
    assert code == 0
    # The newest migration script in the package is the head every database is brought to.
    scripts = Path(migrations.__file__).parent / "versions"
    newest = max(p.stem for p in scripts.glob("0*.py"))
    assert out.endswith(f"schema revision {newest}\n")


def test_import_with_url_downloads_then_imports(db: Database, tmp_path: Path) -> None:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return None

    served = tmp_path / "served"
    served.mkdir()
    write_file(served / "latest.ods", [locations_sheet([location_row()])])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/latest.ods"
        code, out, err = cli(db, "import", "cqc-ratings", "--url", url, "--quiet")
        assert code == 0, err
        assert "latest.ods: ratings 1 new" in out
        code, _, err = cli(db, "import", "cqc-ratings", "--url", url + ".missing")
        assert code == 1
        assert "HTTP 404" in err
    finally:
        httpd.shutdown()
        httpd.server_close()
