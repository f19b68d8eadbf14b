"""Reading an enum member from the words a person or a file gives."""

from __future__ import annotations

import enum
from typing import TypeVar

__all__ = ["member_of"]

E = TypeVar("E", bound=enum.Enum)


def member_of(cls: type[E], text: object) -> E | None:
    """The member of `cls` that `text` is, or names by its value in any case with spaces or
    hyphens for underscores; None when it names none.

    >>> import enum
    >>> class Colour(enum.Enum):
    ...     DARK_RED = "dark_red"
    >>> member_of(Colour, "Dark-red")
    <Colour.DARK_RED: 'dark_red'>
    """
    if isinstance(text, cls):
        return text
    if isinstance(text, str):
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        for member in cls:
            if member.value == key:
                return member
    return None
