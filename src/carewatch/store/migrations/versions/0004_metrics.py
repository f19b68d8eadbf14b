"""Metrics: the catalogue of metric definitions, data versions, every version of every
observation, SPC recalculations and chart annotations.

Revision ID: 0004_metrics
Revises: 0003_oversight
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

revision = "0004_metrics"
down_revision = "0003_oversight"
branch_labels = None
depends_on = None

# The values each CHECK allowed when this migration was written.
UNITS = ("percent", "days", "count", "bed_days")
POLARITIES = ("increase", "decrease", "neither")
FREQUENCIES = ("weekly", "monthly", "quarterly", "annual")
LEVELS = ("trust", "core_service", "location")
TARGET_KINDS = ("national", "convention", "local", "illustrative", "none")
DATA_KINDS = ("mhsds_4ww", "oaps", "metric_csv", "illustrative")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length)
    return sa.Column(name, kind, nullable=False, server_default="")


def _metric(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["metric_code"], ["metrics.metric_code"], name=f"fk_{table}_metric_code_metrics"
    )


def upgrade() -> None:
    op.create_table(
        "metrics",
        sa.Column("metric_code", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        _text("description"),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("polarity", sa.String(20), nullable=False),
        _text("polarity_reason"),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        _text("core_service", 300),
        sa.Column("target", sa.Float()),
        sa.Column("target_kind", sa.String(20), nullable=False),
        _text("target_source", 500),
        sa.Column("fix_after", sa.Integer),
        _text("data_source", 500),
        sa.PrimaryKeyConstraint("metric_code", name="pk_metrics"),
        sa.CheckConstraint(_one_of("unit", UNITS), name=op.f("ck_metrics_ck_metrics_unit_known")),
        sa.CheckConstraint(
            _one_of("polarity", POLARITIES), name=op.f("ck_metrics_ck_metrics_polarity_known")
        ),
        sa.CheckConstraint(
            _one_of("frequency", FREQUENCIES), name=op.f("ck_metrics_ck_metrics_frequency_known")
        ),
        sa.CheckConstraint(
            _one_of("level", LEVELS), name=op.f("ck_metrics_ck_metrics_level_known")
        ),
        sa.CheckConstraint(
            _one_of("target_kind", TARGET_KINDS),
            name=op.f("ck_metrics_ck_metrics_target_kind_known"),
        ),
        sa.CheckConstraint(
            "(target IS NULL AND target_kind = 'none') "
            "OR (target IS NOT NULL AND target_kind <> 'none')",
            name=op.f("ck_metrics_ck_metrics_target_has_kind"),
        ),
        sa.CheckConstraint(
            "fix_after IS NULL OR fix_after >= 2",
            name=op.f("ck_metrics_ck_metrics_fix_after_positive"),
        ),
    )
    op.create_table(
        "metric_data_versions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        _text("org_scope", 40),
        _text("publication", 100),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("observations_new", sa.Integer, nullable=False),
        sa.Column("observations_revised", sa.Integer, nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_metric_data_versions"),
        sa.UniqueConstraint("sha256", "org_scope", name="uq_metric_data_versions_sha256"),
        sa.CheckConstraint(
            _one_of("kind", DATA_KINDS),
            name=op.f("ck_metric_data_versions_ck_metric_data_versions_kind_known"),
        ),
    )
    op.create_table(
        "metric_observations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("org_code", sa.String(40), nullable=False),
        _text("org_name", 300),
        sa.Column("metric_code", sa.String(64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("suppressed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("numerator", sa.Float()),
        sa.Column("denominator", sa.Float()),
        sa.Column("data_version_id", sa.Integer, nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_metric_observations"),
        _metric("metric_observations"),
        sa.ForeignKeyConstraint(
            ["data_version_id"],
            ["metric_data_versions.id"],
            name="fk_metric_observations_data_version_id_metric_data_versions",
        ),
        sa.UniqueConstraint(
            "org_code",
            "metric_code",
            "period_start",
            "period_end",
            "data_version_id",
            name="uq_metric_observations_org_code",
        ),
        sa.CheckConstraint(
            "period_end >= period_start",
            name=op.f("ck_metric_observations_ck_metric_observations_period_in_order"),
        ),
        sa.CheckConstraint(
            "(suppressed AND value IS NULL) OR (NOT suppressed AND value IS NOT NULL)",
            name=op.f("ck_metric_observations_ck_metric_observations_suppressed_has_no_value"),
        ),
    )
    op.create_index(
        "ix_metric_observations_metric",
        "metric_observations",
        ["org_code", "metric_code", "period_end"],
    )
    op.create_index(
        "ix_metric_observations_data_version_id", "metric_observations", ["data_version_id"]
    )
    op.create_table(
        "metric_recalculations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("org_code", sa.String(40), nullable=False),
        sa.Column("metric_code", sa.String(64), nullable=False),
        sa.Column("at_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_metric_recalculations"),
        _metric("metric_recalculations"),
        sa.UniqueConstraint(
            "org_code", "metric_code", "at_date", name="uq_metric_recalculations_org_code"
        ),
        sa.CheckConstraint(
            "reason <> ''",
            name=op.f("ck_metric_recalculations_ck_metric_recalculations_reason_given"),
        ),
    )
    op.create_table(
        "metric_annotations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("org_code", sa.String(40), nullable=False),
        sa.Column("metric_code", sa.String(64), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_metric_annotations"),
        _metric("metric_annotations"),
        sa.UniqueConstraint(
            "org_code", "metric_code", "on_date", "label", name="uq_metric_annotations_org_code"
        ),
    )


def downgrade() -> None:
    op.drop_index("ix_metric_observations_data_version_id", table_name="metric_observations")
    op.drop_index("ix_metric_observations_metric", table_name="metric_observations")
    for table in (
        "metric_annotations",
        "metric_recalculations",
        "metric_observations",
        "metric_data_versions",
        "metrics",
    ):
        op.drop_table(table)
