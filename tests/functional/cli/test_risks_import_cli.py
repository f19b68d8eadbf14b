"""`carewatch import risks` and `carewatch risks import` end to end on SQLite and
PostgreSQL, on the worked example's trust RMY (its objective SO1, must-do 2020-MD3 and its
action, the CYP waits measures): the template imports; the same file again changes nothing;
a later export adds its rating to each risk's history; a bad row stores nothing, naming the
file, row and column; a role that may not record the register is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.ingest.risk_csv import RISK_TEMPLATE
from carewatch.services import access, risks
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "register.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_template_imports_once(demo_db: Database, tmp_path: Path) -> None:
    file = write(tmp_path, RISK_TEMPLATE)
    code, out, err = cli(demo_db, "import", "risks", file)
    assert (code, out.strip()) == (0, "register.csv: RMY: 2 new risks, 0 changed, 0 unchanged"), err
    detail = risks.risk_detail(db=demo_db, actor=OPERATOR, trust="RMY", reference="R-0101")
    assert [(e.on.isoformat(), e.score.score) for e in detail.history] == [
        ("2019-04-01", 20),
        ("2020-03-01", 12),
    ]
    assert [a.reference for a in detail.actions] == ["2020-MD3/A1"]
    assert [m.code for m in detail.measures] == ["cyp_treatment_wait"]
    assert detail.findings == ("2020-MD3",)
    assert len(detail.controls) == 2
    before, seq = stored(demo_db), head(demo_db)
    code, out, _ = cli(demo_db, "risks", "import", file)
    assert (code, out.strip()) == (0, "register.csv: RMY: 0 new risks, 0 changed, 2 unchanged")
    assert stored(demo_db) == before
    assert head(demo_db) == seq


def test_a_later_export_adds_its_rating_to_the_history(demo_db: Database, tmp_path: Path) -> None:
    assert cli(demo_db, "import", "risks", write(tmp_path, RISK_TEMPLATE))[0] == 0
    later = RISK_TEMPLATE.replace("3,4,2020-03-01", "2,4,2020-09-01")
    code, out, err = cli(demo_db, "import", "risks", write(tmp_path, later, "later.csv"))
    assert (code, out.strip()) == (0, "later.csv: RMY: 0 new risks, 1 changed, 1 unchanged"), err
    view = risks.list_risks(db=demo_db, actor=OPERATOR, trust="RMY")
    r = next(v for v in view if v.id == "R-0101")
    assert (r.current.score, r.trend.value if r.trend else None) == (8, "reducing")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("cyp_treatment_wait", "cyp_unknown"), "row 2, column 'metrics': names cyp_unknown"),
        (("2020-MD3/A1", "2020-MD3/A9"), "row 2, column 'actions': names 2020-MD3/A9"),
        ((",SO1,", ",SO9,"), "row 2, column 'objective': names SO9"),
        (("2020-03-01,2,4", "2099-03-01,2,4"), "row 2, column 'current_scored_on': the rating"),
    ],
)
def test_a_row_that_cannot_be_stored_stores_nothing(
    demo_db: Database, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    before = stored(demo_db)
    file = write(tmp_path, RISK_TEMPLATE.replace(*change))
    code, _, err = cli(demo_db, "import", "risks", file)
    assert code == 2
    assert f"register.csv, {message}" in err
    assert stored(demo_db) == before


def test_another_rating_on_a_day_already_scored_is_refused(
    demo_db: Database, tmp_path: Path
) -> None:
    assert cli(demo_db, "import", "risks", write(tmp_path, RISK_TEMPLATE))[0] == 0
    before = stored(demo_db)
    changed = RISK_TEMPLATE.replace("3,4,2020-03-01", "4,4,2020-03-01")
    code, _, err = cli(demo_db, "risks", "import", write(tmp_path, changed, "changed.csv"))
    assert code == 2
    assert "changed.csv, row 2, column 'current_likelihood': the risk was already scored" in err
    assert stored(demo_db) == before


def test_a_role_that_may_not_record_the_register_is_refused(
    demo_db: Database, tmp_path: Path
) -> None:
    access.add_user(demo_db, OPERATOR, email="viewer@example.org", name="Viewer",
                    role="trust_viewer", organisation="RMY")  # fmt: skip
    before = stored(demo_db)
    code, _, err = cli(demo_db, "--as", "viewer@example.org", "import", "risks",
                       write(tmp_path, RISK_TEMPLATE))  # fmt: skip
    assert code == 2, err
    assert stored(demo_db) == before
