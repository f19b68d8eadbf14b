"""Patient, family, carer and staff feedback: the comments (as given, and redacted), the
themes each carries, people's corrections to the labels, and "you said, we did" links from a
theme to the improvement plan.

Revision ID: 0015_feedback
Revises: 0014_measures_from_incidents
Create Date: 2026-12-07
"""

# A migration is history: it imports nothing from carewatch, and every value and name below
# is a literal copy (DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_feedback"
down_revision = "0014_measures_from_incidents"
branch_labels = None
depends_on = None

SOURCES = (
    "friends_and_family_test",
    "complaint",
    "compliment",
    "survey",
    "story",
    "staff_survey",
)
GROUPS = ("patient", "family_or_carer", "staff")
FFT_SCORES = ("1", "2", "3", "4", "5", "6")
SENTIMENTS = ("positive", "mixed", "negative")
SCALE = ("1", "2", "3", "4", "5")
ORIGINS = ("model", "source", "person")
CORRECTION_KINDS = ("theme_added", "theme_removed", "sentiment")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _or_null(column: str, values: tuple[str, ...]) -> str:
    return _one_of(column, values) + f" OR {column} IS NULL"


def upgrade() -> None:
    op.create_table(
        "feedback_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("respondent_group", sa.String(length=20), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=200), server_default="", nullable=False),
        sa.Column("question", sa.String(length=500), server_default="", nullable=False),
        sa.Column("fft_score", sa.String(length=1), nullable=True),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("redacted_text", sa.Text(), server_default="", nullable=False),
        sa.Column("personal_data", sa.String(length=200), server_default="", nullable=False),
        sa.Column("sentiment", sa.String(length=10), nullable=True),
        sa.Column("sentiment_scale", sa.String(length=1), nullable=True),
        sa.Column("sentiment_probability", sa.Float(), nullable=True),
        sa.Column("sentiment_origin", sa.String(length=10), nullable=True),
        sa.Column("model_version", sa.String(length=80), server_default="", nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("source_url", sa.String(length=500), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_one_of("source", SOURCES), name=op.f("ck_feedback_items_source_known")),
        sa.CheckConstraint(
            _one_of("respondent_group", GROUPS),
            name=op.f("ck_feedback_items_respondent_group_known"),
        ),
        sa.CheckConstraint(
            _or_null("fft_score", FFT_SCORES), name=op.f("ck_feedback_items_fft_score_known")
        ),
        sa.CheckConstraint(
            _or_null("sentiment", SENTIMENTS), name=op.f("ck_feedback_items_sentiment_known")
        ),
        sa.CheckConstraint(
            _or_null("sentiment_scale", SCALE),
            name=op.f("ck_feedback_items_sentiment_scale_known"),
        ),
        sa.CheckConstraint(
            _or_null("sentiment_origin", ORIGINS),
            name=op.f("ck_feedback_items_sentiment_origin_known"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.provider_id"],
            name=op.f("fk_feedback_items_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_items")),
        sa.UniqueConstraint("provider_id", "reference", name=op.f("uq_feedback_items_provider_id")),
    )
    op.create_index(
        "ix_feedback_items_provider_received", "feedback_items", ["provider_id", "received"]
    )
    op.create_table(
        "feedback_themes",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            _one_of("origin", ORIGINS), name=op.f("ck_feedback_themes_origin_known")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_themes_item_id_feedback_items"),
        ),
        sa.PrimaryKeyConstraint("item_id", "theme", name=op.f("pk_feedback_themes")),
    )
    op.create_index("ix_feedback_themes_theme", "feedback_themes", ["theme"])
    op.create_table(
        "feedback_corrections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("previous", sa.String(length=100), server_default="", nullable=False),
        sa.Column("corrected_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            _one_of("kind", CORRECTION_KINDS), name=op.f("ck_feedback_corrections_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_corrections_item_id_feedback_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_corrections")),
    )
    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("said", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.provider_id"],
            name=op.f("fk_feedback_responses_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_responses")),
        sa.UniqueConstraint(
            "provider_id", "theme", "target", name=op.f("uq_feedback_responses_provider_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("feedback_responses")
    op.drop_table("feedback_corrections")
    op.drop_index("ix_feedback_themes_theme", table_name="feedback_themes")
    op.drop_table("feedback_themes")
    op.drop_index("ix_feedback_items_provider_received", table_name="feedback_items")
    op.drop_table("feedback_items")
