"""Oversight: regime decisions, enforcement with requirements, escalations, meetings with
participants, statements and commitments.

Revision ID: 0003_oversight
Revises: 0002_data_version
Create Date: 2026-11-23
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

revision = "0003_oversight"
down_revision = "0002_data_version"
branch_labels = None
depends_on = None

# The values each CHECK allowed when this migration was written.
DECISION_KINDS = ("entered", "exited", "retained", "segment_changed")
REGIMES = (
    "none",
    "quality_special_measures",
    "financial_special_measures",
    "segment_1",
    "segment_2",
    "segment_3",
    "segment_4",
    "segment_5",
    "trust_special_administration",
)
OVERSIGHT_ACTION_KINDS = (
    "requirement_notice",
    "warning_notice_29a",
    "condition",
    "urgent_action",
    "fixed_penalty",
    "prosecution",
)
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well-led")
REQUIREMENT_STATUSES = ("active", "complied", "not_complied", "no_longer_active")
ESCALATION_OPTIONS = (
    "special_administration",
    "merger_or_acquisition",
    "split",
    "abolition",
    "change_of_leadership",
    "buddy_trust",
    "improvement_director",
)
ESCALATION_OUTCOMES = ("pending", "considered", "taken", "rejected")
MEETING_FORMATS = ("conference_call", "face_to_face", "video", "letter")
COMMITMENT_STATUSES = ("open", "kept", "kept_late", "broken")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _provider(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["provider_id"], ["providers.provider_id"], name=f"fk_{table}_provider_id_providers"
    )


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length)
    return sa.Column(name, kind, nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "oversight_decisions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("regime_from", sa.String(40), nullable=False),
        sa.Column("regime_to", sa.String(40), nullable=False),
        _text("recommended_by", 300),
        _text("decided_by", 300),
        _text("rationale"),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_decisions"),
        _provider("oversight_decisions"),
        sa.UniqueConstraint(
            "provider_id", "decision_date", name="uq_oversight_decisions_provider_id"
        ),
        sa.CheckConstraint(
            _one_of("kind", DECISION_KINDS),
            name=op.f("ck_oversight_decisions_ck_oversight_decisions_kind_known"),
        ),
        sa.CheckConstraint(
            _one_of("regime_from", REGIMES),
            name=op.f("ck_oversight_decisions_ck_oversight_decisions_regime_from_known"),
        ),
        sa.CheckConstraint(
            _one_of("regime_to", REGIMES),
            name=op.f("ck_oversight_decisions_ck_oversight_decisions_regime_to_known"),
        ),
    )
    op.create_table(
        "oversight_enforcement",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("issued_date", sa.Date(), nullable=False),
        _text("natural_key", 400),
        sa.Column("regulation", sa.String(4)),
        sa.Column("core_service", sa.String(300)),
        sa.Column("key_question", sa.String(20)),
        sa.Column("report_link_id", sa.String(100)),
        _text("description"),
        sa.Column("closed_date", sa.Date()),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_enforcement"),
        _provider("oversight_enforcement"),
        sa.UniqueConstraint(
            "provider_id",
            "kind",
            "issued_date",
            "natural_key",
            name="uq_oversight_enforcement_provider_id",
        ),
        sa.CheckConstraint(
            _one_of("kind", OVERSIGHT_ACTION_KINDS),
            name=op.f("ck_oversight_enforcement_ck_oversight_enforcement_kind_known"),
        ),
        sa.CheckConstraint(
            _one_of("key_question", KEY_QUESTIONS) + " OR key_question IS NULL",
            name=op.f("ck_oversight_enforcement_ck_oversight_enforcement_key_question_known"),
        ),
        sa.CheckConstraint(
            "closed_date IS NULL OR closed_date >= issued_date",
            name=op.f("ck_oversight_enforcement_ck_oversight_enforcement_closed_after_issued"),
        ),
    )
    op.create_table(
        "oversight_requirements",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("enforcement_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_date", sa.Date()),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_requirements"),
        sa.ForeignKeyConstraint(
            ["enforcement_id"],
            ["oversight_enforcement.id"],
            name="fk_oversight_requirements_enforcement_id_oversight_enforcement",
        ),
        sa.UniqueConstraint(
            "enforcement_id", "position", name="uq_oversight_requirements_enforcement_id"
        ),
        sa.CheckConstraint(
            _one_of("status", REQUIREMENT_STATUSES),
            name=op.f("ck_oversight_requirements_ck_oversight_requirements_status_known"),
        ),
    )
    op.create_table(
        "oversight_escalations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("option", sa.String(40), nullable=False),
        sa.Column("proposed_by", sa.String(300), nullable=False),
        sa.Column("proposed_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        _text("detail"),
        sa.Column("positions", sa.JSON(), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_escalations"),
        _provider("oversight_escalations"),
        sa.UniqueConstraint(
            "provider_id",
            "option",
            "proposed_date",
            "proposed_by",
            name="uq_oversight_escalations_provider_id",
        ),
        sa.CheckConstraint(
            _one_of("option", ESCALATION_OPTIONS),
            name=op.f("ck_oversight_escalations_ck_oversight_escalations_option_known"),
        ),
        sa.CheckConstraint(
            _one_of("outcome", ESCALATION_OUTCOMES),
            name=op.f("ck_oversight_escalations_ck_oversight_escalations_outcome_known"),
        ),
    )
    op.create_table(
        "oversight_meetings",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_meetings"),
        _provider("oversight_meetings"),
        sa.UniqueConstraint(
            "provider_id", "meeting_date", "title", name="uq_oversight_meetings_provider_id"
        ),
        sa.CheckConstraint(
            _one_of("format", MEETING_FORMATS),
            name=op.f("ck_oversight_meetings_ck_oversight_meetings_format_known"),
        ),
    )
    op.create_table(
        "oversight_participants",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("meeting_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(300), nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_participants"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["oversight_meetings.id"],
            name="fk_oversight_participants_meeting_id_oversight_meetings",
        ),
        sa.UniqueConstraint(
            "meeting_id", "role", "organisation", name="uq_oversight_participants_meeting_id"
        ),
    )
    op.create_table(
        "oversight_statements",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("statement_date", sa.Date(), nullable=False),
        sa.Column("who", sa.String(300), nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_statements"),
        _provider("oversight_statements"),
        sa.UniqueConstraint(
            "provider_id",
            "statement_date",
            "who",
            "organisation",
            name="uq_oversight_statements_provider_id",
        ),
    )
    op.create_table(
        "oversight_commitments",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("meeting_id", sa.Integer),
        sa.Column("what", sa.String(500), nullable=False),
        sa.Column("by_whom", sa.String(300), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("marked_on", sa.Date()),
        _text("evidence"),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name="pk_oversight_commitments"),
        _provider("oversight_commitments"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["oversight_meetings.id"],
            name="fk_oversight_commitments_meeting_id_oversight_meetings",
        ),
        sa.UniqueConstraint(
            "provider_id", "made_on", "what", name="uq_oversight_commitments_provider_id"
        ),
        sa.CheckConstraint(
            _one_of("status", COMMITMENT_STATUSES),
            name=op.f("ck_oversight_commitments_ck_oversight_commitments_status_known"),
        ),
    )


def downgrade() -> None:
    for table in (
        "oversight_commitments",
        "oversight_statements",
        "oversight_participants",
        "oversight_meetings",
        "oversight_escalations",
        "oversight_requirements",
        "oversight_enforcement",
        "oversight_decisions",
    ):
        op.drop_table(table)
