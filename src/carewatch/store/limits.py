"""Check each value a writer is about to store against its column, so a value the column
cannot take is a clear error naming the field on every database, refused before anything
is written:

- text longer than the column's length (PostgreSQL refuses it mid-transaction with a driver
  error; SQLite would store it whole);
- text holding a character no text typed into a form, an option or a JSON body has any use
  for: a control character (NUL, which PostgreSQL cannot store at all, escape, the C1
  controls, ...) or a lone surrogate (a JSON ``\\ud800`` escape, which no database can
  store). A free-text column (``Text``: a note, a reason, report words) may hold tabs and
  line breaks; a name, title or code (``String``) may not.

Files are held to the same characters where they are read (`carewatch.ingest.text`).

>>> from sqlalchemy import Column, MetaData, String, Text
>>> notes = Table("notes", MetaData(), Column("title", String(20)), Column("note", Text))
>>> check_fits(notes, {"title": "Ward audit", "note": "Seen.\\r\\nSigned off."})
>>> check_fits(notes, {"title": "Ward\\x00audit"})
Traceback (most recent call last):
...
carewatch.store.limits.ForbiddenCharacter: title: holds a control character (U+0000), \
which cannot be stored
>>> check_fits(notes, {"title": "Ward\\naudit"})
Traceback (most recent call last):
...
carewatch.store.limits.ForbiddenCharacter: title: holds a control character (U+000A), \
which cannot be stored

The message names the field and the character, never the text: it may name a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, Table, Text

__all__ = ["ForbiddenCharacter", "ValueRefused", "ValueTooLong", "check_fits", "forbidden_in"]

# C0 and C1 control characters and lone surrogates; tab, line feed and carriage return apart
# where the text may hold lines (a form's text area sends CR LF).
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class ValueRefused(ValueError):
    """A value its column cannot take; `field` names the column and `problem` says what is
    wrong, for a surface that calls the field by another name. Nothing is stored."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ValueTooLong(ValueRefused):
    """A text value longer than its column allows."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(field, f"longer than the {limit} characters allowed")
        self.limit = limit


class ForbiddenCharacter(ValueRefused):
    """Text holding a control character or a lone surrogate; `code` is its code point."""

    def __init__(self, field: str, code: int) -> None:
        kind = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
        super().__init__(field, f"holds {kind} (U+{code:04X}), which cannot be stored")
        self.code = code


def forbidden_in(text: str, *, lines: bool = False) -> int | None:
    """The code point of the first character of `text` no column may store, or None.

    `lines`: the text may hold tabs and line breaks (a free-text note).

    >>> forbidden_in("St Ann's")
    >>> forbidden_in("a\\x1b[31m")
    27
    >>> forbidden_in("first\\tsecond\\r\\nthird", lines=True)
    """
    if text.isprintable():  # the common case, quickly: no control, no surrogate, no break
        return None
    found = (_NOT_IN_LINES if lines else _NOT_IN_A_LINE).search(text)
    return None if found is None else ord(found.group())


def check_fits(table: Table, values: Mapping[str, Any]) -> None:
    """Raise `ValueRefused` for the first text value its column cannot take: `ValueTooLong`
    beyond the column's length, `ForbiddenCharacter` for a character it may not hold."""
    for name, value in values.items():
        column = table.c.get(name)
        if column is None or not isinstance(value, str) or not isinstance(column.type, String):
            continue
        length = column.type.length
        if length is not None and len(value) > length:
            raise ValueTooLong(name, length)
        code = forbidden_in(value, lines=isinstance(column.type, Text))
        if code is not None:
            raise ForbiddenCharacter(name, code)
