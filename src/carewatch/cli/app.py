"""`carewatch ...`: wires the sub-commands together."""

from __future__ import annotations

import typer

from carewatch import __version__
from carewatch.cli import ratings

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
