"""Text longer than its column is refused with the field named, on both databases, and
nothing is stored (PostgreSQL would otherwise fail mid-transaction with a driver error)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

runner = CliRunner()


def test_a_too_long_value_exits_2_naming_the_field(db: Database) -> None:
    record_provider(db=db, provider_id="RXX", name="Example trust", actor=OPERATOR)
    url = db.engine.url.render_as_string(hide_password=False)
    args = ["oversight", "record-statement", "RXX", "--organisation", "House of Commons"]
    args += ["--date", "2018-11-29", "--text", "Calls for an administrator", "--db", url]
    result = runner.invoke(app, [*args, "--who", "M" * 301])
    assert result.exit_code == 2
    assert "who: longer than the 300 characters allowed" in result.stderr
    decision = [
        "oversight", "record-decision", "RXX", "--kind", "entered", "--from-regime", "none",
        "--to-regime", "quality_special_measures", "--date", "2015-02-04", "--db", url,
    ]  # fmt: skip
    result = runner.invoke(app, [*decision, "--decided-by", "x" * 301])
    assert result.exit_code == 2
    assert "decided_by" in result.stderr
    timeline = runner.invoke(app, ["oversight", "timeline", "RXX", "--json", "--db", url])
    assert json.loads(timeline.stdout) == {"data": [], "count": 0}
