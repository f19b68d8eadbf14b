"""Evidence records who supplied it by identity, so a verdict is never given by the same
person, whatever names are shown.

Revision ID: 0010_evidence_supplier
Revises: 0009_access_and_audit
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_evidence_supplier"
down_revision = "0009_access_and_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_evidence") as batch:
        batch.add_column(sa.Column("supplier", sa.String(320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_evidence") as batch:
        batch.drop_column("supplier")
