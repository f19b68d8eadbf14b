"""Who a command acts as: the user `--as EMAIL` names, else the operator, named by the
operating-system account running the command. Either way every write is audited."""

from __future__ import annotations

import getpass

import typer

from carewatch.cli.context import AS_KEY
from carewatch.cli.output import EXIT_NOT_FOUND, fail
from carewatch.domain.access import Actor
from carewatch.services.errors import NotFound
from carewatch.store.database import Database

__all__ = ["AS_KEY", "acting_as"]


def _operator_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def acting_as(ctx: typer.Context, db: Database) -> Actor:
    """The actor for this command: `--as EMAIL`'s user, or the operator."""
    root = ctx.find_root()
    email = (root.obj or {}).get(AS_KEY) if isinstance(root.obj, dict) else None
    if not email:
        return Actor.operator(_operator_name())
    # The accounts service (and its password libraries) loads only when a user is named.
    from carewatch.services.access import InvalidAccount, actor_for_email

    try:
        return actor_for_email(db, email)
    except NotFound:
        fail(f"--as: no user with the email {email}", EXIT_NOT_FOUND)
    except InvalidAccount as exc:
        fail(f"--as: {exc}")
