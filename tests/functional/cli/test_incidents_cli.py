"""`carewatch incidents` and `carewatch import incidents` end to end on SQLite and PostgreSQL:
record an incident with a patient's name and NHS number, list it (JSON without the patient,
and with them only when asked), list the duties due on hand-worked dates, refuse bad input
with exit 2 storing nothing, and import a file with a bad row in the middle (nothing stored)
and the same file twice (nothing changed). Every public output, error message and captured
log line is searched for the stored name and NHS number.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.ingest.incident_csv import INCIDENT_COLUMNS
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored

runner = CliRunner()
NAME = "Zebedee Quarrington"
NHS = "9434765919"
SECRETS = (NAME, NHS, "943 476 5919")


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def add(db: Database, *extra: str) -> tuple[int, str, str]:
    return cli(
        db, "incidents", "add", "RCL", "--reference", "W7", "--occurred", "2019-12-18",
        "--reported", "2019-12-19", "--category", "medication", "--physical-harm", "moderate",
        "--patient-name", NAME, "--nhs-number", NHS, *extra,
    )  # fmt: skip


@pytest.fixture
def trust(db: Database) -> Database:
    record_provider(
        db=db, provider_id="RCL", name="CLI Test NHS Trust", synthetic=True, actor=OPERATOR
    )
    return db


def test_record_list_and_due(trust: Database, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    outputs: list[str] = []
    code, out, err = add(trust)
    assert code == 0, err
    outputs += [out, err]
    code, out, err = cli(trust, "incidents", "list", "RCL", "--json")
    assert code == 0, err
    listed = json.loads(out)
    outputs += [out, err]
    assert listed["count"] == 1
    assert listed["data"][0]["reference"] == "W7"
    assert listed["data"][0]["patient"] is None
    code, out, err = cli(trust, "incidents", "due", "RCL", "--as-of", "2020-01-08", "--json")
    assert code == 0, err
    outputs += [out, err]
    # Reported Thursday 19 December 2019; the tenth working day after it (25, 26 December and
    # 1 January are bank holidays) is Tuesday 7 January 2020.
    assert json.loads(out) == {
        "data": [
            {"incident": "W7", "duty": "candour_verbal", "due": "2020-01-07", "overdue": True,
             "days_overdue": 1},
            {"incident": "W7", "duty": "candour_written", "due": "2020-01-07", "overdue": True,
             "days_overdue": 1},
        ],
        "count": 2,
    }  # fmt: skip
    # Refusals: a wrong check digit, a changed fact without a reason: exit 2, nothing stored.
    before = stored(trust)
    for args in (("--nhs-number", "9434765918"), ("--patient-name", "Someone Else")):
        code, out, err = cli(
            trust, "incidents", "add", "RCL", "--reference", "W8", "--occurred", "2019-12-18",
            "--reported", "2019-12-19", "--category", "medication", "--physical-harm", "low",
            *args,
        ) if args[0] == "--nhs-number" else add(trust, *args)  # fmt: skip
        assert code == 2, out
        outputs += [out, err]
    assert stored(trust) == before
    text = " ".join(outputs) + caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    for secret in SECRETS:
        assert secret not in text
    # Asked for, by the operator, the patient's details are printed, and the read audited.
    seq = head(trust)
    code, out, err = cli(trust, "incidents", "list", "RCL", "--json", "--with-personal-data")
    assert code == 0, err
    assert json.loads(out)["data"][0]["patient"]["nhs_number"] == "943 476 5919"
    assert head(trust) == seq + 1


def write_csv(folder: Path, rows: list[dict[str, str]]) -> Path:
    lines = [",".join(INCIDENT_COLUMNS)]
    lines += [",".join(row.get(c, "") for c in INCIDENT_COLUMNS) for row in rows]
    path = folder / "incidents.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(reference: str, **changes: str) -> dict[str, str]:
    values = {
        "org_code": "RCL", "reference": reference, "occurred": "2020-03-02",
        "reported": "2020-03-02", "category": "medication", "physical_harm": "low",
        "patient_name": NAME, "nhs_number": NHS,
    }  # fmt: skip
    values.update(changes)
    return values


def test_import_all_or_nothing_and_again_changes_nothing(trust: Database, tmp_path: Path) -> None:
    before = stored(trust)
    bad = write_csv(tmp_path, [row("A1"), row("A2", nhs_number="9434765918"), row("A3")])
    code, out, err = cli(trust, "import", "incidents", str(bad))
    assert code == 2
    assert "incidents.csv, row 3, column 'nhs_number'" in err
    assert all(secret not in out + err for secret in SECRETS)
    assert stored(trust) == before
    good = write_csv(tmp_path, [row("A1"), row("A2"), row("A3", physical_harm="moderate")])
    code, out, err = cli(trust, "import", "incidents", str(good))
    assert code == 0, err
    assert "3 new incidents" in out
    after = stored(trust)
    assert after[1]["incidents"] == 3
    assert after[1]["incident_patients"] == 3
    seq = head(trust)
    code, out, err = cli(trust, "import", "incidents", str(good))
    assert code == 0, err
    assert "0 new incidents, 0 changed, 3 unchanged" in out
    assert stored(trust) == after
    assert head(trust) == seq
