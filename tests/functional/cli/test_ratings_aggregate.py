"""`carewatch ratings aggregate`: the JSON shapes other tools rely on, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app

runner = CliRunner()


def run(document: object, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ratings", "aggregate", "-", *args], input=json.dumps(document))
    return result.exit_code, result.stdout, result.stderr


def test_key_questions_to_overall_json() -> None:
    code, out, _ = run(
        {
            "framework": "legacy",
            "ruleset": "nhs-trust-2022",
            "key_questions": {
                "safe": "Requires improvement",
                "effective": "Requires improvement",
                "caring": "Good",
                "responsive": "Requires improvement",
                "well-led": "Requires improvement",
            },
        },
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {
        "overall": {
            "rating": "Requires improvement",
            "rule": "nhs-trust-2022 C2",
            "reason": "4 of 5 ratings are Requires improvement, which limits the aggregate "
            "to Requires improvement.",
        }
    }


def test_a_plain_list_of_ratings_with_the_default_ruleset() -> None:
    code, out, _ = run({"ratings": ["Outstanding", "outstanding", "Good"]}, "--json")
    assert code == 0
    assert json.loads(out)["overall"]["rating"] == "Outstanding"


def test_trust_document_shape() -> None:
    document = {
        "framework": "legacy",
        "trust_type": "mental_health",
        "services": {
            "Acute wards for adults of working age and psychiatric intensive care units": {
                "safe": "Good",
                "effective": "Good",
                "caring": "Good",
                "responsive": "Good",
                "well-led": "Good",
            },
            "Mental health crisis services and health-based places of safety": {
                "safe": "Inadequate",
                "effective": "Requires improvement",
                "caring": "Good",
                "responsive": "Requires improvement",
                "well-led": "Requires improvement",
            },
        },
        "trust_well_led": "Inadequate",
        "use_of_resources": "Good",
        "enforcement": [
            {
                "kind": "requirement_notice",
                "service": "Acute wards for adults of working age and psychiatric intensive "
                "care units",
                "key_question": "safe",
            }
        ],
    }
    code, out, _ = run(document, "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"services", "trust", "special_measures"}
    acute = result["services"][
        "Acute wards for adults of working age and psychiatric intensive care units"
    ]
    assert acute["key_questions"]["safe"]["rating"] == "Requires improvement"
    assert acute["key_questions"]["safe"]["limited_by"] == "requirement_notice"
    assert acute["key_questions"]["effective"]["limited_by"] is None
    assert acute["overall"]["rating"] == "Good"
    trust = result["trust"]
    assert list(trust["key_questions"]) == ["safe", "effective", "caring", "responsive", "well-led"]
    # Safe: Requires improvement and Inadequate, one each of two: Inadequate (X = 1).
    assert trust["key_questions"]["safe"]["rating"] == "Inadequate"
    assert trust["key_questions"]["well-led"]["rating"] == "Inadequate"
    assert trust["overall"]["rating"] == "Inadequate"
    assert trust["combined"]["rule"].startswith("combined-2018")
    assert result["special_measures"]["entry_criteria_met"] is True
    assert "well-led" in result["special_measures"]["reason"]


def test_saf_document_shape() -> None:
    code, out, _ = run(
        {
            "framework": "saf",
            "scores": {
                "well-led": {f"W{i}": s for i, s in enumerate([2, 3, 2, 2, 3, 2, 3, 2], 1)},
                "caring": {"C1": 3, "C2": 3, "C3": 3, "C4": 3, "C5": 3},
            },
        },
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["key_questions"]["well-led"]["score_percent"] == 59
    assert result["key_questions"]["well-led"]["rating"] == "Requires improvement"
    assert result["key_questions"]["caring"]["score_percent"] == 75
    assert set(result["overall"]) == {"rating", "rule", "reason"}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"key_questions": {"safe": "Brilliant"}}, "key_questions.safe"),
        ({"key_questions": {"kindness": "Good"}}, "key_questions.kindness"),
        ({"framework": "saf", "scores": {"safe": {"S1": 5}}}, "scores.safe.S1"),
        ({"framework": "saf", "scores": {"safe": {"S1": 0}}}, "scores.safe.S1"),
        ({"key_questions": {}}, "key_questions"),
        ({"ratings": []}, "ratings"),
        ({"ratings": ["Not rated"]}, "ratings"),
        ({"ratings": ["Good"], "ruleset": "nhs-2099"}, "ruleset"),
        ({"framework": "kloe-2030", "ratings": ["Good"]}, "framework"),
        ({"services": {"A": {"safe": "Good"}}}, "trust_well_led"),
        (
            {
                "services": {"A": {"safe": "Good"}},
                "trust_well_led": "Good",
                "enforcement": [{"kind": "fine", "service": "A", "key_question": "safe"}],
            },
            "enforcement[0].kind",
        ),
    ],
)
def test_invalid_input_exits_2_naming_the_field(document: object, field: str) -> None:
    code, out, err = run(document, "--json")
    assert code == 2
    assert out == ""
    assert f"{field}:" in err


def test_not_json_exits_2_with_the_line() -> None:
    result = runner.invoke(app, ["ratings", "aggregate", "-"], input="{\n  'safe': Good }")
    assert result.exit_code == 2
    assert "line 2" in result.stderr


def test_the_installed_command_reads_a_file(tmp_path: Path) -> None:
    document = tmp_path / "ratings.json"
    document.write_text(json.dumps({"ratings": ["Good", "Inadequate", "Inadequate"]}))
    done = subprocess.run(
        [sys.executable, "-m", "carewatch", "ratings", "aggregate", str(document), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overall"]["rating"] == "Inadequate"


def test_human_output_names_rule_and_reason() -> None:
    code, out, _ = run({"ratings": ["Good", "Good", "Requires improvement", "Inadequate"]})
    assert code == 0
    assert "Requires improvement" in out
    assert "nhs-trust-2022 C3a" in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '{"ratings": ' + "[" * 200_000 + "]" * 200_000 + "}",
            "arrays or objects nested more than 100 levels",
        ),
        ('{"ratings": [' + "9" * 5000 + "]}", "an integer of more than 100 digits"),
    ],
    ids=["200,000 levels deep", "a 5,000-digit integer"],
)
def test_json_past_the_readers_limits_exits_2_without_a_traceback(text: str, says: str) -> None:
    result = runner.invoke(app, ["ratings", "aggregate", "-"], input=text)
    assert result.exit_code == 2
    assert f"standard input: invalid JSON: {says}" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
