"""The errors every service area raises in common. An area's own refusals (a move the action
lifecycle forbids, an import rejected) live in that area's package.

`ValueRefused` (text too long for its column, or holding a control character) is raised by
the check every writer makes before it stores a value (`carewatch.store.limits`); it names
the field and never quotes the value."""

from __future__ import annotations

from carewatch.store.limits import ForbiddenCharacter, ValueRefused, ValueTooLong

__all__ = ["Busy", "ForbiddenCharacter", "NotFound", "ValueRefused", "ValueTooLong"]


class NotFound(LookupError):
    """No trust, location, report, action or other record with that id."""

    def __init__(self, kind: str, identifier: str) -> None:
        super().__init__(f"no {kind} with id {identifier!r}")
        self.kind = kind
        self.identifier = identifier


class Busy(RuntimeError):
    """Another writer held the database for longer than this one would wait; nothing was
    stored, and the same write may simply be tried again."""

    def __init__(self, waited_seconds: float) -> None:
        super().__init__(
            f"the database was busy with another writer for {waited_seconds:g} seconds; "
            "nothing was stored: try again"
        )
