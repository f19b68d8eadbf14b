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


def test_an_unknown_or_misspelt_column_is_refused_naming_it(
    trust: Database, tmp_path: Path
) -> None:
    before = stored(trust)
    for misspelt, right in (("nhs_numbr", "nhs_number"), ("psych_harm", "psychological_harm")):
        header = [misspelt if c == right else c for c in INCIDENT_COLUMNS]
        path = tmp_path / "incidents.csv"
        cells = row("A1", psychological_harm="moderate")
        path.write_text(
            ",".join(header) + "\n" + ",".join(cells.get(c, "") for c in INCIDENT_COLUMNS) + "\n",
            encoding="utf-8",
        )
        code, out, err = cli(trust, "import", "incidents", str(path))
        assert code == 2, out
        assert f"incidents.csv, row 1, column '{misspelt}': is not a column" in err
        assert all(secret not in out + err for secret in SECRETS)
    assert stored(trust) == before


def test_a_short_row_is_refused_as_too_few_fields(trust: Database, tmp_path: Path) -> None:
    before = stored(trust)
    path = tmp_path / "incidents.csv"
    # Row 3 stops after its report day: the category and harm columns are missing.
    path.write_text(
        "org_code,reference,occurred,reported,category,physical_harm\n"
        "RCL,A1,2020-03-02,2020-03-02,medication,low\n"
        "RCL,A2,2020-03-02,2020-03-02\n",
        encoding="utf-8",
    )
    code, out, err = cli(trust, "import", "incidents", str(path))
    assert code == 2, out
    assert "incidents.csv, row 3: has too few fields: 4 cells but the header 6" in err
    assert stored(trust) == before


def death(db: Database, reference: str, *extra: str) -> tuple[int, str, str]:
    """A patient detained under the Mental Health Act who died on Monday 14 April 2025."""
    return cli(
        db, "incidents", "add", "RCL", "--reference", reference, "--occurred", "2025-04-14",
        "--reported", "2025-04-17", "--category", "death", "--physical-harm", "fatal",
        "--flag", "mental_health_act", *extra,
    )  # fmt: skip


def test_every_fact_the_file_takes_can_be_added_and_is_shown(trust: Database) -> None:
    code, out, err = cli(
        trust, "incidents", "add", "RCL", "--reference", "G1", "--occurred", "2025-03-03",
        "--reported", "2025-03-04", "--category", "self_harm", "--physical-harm", "low",
        "--psychological-harm", "moderate", "--prolonged-psychological-harm", "no",
        "--problems-in-care", "may_be_linked", "--flag", "serious_incident",
        "--flag", "mental_capacity_act", "--flag", "safeguarding_referral",
        "--flag", "hsib_notify", "--flag", "mental_health_homicide",
        "--flag", "cqc_notify", "--cqc-criterion", "abuse", "--cqc-criterion", "serious_injury",
        "--flag", "never_event", "--never-event-type", "window_falls",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(trust, "incidents", "show", "RCL", "G1", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert {k: shown[k] for k in (
        "prolonged_psychological_harm", "problems_in_care", "cqc_notify", "cqc_criteria",
        "never_event", "never_event_type", "serious_incident", "mental_health_act",
        "mental_capacity_act", "safeguarding_referral", "hsib_notify", "mental_health_homicide",
        "duty_of_candour", "patient",
    )} == {
        "prolonged_psychological_harm": False, "problems_in_care": "may_be_linked",
        "cqc_notify": True, "cqc_criteria": ["abuse", "serious_injury"], "never_event": True,
        "never_event_type": "window_falls", "serious_incident": True,
        "mental_health_act": False, "mental_capacity_act": True, "safeguarding_referral": True,
        "hsib_notify": True, "mental_health_homicide": True, "duty_of_candour": False,
        "patient": None,
    }  # fmt: skip
    # Moderate psychological harm recorded as not prolonged, low physical harm: no candour.
    assert [d["duty"] for d in shown["duties"]] == []
    code, out, err = cli(trust, "incidents", "show", "RCL", "G1", "--as-of", "2025-03-05")
    assert code == 0, err
    assert "prolonged psychological harm: no" in out
    assert "problems in care: may be linked" in out
    assert "CQC notification (Serious injury of a service user; Abuse or allegations" in out
    assert "Never Event (Falls from poorly restricted windows)" in out
    code, out, err = cli(trust, "incidents", "list", "RCL", "--json")
    assert json.loads(out)["data"][0]["cqc_criteria"] == ["abuse", "serious_injury"]


def test_a_prolonged_or_bad_word_is_refused_naming_the_option(trust: Database) -> None:
    before = stored(trust)
    for option, value in (
        ("--prolonged-psychological-harm", "maybe"),
        ("--problems-in-care", "bogus"),
    ):
        code, out, err = add(trust, "--psychological-harm", "low", option, value)
        assert code == 2, out
        assert err.startswith(f"error: {option}:")
    code, out, err = add(trust, "--prolonged-psychological-harm", "yes")
    assert code == 2, out
    assert "--prolonged-psychological-harm: prolonged psychological harm is recorded" in err
    assert stored(trust) == before


def test_a_national_rule_recorded_from_the_command_line_forces_a_psii(trust: Database) -> None:
    # Detained, died, and a review judged the death more likely than not due to problems in
    # care: PSIRF requires a PSII, so "no further response" is refused.
    code, out, err = death(trust, "BH-1", "--problems-in-care", "more_likely_than_not")
    assert code == 0, err
    before = stored(trust)
    code, out, err = cli(
        trust, "incidents", "respond", "RCL", "BH-1", "--to", "no_further_response",
        "--on", "2025-04-18", "--reason", "nothing to learn",
    )  # fmt: skip
    assert code == 2, out
    assert "psii" in err.lower()
    assert stored(trust) == before
    # Not yet judged, the same death may still be moved (the rule has not fired).
    code, out, err = death(trust, "BH-2")
    assert code == 0, err
    code, out, err = cli(
        trust, "incidents", "respond", "RCL", "BH-2", "--to", "no_further_response",
        "--on", "2025-04-18", "--reason", "nothing to learn",
    )  # fmt: skip
    assert code == 0, err


def test_a_serious_incident_owes_steis_from_the_report_day(trust: Database) -> None:
    # Reported Friday 4 January 2019: the 2nd working day after it is Tuesday 8 January.
    code, out, err = cli(
        trust, "incidents", "add", "RCL", "--reference", "S1", "--occurred", "2019-01-03",
        "--reported", "2019-01-04", "--category", "self_harm", "--physical-harm", "severe",
        "--framework", "sif", "--flag", "serious_incident",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(trust, "incidents", "show", "RCL", "S1", "--as-of", "2019-01-09")
    assert code == 0, err
    assert "duty steis_report: due 2019-01-08, overdue by 1 day" in out
    code, out, err = cli(trust, "incidents", "due", "RCL", "--as-of", "2019-01-07", "--json")
    assert code == 0, err
    steis = [d for d in json.loads(out)["data"] if d["duty"] == "steis_report"]
    assert steis == [
        {"incident": "S1", "duty": "steis_report", "due": "2019-01-08", "overdue": False,
         "days_overdue": 0},
    ]  # fmt: skip


def pfd(db: Database, reference: str, *extra: str) -> tuple[int, str, str]:
    return cli(db, "incidents", "pfd", "RCL", reference, "--pfd-reference", "PFD-9", *extra)


def test_pfd_reports_are_checked(trust: Database) -> None:
    assert death(trust, "BH-1")[0] == 0  # occurred 14 April 2025
    assert add(trust)[0] == 0  # W7: moderate harm, not a death
    before = stored(trust)
    refusals = (
        ("BH-1", ("--report-date", "2025-04-01"), "before the incident occurred (2025-04-14)"),
        # Report of 1 June 2025: the 56 days end on 27 July; an extension cannot pull them in.
        ("BH-1", ("--report-date", "2025-06-01", "--extended-to", "2025-06-10"), "2025-07-27"),
        ("W7", ("--report-date", "2025-06-01"), "not recorded as a death"),
    )
    for reference, args, says in refusals:
        code, out, err = pfd(trust, reference, *args)
        assert code == 2, out
        assert says in err
    assert stored(trust) == before
    assert pfd(trust, "BH-1", "--report-date", "2025-06-01")[0] == 0
    after = stored(trust)
    seq = head(trust)
    assert pfd(trust, "BH-1", "--report-date", "2025-06-01")[0] == 0
    assert (stored(trust), head(trust)) == (after, seq)  # the same facts: nothing written
    code, out, err = pfd(trust, "BH-1", "--report-date", "2025-06-02")
    assert code == 2, out
    assert "pfd_report.report_date" in err
    assert "give the reason for the change" in err
    assert stored(trust) == after
    # A reply added later is no change of facts; another report day, with a reason, is kept.
    assert pfd(trust, "BH-1", "--report-date", "2025-06-01", "--responded-on", "2025-07-01")[0] == 0
    code, out, err = pfd(
        trust, "BH-1", "--report-date", "2025-06-02", "--responded-on", "2025-07-01",
        "--reason", "the coroner's covering letter is dated 2 June",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(trust, "incidents", "show", "RCL", "BH-1", "--json")
    assert json.loads(out)["pfd_reports"] == [
        {"reference": "PFD-9", "report_date": "2025-06-02", "responded_on": "2025-07-01",
         "extended_to": None},
    ]  # fmt: skip
    code, out, err = cli(trust, "incidents", "show", "RCL", "BH-1")
    assert "changed pfd_report.report_date on" in out
    assert "the coroner's covering letter is dated 2 June" in out


def test_show_says_done_late_and_overdue_by_days_and_recording_again_says_so(
    trust: Database,
) -> None:
    assert add(trust, "--age-band", "66_85_years")[0] == 0
    code, out, err = add(trust, "--age-band", "66_85_years")
    assert code == 0, err
    assert out.strip() == "RCL: incident W7 already recorded with these facts; nothing changed"
    # Due Tuesday 7 January 2020 (see test_record_list_and_due): in person on the 6th, the
    # written notice on Thursday 9 January, 2 days late.
    for step, on in (("verbal", "2020-01-06"), ("written", "2020-01-09")):
        code, out, err = cli(trust, "incidents", "candour", "RCL", "W7", "--step", step, "--on", on)
        assert code == 0, err
    code, out, err = cli(trust, "incidents", "show", "RCL", "W7", "--as-of", "2020-01-10")
    assert code == 0, err
    assert "duty candour_verbal: due 2020-01-07, done on 2020-01-06" in out
    assert "duty candour_written: due 2020-01-07, done late, on 2020-01-09 (2 days after)" in out
    code, out, err = cli(
        trust, "incidents", "show", "RCL", "W7", "--as-of", "2020-01-10", "--with-personal-data"
    )
    assert "aged 66-85 years" in out
    assert "66_85_years" not in out
    assert add(trust, "--reference", "W9")[0] == 0
    code, out, err = cli(trust, "incidents", "show", "RCL", "W9", "--as-of", "2020-01-10")
    assert "duty candour_verbal: due 2020-01-07, overdue by 3 days" in out


def test_a_linked_metric_is_named_in_words(trust: Database) -> None:
    from carewatch.services.metrics import seed_catalogue

    seed_catalogue(db=trust, actor=OPERATOR)
    assert add(trust)[0] == 0
    code, out, err = cli(
        trust, "incidents", "link", "RCL", "W7", "--kind", "metric",
        "--target", "medication_errors_reported",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(trust, "incidents", "show", "RCL", "W7")
    assert "linked metric: Medication errors reported (medication_errors_reported)" in out
