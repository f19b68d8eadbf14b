"""Accounts: users with roles in organisations, password and one-time-link sign-in with
lock-out, server-side sessions, API tokens, and the actors they resolve to."""

from carewatch.services.access.commands import (
    TOKEN_PREFIX,
    add_user,
    create_sign_in_link,
    create_token,
    disable_user,
    enable_user,
    revoke_token,
    set_password,
    set_role,
    sign_in,
    sign_in_with_link,
    sign_out,
)
from carewatch.services.access.errors import (
    AccountError,
    AccountExists,
    InvalidAccount,
    SignInFailed,
    SignInLocked,
    WeakPassword,
)
from carewatch.services.access.models import NewSession, SessionActor, TokenView, UserView
from carewatch.services.access.queries import (
    actor_for_email,
    actor_for_session,
    actor_for_token,
    count_administrators,
    list_tokens,
    list_users,
)
from carewatch.services.access.single_sign_on import (
    SINGLE_SIGN_ON,
    ProviderIdentity,
    sign_in_with_provider,
)

__all__ = [
    "SINGLE_SIGN_ON",
    "TOKEN_PREFIX",
    "AccountError",
    "AccountExists",
    "InvalidAccount",
    "NewSession",
    "ProviderIdentity",
    "SessionActor",
    "SignInFailed",
    "SignInLocked",
    "TokenView",
    "UserView",
    "WeakPassword",
    "actor_for_email",
    "actor_for_session",
    "actor_for_token",
    "add_user",
    "count_administrators",
    "create_sign_in_link",
    "create_token",
    "disable_user",
    "enable_user",
    "list_tokens",
    "list_users",
    "revoke_token",
    "set_password",
    "set_role",
    "sign_in",
    "sign_in_with_link",
    "sign_in_with_provider",
    "sign_out",
]
