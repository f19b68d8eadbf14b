"""Vocabulary enums: one enum per word, its label on it, and one way to read it back.

A `Word` is an enum whose members a person or a file may write as the member's value, its
name or its label, in any case, with spaces, hyphens or underscores between the parts, or as
a declared synonym. `parse` returns the member or raises `UnknownWord` (a `ValueError`)
naming what was expected; an area may raise its own subclass of it.

>>> class Colour(Word, what="colour", synonyms={"crimson": "dark_red"}):
...     DARK_RED = "dark_red"
...     PALE_BLUE = "pale_blue"
>>> Colour.parse("Dark-red")
<Colour.DARK_RED: 'dark_red'>
>>> Colour.parse("crimson").label
'Dark red'
>>> Colour.parse("green")
Traceback (most recent call last):
...
carewatch.domain.words.UnknownWord: unknown colour 'green': expected one of dark_red, pale_blue
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar

__all__ = ["StrWord", "UnknownWord", "Word", "or_list", "word_key", "word_table"]

E = TypeVar("E", bound=enum.Enum)


_SEPARATORS = re.compile(r"[\s_\-]+")


# Cached: a file repeats the same few words in every row.
@functools.lru_cache(maxsize=4096)
def word_key(text: str) -> str:
    """`text` lower-cased and trimmed, with each run of spaces, hyphens and underscores made one
    underscore: the form in which two spellings of one word compare equal.

    >>> word_key("  Kept - late ")
    'kept_late'
    """
    return _SEPARATORS.sub("_", text.strip().lower()).strip("_")


def or_list(values: Iterable[str]) -> str:
    """ "a, b or c".

    >>> or_list(["high", "medium", "low"])
    'high, medium or low'
    """
    items = list(values)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


class UnknownWord(ValueError):
    """A word that names no member of a vocabulary; the message says what was expected.

    `what` names the vocabulary ("verdict"), `text` is what was given and `allowed` the values
    that would have been read. Areas subclass it to be caught by name; a subclass may word its
    message differently by overriding `describe`.
    """

    def __init__(self, what: str, text: object, allowed: Iterable[str]) -> None:
        self.what = what
        self.text = text
        self.allowed = tuple(allowed)
        super().__init__(self.describe())

    def describe(self) -> str:
        return f"unknown {self.what} {self.text!r}: expected one of {', '.join(self.allowed)}"


def word_table(cls: type[E], synonyms: Mapping[str, str] | None = None) -> dict[str, E]:
    """Each member of `cls` by the `word_key` of its value, its name, its label (if it has one)
    and each synonym of its value. Values and names win over labels, labels over synonyms.

    >>> class Colour(enum.Enum):
    ...     DARK_RED = "dark_red"
    >>> sorted(word_table(Colour, {"crimson": "dark_red"}))
    ['crimson', 'dark_red']
    """
    table = {word_key(synonym): cls(value) for synonym, value in (synonyms or {}).items()}
    for member in cls:
        label = getattr(member, "label", None)
        if isinstance(label, str):
            table[word_key(label)] = member
    for member in cls:
        table[word_key(member.name)] = member
        table[word_key(str(member.value))] = member
    return table


class Word(enum.Enum):
    """Base of a vocabulary enum: `label` (the value in words, unless the enum says better) and
    `parse`. Declare what the word is called in messages, the error to raise and any
    synonyms as class keywords:

        class Verdict(Word, what="verdict", error=UnknownEvidenceWord): ...
    """

    _what: ClassVar[str]
    _error: ClassVar[type[UnknownWord]]
    _synonyms: ClassVar[Mapping[str, str]]
    _table: ClassVar[dict[str, Any]]

    def __init_subclass__(
        cls,
        *,
        what: str = "",
        error: type[UnknownWord] = UnknownWord,
        synonyms: Mapping[str, str] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls._what = what or re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
        cls._error = error
        cls._synonyms = dict(synonyms or {})

    @property
    def label(self) -> str:
        """The member in words; by default its value with spaces, capitalised."""
        return str(self.value).replace("_", " ").capitalize()

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every member's value, in order: what is stored, and what a CHECK allows."""
        return tuple(str(m.value) for m in cls)

    @classmethod
    def lookup(cls, text: object) -> Self | None:
        """The member `text` is or names (see `word_table`), or None."""
        if isinstance(text, cls):
            return text
        if not isinstance(text, str):
            return None
        table = cls.__dict__.get("_table")
        if table is None:
            # Built on first use: the members do not exist yet when a subclass is created.
            table = word_table(cls, cls._synonyms)
            cls._table = table
        found: Self | None = table.get(word_key(text))
        return found

    @classmethod
    def parse(cls, text: object) -> Self:
        """The member `text` is or names (see `word_table`); raises the enum's `UnknownWord`."""
        found = cls.lookup(text)
        if found is None:
            raise cls._error(cls._what, text, cls.values())
        return found


class StrWord(Word, enum.StrEnum):
    """A `Word` whose members are also their string values (as `enum.StrEnum`)."""
