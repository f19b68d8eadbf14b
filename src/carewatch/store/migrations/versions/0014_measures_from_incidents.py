"""A data version may be derived from a trust's stored incidents: the data kind `incidents`
joins the CHECK on `metric_data_versions.kind`.

Revision ID: 0014_measures_from_incidents
Revises: 0013_incidents
Create Date: 2026-12-09
"""

# A migration is history: it imports nothing from carewatch, and every value and name below
# is a literal copy (DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

from alembic import op

revision = "0014_measures_from_incidents"
down_revision = "0013_incidents"
branch_labels = None
depends_on = None

TABLE = "metric_data_versions"
CHILD = "metric_observations"  # refers to TABLE by data_version_id
KEPT = "_metric_observations_kept"
OLD_NAME = "ck_metric_data_versions_ck_metric_data_versions_kind_known"
NEW_NAME = "ck_metric_data_versions_kind_known"
BEFORE = ("mhsds_4ww", "oaps", "metric_csv", "illustrative")
AFTER = ("mhsds_4ww", "oaps", "metric_csv", "illustrative", "incidents")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _replace_check(old_name: str, new_name: str, values: tuple[str, ...]) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # Batch mode copies the table and drops the old one, which foreign keys (always on)
        # refuse while observations refer to it: they are set aside, ids and all, and put
        # back once the table is replaced (as in 0012).
        op.execute(f"CREATE TEMPORARY TABLE {KEPT} AS SELECT * FROM {CHILD}")
        op.execute(f"DELETE FROM {CHILD}")
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(op.f(old_name), type_="check")
        batch.create_check_constraint(op.f(new_name), _one_of("kind", values))
    if sqlite:
        op.execute(f"INSERT INTO {CHILD} SELECT * FROM {KEPT}")
        op.execute(f"DROP TABLE {KEPT}")


def upgrade() -> None:
    _replace_check(OLD_NAME, NEW_NAME, AFTER)


def downgrade() -> None:
    # Versions derived from incidents cannot be kept under the old CHECK: their observations
    # go with them (derive the measures again after upgrading).
    op.execute(
        f"DELETE FROM {CHILD} WHERE data_version_id IN "
        f"(SELECT id FROM {TABLE} WHERE kind = 'incidents')"
    )
    op.execute(f"DELETE FROM {TABLE} WHERE kind = 'incidents'")
    _replace_check(NEW_NAME, OLD_NAME, BEFORE)
