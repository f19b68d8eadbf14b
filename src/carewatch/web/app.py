"""The carewatch web application: server-rendered pages and the JSON API under /api/v1.

Serve it with uvicorn's factory mode::

    uvicorn --factory carewatch.web.app:create_app
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from carewatch.services.versions import data_version
from carewatch.web.api import API_V1, api_router
from carewatch.web.body_limit import BodyLimit
from carewatch.web.cache import ResponseCache
from carewatch.web.csrf import SECRET_ENV, FormTokens
from carewatch.web.deps import (
    close_database,
    declare_printable_queries,
    open_database,
    printable_query,
)
from carewatch.web.errors import install_error_handlers
from carewatch.web.identity import IdentityMiddleware
from carewatch.web.oidc import OIDC_COOKIE, OidcSettings, make_client, oidc_router
from carewatch.web.pages import pages_router
from carewatch.web.rate_limit import RateLimit
from carewatch.web.security import SecurityHeaders
from carewatch.web.settings import RateLimits, WebSettings, host_name
from carewatch.web.templating import make_templates

__all__ = ["STATIC_DIR", "create_app"]

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    *,
    database_url: str | None = None,
    read_only: bool = False,
    oidc: OidcSettings | None = None,
    allowed_hosts: Sequence[str] | None = None,
    rate_limits: RateLimits | None = None,
    hsts: bool | None = None,
    cache_staleness: float | None = None,
    settings: WebSettings | None = None,
) -> FastAPI:
    """Build the site for the database at `database_url` (the settings' default when None).

    `oidc` configures single sign-on (default: from the environment, `carewatch.web.oidc`).
    `read_only` hides the forms that change data and refuses their posts with 403: a public
    deployment runs read-only until sign-in arrives (docs/adr/0006).

    `settings` are the web layer's settings (`carewatch.web.settings.WebSettings`: hosts,
    rate limits, HSTS, the response cache and its staleness); None reads them from the
    environment, which raises `WebSettingError` for a value it cannot use. The arguments
    below, when given, take the place of the one setting each names.

    `allowed_hosts` are the only `Host` names the site answers (any other is answered 400
    before anything reads the request); `rate_limits` how often one client address may ask;
    `hsts` whether every response carries Strict-Transport-Security (else only those served
    over HTTPS).

    `cache_staleness` is how many seconds the public's response cache trusts the data
    version it last read: a write made by another process shows within it, one made
    through this site on the next request (`carewatch.web.cache`; None: from the
    environment, one second by default).

    The database is opened and migrated here, once; the routes only read it, and its
    connections are closed when the server shuts down. Raises
    `carewatch.store.database.DatabaseUrlError` for a URL carewatch cannot use.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        close_database(app)

    app = FastAPI(
        title="carewatch API",
        version="1",
        summary="Open quality oversight for NHS trusts: CQC ratings, their rules and history.",
        openapi_url=f"{API_V1}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(printable_query)],
    )
    settings = WebSettings.load() if settings is None else settings
    hosts = (
        settings.allowed_hosts if allowed_hosts is None else tuple(map(host_name, allowed_hosts))
    )
    templates = make_templates()
    app.state.templates = templates
    app.state.read_only = read_only
    app.state.form_tokens = FormTokens.from_environment()
    db = open_database(app, database_url=database_url)
    # Inner first: who is asking is resolved only for requests the cache does not answer
    # (it answers only the public), and cached responses still get the security headers.
    app.add_middleware(IdentityMiddleware)
    if settings.response_cache:
        app.add_middleware(
            ResponseCache,
            version=partial(data_version, db=db),
            staleness=settings.cache_staleness if cache_staleness is None else cache_staleness,
        )
    single_sign_on = oidc or OidcSettings.from_environment()
    app.state.oidc_settings = single_sign_on
    if single_sign_on is not None:
        app.state.oidc_client = make_client(single_sign_on)
        # The sign-on flow's state (PKCE verifier, state, nonce) for ten minutes, signed.
        app.add_middleware(
            SessionMiddleware,
            secret_key=os.environ.get(SECRET_ENV, "").strip() or secrets.token_hex(32),
            session_cookie=OIDC_COOKIE,
            max_age=600,
            path="/sign-in/oidc",
            same_site="lax",
        )
    # Outermost but for the limits and hosts: an oversized body is refused before anything
    # reads it; a client over its rate limit before that; a Host not ours before anything at
    # all (so no page is served to a rebound name, and no form's origin check is fooled).
    app.add_middleware(BodyLimit)
    app.add_middleware(RateLimit, limits=rate_limits or settings.rate_limits)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)
    app.add_middleware(SecurityHeaders, hsts=settings.hsts if hsts is None else hsts)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router, prefix=API_V1)
    app.include_router(pages_router)
    app.include_router(oidc_router, include_in_schema=False)
    install_error_handlers(app, templates)
    declare_printable_queries(app)
    return app
