"""`carewatch feedback` and `carewatch import feedback` end to end on SQLite and PostgreSQL:
import a file (a bad row anywhere stores nothing; the same file again changes nothing), list
and show comments redacted (the words as given only with --with-text, for the trust's own
roles, audited), the summary, a correction, you said / we did, the corrections as training
data and the template. Every public output, error message and captured log line is searched
for the name and phone number one comment holds.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services import plans
from carewatch.services.access import add_user
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored

runner = CliRunner()
SECRETS = ("Jane Smith", "07700 900123", "Smith")
HEADER = (
    "org_code,reference,source,respondent_group,received,service,question,fft_score,text,"
    "themes,sentiment,illustrative,source_url\n"
)
ROWS = (
    'RCL,C1,complaint,family_or_carer,2024-01-09,CAMHS,,,"Nurse Jane Smith never rang back, '
    'call me on 07700 900123",Interaction with family/ carers,5,no,\n'
    "RCL,F1,fft,patient,2024-02-14,Adult mental health,What was good?,1,Kind staff.,"
    "Staff manner & personal attributes,1,no,\n"
)


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "feedback.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture
def trust(db: Database, tmp_path: Path) -> Database:
    record_provider(
        db=db, provider_id="RCL", name="CLI Test NHS Trust", synthetic=True, actor=OPERATOR
    )
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id="RCL", reference="2024-MD1", kind="must_do",
        regulation="17", report_words="The trust must involve families.",
        public_summary="Involve families in care.",
    )  # fmt: skip
    code, out, err = cli(db, "import", "feedback", str(write(tmp_path, ROWS)))
    assert code == 0, err
    assert "2 new comments, 0 changed, 0 unchanged" in out
    assert "1 with personal data redacted" in out
    return db


def test_a_file_again_changes_nothing_and_a_bad_row_stores_nothing(
    trust: Database, tmp_path: Path
) -> None:
    before, seq = stored(trust), head(trust)
    code, out, err = cli(trust, "feedback", "import", str(write(tmp_path, ROWS)))
    assert code == 0, err
    assert "0 new comments, 0 changed, 2 unchanged" in out
    bad = ROWS.replace("F1", "F2") + "RCL,F3,fft,patient,14/02/2024,,,,Fine.,,,no,\n"
    code, out, err = cli(trust, "feedback", "import", str(write(tmp_path, bad)))
    assert code == 2
    assert "feedback.csv, row 4, column 'received'" in err
    assert (stored(trust), head(trust)) == (before, seq)


def test_list_show_and_summary_are_redacted(
    trust: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs = []
    code, out, err = cli(trust, "feedback", "list", "RCL", "--json")
    assert code == 0, err
    outputs += [out, err]
    listed = json.loads(out)
    assert listed["count"] == 2
    c1 = next(d for d in listed["data"] if d["reference"] == "C1")
    assert c1["text"] is None
    assert "[name]" in c1["redacted_text"]
    assert "[phone]" in c1["redacted_text"]
    assert sorted(c1["personal_data_redacted"]) == ["name", "phone"]
    assert c1["themes"] == [
        {"theme": "Interaction with family/ carers", "probability": None, "origin": "source"}
    ]
    for args in (
        ("feedback", "list", "RCL"),
        ("feedback", "list", "RCL", "--group", "family", "--limit", "1"),
        ("feedback", "show", "RCL", "C1"),
        ("feedback", "show", "RCL", "C1", "--json"),
        ("feedback", "summary", "RCL"),
        ("feedback", "summary", "RCL", "--json"),
    ):
        code, out, err = cli(trust, *args)
        assert code == 0, (args, err)
        outputs += [out, err]
    summary = json.loads(outputs[-2])
    assert summary["comments"] == 2
    assert summary["by_respondent_group"] == {"patient": 1, "family_or_carer": 1}
    outputs.append(caplog.text)
    for text in outputs:
        for secret in SECRETS:
            assert secret not in text


def test_the_words_as_given_only_for_the_trusts_roles_and_audited(trust: Database) -> None:
    add_user(db=trust, actor=OPERATOR, email="viewer@rcl.example", name="Viewer",
             role="trust_viewer", organisation="RCL", password=None)  # fmt: skip
    add_user(db=trust, actor=OPERATOR, email="inspector@cqc.example", name="Inspector",
             role="regulator", organisation="CQC", password=None)  # fmt: skip
    seq = head(trust)
    code, out, err = cli(
        trust, "--as", "inspector@cqc.example", "feedback", "show", "RCL", "C1", "--with-text"
    )
    assert code == 2
    assert "not allowed" in err
    assert "Jane" not in out + err
    assert head(trust) == seq
    code, out, err = cli(
        trust, "--as", "viewer@rcl.example", "feedback", "show", "RCL", "C1", "--with-text"
    )
    assert code == 0, err
    assert "Nurse Jane Smith never rang back" in out
    assert head(trust) == seq + 1


def test_correct_answer_and_corrections(trust: Database) -> None:
    code, out, err = cli(
        trust, "feedback", "correct", "RCL", "F1", "--add", "Staff listening, understanding "
        "& involving patients", "--sentiment", "2", "--reason", "also about listening",
    )  # fmt: skip
    assert code == 0, err
    assert "Staff listening" in out
    code, out, err = cli(trust, "feedback", "correct", "RCL", "F1", "--remove", "Parking")
    assert code == 2
    assert "--remove" in err
    code, out, err = cli(trust, "feedback", "correct", "RCL", "NOPE", "--add", "Parking")
    assert code == 3
    code, out, err = cli(trust, "feedback", "corrections", "RCL", "--json")
    assert code == 0, err
    kept = json.loads(out)
    assert [(c["kind"], c["value"]) for c in kept["data"]] == [
        ("theme_added", "Staff listening, understanding & involving patients"),
        ("sentiment", "2"),
    ]
    assert kept["data"][0]["text"] == "Kind staff."
    code, out, err = cli(
        trust, "feedback", "answer", "RCL", "--theme", "Interaction with family/ carers",
        "--must-do", "2024-MD1", "--said", "Families said no one rang them back.",
    )  # fmt: skip
    assert code == 0, err
    assert "(new)" in out
    code, out, err = cli(
        trust, "feedback", "answer", "RCL", "--theme", "Interaction with family/ carers",
        "--must-do", "2024-MD9", "--said", "Families said no one rang them back.",
    )  # fmt: skip
    assert code == 2
    assert "--must-do" in err
    code, out, err = cli(trust, "feedback", "summary", "RCL")
    assert "you said (Interaction with family/ carers): Families said no one rang them back." in out


def test_the_template_prints_and_reads_back(tmp_path: Path) -> None:
    result = runner.invoke(app, ["feedback", "template"])
    assert result.exit_code == 0
    assert result.stdout.startswith(HEADER.strip())
    docs = Path(__file__).resolve().parents[3] / "docs" / "templates" / "feedback.csv"
    assert docs.read_text(encoding="utf-8") == result.stdout
