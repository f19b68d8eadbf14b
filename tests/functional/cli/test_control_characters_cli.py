"""A control character in a command's option is refused by the writer it reaches: the
command exits 2 with a message naming the field and the character's code point (never the
text), on both databases, and nothing is stored. A shell cannot pass NUL in an argument, but
a program starting carewatch can pass the other control characters (escape sequences, ...),
and the same check refuses NUL where the command is run in-process.

The world: trust RXX with a must-do 2020-MD1, recorded by the operator.
"""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services import plans
from carewatch.services.metrics import seed_catalogue
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored

runner = CliRunner()

# Each command, with a control character in one of its options, and the field it names.
COMMANDS = [
    (
        ["actions", "add", "RXX", "--finding", "2020-MD1", "--reference", "A1",
         "--title", "Fit\x00locks", "--owner-role", "Matron", "--opened", "2020-02-01",
         "--due", "2020-06-30"],
        "title",
    ),
    (
        ["findings", "add", "RXX", "--reference", "2020-MD2", "--kind", "should_do",
         "--words", "The trust should\x1b[2J review staffing."],
        "report_words",
    ),
    (
        ["oversight", "record-statement", "RXX", "--who", "Chair\x07",
         "--organisation", "RXX", "--date", "2019-01-11", "--text", "We accept."],
        "who",
    ),
    (
        ["metrics", "recalculate", "RXX", "cmh_4ww", "--at", "2020-04-01",
         "--reason", "New\x00pathway"],
        "--reason",  # this command blames the option
    ),
    (
        ["users", "add", "new.user@rxx.example", "--name", "New\x00User",
         "--role", "trust_viewer", "--org", "RXX"],
        "name",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "field"), COMMANDS, ids=["actions-add", "findings-add", "statement", "recalc", "user"]
)
def test_a_control_character_exits_2_naming_the_field_and_stores_nothing(
    db: Database, args: list[str], field: str
) -> None:
    record_provider(db=db, provider_id="RXX", name="Example trust", actor=OPERATOR)
    seed_catalogue(db, actor=OPERATOR)
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id="RXX", reference="2020-MD1", kind="must_do",
        regulation="15", report_words="The trust must secure the ward doors.",
        report_date=dt.date(2020, 1, 15),
    )  # fmt: skip
    before, was = head(db), stored(db)
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {field}: holds a control character (U+00")
    assert result.stderr.rstrip().endswith("), which cannot be stored")
    assert (head(db), stored(db)) == (before, was)
