"""Typed FastAPI dependencies: the page templates, the database, the trust a route is about,
and the check every request's query string passes (`printable_query`).

The database is opened once, when the app is built (`open_database`), and closed when the
server shuts down (`close_database`, from the app's lifespan). Routes receive it as `Db`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates

from carewatch.services.ratings import NotFound, TrustSummary, get_trust
from carewatch.settings import Settings
from carewatch.store.database import Database, connect
from carewatch.store.limits import forbidden_in
from carewatch.store.migrate import migrate

__all__ = [
    "MAX_ID_LENGTH",
    "Db",
    "Templates",
    "Trust",
    "checked_id",
    "close_database",
    "get_database",
    "get_templates",
    "load_trust",
    "open_database",
    "printable_query",
]

MAX_ID_LENGTH = 64
"""Longer than any CQC provider or location id (e.g. "1-1234567890") or ODS code."""


def open_database(app: FastAPI, *, database_url: str | None) -> Database:
    """Open and migrate the database at `database_url` (the settings' default when None).

    Raises `carewatch.store.database.DatabaseUrlError` for a URL carewatch cannot use.
    """
    db = connect(Settings.load(database_url=database_url).database_url)
    migrate(db)
    app.state.database = db
    return db


def close_database(app: FastAPI) -> None:
    """Close every pooled connection of the app's database."""
    db: Database | None = getattr(app.state, "database", None)
    if db is not None:
        db.dispose()


def get_database(request: Request) -> Database:
    """The database the app was built with."""
    db: Database = request.app.state.database
    return db


def get_templates(request: Request) -> Jinja2Templates:
    """The app's page templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


def checked_id(kind: str, identifier: str) -> str:
    """`identifier` when it could be a stored id; else `NotFound` (a 404), never a query.

    Ids are short and printable; anything else (a NUL byte, a control character, a page of
    text) cannot name a stored trust or location, and PostgreSQL refuses NUL bytes outright.

    >>> checked_id("provider", "RMY")
    'RMY'
    """
    if not identifier or len(identifier) > MAX_ID_LENGTH or not identifier.isprintable():
        raise NotFound(kind, identifier[:MAX_ID_LENGTH])
    return identifier


Db = Annotated[Database, Depends(get_database)]
Templates = Annotated[Jinja2Templates, Depends(get_templates)]


def load_trust(provider_id: str, db: Db) -> TrustSummary:
    """The trust named in the path, with its latest ratings; `NotFound` (404) when unknown.

    An ODS code is written in capitals, but people type `/trusts/rmy`: a code not found as
    written is looked for in capitals before it is called unknown."""
    checked = checked_id("provider", provider_id)
    try:
        return get_trust(db=db, provider_id=checked)
    except NotFound:
        if checked.upper() == checked:
            raise
        return get_trust(db=db, provider_id=checked.upper())


Trust = Annotated[TrustSummary, Depends(load_trust)]


def printable_query(request: Request) -> None:
    """Refuse a query string holding a control character (``%00``, ``%1B``, ...) in any
    parameter's name or value, as a 422 naming the parameter, before the route runs.

    Every route depends on it (`carewatch.web.app.create_app`), so no filter or search
    reaches the database with a character PostgreSQL cannot even compare (NUL). Form fields
    and JSON bodies are checked where they are stored (`carewatch.store.limits`). The
    message names the character's code point, never the value.
    """
    for name, value in request.query_params.multi_items():
        for text, field in ((name, None), (value, name)):
            code = forbidden_in(text)
            if code is None:
                continue
            where = "a parameter's name" if field is None else "the value"
            raise RequestValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ("query",) if field is None else ("query", field),
                        "msg": f"{where} holds a control character (U+{code:04X}), "
                        "which is not allowed",
                    }
                ]
            )


PRINTABLE = r"^[^\x00-\x1f\x7f-\x9f]*$"
"""No control characters (C0, DEL or C1): what `printable_query` lets through a query string
(a surrogate cannot arrive in a decoded URL), and the pattern the OpenAPI document declares
for every free-text parameter. PostgreSQL refuses NUL, and none belongs in a name."""


def declare_printable_queries(app: FastAPI) -> None:
    """Say in the API's OpenAPI document what `printable_query` enforces, so that a client
    (or a schema-driven test) knows a text parameter may not hold a control character."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for item in document.get("paths", {}).values():
            for operation in item.values():
                for parameter in operation.get("parameters", ()):
                    if parameter.get("in") == "query":
                        _printable(parameter.get("schema", {}))
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _printable(schema: dict[str, Any]) -> None:
    """Add the pattern to a free-text string schema (or each string branch of a union)."""
    for branch in schema.get("anyOf", ()):
        _printable(branch)
    constrained = {"enum", "pattern", "format", "const"} & schema.keys()
    if schema.get("type") == "string" and not constrained:
        schema["pattern"] = PRINTABLE
