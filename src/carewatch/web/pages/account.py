"""Signing in and out: with an email and password, or with a one-time link that an
administrator created (`carewatch users link`), which is how the first administrator of a
new site gets in.

The sign-in form carries a signed token for its purpose (a forged sign-in would put a
visitor in someone else's account); signing out needs the session's own token. A link is
spent only by the button its page shows, never by opening it, so a mail scanner that
fetches links cannot spend it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carewatch.services import access
from carewatch.web.csrf import form_tokens, same_site
from carewatch.web.deps import Db, Templates
from carewatch.web.identity import SESSION_COOKIE, SESSION_MAX_AGE, Who

router = APIRouter()

SIGN_IN = "sign-in"


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _check_form(request: Request, token: str, purpose: str) -> None:
    headers = request.headers
    if not form_tokens(request).valid(token, purpose) or not same_site(
        headers.get("origin"), headers.get("referer"), headers.get("host")
    ):
        raise HTTPException(
            403,
            "The form has expired or did not come from this site. Reload the page and try again.",
        )


def signed_in_response(request: Request, session: access.NewSession, target: str) -> Response:
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def sign_in_form(
    request: Request,
    templates: Templates,
    *,
    email: str = "",
    target: str = "/",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "pages/sign_in.html",
        {
            "title": "Sign in",
            "email": email,
            "next": _safe_next(target),
            "error": error,
            "csrf_token": form_tokens(request).issue(SIGN_IN),
            "single_sign_on": getattr(request.app.state, "oidc_settings", None),
        },
        status_code=status,
    )


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, templates: Templates, next: str = "/") -> HTMLResponse:
    return sign_in_form(request, templates, target=next)


@router.post("/sign-in")
def sign_in(
    request: Request,
    templates: Templates,
    db: Db,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    _check_form(request, csrf_token, SIGN_IN)
    try:
        session = access.sign_in(db, email, password)
    except access.SignInLocked as exc:
        return sign_in_form(
            request, templates, email=email, target=next, error=str(exc), status=429
        )
    except access.SignInFailed as exc:
        return sign_in_form(
            request, templates, email=email, target=next, error=str(exc), status=401
        )
    return signed_in_response(request, session, next)


@router.post("/sign-out")
def sign_out(
    request: Request, db: Db, who: Who, csrf_token: Annotated[str, Form(max_length=200)]
) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if who.via == "session":
        if csrf_token != who.csrf_token:
            raise HTTPException(
                403, "The form did not come from your session. Reload and try again."
            )
        access.sign_out(db, cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/sign-in/link/{secret}", response_class=HTMLResponse)
def link_page(request: Request, templates: Templates, secret: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "pages/sign_in_link.html",
        {
            "title": "Sign in with your link",
            "secret": secret,
            "csrf_token": form_tokens(request).issue(SIGN_IN),
            "error": None,
        },
    )


@router.post("/sign-in/link/{secret}")
def spend_link(
    request: Request,
    templates: Templates,
    db: Db,
    secret: str,
    csrf_token: Annotated[str, Form(max_length=200)],
) -> Response:
    _check_form(request, csrf_token, SIGN_IN)
    try:
        session = access.sign_in_with_link(db, secret)
    except access.SignInFailed:
        return templates.TemplateResponse(
            request,
            "pages/sign_in_link.html",
            {
                "title": "Sign in with your link",
                "secret": secret,
                "csrf_token": form_tokens(request).issue(SIGN_IN),
                "error": "This link has been used, has expired or was never issued. "
                "Ask your administrator for a new one.",
            },
            status_code=401,
        )
    return signed_in_response(request, session, "/")
