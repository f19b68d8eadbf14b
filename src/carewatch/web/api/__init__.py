"""The JSON API, version 1: one router module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from carewatch.web.api import (
    audit,
    docs,
    enforcement,
    index,
    league,
    locations,
    oversight,
    overview,
    ratings,
    trusts,
)
from carewatch.web.api import feedback as feedback_api
from carewatch.web.api import incidents as incidents_api
from carewatch.web.api import metrics as metrics_api
from carewatch.web.api import plans as plans_api
from carewatch.web.api import risks as risks_api

__all__ = ["API_V1", "api_router"]

API_V1 = "/api/v1"

api_router = APIRouter()
# The index answers at the API's own address (/api/v1, no trailing path).
api_router.add_api_route(
    "",
    index.api_index,
    methods=["GET"],
    response_model=index.ApiIndex,
    summary="The API's index",
    tags=["index"],
)
api_router.include_router(trusts.router)
api_router.include_router(oversight.router)
api_router.include_router(overview.router)
api_router.include_router(league.router)
api_router.include_router(enforcement.router)
api_router.include_router(locations.router)
api_router.include_router(ratings.router)
api_router.include_router(metrics_api.router)
api_router.include_router(docs.router)
api_router.include_router(plans_api.router)
api_router.include_router(incidents_api.router)
api_router.include_router(feedback_api.router)
api_router.include_router(risks_api.router)
api_router.include_router(audit.router)
