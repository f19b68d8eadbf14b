"""The JSON API, version 1: one router module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from carewatch.web.api import (
    audit,
    docs,
    enforcement,
    league,
    locations,
    oversight,
    ratings,
    trusts,
)
from carewatch.web.api import metrics as metrics_api
from carewatch.web.api import plans as plans_api

__all__ = ["API_V1", "api_router"]

API_V1 = "/api/v1"

api_router = APIRouter()
api_router.include_router(trusts.router)
api_router.include_router(oversight.router)
api_router.include_router(league.router)
api_router.include_router(enforcement.router)
api_router.include_router(locations.router)
api_router.include_router(ratings.router)
api_router.include_router(metrics_api.router)
api_router.include_router(docs.router)
api_router.include_router(plans_api.router)
api_router.include_router(audit.router)
