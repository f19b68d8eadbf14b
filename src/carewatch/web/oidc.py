"""Single sign-on by OpenID Connect (NHS CIS2 for staff and NHS England's identity services
are OpenID Connect providers), with Authlib as the client ([ADR 8](docs/adr)): discovery,
the authorisation-code flow with PKCE, state and nonce, and the ID token's signature, issuer,
audience and expiry checked by the library. The flow's state lives for ten minutes in its own
signed cookie; the session that follows is carewatch's own.

Configured from the environment:

- CAREWATCH_OIDC_DISCOVERY_URL: the provider's `.well-known/openid-configuration` address;
- CAREWATCH_OIDC_CLIENT_ID and CAREWATCH_OIDC_CLIENT_SECRET: this site's registration;
- CAREWATCH_OIDC_NAME: the provider's name on the sign-in button (default "single sign-on");
- CAREWATCH_OIDC_ORGANISATION_CLAIM and CAREWATCH_OIDC_ROLE_CLAIM (optional): the claims
  that name a new user's organisation (CQC, NHSE, an ODS code) and role; without them only
  users an administrator added can sign in, matched by their email, which the provider must
  mark verified (`email_verified`): an unverified email never signs anyone in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from carewatch.services import access
from carewatch.web.deps import Db, Templates
from carewatch.web.pages.account import sign_in_form, signed_in_response

__all__ = ["OIDC_COOKIE", "OidcSettings", "oidc_router"]

OIDC_COOKIE = "carewatch_oidc"
_PREFIX = "CAREWATCH_OIDC_"


@dataclass(frozen=True)
class OidcSettings:
    discovery_url: str
    client_id: str
    client_secret: str
    name: str = "single sign-on"
    organisation_claim: str | None = None
    role_claim: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> OidcSettings | None:
        """The settings when the discovery URL, client id and secret are all set, else None."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(_PREFIX + name, "").strip()

        if not (get("DISCOVERY_URL") and get("CLIENT_ID") and get("CLIENT_SECRET")):
            return None
        return cls(
            discovery_url=get("DISCOVERY_URL"),
            client_id=get("CLIENT_ID"),
            client_secret=get("CLIENT_SECRET"),
            name=get("NAME") or "single sign-on",
            organisation_claim=get("ORGANISATION_CLAIM") or None,
            role_claim=get("ROLE_CLAIM") or None,
        )


def make_client(settings: OidcSettings) -> Any:
    oauth = OAuth()
    return oauth.register(
        "provider",
        server_metadata_url=settings.discovery_url,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )


oidc_router = APIRouter()


def _client(request: Request) -> Any:
    client = getattr(request.app.state, "oidc_client", None)
    if client is None:
        raise HTTPException(404, "Single sign-on is not set up on this site.")
    return client


def _claim(claims: Mapping[str, Any], name: str | None) -> str | None:
    if name is None:
        return None
    value = claims.get(name)
    return str(value) if isinstance(value, str | int) else None


@oidc_router.get("/sign-in/oidc")
async def start(request: Request) -> Response:
    redirect = str(request.url_for("oidc_callback"))
    response: Response = await _client(request).authorize_redirect(request, redirect)
    return response


@oidc_router.get("/sign-in/oidc/callback", name="oidc_callback")
async def callback(request: Request, db: Db, templates: Templates) -> Response:
    client = _client(request)
    settings: OidcSettings = request.app.state.oidc_settings
    try:
        token = await client.authorize_access_token(request)
    except OAuthError:
        return sign_in_form(
            request, templates, error="Single sign-on did not complete. Try again.", status=401
        )
    claims = token.get("userinfo") or {}
    identity = access.ProviderIdentity(
        issuer=str(claims.get("iss", "")),
        subject=str(claims.get("sub", "")),
        email=_claim(claims, "email"),
        email_verified=claims.get("email_verified") is True,
        name=_claim(claims, "name"),
        organisation=_claim(claims, settings.organisation_claim),
        role=_claim(claims, settings.role_claim),
    )
    try:
        session = access.sign_in_with_provider(db, identity)
    except access.SignInFailed:
        return sign_in_form(
            request,
            templates,
            error="Your single sign-on account is not a carewatch user. Ask your administrator.",
            status=403,
        )
    request.session.clear()
    return signed_in_response(request, session, "/")
