"""A data version that every write raises, for readers' caches.

Revision ID: 0002_data_version
Revises: 0001_ratings
Create Date: 2026-11-23
"""

# A migration is history: it must create today exactly what it created when it was written.
# So it imports nothing from carewatch, and every value and name in it is a literal (see
# DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_data_version"
down_revision = "0001_ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_data_version"),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1}])


def downgrade() -> None:
    op.drop_table("data_version")
