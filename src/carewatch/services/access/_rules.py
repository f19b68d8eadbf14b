"""Who may manage whom: the operator, or an administrator of the user's organisation; and
anyone themself, for their own password and tokens."""

from __future__ import annotations

from typing import Any

from carewatch.domain.access import (
    Actor,
    ActorKind,
    Forbidden,
    Organisation,
    Permission,
    everywhere,
    require,
)


def require_manage(actor: Actor, organisation: Organisation) -> None:
    """Manage users of `organisation`: the operator, or an administrator of it."""
    require(actor, Permission.MANAGE_USERS)
    if everywhere(actor, Permission.MANAGE_USERS):
        return
    if actor.organisation != organisation:
        raise Forbidden(actor, Permission.MANAGE_USERS, organisation.code)


def require_self_or_manage(actor: Actor, row: Any) -> None:
    if actor.kind is ActorKind.USER and actor.user_id == row.id:
        return
    require_manage(actor, Organisation.parse(row.organisation))
