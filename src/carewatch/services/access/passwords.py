"""Password hashing and strength, on maintained libraries (ADR 8): Argon2id through pwdlib,
with hashes upgraded when the parameters change, and zxcvbn's estimate of how easily a
password is guessed as the deny-list of common passwords the NCSC asks for."""

from __future__ import annotations

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from carewatch.domain.access import password_problem
from carewatch.services.access.errors import WeakPassword

__all__ = ["MIN_SCORE", "check_strength", "hash_password", "verify_password"]

MIN_SCORE = 3
"""zxcvbn's score from 0 to 4; 3 is "safely unguessable: moderate protection from offline
slow-hash scenario"."""

_HASHER = PasswordHash((Argon2Hasher(),))


@cache
def _dummy() -> str:
    """A hash to check when nothing is stored; made on first use, not when a command starts
    (an Argon2 hash takes a tenth of a second by design)."""
    return _HASHER.hash("carewatch dummy password for timing")


def check_strength(password: str, *, email: str, name: str) -> None:
    """Raise `WeakPassword` naming what is wrong, or return."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise WeakPassword(problem)
    from zxcvbn import zxcvbn  # its dictionaries load on first use, not with every command

    estimate = zxcvbn(password[:100], user_inputs=[email, name, "carewatch", "nhs"])
    if estimate["score"] < MIN_SCORE:
        advice = estimate["feedback"].get("warning") or "it is too easily guessed"
        raise WeakPassword(
            f"choose a longer or less common password ({advice.rstrip('.').lower()}); "
            "a few unrelated words make a strong one"
        )


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str | None) -> tuple[bool, str | None]:
    """Whether `password` matches `stored`, and a new hash to store when the parameters have
    changed. With nothing stored, a dummy hash is checked so the time taken is the same."""
    if stored is None:
        _HASHER.verify(password, _dummy())
        return False, None
    return _HASHER.verify_and_update(password, stored)
