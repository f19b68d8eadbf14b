"""The refusals of the accounts service, each with the words a user is shown."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "AccountError",
    "AccountExists",
    "InvalidAccount",
    "SignInFailed",
    "SignInLocked",
    "WeakPassword",
]


class AccountError(ValueError):
    """Something about an account that cannot be done as asked."""


class InvalidAccount(AccountError):
    """A field of an account that cannot be stored; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class AccountExists(AccountError):
    """A user with that email already exists."""

    def __init__(self, email: str) -> None:
        super().__init__(f"a user with the email {email} already exists")
        self.email = email


class WeakPassword(AccountError):
    """A password too short, too long, too easily guessed, or made of the user's own name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class SignInFailed(PermissionError):
    """The same answer for an unknown email, a wrong password, a disabled user and a spent
    or expired link, so that the answer says nothing about which accounts exist."""

    def __init__(self) -> None:
        super().__init__("that email and password were not recognised")


class SignInLocked(PermissionError):
    """Too many failed sign-ins for this email: try again after `until` (given whether or
    not the email belongs to a user)."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(
            "too many failed sign-ins: try again after "
            f"{until.astimezone(dt.UTC).strftime('%H:%M UTC')}"
        )
        self.until = until
