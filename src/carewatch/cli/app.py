"""`carewatch ...`: wires the sub-commands together."""

from __future__ import annotations

import typer

from carewatch import __version__
from carewatch.cli import db, demo, imports, oversight, ratings, spc, sync
from carewatch.cli.serve import serve_command

app = typer.Typer(
    name="carewatch",
    help=(
        "Open quality oversight for NHS trusts: CQC ratings, how they aggregate and why, "
        "and the data behind them."
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
app.command("serve")(serve_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carewatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Open quality oversight for NHS trusts."""


def main() -> None:
    app()
