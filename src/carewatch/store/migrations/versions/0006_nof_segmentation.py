"""NHS Oversight Framework segmentation and league-table positions, as published quarterly.

Revision ID: 0006_nof_segmentation
Revises: 0005_improvement_plan
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_nof_segmentation"
down_revision = "0005_improvement_plan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nof_segmentation",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("trust_name", sa.String(300), nullable=False),
        sa.Column("peer_group", sa.String(100), nullable=False),
        sa.Column("quarter_year", sa.Integer, nullable=False),
        sa.Column("quarter_number", sa.Integer, nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("average_metric_score", sa.Float, nullable=True),
        sa.Column("financial_override", sa.Boolean, nullable=True),
        sa.Column("published_position", sa.Integer, nullable=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nof_segmentation"),
        sa.UniqueConstraint(
            "provider_id",
            "quarter_year",
            "quarter_number",
            name="uq_nof_segmentation_provider_id",
        ),
        sa.CheckConstraint("segment BETWEEN 1 AND 5", name="ck_nof_segmentation_segment_known"),
        sa.CheckConstraint(
            "quarter_number BETWEEN 1 AND 4", name="ck_nof_segmentation_quarter_known"
        ),
    )


def downgrade() -> None:
    op.drop_table("nof_segmentation")
