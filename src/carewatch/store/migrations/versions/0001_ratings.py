"""Ratings: providers, locations, core services, reports, ratings, enforcement, imports.

Revision ID: 0001_ratings
Revises:
Create Date: 2025-01-01
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

revision = "0001_ratings"
down_revision = None
branch_labels = None
depends_on = None

# The values each CHECK allowed when this migration was written.
FRAMEWORKS = ("legacy", "saf")
ASPECTS = (
    "safe",
    "effective",
    "caring",
    "responsive",
    "well-led",
    "overall",
    "use-of-resources",
    "combined",
)
RATING_WORDS = (
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Not rated",
    "No published rating",
    "Insufficient evidence to rate",
    "Inspected but not rated",
)
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well-led")
ENFORCEMENT_KINDS = ("requirement_notice", "warning_notice", "condition")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("provider_type", sa.String(100)),
        sa.Column("trust_type", sa.String(40)),
        sa.Column("region", sa.String(100)),
        sa.Column("ods_code", sa.String(20)),
        sa.Column("synthetic", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("provider_id", name="pk_providers"),
    )
    op.create_index("ix_providers_ods_code", "providers", ["ods_code"])

    op.create_table(
        "locations",
        sa.Column("location_id", sa.String(40), nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("ods_code", sa.String(20)),
        sa.Column("location_type", sa.String(100)),
        sa.Column("primary_inspection_category", sa.String(200)),
        sa.Column("region", sa.String(100)),
        sa.Column("registration_status", sa.String(40)),
        sa.Column("registration_date", sa.Date()),
        sa.Column("deregistration_date", sa.Date()),
        sa.PrimaryKeyConstraint("location_id", name="pk_locations"),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.provider_id"],
            name="fk_locations_provider_id_providers",
        ),
        sa.CheckConstraint(
            "deregistration_date IS NULL OR registration_date IS NULL "
            "OR deregistration_date >= registration_date",
            name=op.f("ck_locations_ck_locations_registration_dates_in_order"),
        ),
    )
    op.create_index("ix_locations_provider_id", "locations", ["provider_id"])

    op.create_table(
        "core_services",
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("service_id", name="pk_core_services"),
    )

    op.create_table(
        "reports",
        sa.Column("link_id", sa.String(100), nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("location_id", sa.String(40)),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("report_type", sa.String(200)),
        sa.Column("framework", sa.String(10), nullable=False, server_default="legacy"),
        sa.Column("url", sa.String(500)),
        sa.Column("first_visit_date", sa.Date()),
        sa.PrimaryKeyConstraint("link_id", name="pk_reports"),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.provider_id"], name="fk_reports_provider_id_providers"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.location_id"], name="fk_reports_location_id_locations"
        ),
        sa.CheckConstraint(
            _one_of("framework", FRAMEWORKS), name=op.f("ck_reports_ck_reports_framework_known")
        ),
    )
    op.create_index("ix_reports_provider_id", "reports", ["provider_id"])
    op.create_index("ix_reports_location_id", "reports", ["location_id"])

    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("location_id", sa.String(40)),
        sa.Column("service", sa.String(300)),
        sa.Column("aspect", sa.String(20), nullable=False),
        sa.Column("rating", sa.String(40), nullable=False),
        sa.Column("rating_date", sa.Date(), nullable=False),
        sa.Column("report_link_id", sa.String(100)),
        sa.Column("source", sa.String(500), nullable=False, server_default=""),
        sa.Column("inherited", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("inherited_from", sa.String(40)),
        sa.Column("current", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("proposed_rating", sa.String(40)),
        sa.Column("proposed_rule", sa.String(60)),
        sa.Column("proposed_reason", sa.Text()),
        sa.Column("rationale", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_ratings"),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.provider_id"], name="fk_ratings_provider_id_providers"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.location_id"], name="fk_ratings_location_id_locations"
        ),
        sa.CheckConstraint(
            _one_of("aspect", ASPECTS), name=op.f("ck_ratings_ck_ratings_aspect_known")
        ),
        sa.CheckConstraint(
            _one_of("rating", RATING_WORDS), name=op.f("ck_ratings_ck_ratings_rating_known")
        ),
        sa.CheckConstraint(
            _one_of("proposed_rating", RATING_WORDS[:4]) + " OR proposed_rating IS NULL",
            name=op.f("ck_ratings_ck_ratings_proposed_rating_known"),
        ),
    )
    op.create_index(
        "uq_ratings_natural_key",
        "ratings",
        [
            "provider_id",
            sa.text("coalesce(location_id, '')"),
            sa.text("coalesce(service, '')"),
            "aspect",
            "rating_date",
        ],
        unique=True,
    )
    op.create_index("ix_ratings_location_id", "ratings", ["location_id"])
    op.create_index("ix_ratings_report_link_id", "ratings", ["report_link_id"])

    op.create_table(
        "enforcement_actions",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("location_id", sa.String(40)),
        sa.Column("service", sa.String(300)),
        sa.Column("key_question", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("served_date", sa.Date(), nullable=False),
        sa.Column("closed_date", sa.Date()),
        sa.Column("source", sa.String(500), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_enforcement_actions"),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.provider_id"],
            name="fk_enforcement_actions_provider_id_providers",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.location_id"],
            name="fk_enforcement_actions_location_id_locations",
        ),
        sa.CheckConstraint(
            _one_of("key_question", KEY_QUESTIONS),
            name=op.f("ck_enforcement_actions_ck_enforcement_actions_key_question_known"),
        ),
        sa.CheckConstraint(
            _one_of("kind", ENFORCEMENT_KINDS),
            name=op.f("ck_enforcement_actions_ck_enforcement_actions_kind_known"),
        ),
        sa.CheckConstraint(
            "closed_date IS NULL OR closed_date >= served_date",
            name=op.f("ck_enforcement_actions_ck_enforcement_actions_closed_after_served"),
        ),
    )
    op.create_index(
        "uq_enforcement_actions_natural_key",
        "enforcement_actions",
        [
            "provider_id",
            sa.text("coalesce(location_id, '')"),
            sa.text("coalesce(service, '')"),
            "key_question",
            "kind",
            "served_date",
        ],
        unique=True,
    )

    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_imports"),
    )
    op.create_index("ix_imports_sha256", "imports", ["sha256"])


def downgrade() -> None:
    for table in (
        "imports",
        "enforcement_actions",
        "ratings",
        "reports",
        "core_services",
        "locations",
        "providers",
    ):
        op.drop_table(table)
