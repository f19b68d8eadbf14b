"""The board report: an integrated quality and performance report (IQPR) of one trust, as
NHS boards read it, in HTML and as a PDF.

Made in three steps, each its own function so that each can be tested and timed:

1. `board_inputs` reads what the report needs through the services' faces (the measures'
   summary with SPC and icons, the improvement plan as the reader may see it, recorded
   escalations of overdue actions, oversight status, the incidents' public summary, the
   feedback summary, the data version). Only the services touch the database.
2. `build_board_report` turns those frozen values into sections (`board_sections`), pure.
3. `board_html` renders the report with the package's own templates, and `board_pdf` lays
   that HTML out as pages with WeasyPrint (CSS paged media: running header and footer,
   page X of Y, contents with page numbers), fetching nothing.

Example::

    inputs = board_inputs(db=db, provider_id="RMY", period=ReportPeriod.quarter("2022-Q2"))
    pdf = board_pdf(build_board_report(inputs))
"""

from __future__ import annotations

import datetime as dt

from carewatch.domain.access import PUBLIC, Actor, Permission, may, sees_restricted
from carewatch.reports.board_period import InvalidPeriod, ReportPeriod
from carewatch.reports.board_render import board_html, board_pdf, html_to_pdf
from carewatch.reports.board_sections import (
    BoardInputs,
    BoardReport,
    Section,
    build_board_report,
)
from carewatch.services import feedback, incidents, oversight, plans, risks
from carewatch.services.metrics import metric_summary
from carewatch.services.ratings import get_trust
from carewatch.services.versions import data_version
from carewatch.store.database import Database

__all__ = [
    "BoardInputs",
    "BoardReport",
    "InvalidPeriod",
    "ReportPeriod",
    "Section",
    "board_html",
    "board_inputs",
    "board_pdf",
    "build_board_report",
    "html_to_pdf",
]


def board_inputs(
    *,
    db: Database,
    provider_id: str,
    period: ReportPeriod,
    actor: Actor = PUBLIC,
    now: dt.datetime | None = None,
) -> BoardInputs:
    """Read everything the report shows as of the period's end, through the services.

    The plan (owners, escalations) is what `actor` may see of it, as on the plan's pages,
    and the top five risks of the register only for a reader who may read it;
    the public by default. Raises `NotFound` for an unknown trust. The data version is
    read first: a write made while the report is read gives a later version, never a
    report that claims a version it does not show.
    """
    version = data_version(db=db)
    trust = get_trust(db=db, provider_id=provider_id)
    day = period.as_of
    plan = plans.improvement_plan(db=db, provider_id=provider_id, as_of=day, actor=actor)
    escalations = tuple(
        e
        for a in plan.actions
        if a.overdue
        for e in plans.action_detail(db=db, action_id=a.id, as_of=day, actor=actor).escalations
    )
    measures = metric_summary(db=db, org_code=provider_id, as_of=day, only_with_data=True)
    found_incidents = incidents.incident_summary(db=db, trust=provider_id, as_of=day)
    found_feedback = feedback.feedback_summary(db=db, trust=provider_id, as_of=day)
    # The register is the trust's own: its top risks only for a reader who may read it.
    top = (
        risks.top_risks(db=db, actor=actor, trust=provider_id, as_of=day)
        if may(actor, Permission.READ_RISKS, trust=provider_id)
        else ()
    )
    return BoardInputs(
        provider_id=provider_id,
        trust_name=trust.name,
        period=period,
        made_at=now or dt.datetime.now(dt.UTC),
        data_version=version,
        measures=tuple(measures),
        plan=plan,
        escalations=escalations,
        oversight=oversight.oversight_status(db=db, provider_id=provider_id, as_of=day),
        incidents=found_incidents,
        feedback=found_feedback,
        restricted=sees_restricted(actor, provider_id),
        risks=top,
    )
