"""Readers of a trust's feedback.

The summary and the list are public: they hold the redacted words only. The words as given
are read only when asked for (`with_text`), only by the trust's own roles
(`read_feedback_text`), and each such read appends one audit event before anything is
returned. Corrections, which hold the words as given, need the same.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, select

from carewatch.domain.access import PUBLIC, Actor, Permission, require
from carewatch.domain.feedback.items import (
    FeedbackSource,
    FftScore,
    RespondentGroup,
    Sentiment,
    SentimentScale,
)
from carewatch.domain.feedback.summary import (
    Counted,
    group_tallies,
    theme_trends,
    top_themes,
)
from carewatch.services import plans
from carewatch.services._db import require_provider
from carewatch.services.audit import record_read
from carewatch.services.errors import NotFound
from carewatch.services.feedback.models import (
    AnswerView,
    CorrectionView,
    FeedbackItemView,
    FeedbackSummary,
    Quote,
    ThemeLabel,
)
from carewatch.store.database import Database
from carewatch.store.tables.feedback import (
    FEEDBACK_CORRECTIONS,
    FEEDBACK_ITEMS,
    FEEDBACK_RESPONSES,
    FEEDBACK_THEMES,
)

__all__ = [
    "count_feedback",
    "feedback_corrections",
    "feedback_item",
    "feedback_summary",
    "list_feedback",
]

TOP_THEMES = 6
QUOTES_PER_THEME = 3


def _filtered(
    query: Select[Any],
    trust: str,
    *,
    service: str | None = None,
    group: RespondentGroup | None = None,
    theme: str | None = None,
    sentiment: Sentiment | None = None,
) -> Select[Any]:
    f = FEEDBACK_ITEMS.c
    query = query.where(f.provider_id == trust)
    if service:
        query = query.where(f.service == service)
    if group is not None:
        query = query.where(f.respondent_group == group.value)
    if sentiment is not None:
        query = query.where(f.sentiment == sentiment.value)
    if theme:
        t = FEEDBACK_THEMES.c
        query = query.where(f.id.in_(select(t.item_id).where(t.theme == theme).scalar_subquery()))
    return query


def _themes(conn: Connection, ids: Sequence[int]) -> dict[int, list[ThemeLabel]]:
    found: dict[int, list[ThemeLabel]] = defaultdict(list)
    t = FEEDBACK_THEMES.c
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            select(t.item_id, t.theme, t.probability, t.origin).where(t.item_id.in_(chunk))
        )
        for r in rows:
            found[r.item_id].append(ThemeLabel(r.theme, r.probability, r.origin))
    for labels in found.values():
        labels.sort(key=lambda label: (-(label.probability or 1.0), label.theme))
    return found


def _view(row: Any, themes: Sequence[ThemeLabel], with_text: bool) -> FeedbackItemView:
    return FeedbackItemView(
        id=row.id,
        trust=row.provider_id,
        reference=row.reference,
        source=FeedbackSource(row.source),
        group=RespondentGroup(row.respondent_group),
        received=row.received,
        service=row.service,
        question=row.question,
        fft_score=FftScore(row.fft_score) if row.fft_score else None,
        redacted_text=row.redacted_text,
        personal_data=tuple(filter(None, row.personal_data.split(","))),
        themes=tuple(themes),
        sentiment=Sentiment(row.sentiment) if row.sentiment else None,
        sentiment_scale=SentimentScale(row.sentiment_scale) if row.sentiment_scale else None,
        sentiment_probability=row.sentiment_probability,
        sentiment_origin=row.sentiment_origin,
        illustrative=bool(row.illustrative),
        source_url=row.source_url,
        text=row.text if with_text else None,
    )


def _columns(with_text: bool) -> list[Any]:
    f = FEEDBACK_ITEMS.c
    kept = [c for c in FEEDBACK_ITEMS.c if c.name != "text"]
    return [*kept, f.text] if with_text else kept


def list_feedback(
    *,
    db: Database,
    actor: Actor = PUBLIC,
    trust: str,
    service: str | None = None,
    group: RespondentGroup | None = None,
    theme: str | None = None,
    sentiment: Sentiment | None = None,
    offset: int = 0,
    limit: int | None = 50,
    with_text: bool = False,
) -> tuple[FeedbackItemView, ...]:
    """The trust's comments, newest first, filtered; redacted words for everyone, the words
    as given only `with_text` (needs `read_feedback_text`; one audit event for the read)."""
    if with_text:
        require(actor, Permission.READ_FEEDBACK_TEXT, trust=trust)
    f = FEEDBACK_ITEMS.c
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        query = _filtered(
            select(*_columns(with_text)),
            trust,
            service=service,
            group=group,
            theme=theme,
            sentiment=sentiment,
        ).order_by(f.received.desc(), f.reference)
        if limit is not None:
            query = query.limit(limit)
        rows = conn.execute(query.offset(offset)).all()
        themes = _themes(conn, [r.id for r in rows])
    if with_text and rows:
        record_read(db, actor, "feedback_text", trust)
    return tuple(_view(r, themes.get(r.id, ()), with_text) for r in rows)


def count_feedback(
    *,
    db: Database,
    trust: str,
    service: str | None = None,
    group: RespondentGroup | None = None,
    theme: str | None = None,
    sentiment: Sentiment | None = None,
) -> int:
    """How many of the trust's comments `list_feedback` would list without its paging."""
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        query = _filtered(
            select(func.count()).select_from(FEEDBACK_ITEMS),
            trust,
            service=service,
            group=group,
            theme=theme,
            sentiment=sentiment,
        )
        return int(conn.execute(query).scalar_one())


def feedback_item(
    *, db: Database, actor: Actor = PUBLIC, trust: str, reference: str, with_text: bool = False
) -> FeedbackItemView:
    """One comment; the words as given only `with_text` (needs `read_feedback_text`; one
    audit event). `NotFound` for an unknown trust or comment."""
    if with_text:
        require(actor, Permission.READ_FEEDBACK_TEXT, trust=trust)
    f = FEEDBACK_ITEMS.c
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        row = conn.execute(
            select(*_columns(with_text)).where(f.provider_id == trust, f.reference == reference)
        ).first()
        if row is None:
            raise NotFound("feedback", f"{trust}/{reference}")
        themes = _themes(conn, [row.id])
    if with_text:
        record_read(db, actor, "feedback_text", f"{trust}/{reference}")
    return _view(row, themes.get(row.id, ()), with_text)


def feedback_summary(
    *,
    db: Database,
    trust: str,
    service: str | None = None,
    group: RespondentGroup | None = None,
    top: int = TOP_THEMES,
    as_of: dt.date | None = None,
) -> FeedbackSummary:
    """What the trust's feedback says (see `FeedbackSummary`): public, redacted words only.
    Three statements whatever the number of comments: the comments, their themes, and the
    you-said-we-did links (and the public plan's own for those)."""
    f, t = FEEDBACK_ITEMS.c, FEEDBACK_THEMES.c
    with db.engine.connect() as conn:
        name = require_provider(conn, trust)
        rows = conn.execute(
            _filtered(
                select(
                    f.id,
                    f.reference,
                    f.source,
                    f.respondent_group,
                    f.received,
                    f.service,
                    f.sentiment,
                    f.sentiment_probability,
                    f.redacted_text,
                    f.illustrative,
                ),
                trust,
                service=service,
                group=group,
            )
        ).all()
        labels: dict[int, set[str]] = defaultdict(set)
        probability: dict[tuple[int, str], float] = {}
        theme_rows = conn.execute(
            _filtered(
                select(t.item_id, t.theme, t.probability).join(
                    FEEDBACK_ITEMS, FEEDBACK_ITEMS.c.id == t.item_id
                ),
                trust,
                service=service,
                group=group,
            )
        )
        for r in theme_rows:
            labels[r.item_id].add(r.theme)
            probability[r.item_id, r.theme] = 1.0 if r.probability is None else r.probability
        services = tuple(
            s
            for (s,) in conn.execute(
                select(f.service).where(f.provider_id == trust, f.service != "").distinct()
            )
        )
        answers_rows = conn.execute(
            select(FEEDBACK_RESPONSES).where(FEEDBACK_RESPONSES.c.provider_id == trust)
        ).all()
    counted = [
        Counted(
            r.received,
            RespondentGroup(r.respondent_group),
            frozenset(labels.get(r.id, ())),
            Sentiment(r.sentiment) if r.sentiment else None,
            r.service,
        )
        for r in rows
    ]
    themes = [name_ for name_, _ in top_themes(counted, top)]
    answered = {a.theme for a in answers_rows}
    themes += sorted(answered - set(themes))
    quotes = []
    for theme_name in themes:
        carrying = [r for r in rows if theme_name in labels.get(r.id, ()) and r.redacted_text]
        carrying.sort(
            key=lambda r: (
                r.sentiment != Sentiment.NEGATIVE.value,
                -probability.get((r.id, theme_name), 0.0),
                -r.received.toordinal(),
                r.reference,
            )
        )
        quotes.append(
            (
                theme_name,
                tuple(
                    Quote(
                        r.reference,
                        RespondentGroup(r.respondent_group),
                        r.received,
                        r.service,
                        Sentiment(r.sentiment) if r.sentiment else None,
                        r.redacted_text,
                        bool(r.illustrative),
                    )
                    for r in _varied(carrying)[:QUOTES_PER_THEME]
                ),
            )
        )
    sources = Counter(FeedbackSource(r.source) for r in rows)
    groups = Counter(RespondentGroup(r.respondent_group) for r in rows)
    feelings = Counter(Sentiment(r.sentiment) for r in rows if r.sentiment)
    return FeedbackSummary(
        trust=trust,
        trust_name=name,
        comments=len(rows),
        classified=sum(1 for r in rows if r.id in labels or r.sentiment),
        first=min((r.received for r in rows), default=None),
        last=max((r.received for r in rows), default=None),
        by_source=tuple((s, sources[s]) for s in FeedbackSource if sources[s]),
        by_group=tuple((g, groups[g]) for g in RespondentGroup if groups[g]),
        by_sentiment=tuple((s, feelings[s]) for s in Sentiment),
        services=tuple(sorted(services)),
        trends=tuple(theme_trends(counted, themes)),
        groups=tuple(group_tallies(counted, themes)),
        quotes=tuple(quotes),
        answers=_answers(db, trust, answers_rows, as_of),
        illustrative=sum(1 for r in rows if r.illustrative),
        service=service,
        group=group,
    )


def _varied(rows: Sequence[Any]) -> list[Any]:
    """Rows reordered so that the first few come from different respondent groups where
    there are several: patients, families and staff each heard."""
    first: dict[str, Any] = {}
    rest = []
    for r in rows:
        if r.respondent_group in first:
            rest.append(r)
        else:
            first[r.respondent_group] = r
    return [*first.values(), *rest]


def _answers(
    db: Database, trust: str, rows: Sequence[Any], as_of: dt.date | None
) -> tuple[AnswerView, ...]:
    if not rows:
        return ()
    plan = plans.public_plan(db=db, provider_id=trust, as_of=as_of)
    must_dos = {m.reference: m for m in plan.must_dos}
    views = []
    for r in sorted(rows, key=lambda r: (r.theme, r.target)):
        must_do = must_dos.get(r.target)
        if must_do is None:
            continue
        views.append(
            AnswerView(
                theme=r.theme,
                target=r.target,
                said=r.said,
                must_do=must_do.summary,
                progress=must_do.progress,
                last_evidenced=must_do.last_evidenced,
                actions=tuple(
                    (a.title, a.status.label, a.due, a.last_evidenced) for a in must_do.actions
                ),
                illustrative=must_do.illustrative,
            )
        )
    return tuple(views)


def feedback_corrections(*, db: Database, actor: Actor, trust: str) -> tuple[CorrectionView, ...]:
    """Every correction people made to the trust's labels, oldest first, with the words as
    given: new training data. Needs `read_feedback_text` (one audit event)."""
    require(actor, Permission.READ_FEEDBACK_TEXT, trust=trust)
    c, f = FEEDBACK_CORRECTIONS.c, FEEDBACK_ITEMS.c
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        rows = conn.execute(
            select(f.reference, f.text, c.kind, c.value, c.previous, c.corrected_by, c.recorded_at)
            .join(FEEDBACK_ITEMS, f.id == c.item_id)
            .where(f.provider_id == trust)
            .order_by(c.id)
        ).all()
    if rows:
        record_read(db, actor, "feedback_text", trust)
    return tuple(CorrectionView(*r) for r in rows)
