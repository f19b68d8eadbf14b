"""`carewatch trusts overview|changes` end to end on the worked example, SQLite and
PostgreSQL: the text a person reads, and the JSON the API returns."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import TEST_HOSTS

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def test_the_overview_as_text(demo_db: Database) -> None:
    code, out, err = cli(demo_db, "trusts", "overview", "RMY", "--as-of", "2026-12-07")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Norfolk and Suffolk NHS Foundation Trust (RMY) as of 2026-12-07"
    assert lines[1] == "Verdict: Mixed"
    assert (
        "  - commitments: Of 3 public commitments: 0 kept, 0 kept late, 0 broken and 3 not "
        "recorded as kept (2 of them past their due date)." in lines
    )
    assert "      see /trusts/RMY/improvement-plan/public" in lines


def test_the_json_is_the_apis(demo_db: Database) -> None:
    code, out, err = cli(demo_db, "trusts", "overview", "RMY", "--as-of", "2021-06-01", "--json")
    assert code == 0, err
    url = demo_db.engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(database_url=url, allowed_hosts=TEST_HOSTS)) as client:
        api = client.get("/api/v1/trusts/RMY/overview", params={"as_of": "2021-06-01"})
        changes = client.get("/api/v1/trusts/RMY/changes", params={"as_of": "2021-06-01"})
    assert api.status_code == 200
    assert json.loads(out) == api.json()
    code, out, err = cli(demo_db, "trusts", "changes", "RMY", "--as-of", "2021-06-01", "--json")
    assert code == 0, err
    assert json.loads(out) == changes.json()
    assert changes.json()["since"] == "2020-01-15"


def test_changes_as_text_and_an_unknown_trust(demo_db: Database) -> None:
    code, out, _ = cli(demo_db, "trusts", "changes", "RMY", "--as-of", "2026-12-07")
    assert code == 0
    assert "Since the last inspection, reported in February 2023:" in out
    assert (
        "  Oversight regime: from NHS Oversight Framework segment 4 to NHS Oversight "
        "Framework segment 3 in February 2025." in out
    )
    code, _, err = cli(demo_db, "trusts", "overview", "QX9")
    assert code == 3
    assert "no provider with id 'QX9'" in err
