"""NHS Oversight Framework segmentation and league-table positions, as published quarterly.

Revision ID: 0006_nof_segmentation
Revises: 0005_improvement_plan
Create Date: 2026-11-24
"""

# A migration is history: it must create today exactly what it created when it was written.
# So it imports nothing from carewatch, and every value and name below is a literal copy.
# Built from today's enums, a fresh database would get CHECK constraints that databases
# migrated earlier lack, and those databases would refuse the new values. An enum change
# ships with a new migration that replaces the CHECK (DEVELOPERS.md says how).
#
# CHECK names are written in full with op.f(): these migrations first ran with the naming
# convention adding "ck_<table>_" to names that already had it, so every database holds the
# doubled names (PostgreSQL shortens those over 63 characters, ending them with a hash).

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
        sa.CheckConstraint(
            "segment BETWEEN 1 AND 5",
            name=op.f("ck_nof_segmentation_ck_nof_segmentation_segment_known"),
        ),
        sa.CheckConstraint(
            "quarter_number BETWEEN 1 AND 4",
            name=op.f("ck_nof_segmentation_ck_nof_segmentation_quarter_known"),
        ),
    )


def downgrade() -> None:
    op.drop_table("nof_segmentation")
