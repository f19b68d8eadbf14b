"""Improvement plan: findings, actions, their history of moves, milestones, evidence with
content-addressed files, recurring evidence schedules, escalations and linked metrics.

Revision ID: 0005_improvement_plan
Revises: 0004_metrics
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

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_improvement_plan"
down_revision = "0004_metrics"
branch_labels = None
depends_on = None

# The values each CHECK allowed when this migration was written.
FINDING_KINDS = ("must_do", "should_do")
REGULATIONS = ("9", "9A", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "20A")
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well-led")
PRIORITIES = ("high", "medium", "low")
ACTION_STATUSES = (
    "open",
    "in_progress",
    "evidence_submitted",
    "verified",
    "closed",
    "reopened",
    "cancelled",
)
EVIDENCE_KINDS = ("note", "file", "link")
VERDICTS = ("pending", "accepted", "rejected")
FREQUENCIES = ("monthly", "quarterly")
ESCALATION_LEVELS = ("owner", "executive_lead", "board")
TARGET_DIRECTIONS = ("at_least", "at_most")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length)
    return sa.Column(name, kind, nullable=False, server_default="")


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _fk(table: str, column: str, target: str, target_column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{target_column}"], name=f"fk_{table}_{column}_{target}"
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_ck_{table}_{name}"))


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, nullable=False, autoincrement=True)


def _action(table: str) -> list[Any]:
    return [
        sa.Column("action_id", sa.Integer, nullable=False),
        _fk(table, "action_id", "plan_actions", "id"),
    ]


def upgrade() -> None:
    t = "plan_findings"
    op.create_table(
        t,
        _id(),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("report_date", sa.Date()),
        sa.Column("report_link_id", sa.String(100)),
        sa.Column("regulation", sa.String(4)),
        sa.Column("core_services", sa.JSON(), nullable=False),
        sa.Column("key_question", sa.String(20)),
        sa.Column("enforcement_id", sa.Integer),
        sa.Column("requirement_position", sa.Integer),
        sa.Column("report_words", sa.Text(), nullable=False),
        _text("public_summary"),
        _flag("illustrative"),
        _text("source", 500),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "provider_id", "providers", "provider_id"),
        _fk(t, "enforcement_id", "oversight_enforcement", "id"),
        sa.UniqueConstraint("provider_id", "reference", name=f"uq_{t}_provider_id"),
        _check(t, "kind_known", _one_of("kind", FINDING_KINDS)),
        _check(
            t, "regulation_known", _one_of("regulation", REGULATIONS) + " OR regulation IS NULL"
        ),
        _check(
            t,
            "key_question_known",
            _one_of("key_question", KEY_QUESTIONS) + " OR key_question IS NULL",
        ),
        _check(t, "must_do_names_regulation", "kind <> 'must_do' OR regulation IS NOT NULL"),
    )
    t = "plan_actions"
    op.create_table(
        t,
        _id(),
        sa.Column("finding_id", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        _text("notes"),
        sa.Column("owner_role", sa.String(200), nullable=False),
        _text("owner_person", 200),
        _flag("owner_is_board_member"),
        _text("executive_lead", 200),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("legal_deadline", sa.Date()),
        _flag("illustrative"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "finding_id", "plan_findings", "id"),
        sa.UniqueConstraint("finding_id", "reference", name=f"uq_{t}_finding_id"),
        _check(t, "priority_known", _one_of("priority", PRIORITIES)),
        _check(t, "due_after_opened", "due_date >= opened_on"),
    )
    t = "plan_action_events"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        _text("moved_by", 200),
        _text("reason"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("action_id", "seq", name=f"uq_{t}_action_id"),
        _check(t, "to_status_known", _one_of("to_status", ACTION_STATUSES)),
    )
    t = "plan_milestones"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date()),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("action_id", "title", name=f"uq_{t}_action_id"),
    )
    t = "plan_evidence_files"
    op.create_table(
        t,
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=f"pk_{t}"),
        _check(t, "size_not_negative", "size >= 0"),
    )
    t = "plan_evidence"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("content_key", sa.String(64), nullable=False),
        _text("title", 300),
        _text("note"),
        _text("url", 1000),
        sa.Column("file_sha256", sa.String(64)),
        _text("filename", 255),
        sa.Column("supplied_by", sa.String(200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False, server_default="pending"),
        _text("verified_by", 200),
        sa.Column("verified_on", sa.Date()),
        _text("verifier_note"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "file_sha256", "plan_evidence_files", "sha256"),
        sa.UniqueConstraint("action_id", "content_key", name=f"uq_{t}_action_id"),
        _check(t, "kind_known", _one_of("kind", EVIDENCE_KINDS)),
        _check(t, "verdict_known", _one_of("verdict", VERDICTS)),
        _check(t, "effective_period_ordered", "effective_to >= effective_from"),
        _check(t, "file_has_content", "kind <> 'file' OR file_sha256 IS NOT NULL"),
        _check(t, "verdict_has_date", "verdict = 'pending' OR verified_on IS NOT NULL"),
    )
    t = "plan_evidence_schedules"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date()),
        sa.Column("grace_days", sa.Integer, nullable=False),
        _text("description", 300),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("action_id", name=f"uq_{t}_action_id"),
        _check(t, "frequency_known", _one_of("frequency", FREQUENCIES)),
        _check(t, "grace_days_not_negative", "grace_days >= 0"),
    )
    t = "plan_escalations"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("overdue_since", sa.Date(), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("action_id", "level", "overdue_since", name=f"uq_{t}_action_id"),
        _check(t, "level_known", _one_of("level", ESCALATION_LEVELS)),
    )
    t = "plan_action_metrics"
    op.create_table(
        t,
        _id(),
        *_action(t),
        sa.Column("metric_code", sa.String(64), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "metric_code", "metrics", "metric_code"),
        sa.UniqueConstraint("action_id", "metric_code", name=f"uq_{t}_action_id"),
        _check(t, "direction_known", _one_of("direction", TARGET_DIRECTIONS)),
    )


def downgrade() -> None:
    for table in (
        "plan_action_metrics",
        "plan_escalations",
        "plan_evidence_schedules",
        "plan_evidence",
        "plan_evidence_files",
        "plan_milestones",
        "plan_action_events",
        "plan_actions",
        "plan_findings",
    ):
        op.drop_table(table)
