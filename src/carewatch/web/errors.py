"""Error responses: JSON `{"message", "field"}` under /api, design-system pages elsewhere.

Every failure a caller can cause maps to a 4xx here; an unexpected fault is logged (without
the request's data) and answered with a plain 500 page or JSON body, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from carewatch.domain.access import Forbidden, SignInRequired
from carewatch.domain.dates import FutureDate
from carewatch.services.errors import Busy, NotFound, ValueRefused
from carewatch.services.ratings import InvalidDocument

__all__ = [
    "API_PREFIX",
    "UNREADABLE_BODY",
    "error_field",
    "error_message",
    "install_error_handlers",
]

API_PREFIX = "/api/"
UNREADABLE_BODY = (
    "the body cannot be read: JSON nested too deeply, or a number with too many digits"
)
log = logging.getLogger(__name__)

_TITLES = {
    400: "Bad request",
    401: "Sign in to see this",
    403: "You cannot do this",
    404: "Page not found",
    405: "Method not allowed",
    422: "There is a problem with what was sent",
    500: "Sorry, there is a problem with the service",
    503: "The service is busy",
}


def error_field(loc: Sequence[Any]) -> str | None:
    """The dotted path of a validation error's location, without FastAPI's source prefix.

    >>> error_field(("query", "limit"))
    'limit'
    >>> error_field(("body", "scores", "safe", 0))
    'scores.safe[0]'
    >>> error_field(("body",)) is None
    True
    """
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or None


def error_message(error: Mapping[str, Any]) -> str:
    """A validation error's message, without pydantic's "Value error, " before our own words.

    >>> error_message({"type": "value_error", "msg": "Value error, no", "ctx": {"error": "no"}})
    'no'
    >>> error_message({"type": "missing", "msg": "Field required"})
    'Field required'
    """
    if error.get("type") == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])
    return str(error.get("msg", "invalid request"))


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _json(status: int, message: str, field: str | None) -> JSONResponse:
    return JSONResponse({"message": message, "field": field}, status_code=status)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Register the handlers that give every error its JSON or HTML form."""

    def page(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(
            request,
            "pages/error.html",
            {"status": status, "title": _TITLES.get(status, "Error"), "message": message},
            status_code=status,
        )

    def respond(request: Request, status: int, message: str, field: str | None) -> Response:
        if _is_api(request):
            return _json(status, message, field)
        return page(request, status, message)

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = error_field(first.get("loc", ()))
        message = str(first.get("msg", "invalid request"))
        if first.get("type") == "json_invalid":
            message = "the body is not valid JSON"
        elif field is None and first.get("type") in {"dict_type", "missing"}:
            message = "the body must be a JSON object"
        elif first:
            message = error_message(first)
        return respond(request, 422, message, field)

    async def on_invalid_document(request: Request, exc: InvalidDocument) -> Response:
        return respond(request, 422, exc.message, exc.field)

    async def on_future_date(request: Request, exc: FutureDate) -> Response:
        return respond(request, 422, str(exc), exc.field)

    async def on_value_refused(request: Request, exc: ValueRefused) -> Response:
        # Text too long for its column or holding a control character, from a form field or
        # a JSON body: the message names the field, never the value.
        return respond(request, 422, str(exc), exc.field)

    async def on_not_found(request: Request, exc: NotFound) -> Response:
        return respond(request, 404, f"There is no {exc.kind} with that id.", None)

    async def on_sign_in_required(request: Request, exc: SignInRequired) -> Response:
        if _is_api(request):
            response = _json(
                401, f"Sign in first: only signed-in users may {exc.permission.label}.", None
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="carewatch"'
            return response
        return page(
            request, 401, f"Only signed-in users may {exc.permission.label}. Sign in first."
        )

    async def on_forbidden(request: Request, exc: Forbidden) -> Response:
        return respond(request, 403, f"Your role does not allow this: {exc}.", None)

    async def on_busy(request: Request, exc: Busy) -> Response:
        response = respond(request, 503, f"{str(exc)[:1].upper()}{str(exc)[1:]}.", None)
        response.headers["Retry-After"] = "5"
        return response

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError | ValueError):
            # FastAPI's reading of a JSON body gave up: nested beyond Python's recursion
            # limit, or an integer longer than Python converts (4,300 digits).
            return respond(request, 422, UNREADABLE_BODY, None)
        if exc.status_code == 404:
            message = (
                "There is nothing at this address."
                if _is_api(request)
                else "If you typed the web address, check it is correct."
            )
        else:
            message = str(exc.detail)
        response = respond(request, exc.status_code, message, None)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def on_error(request: Request, exc: Exception) -> Response:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return respond(request, 500, "Try again later.", None)

    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidDocument, on_invalid_document)  # type: ignore[arg-type]
    app.add_exception_handler(FutureDate, on_future_date)  # type: ignore[arg-type]
    app.add_exception_handler(ValueRefused, on_value_refused)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, on_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(SignInRequired, on_sign_in_required)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, on_forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(Busy, on_busy)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_error)
