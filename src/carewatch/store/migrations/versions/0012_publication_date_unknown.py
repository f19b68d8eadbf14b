"""A data version's publication date may be unknown: a national file that does not state it,
imported without being told, is stored with none rather than the day it was imported.

Revision ID: 0012_publication_date_unknown
Revises: 0011_plan_history
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_publication_date_unknown"
down_revision = "0011_plan_history"
branch_labels = None
depends_on = None

TABLE = "metric_data_versions"
CHILD = "metric_observations"  # refers to TABLE by data_version_id
KEPT = "_metric_observations_kept"


def _set_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(TABLE, "published_on", existing_type=sa.Date(), nullable=nullable)
        return
    # SQLite cannot alter a column: batch mode copies the table and drops the old one, which
    # foreign keys (always on) refuse while observations refer to it. The observations are
    # set aside, ids and all, and put back once the table is replaced.
    op.execute(f"CREATE TEMPORARY TABLE {KEPT} AS SELECT * FROM {CHILD}")
    op.execute(f"DELETE FROM {CHILD}")
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("published_on", existing_type=sa.Date(), nullable=nullable)
    op.execute(f"INSERT INTO {CHILD} SELECT * FROM {KEPT}")
    op.execute(f"DROP TABLE {KEPT}")


def upgrade() -> None:
    _set_nullable(True)


def downgrade() -> None:
    # The schema before held the import day where the date was unknown: put it back.
    postgresql = op.get_bind().dialect.name == "postgresql"
    day = "CAST(imported_at AS DATE)" if postgresql else "date(imported_at)"
    op.execute(f"UPDATE {TABLE} SET published_on = {day} WHERE published_on IS NULL")
    _set_nullable(False)
