"""GET the audit trail: the events the token's user may read, newest first, exactly as
`carewatch audit log --json` prints them. A regulator reads every event, an administrator
their own organisation's; anyone else is refused (401 without a token, 403 with another
role's). Reading the log is not itself recorded."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.security import HTTPAuthorizationCredentials

from carewatch.schemas.audit import AuditLogPublic
from carewatch.services import audit
from carewatch.web.api.params import Day
from carewatch.web.api.plans import BEARER
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.deps import Db
from carewatch.web.identity import Who

__all__ = ["router", "start_of"]

router = APIRouter(tags=["audit trail"])

READ_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorPublic, "description": "No valid bearer token"},
    403: {"model": ErrorPublic, "description": "The token's role may not read the audit trail"},
    422: {"model": ErrorPublic, "description": "A filter is not valid; `field` names it"},
}


def start_of(day: dt.date | None) -> dt.datetime | None:
    """Midnight UTC at the start of `day`, as `carewatch audit log --from/--to` reads dates.

    >>> start_of(dt.date(2026, 3, 1))
    datetime.datetime(2026, 3, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    return None if day is None else dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@router.get("/audit", summary="The audit trail", responses=READ_RESPONSES)
def get_audit(
    db: Db,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    actor: Annotated[
        str | None, Query(max_length=320, description="Only this actor (an email)")
    ] = None,
    entity: Annotated[
        str | None, Query(max_length=64, description="Only this kind of record, e.g. action")
    ] = None,
    start: Annotated[
        Day | None, Query(alias="from", description="From this date (UTC midnight)")
    ] = None,
    end: Annotated[
        Day | None, Query(alias="to", description="Before this date (UTC midnight)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many")] = 500,
) -> AuditLogPublic:
    """Who did what to which record, and when, newest first: the events the user may read
    (a regulator every organisation's, an administrator their own), with the digest of each
    change, never the change. `carewatch audit log --json` prints the same document."""
    entries = audit.audit_log(
        db, who.actor, by=actor, entity=entity, start=start_of(start), end=start_of(end),
        limit=limit,
    )  # fmt: skip
    return AuditLogPublic.from_entries(entries)
