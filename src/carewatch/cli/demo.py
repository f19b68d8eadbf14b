"""`carewatch demo load`: the worked example, Norfolk and Suffolk NHS Foundation Trust."""

from __future__ import annotations

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.demo import load_demo

app = typer.Typer(help="The worked example and the labelled synthetic trusts.")


@app.command("load")
def load_command(db: str | None = db_option()) -> None:
    """Load Norfolk and Suffolk NHS Foundation Trust (RMY), 2015–2025, from public sources,
    and a handful of synthetic mental health trusts (labelled so). Loading it twice changes
    nothing."""
    with open_database(db) as database:
        summary = load_demo(db=database)
    typer.echo(
        f"Worked example loaded: {summary.trusts} trusts, {summary.reports} reports, "
        f"{summary.ratings} ratings ({summary.new_ratings} new)."
    )
