"""`carewatch ...`: wires the sub-commands together.

Each area's commands live in their own module, imported only when one of its commands runs
(or shows its help): `carewatch --version` and `carewatch --help` import none of them, so
neither loads the database layer, the web framework or the spreadsheet and PDF readers.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from carewatch import __version__, logs
from carewatch.cli.context import AS_KEY


@dataclass(frozen=True)
class Area:
    """A top-level command: the module (and its Typer app) that holds it, and its one-line
    help for `carewatch --help` (a test checks it matches the module's own)."""

    module: str
    attribute: str
    help: str
    group: bool = True
    """A group of sub-commands (even of one, like `sync cqc`), or one command (`serve`)."""


AREAS: dict[str, Area] = {
    "serve": Area(
        "carewatch.cli.serve",
        "serve_app",
        "Serve the web application and the JSON API (/api/v1).",
        group=False,
    ),
    "trusts": Area(
        "carewatch.cli.trusts",
        "app",
        "Is this trust getting better? The verdict with its evidence, and what changed since "
        "its last inspection.",
    ),
    "ratings": Area(
        "carewatch.cli.ratings",
        "app",
        "Aggregate ratings by CQC's rules, show grids, audit published ratings.",
    ),
    "import": Area(
        "carewatch.cli.imports",
        "app",
        "Import real data, each file all or nothing: CQC API records and ratings spreadsheets, "
        "NHS England segmentation, four-week waits, out-of-area placements, a trust's own "
        "measures.",
    ),
    "sync": Area(
        "carewatch.cli.sync",
        "app",
        "Fetch current records from CQC's live API (needs the network).",
    ),
    "db": Area("carewatch.cli.db", "app", "The database: create or upgrade its schema."),
    "demo": Area(
        "carewatch.cli.demo", "app", "The worked example and the labelled synthetic trusts."
    ),
    "oversight": Area(
        "carewatch.cli.oversight",
        "app",
        "Oversight regimes, enforcement, escalation and commitments: status and timeline, "
        "and commands to record each kind of event.",
    ),
    "spc": Area(
        "carewatch.cli.spc",
        "app",
        "Statistical process control (XmR charts) by NHS England's Making Data Count rules.",
    ),
    "metrics": Area(
        "carewatch.cli.metrics",
        "app",
        "Metrics: the catalogue, a trust's observations and data versions, SPC charts by "
        "Making Data Count rules, recorded recalculations, and the CSV template.",
    ),
    "findings": Area(
        "carewatch.cli.plans",
        "findings_app",
        "Must-do and should-do findings from inspection reports.",
    ),
    "actions": Area(
        "carewatch.cli.plans",
        "actions_app",
        "Actions of the improvement plan: list (with RAG, overdue and due soon), add, show, "
        "move through the lifecycle, attach and verify evidence, recurring evidence, "
        "milestones, linked metrics and escalation.",
    ),
    "incidents": Area(
        "carewatch.cli.incidents",
        "app",
        "Patient-safety incidents: record, list and show a trust's incidents, move the "
        "response, record candour notifications and coroners' reports, close, link, list the "
        "duties due, and the public summary.",
    ),
    "feedback": Area(
        "carewatch.cli.feedback",
        "app",
        "Patient, family, carer and staff feedback: import and list a trust's comments, "
        "classify themes and sentiment on the CPU, redact personal data, train and evaluate "
        "the classifier, correct a label.",
    ),
    "risks": Area(
        "carewatch.cli.risks",
        "app",
        "The risk register and board assurance framework: record, score, review, assure and "
        "link a trust's risks, list and show them, check them against the BAF's rules.",
    ),
    "report": Area(
        "carewatch.cli.report",
        "app",
        "Reports: the board's integrated quality and performance report.",
    ),
    "users": Area("carewatch.cli.users", "users_app", "Add, list, disable and change users."),
    "tokens": Area(
        "carewatch.cli.users",
        "tokens_app",
        "Create, list and revoke API tokens for machine clients.",
    ),
    "audit": Area("carewatch.cli.audit", "app", "Verify and read the tamper-evident audit trail."),
}


def plain_help(sub_app: typer.Typer) -> typer.Typer:
    """Render `sub_app`'s help (and its sub-apps') as plain text: click wraps each paragraph
    to the terminal, and flags show no `<bool>` type."""
    sub_app.rich_markup_mode = None
    for group in sub_app.registered_groups:
        if group.typer_instance is not None:
            plain_help(group.typer_instance)
    return sub_app


class LazyGroup(TyperGroup):
    """The root command: lists the areas from `AREAS` and imports an area's module only when
    one of its commands is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(AREAS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in AREAS:
            area = AREAS[cmd_name]
            sub_app = getattr(importlib.import_module(area.module), area.attribute)
            plain_help(sub_app)
            build = typer.main.get_group if area.group else typer.main.get_command
            command = build(sub_app)
            command.name = cmd_name
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in AREAS:
            close = difflib.get_close_matches(args[0], list(AREAS))
            if close:
                ctx.fail(
                    f"No such command {args[0]!r}. Did you mean {', '.join(map(repr, close))}?"
                )
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, area.help) for name, area in AREAS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="carewatch",
    cls=LazyGroup,
    help=(
        "Open quality oversight for NHS trusts: CQC ratings and how they aggregate, oversight "
        "regimes and enforcement, improvement plans, and the measures that show whether care "
        "improved."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carewatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Print each change as it is written (to stderr)."
    ),
    as_email: str | None = typer.Option(
        None,
        "--as",
        metavar="EMAIL",
        help="Act as this user (an email): their role decides what every command that writes "
        "may do (a refusal exits 2, nothing stored) and what the account, audit and plan "
        "commands show; their writes are audited under their email. Default: the operator, "
        "who may do everything, named by the operating-system account.",
        show_default=False,
    ),
) -> None:
    """Open quality oversight for NHS trusts."""
    ctx.obj = {AS_KEY: as_email}
    logs.configure(json_lines=False, verbose=verbose)


def main() -> None:
    app()
