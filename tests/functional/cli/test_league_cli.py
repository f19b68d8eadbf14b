"""`carewatch import nof-segmentation`, `carewatch oversight league-table` and `carewatch
oversight segmentation`, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

runner = CliRunner()

HEADER = "Trust_code,Trust_name,Trust_type,Quarter,Segment,Average_metric_score"


def run(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_then_read_the_league_table(db: Database, tmp_path: Path) -> None:
    good = write(
        tmp_path,
        "q2.csv",
        "RMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3,2.61",
        "RAA,Trust A,Non-acute,Q2 2025/26,3,2.20",
    )
    code, out, _ = run(db, "import", "nof-segmentation", str(good))
    assert code == 0
    assert "q2.csv: 2 trusts; 2 new, 0 changed, 0 unchanged" in out
    code, out, _ = run(db, "import", "nof-segmentation", str(good))
    assert "0 new, 0 changed, 2 unchanged" in out
    code, out, _ = run(db, "oversight", "league-table", "--json")
    table = json.loads(out)
    assert (table["peer_group"], table["quarter"]) == ("Non-acute", "Q2 2025/26")
    assert [(p["provider_id"], p["position"]) for p in table["data"]] == [("RAA", 1), ("RMY", 2)]
    code, out, _ = run(db, "oversight", "league-table")
    assert code == 0
    assert "Non-acute trusts, Q2 2025/26" in out


def test_a_bad_file_stores_nothing_and_names_the_cell(db: Database, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", "RMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3,2.61")
    bad = write(
        tmp_path,
        "bad.csv",
        "RAA,Trust A,Non-acute,Q2 2025/26,3,2.20",
        "RBB,Trust B,Non-acute,Q2 2025/26,7,2.20",
    )
    code, _, err = run(db, "import", "nof-segmentation", str(good), str(bad))
    assert code == 2
    assert "bad.csv, row 3, column 'Segment'" in err
    assert "nothing was stored" in err
    # Neither file was stored: every file is read before any is stored.
    code, _, err = run(db, "oversight", "league-table")
    assert code == 2
    assert "no segmentation is stored" in err


def test_a_trusts_segmentation_and_its_errors(db: Database, tmp_path: Path) -> None:
    record_provider(db=db, provider_id="RMY", name="Norfolk and Suffolk", actor=OPERATOR)
    path = write(tmp_path, "q2.csv", "RMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3,2.61")
    run(db, "import", "nof-segmentation", str(path))
    code, out, _ = run(db, "oversight", "segmentation", "RMY")
    assert code == 0
    assert "Q2 2025/26: segment 3; position 1 of 1 Non-acute trusts" in out
    assert "no regime decision is recorded here" in out
    assert run(db, "oversight", "segmentation", "NOPE")[0] == 3
    code, _, err = run(db, "oversight", "league-table", "--quarter", "autumn")
    assert code == 2
    assert "--quarter" in err
    assert run(db, "oversight", "league-table", "--peer-group", "Acute")[0] == 3
