"""The pages about the site itself: what carewatch is and where its data comes from
(`/about`), its accessibility statement (`/accessibility`) and the glossary of the words
its pages use (`/glossary`, read from docs/glossary.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.web.deps import Templates
from carewatch.web.glossary import glossary

__all__ = ["router"]

router = APIRouter()


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request, templates: Templates) -> HTMLResponse:
    """What carewatch is, who runs it, and where its data comes from under which licence."""
    return templates.TemplateResponse(request, "pages/about.html", {})


@router.get("/accessibility", response_class=HTMLResponse)
def accessibility_page(request: Request, templates: Templates) -> HTMLResponse:
    """The accessibility statement, in the form public sector websites publish one."""
    return templates.TemplateResponse(request, "pages/accessibility.html", {})


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(request: Request, templates: Templates) -> HTMLResponse:
    """Every word of the glossary with its meaning, by section."""
    return templates.TemplateResponse(request, "pages/glossary.html", {"sections": glossary()})
