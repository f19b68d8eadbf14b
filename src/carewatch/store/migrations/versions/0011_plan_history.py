"""The plan keeps an append-only history: verdicts on evidence become rows of their own
(`plan_verdicts`, a re-verification a new row), moved out of `plan_evidence`, whose verdict
columns go; changes to the recorded facts of actions and findings are kept in `plan_changes`;
a move records when it was recorded.

Revision ID: 0011_plan_history
Revises: 0010_evidence_supplier
Create Date: 2026-12-07
"""

# A migration is history: it imports nothing from carewatch, and every value and name below
# is a literal copy (DEVELOPERS.md, "Changing an enum that the database checks").

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011_plan_history"
down_revision = "0010_evidence_supplier"
branch_labels = None
depends_on = None

GIVEN_VERDICTS = ("accepted", "rejected")
VERDICTS = ("pending", "accepted", "rejected")
CHANGED_RECORDS = ("action", "finding")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _evidence_columns() -> sa.TableClause:
    return sa.table(
        "plan_evidence",
        sa.column("id", sa.Integer),
        sa.column("verdict", sa.String),
        sa.column("verified_by", sa.String),
        sa.column("verified_on", sa.Date),
        sa.column("verifier_note", sa.Text),
    )


def upgrade() -> None:
    # Every verdict given so far becomes the first row of its evidence's history. Who gave
    # it was kept as a name only, so `verifier` (the identity) stays unknown; it was recorded
    # no later than the day it was given, which stands for the moment. Read first: SQLite
    # copies plan_evidence to drop its columns, which it cannot do once a table refers to it.
    evidence = _evidence_columns()
    conn = op.get_bind()
    given = conn.execute(
        sa.select(
            evidence.c.id,
            evidence.c.verdict,
            evidence.c.verified_by,
            evidence.c.verified_on,
            evidence.c.verifier_note,
        )
        .where(evidence.c.verdict != "pending")
        .order_by(evidence.c.id)
    ).all()
    rows = [
        {
            "evidence_id": r.id,
            "verdict": r.verdict,
            "verifier": None,
            "verified_by": r.verified_by,
            "verified_on": r.verified_on,
            "recorded_at": dt.datetime.combine(r.verified_on, dt.time(), dt.UTC),
            "note": r.verifier_note,
        }
        for r in given
    ]
    with op.batch_alter_table("plan_evidence") as batch:
        batch.drop_constraint(
            op.f("ck_plan_evidence_ck_plan_evidence_verdict_known"), type_="check"
        )
        batch.drop_constraint(
            op.f("ck_plan_evidence_ck_plan_evidence_verdict_has_date"), type_="check"
        )
        batch.drop_column("verdict")
        batch.drop_column("verified_by")
        batch.drop_column("verified_on")
        batch.drop_column("verifier_note")

    verdicts = op.create_table(
        "plan_verdicts",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("verifier", sa.String(320), nullable=True),
        sa.Column("verified_by", sa.String(200), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_plan_verdicts"),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["plan_evidence.id"], name="fk_plan_verdicts_evidence_id_plan_evidence"
        ),
        sa.CheckConstraint(
            _one_of("verdict", GIVEN_VERDICTS), name=op.f("ck_plan_verdicts_verdict_given")
        ),
    )
    op.create_index("ix_plan_verdicts_evidence_id", "plan_verdicts", ["evidence_id"])
    op.create_table(
        "plan_changes",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("record", sa.String(10), nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("changer", sa.String(320), nullable=True),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_changes"),
        sa.CheckConstraint(
            _one_of("record", CHANGED_RECORDS), name=op.f("ck_plan_changes_record_known")
        ),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_plan_changes_reason_given")),
    )
    op.create_index("ix_plan_changes_record", "plan_changes", ["record", "record_id"])
    # When each move is recorded from now on, to order a day's moves among its verdicts.
    with op.batch_alter_table("plan_action_events") as batch:
        batch.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))

    if rows:
        op.bulk_insert(verdicts, rows)


def downgrade() -> None:
    # Each evidence's latest verdict goes back into its row; the earlier ones are lost, as
    # the columns hold one. Read first, and drop the new tables before SQLite copies
    # plan_evidence.
    conn = op.get_bind()
    verdicts = sa.table(
        "plan_verdicts",
        sa.column("id", sa.Integer),
        sa.column("evidence_id", sa.Integer),
        sa.column("verdict", sa.String),
        sa.column("verified_by", sa.String),
        sa.column("verified_on", sa.Date),
        sa.column("note", sa.Text),
    )
    latest: dict[int, Any] = {}
    for r in conn.execute(
        sa.select(verdicts).order_by(verdicts.c.verified_on, verdicts.c.id)
    ).all():
        latest[r.evidence_id] = r
    with op.batch_alter_table("plan_action_events") as batch:
        batch.drop_column("recorded_at")
    op.drop_index("ix_plan_changes_record", table_name="plan_changes")
    op.drop_table("plan_changes")
    op.drop_index("ix_plan_verdicts_evidence_id", table_name="plan_verdicts")
    op.drop_table("plan_verdicts")
    with op.batch_alter_table("plan_evidence") as batch:
        batch.add_column(
            sa.Column("verdict", sa.String(10), nullable=False, server_default="pending")
        )
        batch.add_column(
            sa.Column("verified_by", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("verified_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("verifier_note", sa.Text(), nullable=False, server_default=""))
    evidence = _evidence_columns()
    for evidence_id, r in latest.items():
        conn.execute(
            sa.update(evidence)
            .where(evidence.c.id == evidence_id)
            .values(
                verdict=r.verdict,
                verified_by=r.verified_by,
                verified_on=r.verified_on,
                verifier_note=r.note,
            )
        )
    with op.batch_alter_table("plan_evidence") as batch:
        batch.create_check_constraint(
            op.f("ck_plan_evidence_verdict_known"), _one_of("verdict", VERDICTS)
        )
        batch.create_check_constraint(
            op.f("ck_plan_evidence_verdict_has_date"),
            "verdict = 'pending' OR verified_on IS NOT NULL",
        )
