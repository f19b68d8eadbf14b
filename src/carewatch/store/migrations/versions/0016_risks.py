"""The risk register and board assurance framework: strategic objectives, risks with their
initial and target scores, the histories of current scores and reviews, controls, assurances,
gaps, links to actions, metrics, findings and incidents, and whether a trust publishes its
register's summary.

Revision ID: 0016_risks
Revises: 0015_feedback
Create Date: 2026-12-08
"""

# A migration is history: it imports nothing from carewatch, and every value and name below
# is a literal copy (DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_risks"
down_revision = "0015_feedback"
branch_labels = None
depends_on = None

CATEGORIES = (
    "patient_safety",
    "quality",
    "workforce",
    "finance",
    "compliance_and_regulatory",
    "reputation",
)
FREQUENCIES = ("monthly", "quarterly", "six_monthly", "annually")
TRENDS = ("reducing", "stable", "increasing")
LINES = ("management", "oversight", "independent")
RESULTS = ("positive", "negative")
GAP_KINDS = ("control", "assurance")
LINK_KINDS = ("action", "metric", "finding", "incident")
AXIS = "BETWEEN 1 AND 5"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), autoincrement=True, nullable=False)


def _risk_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["risk_id"], ["risks.id"], name=op.f(f"fk_{table}_risk_id_risks")
    )


def _provider_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["provider_id"], ["providers.provider_id"], name=op.f(f"fk_{table}_provider_id_providers")
    )


def upgrade() -> None:
    op.create_table(
        "risk_objectives",
        _id(),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("appetite", sa.String(100), server_default="", nullable=False),
        _provider_fk("risk_objectives"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_objectives")),
        sa.UniqueConstraint("provider_id", "code", name=op.f("uq_risk_objectives_provider_id")),
    )
    op.create_table(
        "risks",
        _id(),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("cause", sa.Text(), server_default="", nullable=False),
        sa.Column("event", sa.Text(), server_default="", nullable=False),
        sa.Column("effect", sa.Text(), server_default="", nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("executive_lead", sa.String(200), server_default="", nullable=False),
        sa.Column("committee", sa.String(200), server_default="", nullable=False),
        sa.Column("identified", sa.Date(), nullable=False),
        sa.Column("review_frequency", sa.String(20), nullable=False),
        sa.Column("objective", sa.String(32), nullable=True),
        sa.Column("initial_likelihood", sa.Integer(), nullable=False),
        sa.Column("initial_consequence", sa.Integer(), nullable=False),
        sa.Column("target_likelihood", sa.Integer(), nullable=False),
        sa.Column("target_consequence", sa.Integer(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _provider_fk("risks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
        sa.UniqueConstraint("provider_id", "reference", name=op.f("uq_risks_provider_id")),
        sa.CheckConstraint(_one_of("category", CATEGORIES), name=op.f("ck_risks_category_known")),
        sa.CheckConstraint(
            _one_of("review_frequency", FREQUENCIES),
            name=op.f("ck_risks_review_frequency_known"),
        ),
        sa.CheckConstraint(
            f"initial_likelihood {AXIS} AND initial_consequence {AXIS} AND "
            f"target_likelihood {AXIS} AND target_consequence {AXIS}",
            name=op.f("ck_risks_scores_one_to_five"),
        ),
    )
    op.create_table(
        "risk_scores",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("consequence", sa.Integer(), nullable=False),
        sa.Column("trend", sa.String(20), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _risk_fk("risk_scores"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_scores")),
        sa.UniqueConstraint("risk_id", "scored_on", name=op.f("uq_risk_scores_risk_id")),
        sa.CheckConstraint(
            f"likelihood {AXIS} AND consequence {AXIS}",
            name=op.f("ck_risk_scores_score_one_to_five"),
        ),
        sa.CheckConstraint(
            _one_of("trend", TRENDS) + " OR trend IS NULL", name=op.f("ck_risk_scores_trend_known")
        ),
    )
    op.create_table(
        "risk_reviews",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _risk_fk("risk_reviews"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_reviews")),
        sa.UniqueConstraint("risk_id", "reviewed_on", name=op.f("uq_risk_reviews_risk_id")),
    )
    op.create_table(
        "risk_controls",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        _risk_fk("risk_controls"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_controls")),
        sa.UniqueConstraint("risk_id", "description", name=op.f("uq_risk_controls_risk_id")),
    )
    op.create_table(
        "risk_assurances",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(20), nullable=False),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        _risk_fk("risk_assurances"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assurances")),
        sa.UniqueConstraint(
            "risk_id", "line", "given_on", "description", name=op.f("uq_risk_assurances_risk_id")
        ),
        sa.CheckConstraint(_one_of("line", LINES), name=op.f("ck_risk_assurances_line_known")),
        sa.CheckConstraint(
            _one_of("result", RESULTS), name=op.f("ck_risk_assurances_result_known")
        ),
    )
    op.create_table(
        "risk_gaps",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        _risk_fk("risk_gaps"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_gaps")),
        sa.UniqueConstraint("risk_id", "kind", "description", name=op.f("uq_risk_gaps_risk_id")),
        sa.CheckConstraint(_one_of("kind", GAP_KINDS), name=op.f("ck_risk_gaps_kind_known")),
    )
    op.create_table(
        "risk_links",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        _risk_fk("risk_links"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_links")),
        sa.UniqueConstraint("risk_id", "kind", "target", name=op.f("uq_risk_links_risk_id")),
        sa.CheckConstraint(_one_of("kind", LINK_KINDS), name=op.f("ck_risk_links_kind_known")),
    )
    op.create_table(
        "risk_publication",
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("publish_summary", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        _provider_fk("risk_publication"),
        sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_risk_publication")),
    )


def downgrade() -> None:
    for table in (
        "risk_publication",
        "risk_links",
        "risk_gaps",
        "risk_assurances",
        "risk_controls",
        "risk_reviews",
        "risk_scores",
        "risks",
        "risk_objectives",
    ):
        op.drop_table(table)
