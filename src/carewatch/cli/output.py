"""Shared CLI output: JSON for machines, plain text for people, errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from pydantic import BaseModel

from carewatch.domain.ratings import NonRating, Rating

# Exit codes: 1 for a failure while running, 2 for input the command cannot accept,
# 3 for an id that is not in the database.
EXIT_FAILURE = 1
EXIT_INVALID_INPUT = 2
EXIT_NOT_FOUND = 3


def emit_json(data: Any) -> None:
    """Print `data` as JSON. A schema of `carewatch.schemas` (or a list of them) is printed as
    its `model_dump(mode="json")`, exactly the document the matching API route returns."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list) and all(isinstance(item, BaseModel) for item in data):
        data = [item.model_dump(mode="json") for item in data]
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))


def emit_model_json(model: BaseModel) -> None:
    """Print a schema of `carewatch.schemas` as JSON, the same text `emit_json` prints, for
    large documents (a national audit is 35 MB): pydantic writes it in one pass, and it goes
    to standard output without click's scan of the text for terminal colour codes."""
    sys.stdout.write(model.model_dump_json(indent=2))
    sys.stdout.write("\n")
    sys.stdout.flush()


def _default(value: Any) -> Any:
    if isinstance(value, Rating | NonRating):
        return value.label
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def counted(n: int, noun: str, plural: str = "") -> str:
    """`n` and the noun, plural unless `n` is 1: "1 aggregate", "2 aggregates", "0 files"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def fail(message: str, code: int = EXIT_INVALID_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def read_text(path: str) -> str:
    """Read a file, or standard input when path is '-'."""
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
