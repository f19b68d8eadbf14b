"""Readers of a trust's risk register: the register with filters, one risk's page, the
validator's findings, the board assurance framework, the top risks, and the public summary.

Every reader but the public summary needs `read_risks` for the trust (its own editors and
viewers, and the national roles). The public summary is for everyone, when the trust
publishes it: counts by category and band, never a risk's words. Each reads the register in
a fixed number of statements (`_load`), whatever the number of risks.

Example::

    list_risks(db=db, actor=actor, trust="RMY", as_of=dt.date(2020, 6, 30))
    check_risks(db=db, actor=actor, trust="RMY", as_of=dt.date(2020, 6, 30))
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from carewatch.domain.access import PUBLIC, Actor, Permission, require
from carewatch.domain.risks import (
    Band,
    PublicSummary,
    RiskCategory,
    RiskFinding,
    RiskLinkKind,
    Score,
    check_register,
    check_risk,
    heat_map,
    public_summary,
    score_chart,
)
from carewatch.services._dates import today_in_uk
from carewatch.services._db import require_provider
from carewatch.services.errors import NotFound
from carewatch.services.risks._load import Loaded, load_register
from carewatch.services.risks.models import BafObjective, BoardAssurance, RiskDetail, RiskView
from carewatch.store.database import Database
from carewatch.store.tables.risks import RISK_OBJECTIVES, RISK_PUBLICATION, RISK_SCORES, RISKS

__all__ = [
    "board_assurance",
    "check_risks",
    "list_risks",
    "register_heat_map",
    "risk_detail",
    "risk_summary",
    "top_risks",
]


def _load(
    db: Database, actor: Actor, trust: str, as_of: dt.date | None, **kwargs: object
) -> list[Loaded]:
    require(actor, Permission.READ_RISKS, trust=trust)
    day = as_of or today_in_uk()
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        return load_register(db, conn, trust, day, actor, **kwargs)  # type: ignore[arg-type]


def list_risks(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    as_of: dt.date | None = None,
    category: RiskCategory | None = None,
    band: Band | None = None,
    objective: str | None = None,
    overdue_only: bool = False,
) -> tuple[RiskView, ...]:
    """The trust's register on `as_of` (today by default), optionally only one category,
    the current score's band, a strategic objective's principal risks, or the risks overdue
    for review; in reference order."""
    loaded = _load(db, actor, trust, as_of, with_links=False)
    return tuple(
        item.view
        for item in loaded
        if (category is None or item.view.category is category)
        and (band is None or item.view.current.band is band)
        and (objective is None or item.view.objective == objective)
        and (not overdue_only or item.view.review_overdue)
    )


def register_heat_map(views: tuple[RiskView, ...]) -> dict[tuple[int, int], int]:
    """The 5 x 5 counts of these risks' current scores, keyed (likelihood, consequence)."""
    return heat_map(Score(v.current.likelihood, v.current.consequence) for v in views)


def top_risks(
    *, db: Database, actor: Actor, trust: str, as_of: dt.date | None = None, limit: int = 5
) -> tuple[RiskView, ...]:
    """The `limit` risks with the highest current score (then the highest consequence, then
    by reference): what the board report opens its risk section with."""
    views = list_risks(db=db, actor=actor, trust=trust, as_of=as_of)
    ordered = sorted(views, key=lambda v: (-v.current.score, -v.current.consequence, v.id))
    return tuple(ordered[:limit])


def risk_detail(
    *, db: Database, actor: Actor, trust: str, reference: str, as_of: dt.date | None = None
) -> RiskDetail:
    """One risk's page on `as_of`: history (an SPC chart from 12 scorings), controls,
    assurances, gaps, linked actions and measures, and what the validator finds. `NotFound`
    for a risk the trust has not recorded by then."""
    day = as_of or today_in_uk()
    loaded = _load(db, actor, trust, day, references=[reference])
    if not loaded:
        raise NotFound("risk", reference)
    item = loaded[0]
    return RiskDetail(
        risk=item.view,
        history=tuple(item.history),
        reviews=tuple(item.reviews),
        chart=score_chart(item.points, item.risk.target),
        controls=tuple(item.controls),
        assurances=tuple(item.assurances),
        gaps=tuple(item.gaps),
        actions=tuple(item.actions),
        measures=tuple(item.measures),
        findings=tuple(item.links.get(RiskLinkKind.FINDING, [])),
        incidents=tuple(item.links.get(RiskLinkKind.INCIDENT, [])),
        problems=check_risk(item.record, as_of=day),
    )


def check_risks(
    *, db: Database, actor: Actor, trust: str, as_of: dt.date | None = None
) -> tuple[RiskFinding, ...]:
    """The validator's findings on every risk of the trust's register on `as_of`."""
    day = as_of or today_in_uk()
    return check_register((item.record for item in _load(db, actor, trust, day)), as_of=day)


def board_assurance(
    *, db: Database, actor: Actor, trust: str, as_of: dt.date | None = None
) -> BoardAssurance:
    """The board assurance framework on `as_of`: each strategic objective (by code) with its
    principal risks, highest current score first, and the validator's findings on them."""
    day = as_of or today_in_uk()
    loaded = _load(db, actor, trust, day)
    with db.engine.connect() as conn:
        objectives = conn.execute(
            select(RISK_OBJECTIVES)
            .where(RISK_OBJECTIVES.c.provider_id == trust)
            .order_by(RISK_OBJECTIVES.c.code)
        ).all()
    principal = [item for item in loaded if item.view.objective is not None]
    return BoardAssurance(
        trust=trust,
        as_of=day,
        objectives=tuple(
            BafObjective(
                o.code,
                o.title,
                o.appetite,
                tuple(
                    sorted(
                        (i.view for i in principal if i.view.objective == o.code),
                        key=lambda v: (-v.current.score, v.id),
                    )
                ),
            )
            for o in objectives
        ),
        problems=check_register((i.record for i in principal), as_of=day),
    )


def risk_summary(
    *, db: Database, trust: str, as_of: dt.date | None = None, actor: Actor = PUBLIC
) -> PublicSummary | None:
    """The public summary of the trust's register on `as_of` (counts by category and band of
    the current score), or None when the trust does not publish it. `NotFound` for an
    unknown trust. `actor` is not asked for anything: the summary is everyone's."""
    del actor
    day = as_of or today_in_uk()
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        published = conn.execute(
            select(RISK_PUBLICATION.c.publish_summary).where(
                RISK_PUBLICATION.c.provider_id == trust
            )
        ).scalar()
        if not published:
            return None
        latest = (
            select(RISK_SCORES.c.risk_id, RISK_SCORES.c.likelihood, RISK_SCORES.c.consequence,
                   RISK_SCORES.c.scored_on)
            .join(RISKS, RISKS.c.id == RISK_SCORES.c.risk_id)
            .where(RISKS.c.provider_id == trust, RISK_SCORES.c.scored_on <= day)
            .order_by(RISK_SCORES.c.risk_id, RISK_SCORES.c.scored_on)
        )  # fmt: skip
        current: dict[int, Score] = {}
        for row in conn.execute(latest):
            current[row.risk_id] = Score(row.likelihood, row.consequence)
        categories = {
            row.id: row.category
            for row in conn.execute(
                select(RISKS.c.id, RISKS.c.category).where(RISKS.c.provider_id == trust)
            )
        }
    return public_summary(
        (RiskCategory.parse(categories[rid]), score) for rid, score in current.items()
    )
