"""Typed FastAPI dependencies: the page templates and the database the read services use."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.templating import Jinja2Templates

__all__ = ["Templates", "attach_database", "get_templates"]


def attach_database(app: FastAPI, *, database_url: str | None) -> None:
    """Remember which database the app reads; it is opened on first use."""
    app.state.database_url = database_url


def get_templates(request: Request) -> Jinja2Templates:
    """The app's page templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


Templates = Annotated[Jinja2Templates, Depends(get_templates)]
