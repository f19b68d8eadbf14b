"""The command line as a whole: every command found by walking the app, its `--db`, its help
at 80 columns, and what `carewatch --version` and `--help` load."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.cli.app import AREAS
from tests.unit.textmining.conftest import labelled_csv, small_rows

runner = CliRunner()

# The commands that never open a database: each is run below with a database URL in the
# environment and must leave no database behind.
WITHOUT_DATABASE = {
    ("ratings", "aggregate"),
    ("ratings", "rules"),
    ("spc", "analyse"),
    ("metrics", "template"),
    ("feedback", "redact"),
    ("feedback", "template"),
    ("feedback", "train"),
    ("feedback", "classify"),
    ("feedback", "evaluate"),
    ("risks", "template"),
}

HEAVY = (
    "alembic",
    "fastapi",
    "httpx",
    "jinja2",
    "numpy",
    "openpyxl",
    "pandas",
    "pydantic",
    "pypdf",
    "rich",
    "sqlalchemy",
    "starlette",
    "uvicorn",
)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group under `command`, with its path of names."""
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


def leaves() -> list[tuple[tuple[str, ...], Any]]:
    root = typer.main.get_command(app)
    return [(p, c) for p, c in walk(root) if not hasattr(c, "list_commands")]


def options(command: Any) -> set[str]:
    return {name for param in command.params for name in param.opts}


def test_the_walk_finds_every_area_and_command() -> None:
    paths = {path for path, _ in leaves()}
    assert {path[0] for path in paths} == set(AREAS)
    for expected in [
        ("serve",),
        ("import", "nof-segmentation"),
        ("oversight", "league-table"),
        ("oversight", "segmentation"),
        ("findings", "extract"),
        ("actions", "export"),
        ("sync", "cqc"),
        ("audit", "log"),
    ]:
        assert expected in paths
    assert len(paths) > 55


def test_every_command_but_these_takes_db() -> None:
    lacking = {path for path, command in leaves() if "--db" not in options(command)}
    assert lacking == WITHOUT_DATABASE


def test_the_commands_without_db_open_no_database(tmp_path: Path) -> None:
    database = tmp_path / "would-be.db"
    series = tmp_path / "series.csv"
    series.write_text("value\n" + "".join(f"{v}\n" for v in (3, 4, 5, 4, 3, 5, 4, 6)))
    document = json.dumps({"framework": "legacy", "ratings": ["Good", "Good", "Good"]})
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(labelled_csv(small_rows()), encoding="utf-8")
    model = str(tmp_path / "model")
    runs = {
        ("ratings", "aggregate"): (["ratings", "aggregate"], document),
        ("ratings", "rules"): (["ratings", "rules"], None),
        ("spc", "analyse"): (["spc", "analyse", str(series), "--value-column", "value"], None),
        ("metrics", "template"): (["metrics", "template"], None),
        ("feedback", "redact"): (["feedback", "redact", "-"], "Nurse Jane was kind.\n"),
        ("feedback", "template"): (["feedback", "template"], None),
        ("risks", "template"): (["risks", "template"], None),
        # The classifier's commands, on a small labelled file: train first, then classify
        # with the model it wrote.
        ("feedback", "train"): (["feedback", "train", "--data", str(labelled), "-o", model], None),
        ("feedback", "classify"): (["feedback", "classify", "-", "--model", model], "Kind.\n"),
        ("feedback", "evaluate"): (["feedback", "evaluate", "--data", str(labelled)], None),
    }
    assert set(runs) == WITHOUT_DATABASE
    for args, stdin in runs.values():
        result = runner.invoke(
            app, args, input=stdin, env={"CAREWATCH_DATABASE_URL": f"sqlite:///{database}"}
        )
        assert result.exit_code == 0, (args, result.output)
        assert not database.exists(), args


def help_of(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], terminal_width=80, env={"COLUMNS": "80"})
    assert result.exit_code == 0, (path, result.output)
    return result.stdout


def every_path() -> list[tuple[str, ...]]:
    return [path for path, _ in walk(typer.main.get_command(app))]


def test_no_help_shows_a_type_for_a_flag_and_every_line_fits_80_columns() -> None:
    for path in every_path():
        text = help_of(path)
        assert "<bool>" not in text, path
        assert "[OPTIONS]" in text, path
        too_wide = [line for line in text.splitlines() if len(line) > 80]
        assert too_wide == [], (path, too_wide)


def test_help_paragraphs_are_wrapped_not_broken_where_the_source_was() -> None:
    """A paragraph runs on to the width: a line followed by more of the same paragraph
    is never a short stub (as when the docstring's own line breaks were kept)."""
    stubs = []
    for path in every_path():
        lines = help_of(path).splitlines()
        description = lines[1 : next(i for i, x in enumerate(lines) if x.endswith(":") and i)]
        for line, after in itertools.pairwise(description):
            prose = re.match(r"^  \S", line) and re.match(r"^  \S", after)
            if prose and len(line) < 50:
                stubs.append((path, line))
    assert stubs == []


def test_the_import_help_reads_as_one_paragraph_at_80_columns() -> None:
    text = help_of(("import", "cqc-api"))
    paragraph = [line for line in text.splitlines() if line.startswith("  ")][1:5]
    assert paragraph[0].startswith("  Reads current, service, historic and inherited ratings")
    assert all(len(line) > 70 for line in paragraph[:-1]), paragraph
    assert " ".join(" ".join(paragraph).split()).startswith(
        'Reads current, service, historic and inherited ratings, "No published rating" and '
        '"Inspected but not rated". Every file is checked before anything is stored;'
    )


def test_the_root_lists_each_area_with_its_own_help() -> None:
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    for name, area in AREAS.items():
        command = root.get_command(ctx, name)
        assert command is not None
        assert " ".join((command.help or "").split()).startswith(" ".join(area.help.split()))


@pytest.mark.parametrize("argument", ["--version", "--help"])
def test_the_version_and_help_load_no_heavy_module(argument: str) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "carewatch", argument],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "carewatch" in imported
    assert "typer" in imported
    assert sorted(imported & set(HEAVY)) == []


def test_a_mistyped_area_gets_a_suggestion() -> None:
    result = runner.invoke(app, ["ratngs", "grid", "RMY"])
    assert result.exit_code == 2
    assert "No such command 'ratngs'. Did you mean 'ratings'" in result.output
