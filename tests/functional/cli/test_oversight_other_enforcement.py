"""`carewatch oversight record-other-enforcement`: conditions, urgent action, fixed penalties
and prosecutions, on both databases."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

runner = CliRunner()


def run(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["oversight", *args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def test_a_condition_and_a_prosecution_appear_on_the_timeline(db: Database) -> None:
    record_provider(db=db, provider_id="RXX", name="Example trust", actor=OPERATOR)
    condition = ["record-other-enforcement", "RXX", "--kind", "condition"]
    condition += ["--description", "No admissions to ward A", "--issued", "2019-03-01"]
    code, out, err = run(db, *condition, "--removed", "2019-09-01")
    assert code == 0, err
    assert out == "RXX: recorded condition issued 2019-03-01\n"
    assert run(db, *condition, "--removed", "2019-09-01")[0] == 0  # twice: no change
    code, _, err = run(
        db, "record-other-enforcement", "RXX", "--kind", "prosecution",
        "--description", "Breach of regulation 12", "--issued", "2020-05-05",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(db, "timeline", "RXX", "--json")
    events = [(e["date"], e["kind"]) for e in json.loads(out)["data"]]
    assert events == [
        ("2020-05-05", "enforcement_issued"),
        ("2019-09-01", "enforcement_closed"),
        ("2019-03-01", "enforcement_issued"),
    ]


def test_bad_input_names_the_option(db: Database) -> None:
    record_provider(db=db, provider_id="RXX", name="Example trust", actor=OPERATOR)
    base = ["record-other-enforcement", "RXX", "--description", "x", "--issued", "2019-03-01"]
    code, _, err = run(db, *base, "--kind", "fine")
    assert (code, "--kind" in err) == (2, True)
    code, _, err = run(db, *base, "--kind", "condition", "--removed", "2019-01-01")
    assert (code, "--removed" in err) == (2, True)
    code, _, err = run(db, *base, "--kind", "prosecution", "--removed", "2019-09-01")
    assert (code, "--removed" in err) == (2, True)
    assert run(db, "record-other-enforcement", "NOPE", *base[2:], "--kind", "condition")[0] == 3
