"""Server-rendered pages: one router module per page family."""

from __future__ import annotations

from fastapi import APIRouter

from carewatch.web.pages import rules

__all__ = ["pages_router"]

pages_router = APIRouter(include_in_schema=False)
pages_router.include_router(rules.router)
