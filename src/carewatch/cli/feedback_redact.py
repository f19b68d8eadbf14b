"""`carewatch feedback redact FILE|-`: feedback's free text with its personal data replaced.

Reads one comment a line (or, with `--json-lines`, one JSON object a line with its comment in
`text`) and writes each comment back, in order, with every name, NHS number, phone number,
email address, postal address and date of birth replaced by its bracketed kind ("[name]"),
as every public view shows it (`carewatch.domain.feedback.redact` says how each is found).
`--json` writes `{"text": ..., "found": [...]}` a line instead, `found` listing the kinds in
the order they first appear. Nothing is stored and no database is opened.

Exit code 2 for a file that cannot be read or a line of `--json-lines` that is not a JSON
object with a string `text`; the lines before it have been written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import IO

import typer

from carewatch.cli.output import fail
from carewatch.domain.feedback.redact import Redaction, redact

__all__ = ["redact_command", "register"]


def register(app: typer.Typer) -> None:
    """Add `redact` to the `feedback` commands."""
    app.command("redact")(redact_command)


def redact_command(
    file: str = typer.Argument(
        ..., metavar="FILE|-", help="The comments, one a line; - reads standard input."
    ),
    json_lines: bool = typer.Option(
        False,
        "--json-lines",
        help="Read one JSON object a line, the comment in its 'text', instead of plain lines.",
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help='Write {"text": redacted, "found": [kinds]} a line instead of the redacted text.',
    ),
) -> None:
    """Replace the personal data in each comment with its kind: [name], [NHS number],
    [phone], [email], [address], [date of birth]. One comment a line in, one out, in order.
    """
    for redaction in _redacted(file, json_lines=json_lines):
        if as_json:
            found = list(dict.fromkeys(span.kind.value for span in redaction.spans))
            line = json.dumps({"text": redaction.text, "found": found}, ensure_ascii=False)
        else:
            line = redaction.text
        sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _redacted(file: str, *, json_lines: bool) -> Iterator[Redaction]:
    with _opened(file) as handle:
        # Decoded a line at a time, so that a byte that is not UTF-8 is reported by its line.
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                fail(f"{file}, line {number}: not UTF-8 text")
            if json_lines:
                if not text.strip():
                    continue
                text = _comment(text, file, number)
            yield redact(text)


def _comment(line: str, file: str, number: int) -> str:
    try:
        document = json.loads(line)
    except json.JSONDecodeError as exc:
        fail(f"{file}, line {number}: not JSON ({exc.msg})")
    if not isinstance(document, dict) or not isinstance(document.get("text"), str):
        fail(f"{file}, line {number}: expected a JSON object with a string 'text'")
    text: str = document["text"]
    return text


def _opened(file: str) -> AbstractContextManager[IO[bytes]]:
    if file == "-":
        return nullcontext(sys.stdin.buffer)  # read, and left open for the caller
    try:
        return open(file, "rb")
    except OSError as exc:
        fail(f"{file}: cannot read ({exc.strerror})")
