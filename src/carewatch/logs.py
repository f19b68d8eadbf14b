"""Logging, configured once at start-up.

Services log one event per write (`carewatch.services._db.log_event`): the event's name and
the ids it touched, never names, notes or other free text, which may name people. Under
`carewatch serve` every record is one JSON object a line on stderr, for a log collector;
the CLI stays quiet unless `--verbose` asks for the events as readable lines.

>>> import logging
>>> record = logging.LogRecord("carewatch.services", logging.INFO, "", 0, "plans.move",
...                            None, None)
>>> record.action_id = 7
>>> record.created = 0
>>> JsonLines().format(record)[:60]
'{"at": "1970-01-01T00:00:00Z", "level": "info", "logger": "c'
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

__all__ = ["JsonLines", "configure"]

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The record's extra fields: what the caller passed beyond the message."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and k != "event"}


def _at(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(int(record.created), tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class JsonLines(logging.Formatter):
    """One JSON object a line: when, level, logger, event, and the extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "at": _at(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            # The exception's type only: its message may quote a value a user typed.
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "error"
        return json.dumps(line, default=str, ensure_ascii=False)


class Readable(logging.Formatter):
    """`event key=value ...` for a person reading the CLI's --verbose output."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in sorted(_fields(record).items()))
        return f"{record.getMessage()} {extras}".rstrip()


class _Stderr(logging.StreamHandler[Any]):
    """A handler that writes to whatever `sys.stderr` is when a record arrives (a test
    runner or a shell may replace it after start-up)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        del value  # always the current sys.stderr


def configure(*, json_lines: bool, verbose: bool = False) -> None:
    """Send carewatch's records to stderr: JSON lines (the server) or readable lines (the
    CLI, only with --verbose); replaces any handler an earlier call installed."""
    logger = logging.getLogger("carewatch")
    for old in list(logger.handlers):
        logger.removeHandler(old)
    handler = _Stderr()
    handler.setFormatter(JsonLines() if json_lines else Readable())
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO if (json_lines or verbose) else logging.WARNING)
