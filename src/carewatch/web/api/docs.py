"""GET /docs: a local page listing the API's endpoints from its own OpenAPI document.

FastAPI's bundled Swagger UI loads its scripts from a CDN, which this site never does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.web.deps import Templates

__all__ = ["endpoints", "router"]

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


def endpoints(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per operation in an OpenAPI document: method, path, summary, parameters."""
    rows = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                    "has_body": "requestBody" in operation,
                }
            )
    return rows


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, templates: Templates) -> HTMLResponse:
    """The API documentation page."""
    openapi = request.app.openapi()
    return templates.TemplateResponse(
        request,
        "pages/api_docs.html",
        {"endpoints": endpoints(openapi), "openapi_url": request.app.openapi_url},
    )
