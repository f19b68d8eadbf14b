"""`carewatch oversight ...`: a trust's oversight status and timeline, and recording regime
decisions, enforcement, escalation, meetings, statements and commitments.

Every `record-*` command goes through one `carewatch.services.oversight` writer, so recording
the same thing twice changes nothing. Exit codes: 2 for input the command cannot accept or a
record the rules refuse (the message names the option), 3 for an unknown trust, meeting or
commitment.
"""

from __future__ import annotations

import typer

from carewatch.cli.league import league_table_command, segmentation_command
from carewatch.cli.oversight.enforcement import (
    record_decision_command,
    record_other_enforcement_command,
    record_requirement_notice_command,
    record_warning_notice_command,
)
from carewatch.cli.oversight.engagement import (
    mark_commitment_command,
    record_commitment_command,
    record_escalation_command,
    record_meeting_command,
    record_statement_command,
)
from carewatch.cli.oversight.views import status_command, timeline_command

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Oversight regimes, enforcement, escalation and commitments: status and timeline, "
        "and commands to record each kind of event."
    )
)
app.command("status")(status_command)
app.command("timeline")(timeline_command)
app.command("record-decision")(record_decision_command)
app.command("record-requirement-notice")(record_requirement_notice_command)
app.command("record-warning-notice")(record_warning_notice_command)
app.command("record-escalation")(record_escalation_command)
app.command("record-meeting")(record_meeting_command)
app.command("record-other-enforcement")(record_other_enforcement_command)
app.command("record-statement")(record_statement_command)
app.command("record-commitment")(record_commitment_command)
app.command("mark-commitment")(mark_commitment_command)
app.command("league-table")(league_table_command)
app.command("segmentation")(segmentation_command)
