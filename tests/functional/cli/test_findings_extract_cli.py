"""`carewatch findings extract` end to end on SQLite and PostgreSQL: proposals printed from a
report's text or PDF, stored all or nothing with --confirm, and read back through
`carewatch findings list --json`.

The world is one trust, RXX, with no findings. The expected findings are those listed by
hand in tests/data/reports/nsft-2020.expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.report_pdf import write_pdf

runner = CliRunner()
REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
REPORT_2020 = REPORTS / "nsft-2020.txt"
EXPECTED_2020 = json.loads((REPORTS / "nsft-2020.expected.json").read_text(encoding="utf-8"))


def url_of(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def trust(db: Database) -> None:
    record_provider(db=db, provider_id="RXX", name="Example NHS Trust", actor=OPERATOR)


def stored(db: Database) -> list[dict[str, object]]:
    result = runner.invoke(app, ["findings", "list", "RXX", "--json", "--db", url_of(db)])
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_proposals_are_printed_with_their_lines_and_nothing_is_stored(db: Database) -> None:
    trust(db)
    result = runner.invoke(
        app, ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--db", url_of(db)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "nsft-2020.txt: 5 must-do and 6 should-do findings for RXX (proposed; check them, "
        "then --confirm stores them)"
    )
    assert (
        "Must do, line 60 (page 3): Regulation 15: Premises and equipment, stated" in result.stdout
    )
    assert "  core services: Wards for people with a learning disability or autism" in (
        result.stdout
    )
    assert stored(db) == []


def test_json_lists_every_proposal_as_written_by_hand() -> None:
    result = runner.invoke(
        app, ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["file"], document["stored"], document["warnings"]) == (
        "nsft-2020.txt",
        False,
        [],
    )
    got = [
        (f["kind"], f["line"], f["core_services"], (f["regulation"] or {}).get("number"))
        for f in document["findings"]
    ]
    want = [
        (e["kind"], e["line"], e["core_services"], e["regulation"])
        for e in EXPECTED_2020["findings"]
    ]
    assert got == want


def test_confirm_stores_every_proposal_and_again_changes_nothing(db: Database) -> None:
    trust(db)
    args = [
        "findings",
        "extract",
        str(REPORT_2020),
        "--provider",
        "RXX",
        "--report-date",
        "2020-01-15",
        "--confirm",
        "--db",
        url_of(db),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "2020-01-15-MD1  Must do, line 60 (page 3)" in first.stdout
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    findings = stored(db)
    assert len(findings) == 11
    by_reference = {f["reference"]: f for f in findings}
    md4 = by_reference["2020-01-15-MD4"]
    assert md4["kind"] == "must_do"
    assert md4["regulation"] == "17"
    assert md4["core_services"] == [
        "Mental health crisis services and health-based places of safety"
    ]
    assert md4["report_date"] == "2020-01-15"
    assert md4["source"] == "nsft-2020.txt, line 71, page 3"
    assert str(md4["report_words"]).endswith("(Regulation 17 (2)(c) and Regulation 12 (2)(g))")
    sd5 = by_reference["2020-01-15-SD5"]
    assert (sd5["kind"], sd5["key_question"]) == ("should_do", "safe")


def test_a_must_do_without_a_regulation_stops_everything(db: Database) -> None:
    trust(db)
    result = runner.invoke(
        app,
        [
            "findings",
            "extract",
            str(REPORTS / "nsft-2015.txt"),
            "--provider",
            "RXX",
            "--report-date",
            "2015-02-04",
            "--confirm",
            "--db",
            url_of(db),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: nothing stored: line 35: finding '2015-02-04-MD1'")
    assert "(give the regulation with --regulation LINE=NUMBER)" in result.stderr
    assert stored(db) == []


def test_regulations_given_by_line_complete_the_proposals(db: Database) -> None:
    trust(db)
    given = {35: "18", 38: "10", 41: "15", 45: "12", 47: "13", 53: "9", 58: "17", 141: "18"}
    options = [
        part for line, number in given.items() for part in ("--regulation", f"{line}={number}")
    ]
    result = runner.invoke(
        app,
        [
            "findings",
            "extract",
            str(REPORTS / "nsft-2015.txt"),
            "--provider",
            "RXX",
            "--report-date",
            "2015-02-04",
            "--confirm",
            *options,
            "--db",
            url_of(db),
        ],
    )
    assert result.exit_code == 0, result.output
    regulations = {f["source"]: f["regulation"] for f in stored(db)}
    assert regulations["nsft-2015.txt, line 141, page 6"] == "18"
    assert regulations["nsft-2015.txt, line 35, page 3"] == "18"
    assert regulations["nsft-2015.txt, line 63, page 4"] is None  # a should-do


def test_a_pdf_is_read_like_its_text(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "nsft-2020.pdf", REPORT_2020.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["findings", "extract", str(pdf), "--provider", "RXX", "--json"])
    assert result.exit_code == 0, result.output
    from_pdf = json.loads(result.stdout)["findings"]
    text = runner.invoke(
        app, ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--json"]
    )
    from_text = json.loads(text.stdout)["findings"]
    assert [(f["text"], f["page"]) for f in from_pdf] == [(f["text"], f["page"]) for f in from_text]


def test_an_unknown_trust_exits_3_and_stores_nothing(db: Database) -> None:
    result = runner.invoke(
        app,
        [
            "findings",
            "extract",
            str(REPORT_2020),
            "--provider",
            "RZZ",
            "--report-date",
            "2020-01-15",
            "--confirm",
            "--db",
            url_of(db),
        ],
    )
    assert result.exit_code == 3
    assert "RZZ" in result.stderr


def test_bad_input_exits_2_naming_the_problem(tmp_path: Path) -> None:
    missing_date = runner.invoke(
        app, ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--confirm"]
    )
    assert missing_date.exit_code == 2
    assert "--confirm needs --report-date" in missing_date.stderr
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"not a pdf")
    unreadable = runner.invoke(app, ["findings", "extract", str(bad), "--provider", "RXX"])
    assert unreadable.exit_code == 2
    assert "report.pdf: not a readable PDF" in unreadable.stderr
    wrong_line = runner.invoke(
        app,
        ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--regulation", "61=12"],
    )
    assert wrong_line.exit_code == 2
    assert "no proposal starts at line 61" in wrong_line.stderr
    not_a_standard = runner.invoke(
        app,
        ["findings", "extract", str(REPORT_2020), "--provider", "RXX", "--regulation", "60=5"],
    )
    assert not_a_standard.exit_code == 2
    assert "--regulation: '60=5' is not LINE=NUMBER" in not_a_standard.stderr


def test_confirming_changed_findings_needs_a_reason_and_keeps_the_change(db: Database) -> None:
    trust(db)
    args = [
        "findings", "extract", str(REPORT_2020), "--provider", "RXX",
        "--report-date", "2020-01-15", "--confirm", "--db", url_of(db),
    ]  # fmt: skip
    assert runner.invoke(app, args).exit_code == 0
    changed = [*args, "--regulation", "60=12"]
    refused = runner.invoke(app, changed)
    assert refused.exit_code == 2
    assert "reason" in refused.stderr
    assert {f["reference"]: f["regulation"] for f in stored(db)}["2020-01-15-MD1"] == "15"

    kept = runner.invoke(app, [*changed, "--reason", "The report's regulation was misread"])
    assert kept.exit_code == 0, kept.output
    assert {f["reference"]: f["regulation"] for f in stored(db)}["2020-01-15-MD1"] == "12"
