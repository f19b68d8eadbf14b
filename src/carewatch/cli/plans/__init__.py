"""`carewatch findings ...` and `carewatch actions ...`: a trust's improvement plan from the
command line: record must-dos and should-dos, the actions that answer them, move actions
through their lifecycle, attach evidence, verify it, set recurring evidence, link metrics,
list and escalate overdue actions.

Every write goes through one `carewatch.services.plans` writer. Exit codes: 2 for input the
command cannot accept or a move the lifecycle refuses (the message names the option or the
rule), 3 for an unknown trust, finding, action, evidence or metric.
"""

from __future__ import annotations

import typer

from carewatch.cli.findings_extract import extract_command
from carewatch.cli.plan_export import export_command
from carewatch.cli.plans.actions import (
    actions_add_command,
    actions_escalate_command,
    actions_list_command,
    actions_milestone_command,
    actions_move_command,
    actions_show_command,
)
from carewatch.cli.plans.evidence import (
    actions_evidence_command,
    actions_link_metric_command,
    actions_schedule_command,
    actions_verify_command,
)
from carewatch.cli.plans.findings import findings_add_command, findings_list_command

__all__ = ["actions_app", "findings_app"]

findings_app = typer.Typer(help="Must-do and should-do findings from inspection reports.")
actions_app = typer.Typer(
    help=(
        "Actions of the improvement plan: list (with RAG, overdue and due soon), add, show, "
        "move through the lifecycle, attach and verify evidence, recurring evidence, "
        "milestones, linked metrics and escalation."
    )
)
findings_app.command("add")(findings_add_command)
findings_app.command("list")(findings_list_command)
findings_app.command("extract")(extract_command)
actions_app.command("list")(actions_list_command)
actions_app.command("add")(actions_add_command)
actions_app.command("show")(actions_show_command)
actions_app.command("move")(actions_move_command)
actions_app.command("milestone")(actions_milestone_command)
actions_app.command("evidence")(actions_evidence_command)
actions_app.command("verify")(actions_verify_command)
actions_app.command("schedule")(actions_schedule_command)
actions_app.command("link-metric")(actions_link_metric_command)
actions_app.command("escalate")(actions_escalate_command)
actions_app.command("export")(export_command)
