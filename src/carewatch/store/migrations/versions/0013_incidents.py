"""Patient-safety incidents: the incidents, their patients' details in a table of their own,
the response's append-only moves, candour notifications, coroners' Prevention of Future
Deaths reports, changes to an incident's recorded facts, and links to findings, actions,
metrics and oversight events.

Revision ID: 0013_incidents
Revises: 0012_publication_date_unknown
Create Date: 2026-12-08
"""

# A migration is history: it imports nothing from carewatch, and every value and name below
# is a literal copy (DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_incidents"
down_revision = "0012_publication_date_unknown"
branch_labels = None
depends_on = None

EVENT_TYPES = ("incident", "outcome", "risk", "good_care")
CATEGORIES = (
    "medication",
    "self_harm",
    "transfer_or_out_of_area_placement",
    "violence_and_aggression",
    "restraint",
    "death",
    "access_admission_discharge",
    "clinical_assessment",
    "consent_communication",
    "documentation",
    "implementation_of_care",
    "infection_control",
    "infrastructure",
    "medical_device",
    "patient_abuse",
    "patient_accident",
    "treatment_procedure",
    "other",
)
PHYSICAL_HARMS = ("none", "low", "moderate", "severe", "fatal")
PSYCHOLOGICAL_HARMS = ("none", "low", "moderate", "severe")
PROBLEMS_IN_CARE = ("not_yet_judged", "not_linked", "may_be_linked", "more_likely_than_not")
NEVER_EVENT_TYPES = (
    "wrong_site_surgery",
    "wrong_implant",
    "retained_foreign_object",
    "strong_potassium",
    "wrong_route_medication",
    "insulin_overdose",
    "methotrexate_overdose",
    "high_strength_midazolam",
    "non_collapsible_rails",
    "window_falls",
    "bed_rail_entrapment",
    "abo_incompatible",
    "misplaced_gastric_tube",
    "scalding",
    "oxygen_air_flowmeter",
)
FRAMEWORKS = ("sif", "psirf")
AGE_BANDS = (
    "0_14_days",
    "15_28_days",
    "1_11_months",
    "1_4_years",
    "5_9_years",
    "10_15_years",
    "16_17_years",
    "18_25_years",
    "26_45_years",
    "46_65_years",
    "66_85_years",
    "85_plus_years",
)
SEXES = ("female", "male", "not_known", "not_specified")
ETHNICITIES = (
    "white_british",
    "white_irish",
    "white_other",
    "mixed_white_black_caribbean",
    "mixed_white_black_african",
    "mixed_white_asian",
    "mixed_other",
    "asian_indian",
    "asian_pakistani",
    "asian_bangladeshi",
    "asian_chinese",
    "asian_other",
    "black_african",
    "black_caribbean",
    "black_other",
    "other",
    "not_known",
)
RESPONSE_STATUSES = (
    "reported",
    "decided",
    "in_progress",
    "submitted",
    "closed",
    "no_further_response",
    "reopened",
)
LEARNING_RESPONSES = ("swarm_huddle", "after_action_review", "mdt_review", "psii")
CANDOUR_STEPS = ("verbal", "written", "update", "final_letter")
LINK_KINDS = ("finding", "action", "metric", "oversight_event")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _or_null(column: str, values: tuple[str, ...]) -> str:
    return _one_of(column, values) + f" OR {column} IS NULL"


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _ck(table: str, name: str, sql: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{name}"))


def _incident_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["incident_id"], ["incidents.id"], name=f"fk_{table}_incident_id_incidents"
    )


def upgrade() -> None:
    t = "incidents"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(20), nullable=False),
        sa.Column("occurred", sa.Date(), nullable=False),
        sa.Column("reported", sa.Date(), nullable=False),
        sa.Column("location", sa.String(40), nullable=False, server_default=""),
        sa.Column("core_service", sa.String(100), nullable=False, server_default=""),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("physical_harm", sa.String(10), nullable=False),
        sa.Column("psychological_harm", sa.String(10), nullable=False),
        sa.Column("prolonged_psychological_harm", sa.Boolean(), nullable=True),
        sa.Column("problems_in_care", sa.String(30), nullable=False),
        _flag("duty_of_candour"),
        sa.Column("cqc_criteria", sa.JSON(), nullable=False),
        _flag("never_event"),
        sa.Column("never_event_type", sa.String(40), nullable=True),
        _flag("serious_incident"),
        _flag("mental_health_act"),
        _flag("mental_capacity_act"),
        _flag("safeguarding_referral"),
        _flag("hsib_notify"),
        _flag("mental_health_homicide"),
        sa.Column("framework", sa.String(10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        _flag("illustrative"),
        sa.Column("source_url", sa.String(500), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.provider_id"], name="fk_incidents_provider_id_providers"
        ),
        sa.UniqueConstraint("provider_id", "reference", name="uq_incidents_provider_id"),
        _ck(t, "event_type_known", _one_of("event_type", EVENT_TYPES)),
        _ck(t, "category_known", _one_of("category", CATEGORIES)),
        _ck(t, "physical_harm_known", _one_of("physical_harm", PHYSICAL_HARMS)),
        _ck(t, "psychological_harm_known", _one_of("psychological_harm", PSYCHOLOGICAL_HARMS)),
        _ck(t, "problems_in_care_known", _one_of("problems_in_care", PROBLEMS_IN_CARE)),
        _ck(t, "never_event_type_known", _or_null("never_event_type", NEVER_EVENT_TYPES)),
        _ck(t, "framework_known", _one_of("framework", FRAMEWORKS)),
        _ck(t, "reported_after_occurred", "reported >= occurred"),
    )
    t = "incident_patients"
    op.create_table(
        t,
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("nhs_number", sa.String(10), nullable=False, server_default=""),
        sa.Column("age_band", sa.String(20), nullable=True),
        sa.Column("sex", sa.String(20), nullable=True),
        sa.Column("ethnicity", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("incident_id", name="pk_incident_patients"),
        _incident_fk(t),
        _ck(t, "age_band_known", _or_null("age_band", AGE_BANDS)),
        _ck(t, "sex_known", _or_null("sex", SEXES)),
        _ck(t, "ethnicity_known", _or_null("ethnicity", ETHNICITIES)),
    )
    t = "incident_response_moves"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("moved_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("learning_response", sa.String(30), nullable=True),
        sa.Column("target", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_response_moves"),
        _incident_fk(t),
        sa.UniqueConstraint("incident_id", "seq", name="uq_incident_response_moves_incident_id"),
        _ck(t, "to_status_known", _one_of("to_status", RESPONSE_STATUSES)),
        _ck(t, "learning_response_known", _or_null("learning_response", LEARNING_RESPONSES)),
    )
    t = "incident_candour_steps"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_candour_steps"),
        _incident_fk(t),
        sa.UniqueConstraint(
            "incident_id", "step", "given_on", name="uq_incident_candour_steps_incident_id"
        ),
        _ck(t, "step_known", _one_of("step", CANDOUR_STEPS)),
    )
    t = "incident_pfd_reports"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("extended_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_incident_pfd_reports"),
        _incident_fk(t),
        sa.UniqueConstraint("incident_id", "reference", name="uq_incident_pfd_reports_incident_id"),
        _ck(t, "response_after_report", "responded_on IS NULL OR responded_on >= report_date"),
        _ck(t, "extension_after_report", "extended_to IS NULL OR extended_to > report_date"),
    )
    t = "incident_changes"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("changer", sa.String(320), nullable=True),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_changes"),
        _incident_fk(t),
        _ck(t, "reason_given", "reason <> ''"),
    )
    op.create_index("ix_incident_changes_incident_id", t, ["incident_id"])
    t = "incident_links"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_links"),
        _incident_fk(t),
        sa.UniqueConstraint("incident_id", "kind", "target", name="uq_incident_links_incident_id"),
        _ck(t, "kind_known", _one_of("kind", LINK_KINDS)),
    )


def downgrade() -> None:
    op.drop_table("incident_links")
    op.drop_index("ix_incident_changes_incident_id", table_name="incident_changes")
    op.drop_table("incident_changes")
    op.drop_table("incident_pfd_reports")
    op.drop_table("incident_candour_steps")
    op.drop_table("incident_response_moves")
    op.drop_table("incident_patients")
    op.drop_table("incidents")
