"""The rules accounts live by, as data and pure functions: what a password must be, when
repeated failures lock an account, how long a session and an API token last.

Passwords follow the NCSC's password guidance: long passphrases welcome, no forced mix of
character classes, no expiry, a deny-list of common passwords (checked by the service with a
maintained strength estimator), and throttling with a temporary lock-out rather than a
permanent one. The lock-out after 5 failures and the 12-character minimum are those of the
DSP Toolkit evidence pack cited in docs/access.md.

>>> password_problem("correct horse battery staple", email="a@b.example")
>>> password_problem("short")
'a password needs at least 12 characters'
>>> LockoutPolicy().locked_until([dt.datetime(2026, 1, 1, 9, m) for m in range(5)])
datetime.datetime(2026, 1, 1, 9, 19)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "LockoutPolicy",
    "SessionPolicy",
    "TokenPolicy",
    "password_problem",
]

MIN_PASSWORD = 12
MAX_PASSWORD = 256


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` cannot be used, or None. Strength against guessing is the service's
    second check (a deny-list of common passwords)."""
    if len(password) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password can have at most {MAX_PASSWORD} characters"
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if len(local) >= 4 and local in lowered:
        return "a password must not contain your email address"
    if name and len(name) >= 4 and name.lower() in lowered:
        return "a password must not contain your name"
    return None


@dataclass(frozen=True)
class LockoutPolicy:
    """After `failures` failed sign-ins within `window`, refuse sign-in for `lock`."""

    failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    lock: dt.timedelta = dt.timedelta(minutes=15)

    def locked_until(self, failed_at: Sequence[dt.datetime]) -> dt.datetime | None:
        """When the lock that these failures (oldest first) impose ends, or None."""
        recent = sorted(failed_at)[-self.failures :]
        if len(recent) < self.failures or recent[-1] - recent[0] > self.window:
            return None
        return recent[-1] + self.lock


@dataclass(frozen=True)
class SessionPolicy:
    """A session ends after `idle` without a request, or `absolute` after sign-in."""

    idle: dt.timedelta = dt.timedelta(minutes=30)
    absolute: dt.timedelta = dt.timedelta(hours=12)

    def expires(self, signed_in: dt.datetime, last_seen: dt.datetime) -> dt.datetime:
        return min(last_seen + self.idle, signed_in + self.absolute)


@dataclass(frozen=True)
class TokenPolicy:
    """API tokens last `default_days` unless asked otherwise, never more than `max_days`."""

    default_days: int = 90
    max_days: int = 365

    def expires(self, created: dt.datetime, days: int | None) -> dt.datetime:
        wanted = self.default_days if days is None else days
        if not 1 <= wanted <= self.max_days:
            raise ValueError(f"a token lasts from 1 to {self.max_days} days, not {wanted}")
        return created + dt.timedelta(days=wanted)
