"""The feedback tables: a trust's comments (the words as given, restricted, and redacted
beside them), the themes each carries with where the label came from, the corrections people
made to the labels (kept apart as new training data), and "you said, we did": a theme linked
to the must-dos and actions of the improvement plan that answer it.

A comment belongs to a trust (a provider) and is keyed by the reference the trust or the
file gives it. `text` is free text that may name people: only the trust's own roles read it,
through `carewatch.services.feedback`, and every such read is audited; every other view reads
`redacted_text`.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.domain.feedback.items import (
    FeedbackSource,
    FftScore,
    RespondentGroup,
    Sentiment,
    SentimentScale,
)
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "FEEDBACK_CORRECTIONS",
    "FEEDBACK_ITEMS",
    "FEEDBACK_RESPONSES",
    "FEEDBACK_THEMES",
    "LABEL_ORIGINS",
]

LABEL_ORIGINS = ("model", "source", "person")
"""Where a label came from: the classifier, the file it was imported with (labelled by the
trust's own staff), or a person correcting it here."""

CORRECTION_KINDS = ("theme_added", "theme_removed", "sentiment")


class FeedbackItemRow(Base):
    """One comment of a trust, with its sentiment (when known) and where that came from."""

    __tablename__ = "feedback_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    reference: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(30))
    respondent_group: Mapped[str] = mapped_column(String(20))
    received: Mapped[dt.date] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(200), default="", server_default="")
    question: Mapped[str] = mapped_column(String(500), default="", server_default="")
    fft_score: Mapped[str | None] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    redacted_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    personal_data: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sentiment: Mapped[str | None] = mapped_column(String(10))
    sentiment_scale: Mapped[str | None] = mapped_column(String(1))
    sentiment_probability: Mapped[float | None] = mapped_column(Float)
    sentiment_origin: Mapped[str | None] = mapped_column(String(10))
    model_version: Mapped[str] = mapped_column(String(80), default="", server_default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("provider_id", "reference"),
        Index("ix_feedback_items_provider_received", "provider_id", "received"),
        CheckConstraint(one_of("source", FeedbackSource.values()), name="source_known"),
        CheckConstraint(
            one_of("respondent_group", RespondentGroup.values()), name="respondent_group_known"
        ),
        CheckConstraint(
            one_of("fft_score", FftScore.values()) + " OR fft_score IS NULL",
            name="fft_score_known",
        ),
        CheckConstraint(
            one_of("sentiment", Sentiment.values()) + " OR sentiment IS NULL",
            name="sentiment_known",
        ),
        CheckConstraint(
            one_of("sentiment_scale", SentimentScale.values()) + " OR sentiment_scale IS NULL",
            name="sentiment_scale_known",
        ),
        CheckConstraint(
            one_of("sentiment_origin", LABEL_ORIGINS) + " OR sentiment_origin IS NULL",
            name="sentiment_origin_known",
        ),
    )


class FeedbackThemeRow(Base):
    """A theme a comment carries: its probability when the classifier gave it, and where the
    label came from."""

    __tablename__ = "feedback_themes"

    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(100), primary_key=True)
    probability: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(10))

    __table_args__ = (
        Index("ix_feedback_themes_theme", "theme"),
        CheckConstraint(one_of("origin", LABEL_ORIGINS), name="origin_known"),
    )


class FeedbackCorrectionRow(Base):
    """A person's correction of a comment's labels; never updated or deleted. Kept apart from
    the labels in use so that it can be read back as new training data."""

    __tablename__ = "feedback_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))
    previous: Mapped[str] = mapped_column(String(100), default="", server_default="")
    corrected_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint(one_of("kind", CORRECTION_KINDS), name="kind_known"),)


class FeedbackResponseRow(Base):
    """ "You said, we did": a theme of a trust's feedback answered by a must-do or should-do
    (its reference, `2020-MD1`) or an action (`2020-MD1/A1`) of its improvement plan, with a
    plain summary of what people said (written for the public: no one named)."""

    __tablename__ = "feedback_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    theme: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(100))
    said: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("provider_id", "theme", "target"),)


FEEDBACK_ITEMS = cast(Table, FeedbackItemRow.__table__)
FEEDBACK_THEMES = cast(Table, FeedbackThemeRow.__table__)
FEEDBACK_CORRECTIONS = cast(Table, FeedbackCorrectionRow.__table__)
FEEDBACK_RESPONSES = cast(Table, FeedbackResponseRow.__table__)
