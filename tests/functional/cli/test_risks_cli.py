"""`carewatch risks` end to end on SQLite and PostgreSQL: record an objective and a risk,
score and review it, list it and check it as JSON in exactly the issue's shapes, refuse bad
input with exit 2 storing nothing, and an unknown risk with exit 3."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, stored

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def add(db: Database, *extra: str) -> tuple[int, str, str]:
    return cli(
        db, "risks", "add", "RCL", "--reference", "R1", "--title", "CYP waits too long",
        "--category", "quality", "--owner", "Director of operations",
        "--identified", "2019-04-01", "--initial", "5x4", "--current", "4x4",
        "--target", "2x4", "--objective", "SO1", "--control", "Weekly review", *extra,
    )  # fmt: skip


@pytest.fixture
def trust(db: Database) -> Database:
    record_provider(
        db=db, provider_id="RCL", name="CLI Test NHS Trust", synthetic=True, actor=OPERATOR
    )
    code, _, err = cli(db, "risks", "objective", "RCL", "--code", "SO1", "--title", "Timely care")
    assert code == 0, err
    return db


def test_add_list_and_check_in_the_issues_shapes(trust: Database) -> None:
    code, out, err = add(trust)
    assert (code, out.strip()) == (0, "RCL: risk R1 recorded"), err
    code, out, _ = add(trust)
    assert "nothing changed" in out
    code, out, err = cli(trust, "risks", "score", "RCL", "R1", "--score", "3x4",
                         "--on", "2019-07-01", "--trend", "reducing")  # fmt: skip
    assert code == 0, err
    code, out, err = cli(trust, "risks", "list", "RCL", "--as-of", "2019-08-01", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["count"] == 1
    risk = listed["data"][0]
    assert {k: risk[k] for k in ("id", "title", "category", "owner")} == {
        "id": "R1", "title": "CYP waits too long", "category": "quality",
        "owner": "Director of operations",
    }  # fmt: skip
    assert risk["initial"] == {"likelihood": 5, "consequence": 4, "score": 20, "band": "extreme"}
    assert risk["current"] == {"likelihood": 3, "consequence": 4, "score": 12, "band": "high"}
    assert risk["target"] == {"likelihood": 2, "consequence": 4, "score": 8, "band": "high"}
    code, out, err = cli(trust, "risks", "check", "RCL", "--as-of", "2019-11-01", "--json")
    assert code == 0, err
    checked = json.loads(out)
    assert checked == {
        "data": [
            {"risk": "R1", "problem": "no_open_action", "detail":
             "current score 12 (3x4) is above its target 8 (2x4) and no open action with an "
             "owner and a due date is linked to it"},
            {"risk": "R1", "problem": "no_assurance",
             "detail": "current score 12 (3x4) is above its target 8 (2x4) and no assurance "
             "is recorded"},
            {"risk": "R1", "problem": "review_overdue",
             "detail": "review was due on 2019-10-01, 31 days ago"},
        ],
        "count": 3,
    }  # fmt: skip
    code, out, err = cli(trust, "risks", "assure", "RCL", "R1", "--line", "2nd line", "--result",
                         "negative", "--on", "2019-09-01", "--description", "Audit")  # fmt: skip
    assert code == 0, err
    code, out, _ = cli(trust, "risks", "show", "RCL", "R1", "--as-of", "2019-11-01", "--json")
    shown = json.loads(out)
    assert [h["score"]["score"] for h in shown["history"]] == [16, 12]
    assert shown["assurances"][0]["line"] == "oversight"


def test_bad_input_exits_2_and_stores_nothing(trust: Database) -> None:
    before = stored(trust)
    for extra in (("--initial", "6x1"), ("--category", "weather"), ("--target", "5x5")):
        code, _, err = add(trust, *extra)
        assert code == 2, extra
        assert err.startswith("error: --")
    assert stored(trust) == before


def test_an_unknown_risk_or_objective_exits_3(trust: Database) -> None:
    code, _, err = cli(trust, "risks", "show", "RCL", "R9")
    assert code == 3
    assert "R9" in err
    code, _, _ = add(trust, "--objective", "SO9")
    assert code == 3


def test_the_summary_only_when_published(trust: Database) -> None:
    add(trust)
    code, _, _ = cli(trust, "risks", "summary", "RCL")
    assert code == 3
    assert cli(trust, "risks", "publish", "RCL")[0] == 0
    code, out, _ = cli(trust, "risks", "summary", "RCL", "--json")
    summary = json.loads(out)
    assert summary["total"] == 1
    assert "CYP" not in out
