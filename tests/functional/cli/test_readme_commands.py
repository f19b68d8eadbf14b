"""The README's commands, run as shown.

Every fenced block of the README is one of:

- `sh`: commands, run here in order by bash (stopping at the first failure) with the
  installed `carewatch` first on the PATH, in the repository, against a temporary SQLite
  database named by CAREWATCH_DATABASE_URL; each block must exit 0. Two kinds are checked by
  other means, and say so below: the `make` targets (they build the virtualenv, serve until
  stopped or run the whole suite), whose commands `make -n` prints, and the commands on the
  Oldham records beside the repository, run only when those are there.
- `json`: the output of the `sh` block before it, compared as JSON.
- `text`: the synopsis of the command line; each line must name real commands and options.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from carewatch.cli import app

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLE_DATABASE_URL = "postgresql+psycopg://user@host:5432/carewatch"


def blocks() -> list[tuple[str, str]]:
    """The README's fenced blocks: (language, text)."""
    found = re.findall(r"^```(\w*)\n(.*?)^```$", README.read_text(), flags=re.M | re.S)
    return [(language, text) for language, text in found]


def test_every_block_is_fenced_with_a_known_language() -> None:
    found = blocks()
    assert [language for language, _ in found] == ["sh", "text", "sh", "json", "sh", "sh", "sh"]
    # No command hides in an indented block the runs below would not see.
    outside = re.sub(r"^```\w*\n.*?^```$", "", README.read_text(), flags=re.M | re.S)
    assert [line for line in outside.splitlines() if line.startswith("    ")] == []


def test_the_make_targets_run_what_the_readme_says() -> None:
    """`make run` serves (tests/functional/cli/test_serve.py runs `carewatch serve`) and
    `make test` is this suite: here `make -n` shows the commands each would run."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    (quick_start, *_) = [text for language, text in blocks() if language == "sh"]
    targets = [line.split("#")[0].split()[1] for line in quick_start.splitlines()]
    assert targets == ["run", "test"]
    run = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ". .venv/bin/activate" in run  # the hint the README gives
    assert ".venv/bin/carewatch serve --db sqlite:///carewatch.db" in run
    assert "--load-demo" in run
    test = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ".venv/bin/pytest" in test


def run_block(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_every_example_runs_as_shown(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'readme.db'}"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "CAREWATCH_DATABASE_URL": database,
        "COLUMNS": "80",
    }
    found = blocks()
    ran = []
    for i, (language, text) in enumerate(found):
        if language != "sh" or text.lstrip().startswith("make "):
            continue
        if "../shared/data" in text and not SHARED_DATA.is_dir():
            continue  # the Oldham records are not beside this repository
        # The PostgreSQL example's placeholder URL is this test's database.
        script = text.replace(EXAMPLE_DATABASE_URL, database)
        done = run_block(script, env)
        assert done.returncode == 0, (text, done.stderr)
        ran.append(text)
        if i + 1 < len(found) and found[i + 1][0] == "json":
            assert json.loads(done.stdout) == json.loads(found[i + 1][1])
    assert any("carewatch demo load" in text for text in ran)
    assert any("carewatch db migrate" in text for text in ran)
    assert any("ratings aggregate --json" in text for text in ran)


def _commands(group: Any) -> dict[str, Any]:
    ctx = typer.Context(group)
    return {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}


def _options(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


def _check_synopsis_line(root: Any, line: str) -> None:
    words = line.split("#")[0].split()
    assert words[0] == "carewatch", line
    if words[1] == "--as":
        assert "--as" in _options(root)
        return
    group, commands = root, [root]
    for n, segment in enumerate(" ".join(words[1:]).split(" | ")):
        tokens = segment.replace("[", " ").replace("]", " ").split()
        starts_with_a_name = not tokens[0].startswith("-")
        named = []
        # Names go down the tree while they are sub-commands; 'a|b' names alternatives and
        # 'record-...' every command so named.
        while tokens and not tokens[0].startswith("-"):
            available = _commands(group) if hasattr(group, "list_commands") else {}
            names = tokens[0].split("|")
            if names[0].endswith("..."):
                names = [n for n in available if n.startswith(names[0].rstrip("."))]
            if not names or not all(n in available for n in names):
                break
            named = [available[n] for n in names]
            tokens = tokens[1:]
            if len(named) == 1 and hasattr(named[0], "list_commands"):
                group = named[0]
        if named:
            commands = named
        # A name where a command is expected must be one: the first, and after a '|'.
        assert named or not starts_with_a_name or (n == 0 and commands != [root]), line
        assert not any(hasattr(c, "list_commands") for c in commands), line
        for option in [t for t in tokens if re.fullmatch(r"--?[a-z][a-z-]*", t)]:
            assert all(option in _options(c) for c in commands), (line, option)


def test_the_synopsis_names_real_commands_and_options() -> None:
    (synopsis,) = [text for language, text in blocks() if language == "text"]
    root = typer.main.get_command(app)
    lines = synopsis.splitlines()
    assert len(lines) > 30
    for line in lines:
        _check_synopsis_line(root, line)


def test_the_synopsis_check_can_fail() -> None:
    root = typer.main.get_command(app)
    for wrong in [
        "carewatch ratings grid ID --colour",
        "carewatch ratings nonesuch",
        "carewatch findings add|remove ...",
        "carewatch audit verify | nonesuch --json",
    ]:
        with pytest.raises(AssertionError):
            _check_synopsis_line(root, wrong)
