"""Access: organisations, roles, who is asking, what each role may do, and the rules accounts
live by. Pure: the services decide with it, the pages show and hide forms with it."""

from carewatch.domain.access.accounts import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    LockoutPolicy,
    SessionPolicy,
    TokenPolicy,
    password_problem,
)
from carewatch.domain.access.actors import PUBLIC, Actor, ActorKind
from carewatch.domain.access.policy import (
    GRANTS,
    Forbidden,
    Permission,
    Scope,
    SignInRequired,
    everywhere,
    may,
    require,
    sees_restricted,
)
from carewatch.domain.access.roles import (
    IncompatibleRole,
    Organisation,
    OrganisationKind,
    Role,
    UnknownAccessWord,
    roles_for,
)

__all__ = [
    "GRANTS",
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "PUBLIC",
    "Actor",
    "ActorKind",
    "Forbidden",
    "IncompatibleRole",
    "LockoutPolicy",
    "Organisation",
    "OrganisationKind",
    "Permission",
    "Role",
    "Scope",
    "SessionPolicy",
    "SignInRequired",
    "TokenPolicy",
    "UnknownAccessWord",
    "everywhere",
    "may",
    "password_problem",
    "require",
    "roles_for",
    "sees_restricted",
]
