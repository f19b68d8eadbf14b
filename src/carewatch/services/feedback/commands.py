"""Writers of a trust's feedback: imports, label corrections, "you said, we did", and
classifying again.

Every comment is redacted (`carewatch.domain.feedback.redact`) before it is stored: the words
as given and the redacted words are stored side by side, and only the redacted ones reach a
public view. Labels come from the file (its trust's own staff labelled them: `source`), else
from the classifier (`model`, with its probability); a person's correction replaces a
comment's labels with theirs (`person`), is kept apart as training data, and the classifier
never overrides it. No log line, audit digest or error quotes a comment: they name the trust,
reference and field only.

Example::

    import_feedback(db=db, actor=actor, batch=read_feedback_csv(Path("feedback.csv")))
    correct_feedback(db=db, actor=actor, trust="RMY", reference="FFT-1",
                     add=("Staff continuity",), remove=(), sentiment=None, reason="")
    answer_theme(db=db, actor=actor, trust="RMY", theme="Staff listening, ...",
                 target="2020-MD1", said="Families said they were not listened to.")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from carewatch.domain.access import Actor, ActorKind, Permission, require
from carewatch.domain.feedback.framework import UnknownTheme, theme
from carewatch.domain.feedback.items import (
    FeedbackItem,
    Sentiment,
    SentimentScale,
    sentiment_of_scale,
)
from carewatch.domain.feedback.redact import redact
from carewatch.ingest.feedback_csv import FeedbackBatch, FeedbackRecord
from carewatch.ingest.records import IngestError
from carewatch.services import audit, plans
from carewatch.services._db import (
    import_transaction,
    log_event,
    require_provider,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.feedback.models import FeedbackImportResult
from carewatch.store.database import Database
from carewatch.store.tables.feedback import (
    FEEDBACK_CORRECTIONS,
    FEEDBACK_ITEMS,
    FEEDBACK_RESPONSES,
    FEEDBACK_THEMES,
)
from carewatch.textmining import ModelNotBuilt, Prediction, load_model

__all__ = [
    "InvalidAnswer",
    "InvalidCorrection",
    "answer_theme",
    "correct_feedback",
    "import_feedback",
    "reclassify_feedback",
]

_FACTS = (
    "source",
    "respondent_group",
    "received",
    "service",
    "question",
    "fft_score",
    "text",
    "illustrative",
    "source_url",
)


class InvalidCorrection(ValueError):
    """A correction that cannot be made; `field` names the option at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class InvalidAnswer(ValueError):
    """A "you said, we did" link that cannot be made; `field` names the option at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def _signed(actor: Actor) -> str:
    return actor.label if actor.kind is ActorKind.USER else actor.identity


def _facts(item: FeedbackItem) -> dict[str, Any]:
    return {
        "source": item.source.value,
        "respondent_group": item.group.value,
        "received": item.received,
        "service": item.service,
        "question": item.question,
        "fft_score": item.fft_score.value if item.fft_score else None,
        "text": item.text,
        "illustrative": item.illustrative,
        "source_url": item.source_url,
    }


def _redacted(text: str) -> dict[str, Any]:
    found = redact(text)
    kinds = sorted({span.kind.value for span in found.spans})
    return {"redacted_text": found.text, "personal_data": ",".join(kinds)}


@dataclass
class _Plan:
    """What the import will do with one record."""

    record: FeedbackRecord
    item_id: int | None
    changed: bool
    labels_from_file: bool
    person_labelled: bool


def _stored(conn: Connection, trust: str) -> dict[str, dict[str, Any]]:
    f = FEEDBACK_ITEMS.c
    rows = conn.execute(
        select(
            f.id, f.reference, f.sentiment_origin, f.sentiment_scale, *[f[c] for c in _FACTS]
        ).where(f.provider_id == trust)
    ).mappings()
    return {r["reference"]: dict(r) for r in rows}


def _source_labels(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Each item's stored labels by origin: {item id: {theme: origin}}."""
    found: dict[int, dict[str, str]] = {}
    t = FEEDBACK_THEMES.c
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for r in conn.execute(select(t.item_id, t.theme, t.origin).where(t.item_id.in_(chunk))):
            found.setdefault(r.item_id, {})[r.theme] = r.origin
    return found


def import_feedback(
    *,
    db: Database,
    actor: Actor,
    batch: FeedbackBatch,
    now: dt.datetime | None = None,
) -> FeedbackImportResult:
    """Store every comment of `batch` or none, keyed by its trust and reference. Needs
    `record_feedback` for the file's trust; `NotFound` for an unknown trust.

    A comment already stored with the same facts and the same labels from its file changes
    nothing, so the same file again stores nothing and appends no audit event. A comment whose
    facts changed is stored anew (redacted again; labelled again unless a person labelled
    it). Comments the file did not label are classified when the model is built; otherwise
    they are stored unlabelled, to be labelled by `reclassify_feedback` once it is."""
    require(actor, Permission.RECORD_FEEDBACK, trust=batch.trust)
    moment = now or dt.datetime.now(dt.UTC)
    with db.engine.connect() as conn:
        require_provider(conn, batch.trust)
        stored = _stored(conn, batch.trust)
        labels = _source_labels(conn, [s["id"] for s in stored.values()])
    plan = []
    for record in batch.records:
        before = stored.get(record.item.reference)
        if before is None:
            plan.append(_Plan(record, None, True, record.themes is not None, False))
            continue
        facts = _facts(record.item)
        same = all(before[c] == facts[c] for c in _FACTS)
        had = labels.get(before["id"], {})
        person = before["sentiment_origin"] == "person" or "person" in had.values()
        if record.themes is not None and not person:
            from_file = {t for t, o in had.items() if o == "source"}
            scale = record.sentiment.value if record.sentiment else None
            same = same and from_file == set(record.themes) and before["sentiment_scale"] == scale
        plan.append(_Plan(record, before["id"], not same, record.themes is not None, person))
    changed = [p for p in plan if p.changed]
    if not changed:
        return FeedbackImportResult(batch.trust, batch.file_name, 0, 0, len(plan), 0, 0, 0)
    to_classify = [p for p in changed if not p.labels_from_file and not p.person_labelled]
    predictions = _classify([p.record.item for p in to_classify])
    new = sum(p.item_id is None for p in changed)
    redacted = 0
    with import_transaction(db) as conn:
        require_provider(conn, batch.trust)
        for p in changed:
            values = {
                **_facts(p.record.item),
                **_redacted(p.record.item.text),
                "recorded_at": moment,
            }
            redacted += bool(values["personal_data"])
            try:
                p.item_id = _write_item(conn, batch.trust, p, values)
            except ValueError as exc:  # text too long for its column
                raise IngestError(str(exc), file=batch.file_name, row=p.record.row) from None
            if p.person_labelled:
                continue
            if p.labels_from_file:
                _label(conn, p.item_id, _file_labels(p.record), "source", p.record.sentiment)
        if predictions is not None:
            found, version = predictions
            for p, prediction in zip(to_classify, found, strict=True):
                assert p.item_id is not None
                _apply_prediction(conn, p.item_id, prediction, version)
        audit.append(
            conn, actor, "feedback.import", "provider", batch.trust,
            {"sha256": batch.sha256, "file": batch.file_name, "format": batch.format,
             "new": new, "changed": len(changed) - new},
        )  # fmt: skip
    log_event("feedback.import", provider_id=batch.trust, new=new, changed=len(changed) - new)
    classified = len(to_classify) if predictions is not None else 0
    return FeedbackImportResult(
        batch.trust,
        batch.file_name,
        new,
        len(changed) - new,
        len(plan) - len(changed),
        classified,
        len(to_classify) - classified,
        redacted,
    )


def _classify(items: Sequence[FeedbackItem]) -> tuple[list[Prediction], str] | None:
    """The classifier's labels for `items` and its version, or None when the model is not
    built."""
    if not items:
        return [], ""
    try:
        model = load_model()
    except ModelNotBuilt:
        return None
    texts = [i.text for i in items]
    return model.classify(texts, [i.question or None for i in items]), model.version


def _file_labels(record: FeedbackRecord) -> list[tuple[str, float | None]]:
    return [(name, None) for name in record.themes or ()]


def _write_item(conn: Connection, trust: str, p: _Plan, values: dict[str, Any]) -> int:
    if p.item_id is None:
        return int(
            conn.execute(
                insert(FEEDBACK_ITEMS)
                .values(provider_id=trust, reference=p.record.item.reference, **values)
                .returning(FEEDBACK_ITEMS.c.id)
            ).scalar_one()
        )
    conn.execute(update(FEEDBACK_ITEMS).where(FEEDBACK_ITEMS.c.id == p.item_id).values(**values))
    return p.item_id


def _label(
    conn: Connection,
    item_id: int,
    themes: Iterable[tuple[str, float | None]],
    origin: str,
    scale: SentimentScale | None,
    *,
    sentiment_probability: float | None = None,
    model_version: str = "",
) -> None:
    """Replace the item's labels with `themes` and `scale`, all from `origin`."""
    conn.execute(delete(FEEDBACK_THEMES).where(FEEDBACK_THEMES.c.item_id == item_id))
    rows = [
        {"item_id": item_id, "theme": name, "probability": probability, "origin": origin}
        for name, probability in themes
    ]
    if rows:
        conn.execute(insert(FEEDBACK_THEMES), rows)
    conn.execute(
        update(FEEDBACK_ITEMS)
        .where(FEEDBACK_ITEMS.c.id == item_id)
        .values(
            sentiment=sentiment_of_scale(scale).value if scale else None,
            sentiment_scale=scale.value if scale else None,
            sentiment_probability=sentiment_probability,
            sentiment_origin=origin if scale else None,
            model_version=model_version,
        )
    )


def _apply_prediction(conn: Connection, item_id: int, prediction: Prediction, version: str) -> None:
    scale = SentimentScale.parse(str(prediction.sentiment_scale))
    _label(
        conn,
        item_id,
        [(t.theme, round(t.probability, 4)) for t in prediction.themes],
        "model",
        scale,
        sentiment_probability=round(prediction.sentiment_probability, 4),
        model_version=version,
    )
    # The three-way view is the model's own (it may differ from the five-point scale's).
    conn.execute(
        update(FEEDBACK_ITEMS)
        .where(FEEDBACK_ITEMS.c.id == item_id)
        .values(sentiment=Sentiment.parse(prediction.sentiment).value)
    )


def reclassify_feedback(
    *, db: Database, actor: Actor, trust: str, everything: bool = False
) -> tuple[int, str]:
    """Label again with the built model the trust's comments the classifier labels: those
    not yet labelled, or (`everything`) every comment whose labels are the model's. Labels
    from a file or a person are kept. Needs `record_feedback`; `ModelNotBuilt` when the model
    is not built. Returns how many comments were labelled and the model's version."""
    require(actor, Permission.RECORD_FEEDBACK, trust=trust)
    model = load_model()
    f = FEEDBACK_ITEMS.c
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        rows = conn.execute(
            select(f.id, f.text, f.question, f.sentiment_origin).where(f.provider_id == trust)
        ).all()
        origins = _source_labels(conn, [r.id for r in rows])
    wanted = []
    for r in rows:
        held = set(origins.get(r.id, {}).values()) | ({r.sentiment_origin} - {None})
        if not held or (everything and held == {"model"}):
            wanted.append(r)
    if not wanted:
        return 0, model.version
    predictions = model.classify([r.text for r in wanted], [r.question or None for r in wanted])
    with write_transaction(db) as conn:
        for r, prediction in zip(wanted, predictions, strict=True):
            _apply_prediction(conn, r.id, prediction, model.version)
        audit.append(
            conn, actor, "feedback.classify", "provider", trust,
            {"comments": len(wanted), "model": model.version},
        )  # fmt: skip
    log_event("feedback.classify", provider_id=trust, comments=len(wanted))
    return len(wanted), model.version


def correct_feedback(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    sentiment: SentimentScale | str | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> tuple[str, ...]:
    """A person's correction of one comment's labels: themes to add and to remove, and the
    sentiment on the five-point scale. The comment's labels become the person's (the
    classifier will not change them again) and each change is kept in
    `feedback_corrections`. Needs `record_feedback`; `InvalidCorrection` for a theme the
    framework lacks, one to remove the comment does not carry, or no change; `NotFound` for
    an unknown comment. Returns the comment's themes after the correction."""
    require(actor, Permission.RECORD_FEEDBACK, trust=trust)
    scale = SentimentScale.parse(sentiment) if isinstance(sentiment, str) else sentiment
    added = [_theme_name(name, "add") for name in add]
    removed = [_theme_name(name, "remove") for name in remove]
    moment = at or dt.datetime.now(dt.UTC)
    f, t = FEEDBACK_ITEMS.c, FEEDBACK_THEMES.c
    with write_transaction(db) as conn:
        row = conn.execute(
            select(f.id, f.sentiment_scale)
            .where(f.provider_id == trust, f.reference == reference)
            .with_for_update()
        ).first()
        if row is None:
            require_provider(conn, trust)
            raise NotFound("feedback", f"{trust}/{reference}")
        held = [r.theme for r in conn.execute(select(t.theme).where(t.item_id == row.id))]
        for name in removed:
            if name not in held:
                raise InvalidCorrection(
                    f"the comment does not carry the theme {name!r}", field="remove"
                )
        themes = [name for name in held if name not in removed]
        themes += [name for name in added if name not in themes]
        changes = [("theme_added", name, "") for name in added if name not in held]
        changes += [("theme_removed", name, name) for name in removed]
        if scale is not None and scale.value != row.sentiment_scale:
            changes.append(("sentiment", scale.value, row.sentiment_scale or ""))
        if not changes:
            raise InvalidCorrection(
                "nothing to change: the comment already has these labels", field="add"
            )
        kept = SentimentScale.parse(row.sentiment_scale) if row.sentiment_scale else None
        _label(conn, row.id, [(name, None) for name in themes], "person", scale or kept)
        conn.execute(
            insert(FEEDBACK_CORRECTIONS),
            [
                {
                    "item_id": row.id,
                    "kind": kind,
                    "value": value,
                    "previous": previous,
                    "corrected_by": _signed(actor),
                    "reason": reason.strip(),
                    "recorded_at": moment,
                }
                for kind, value, previous in changes
            ],
        )
        audit.append(
            conn, actor, "feedback.correct", "feedback", f"{trust}/{reference}",
            {"changes": [[k, v] for k, v, _ in changes], "reason": reason.strip()},
        )  # fmt: skip
    log_event("feedback.correct", provider_id=trust, item_id=row.id, changes=len(changes))
    return tuple(themes)


def _theme_name(name: str, field: str) -> str:
    try:
        return theme(name).name
    except UnknownTheme as exc:
        raise InvalidCorrection(str(exc), field=field) from None


def answer_theme(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    theme_name: str,
    target: str,
    said: str,
    at: dt.datetime | None = None,
) -> bool:
    """ "You said, we did": link a theme of the trust's feedback to the must-do of its
    improvement plan (`target`, its reference) that answers it, with a plain summary of what
    people said (for the public: no one named). Needs `record_feedback`. `InvalidAnswer` for
    a theme the framework lacks, a reference that is not one of the trust's must-dos, or a
    summary that names personal data. Returns whether the link was new (the same link again
    updates its summary)."""
    require(actor, Permission.RECORD_FEEDBACK, trust=trust)
    try:
        name = theme(theme_name).name
    except UnknownTheme as exc:
        raise InvalidAnswer(str(exc), field="theme") from None
    summary = said.strip()
    if not summary:
        raise InvalidAnswer("say what people said, in a sentence", field="said")
    if redact(summary).spans:
        raise InvalidAnswer(
            "the summary seems to hold personal data (a name, number or address): it is "
            "shown to the public, so write it without",
            field="said",
        )
    must_dos = {
        f.reference
        for f in plans.list_findings(db=db, provider_id=trust)
        if f.kind.value == "must_do"
    }
    if target not in must_dos:
        raise InvalidAnswer(
            f"{target!r} is not a must-do of {trust}'s improvement plan", field="target"
        )
    moment = at or dt.datetime.now(dt.UTC)
    r = FEEDBACK_RESPONSES.c
    with write_transaction(db) as conn:
        existing = conn.execute(
            select(r.id).where(r.provider_id == trust, r.theme == name, r.target == target)
        ).first()
        values = {"said": summary, "recorded_by": _signed(actor), "recorded_at": moment}
        if existing is None:
            conn.execute(
                insert(FEEDBACK_RESPONSES).values(
                    provider_id=trust, theme=name, target=target, **values
                )
            )
        else:
            conn.execute(update(FEEDBACK_RESPONSES).where(r.id == existing.id).values(**values))
        audit.append(
            conn, actor, "feedback.answer", "provider", trust, {"theme": name, "target": target}
        )
    log_event("feedback.answer", provider_id=trust, target=target)
    return existing is None
