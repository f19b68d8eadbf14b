"""`carewatch ...`: wires the sub-commands together."""

from __future__ import annotations

import typer

from carewatch import __version__, logs
from carewatch.cli import audit, db, demo, imports, league, oversight, ratings, spc, sync
from carewatch.cli import metrics as metrics_cli
from carewatch.cli.acting import AS_KEY
from carewatch.cli.findings_extract import extract_command as findings_extract_command
from carewatch.cli.plan_export import export_command as plan_export_command
from carewatch.cli.plans import actions_app, findings_app
from carewatch.cli.serve import serve_command
from carewatch.cli.users import tokens_app, users_app

app = typer.Typer(
    name="carewatch",
    help=(
        "Open quality oversight for NHS trusts: CQC ratings and how they aggregate, oversight "
        "regimes and enforcement, improvement plans, and the measures that show whether care "
        "improved."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(ratings.app, name="ratings")
app.add_typer(imports.app, name="import")
app.add_typer(sync.app, name="sync")
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(oversight.app, name="oversight")
app.add_typer(spc.app, name="spc")
app.add_typer(metrics_cli.app, name="metrics")
app.add_typer(findings_app, name="findings")
app.add_typer(actions_app, name="actions")
findings_app.command("extract")(findings_extract_command)
actions_app.command("export")(plan_export_command)
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit.app, name="audit")
# NHS Oversight Framework segmentation is filed under `import` and `oversight`.
imports.app.command("nof-segmentation")(league.import_command)
oversight.app.command("league-table")(league.league_table_command)
oversight.app.command("segmentation")(league.segmentation_command)


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
