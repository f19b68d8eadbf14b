"""GET /api/v1: what the API is and where to go from here: its OpenAPI document, its
documentation and its main collections."""

from __future__ import annotations

from fastapi import Request
from pydantic import BaseModel, Field

__all__ = ["COLLECTIONS", "ApiIndex", "api_index"]

COLLECTIONS = {
    "trusts": "/trusts",
    "oversight": "/oversight",
    "league_table": "/oversight/league-table",
    "metrics": "/metrics",
    "ratings_aggregate": "/ratings/aggregate",
    "audit": "/audit",
}
"""The main collections, under the API's own address; a trust's grid, history, locations,
improvement plan and measures are linked from each trust (see the documentation)."""


class ApiIndex(BaseModel):
    """The API's name and version, and links to its documents and main collections."""

    name: str = Field(examples=["carewatch API"])
    version: str = Field(examples=["1"])
    summary: str
    links: dict[str, str] = Field(
        description="self, openapi, docs and each main collection: paths on this site."
    )


def api_index(request: Request) -> ApiIndex:
    """The API's index: its name, version, OpenAPI document, documentation and collections.
    `POST ratings_aggregate` computes without storing; `audit` needs a bearer token."""
    app = request.app
    base = app.openapi_url.rsplit("/", 1)[0]  # the API's address: /api/v1
    links = {
        "self": base,
        "openapi": app.openapi_url,
        "docs": f"{base}/docs",
        **{name: base + path for name, path in COLLECTIONS.items()},
    }
    return ApiIndex(name=app.title, version=app.version, summary=app.summary or "", links=links)
