"""`carewatch users ...` and `carewatch tokens ...`: the operator's and administrators' tools
for accounts. Passwords are read from standard input or a hidden prompt, never from an
argument (arguments are visible to every user of the machine)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_NOT_FOUND, emit_json, fail
from carewatch.domain.access import (
    Actor,
    Forbidden,
    IncompatibleRole,
    Organisation,
    Role,
    SignInRequired,
    UnknownAccessWord,
)
from carewatch.services import access
from carewatch.services.errors import NotFound
from carewatch.store.database import Database

T = TypeVar("T")

users_app = typer.Typer(help="Add, list, disable and change users.", no_args_is_help=True)
tokens_app = typer.Typer(
    help="Create, list and revoke API tokens for machine clients.", no_args_is_help=True
)

ROLE_HELP = "Role: " + ", ".join(r.value for r in Role) + "."
ORG_HELP = (
    "Organisation: a trust's ODS code (e.g. RMY), CQC, NHSE or NHSE-<region>. "
    "Default: CQC for a regulator, NHSE for oversight."
)
_DEFAULT_ORG = {Role.REGULATOR: "CQC", Role.OVERSIGHT: "NHSE"}


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn the services' refusals into messages and exit codes."""
    try:
        yield
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    except (SignInRequired, Forbidden) as exc:
        fail(f"not allowed: {exc}")
    except (access.AccountError, IncompatibleRole, UnknownAccessWord, ValueError) as exc:
        fail(str(exc))


def _acting(ctx: typer.Context, db: str | None, work: Callable[[Database, Actor], T]) -> T:
    """Open the database and do `work` as whoever the command acts as, turning the services'
    refusals into messages and exit codes."""
    with _refusals(), open_database(db) as database:
        return work(database, acting_as(ctx, database))


def _user_json(user: access.UserView) -> dict[str, object]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "organisation": user.organisation.code,
        "role": user.role.value,
        "role_label": user.role.label,
        "disabled": user.disabled,
        "has_password": user.has_password,
        "created_at": user.created_at.isoformat(),
    }


def _read_password(confirm: bool) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first: str = typer.prompt("New password", hide_input=True)
    if confirm:
        again: str = typer.prompt("Repeat it", hide_input=True)
        if again != first:
            fail("the two passwords differ")
    return first


@users_app.command("add")
def add_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email: their sign-in name."),
    name: str = typer.Option(..., "--name", help="The user's name as pages show it."),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    org: str | None = typer.Option(None, "--org", help=ORG_HELP, show_default=False),
    db: str | None = db_option(),
) -> None:
    """Add a user. They sign in by single sign-on, or after `users set-password`."""
    with _refusals():
        wanted = Role.parse(role)
        organisation = org or _DEFAULT_ORG.get(wanted)
        if organisation is None:
            fail(f"--org is needed for the {wanted.value} role (a trust's ODS code, CQC or NHSE)")
        parsed = Organisation.parse(organisation)
        with open_database(db) as database:
            actor = acting_as(ctx, database)
            user = access.add_user(
                database, actor, email=email, name=name, role=wanted, organisation=parsed
            )
    typer.echo(f"added {user.email}: {user.role.label}, {user.organisation.label}")


@users_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str | None = db_option(),
) -> None:
    """List the users you manage (every user, for the operator)."""
    users = _acting(ctx, db, access.list_users)
    if as_json:
        emit_json({"data": [_user_json(u) for u in users], "count": len(users)})
        return
    for u in users:
        state = " (disabled)" if u.disabled else ""
        typer.echo(f"{u.email}\t{u.name}\t{u.role.value}\t{u.organisation.code}{state}")


@users_app.command("disable")
def disable_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email."),
    db: str | None = db_option(),
) -> None:
    """Stop a user signing in; their sessions end and their tokens stop working at once."""
    user = _acting(ctx, db, lambda database, actor: access.disable_user(database, actor, email))
    typer.echo(f"disabled {user.email}")


@users_app.command("enable")
def enable_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email."),
    db: str | None = db_option(),
) -> None:
    """Let a disabled user sign in again."""
    user = _acting(ctx, db, lambda database, actor: access.enable_user(database, actor, email))
    typer.echo(f"enabled {user.email}")


@users_app.command("set-role")
def set_role_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email."),
    role: str = typer.Argument(..., help=ROLE_HELP),
    db: str | None = db_option(),
) -> None:
    """Change a user's role (within the roles their organisation allows)."""
    user = _acting(ctx, db, lambda database, actor: access.set_role(database, actor, email, role))
    typer.echo(f"{user.email} is now {user.role.label}")


@users_app.command("set-password")
def set_password_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email."),
    db: str | None = db_option(),
) -> None:
    """Set a user's password, read from standard input (its first line) or a hidden prompt.

    At least 12 characters and not easily guessed: a few unrelated words make a good one.
    Their sessions end.
    """
    password = _read_password(confirm=True)
    _acting(ctx, db, lambda database, actor: access.set_password(database, actor, email, password))
    typer.echo(f"password set for {email.strip().lower()}")


@users_app.command("link")
def link_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user's email."),
    site: str = typer.Option(
        "http://127.0.0.1:8000", "--site", help="The address the site is served at."
    ),
    db: str | None = db_option(),
) -> None:
    """Print a one-time sign-in link for a user (it works once, for a day).

    Give it to them privately: whoever opens it first signs in as them.
    """
    secret = _acting(
        ctx, db, lambda database, actor: access.create_sign_in_link(database, actor, email)
    )
    typer.echo(f"{site.rstrip('/')}/sign-in/link/{secret}")


@tokens_app.command("create")
def create_token_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The user the token acts as."),
    expires_in_days: int | None = typer.Option(
        None,
        "--expires-in-days",
        help="Days until it expires (default 90, at most 365).",
        show_default=False,
    ),
    db: str | None = db_option(),
) -> None:
    """Create an API token and print it, once, alone on standard output.

    Send it as `Authorization: Bearer TOKEN`; only its hash is stored.
    """
    with _refusals(), open_database(db) as database:
        token, shown = access.create_token(
            database, acting_as(ctx, database), email, days=expires_in_days
        )
    typer.echo(token)
    typer.echo(f"token {shown.id} for {shown.email}, expires {shown.expires_at:%Y-%m-%d}", err=True)


@tokens_app.command("list")
def list_tokens_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="Whose tokens."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str | None = db_option(),
) -> None:
    """List a user's tokens: their ids, first characters and dates, never the tokens."""
    tokens = _acting(ctx, db, lambda database, actor: access.list_tokens(database, actor, email))
    rows: list[dict[str, Any]] = [
        {
            "id": t.id,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in tokens
    ]
    if as_json:
        emit_json({"data": rows, "count": len(rows)})
        return
    for r in rows:
        state = (
            f"revoked {r['revoked_at'][:10]}"
            if r["revoked_at"]
            else f"expires {r['expires_at'][:10]}"
        )
        typer.echo(f"{r['id']}\t{r['prefix']}…\t{state}")


@tokens_app.command("revoke")
def revoke_token_command(
    ctx: typer.Context,
    token_id: int = typer.Argument(..., help="The token's id (from `tokens list`)."),
    db: str | None = db_option(),
) -> None:
    """Revoke a token at once."""
    _acting(ctx, db, lambda database, actor: access.revoke_token(database, actor, token_id))
    typer.echo(f"revoked token {token_id}")
