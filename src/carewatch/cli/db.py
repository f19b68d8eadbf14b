"""`carewatch db ...`: create or upgrade the database."""

from __future__ import annotations

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.store.migrate import current_revision

app = typer.Typer(help="The database: create or upgrade its schema.")


@app.command("migrate")
def migrate_command(db: str | None = db_option()) -> None:
    """Create the database, or upgrade it to the latest schema. Safe to run again."""
    with open_database(db) as database:
        where = database.engine.url.render_as_string(hide_password=True)
        typer.echo(f"{where} is at schema revision {current_revision(database)}")
