"""`carewatch feedback redact` end to end: comments read from a file, from standard input and
as JSON lines, each written back in order with its personal data replaced by its kind, and
the refusals of input it cannot read (exit code 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app

runner = CliRunner()

COMMENTS = [
    "Nurse Jane on ward 3 was lovely, ring me on 07700 900123.",
    "Waited 4 hours in A&E, appointment on 12/05/2024 at 10:30.",
    "",
    "My son Tom (DOB 03/04/2015) lives at 14 Acacia Avenue, email jo@example.org.",
    "My NHS number is 999 787 7896, Dr Okafor has it.",
]
REDACTED = [
    "Nurse [name] on ward 3 was lovely, ring me on [phone].",
    "Waited 4 hours in A&E, appointment on 12/05/2024 at 10:30.",
    "",
    "My son [name] (DOB [date of birth]) lives at [address], email [email].",
    "My NHS number is [NHS number], Dr [name] has it.",
]


def test_a_file_of_plain_lines_comes_back_redacted_line_for_line(tmp_path: Path) -> None:
    comments = tmp_path / "comments.txt"
    comments.write_text("\n".join(COMMENTS) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["feedback", "redact", str(comments)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == REDACTED


def test_standard_input_and_json_output() -> None:
    result = runner.invoke(app, ["feedback", "redact", "-", "--json"], input="\n".join(COMMENTS))
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"text": REDACTED[0], "found": ["name", "phone"]},
        {"text": REDACTED[1], "found": []},
        {"text": "", "found": []},
        {"text": REDACTED[3], "found": ["name", "date_of_birth", "address", "email"]},
        {"text": REDACTED[4], "found": ["nhs_number", "name"]},
    ]


def test_json_lines_in_and_out_skip_blank_lines(tmp_path: Path) -> None:
    lines = tmp_path / "comments.jsonl"
    lines.write_text(
        json.dumps({"id": 7, "text": COMMENTS[0]})
        + "\n\n"
        + json.dumps({"text": "Merci à l’équipe, Dr Lefèvre était super."}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["feedback", "redact", str(lines), "--json-lines"])
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.splitlines() == [
        REDACTED[0],
        "Merci à l’équipe, Dr [name] était super.",
    ]
    as_json = runner.invoke(app, ["feedback", "redact", str(lines), "--json-lines", "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert [json.loads(line)["found"] for line in as_json.stdout.splitlines()] == [
        ["name", "phone"],
        ["name"],
    ]


def test_a_line_that_is_not_a_comment_object_stops_with_exit_2(tmp_path: Path) -> None:
    lines = tmp_path / "comments.jsonl"
    lines.write_text(
        json.dumps({"text": "Dr Patel was kind."}) + "\n" + json.dumps({"body": "x"}) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["feedback", "redact", str(lines), "--json-lines"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == ["Dr [name] was kind."]
    assert "line 2: expected a JSON object with a string 'text'" in result.stderr

    broken = runner.invoke(app, ["feedback", "redact", "-", "--json-lines"], input="{text:\n")
    assert broken.exit_code == 2
    assert "-, line 1: not JSON" in broken.stderr


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["feedback", "redact", str(tmp_path / "absent.txt")])
    assert missing.exit_code == 2
    assert "absent.txt: cannot read" in missing.stderr

    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Nurse Jane\nCaf\xe9 was shut\n".encode("latin-1"))
    result = runner.invoke(app, ["feedback", "redact", str(latin1)])
    assert result.exit_code == 2
    assert "line 2: not UTF-8 text" in result.stderr


def test_a_pipe_through_the_installed_command() -> None:
    """The command as a user runs it, reading a real pipe in a process of its own."""
    src = Path(__file__).resolve().parents[3] / "src"
    done = subprocess.run(
        [sys.executable, "-m", "carewatch", "feedback", "redact", "-"],
        input="Thank you Priya and Nurse Ruth, ward 12.\nMy postcode is LS6 2QT\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Thank you [name] and Nurse [name], ward 12.",
        "My postcode is [address]",
    ]
