"""`carewatch serve`: the web application and JSON API on uvicorn."""

from __future__ import annotations

import sys

import typer
import uvicorn

from carewatch import logs
from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import fail
from carewatch.demo import load_demo
from carewatch.demo.nsft.people import DEMO_ADMIN
from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.services.access import count_administrators
from carewatch.services.errors import NotFound
from carewatch.services.ratings import list_trusts
from carewatch.settings import Settings
from carewatch.store.database import Database
from carewatch.web.app import create_app
from carewatch.web.settings import WebSettingError, WebSettings, hosts_for


def serve_command(
    db: str | None = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    demo: bool | None = typer.Option(
        None,
        "--load-demo/--no-demo",
        help="On an empty database, load the worked example without asking (or never).",
        show_default=False,
    ),
    read_only: bool = typer.Option(
        False,
        "--read-only",
        help="Hide the forms that change data and refuse their posts (for a public site).",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help=(
            "Also answer requests for this host name (repeatable; added to "
            "CAREWATCH_ALLOWED_HOSTS). The site always answers localhost, 127.0.0.1, [::1] "
            "and the --host address (unless 0.0.0.0 or ::); any other Host gets 400."
        ),
        show_default=False,
    ),
) -> None:
    """Serve the web application and the JSON API (/api/v1).

    Creates or upgrades the database first. On an empty database it offers to load the
    worked example (Norfolk and Suffolk NHS Foundation Trust); --load-demo loads it without
    asking. On this machine alone (127.0.0.1, the default) it prints a one-time sign-in link
    for the worked example's administrator. On any other address it refuses to start unless
    a user can administer it or --read-only is given; --read-only hides the forms that change
    data and refuses every change made through the site with 403.

    It answers only requests whose Host is one it serves: this machine's names, the --host
    address and each --allowed-host (the name users type, behind a proxy the proxy's), so
    a page on another site cannot reach it through a name of its own (DNS rebinding).
    Each change is logged as one JSON line on stderr.
    """
    settings = Settings.load(database_url=db)
    try:
        web = WebSettings.load(bind=host)
        hosts = hosts_for(host, [*web.allowed_hosts, *allowed_host])
    except WebSettingError as exc:
        fail(str(exc))
    local = host in LOOPBACK
    with open_database(settings.database_url) as database:
        _offer_demo(database, demo)
        if not local and not read_only and count_administrators(database) == 0:
            fail(
                f"carewatch serve on {host} (not this machine only) needs a user who can "
                "administer it: add one with `carewatch users add EMAIL --name NAME --role "
                "admin --org ORG`, or serve it --read-only"
            )
        link = _demo_link(database) if local else None
    app = create_app(
        database_url=settings.database_url,
        read_only=read_only,
        allowed_hosts=hosts,
        rate_limits=web.rate_limits,
        hsts=web.hsts,
    )
    mode = ", read-only" if read_only else ""
    typer.echo(f"carewatch is serving at http://{host}:{port}/{mode} (press Ctrl+C to stop)")
    if link is not None:
        typer.echo(
            f"Sign in as the demo administrator (this link works once, for a day): "
            f"http://{host}:{port}{link}"
        )
    logs.configure(json_lines=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _demo_link(database: Database) -> str | None:
    """A one-time sign-in link for the worked example's administrator, when that account
    exists and is enabled (printed only when serving this machine alone)."""
    try:
        access.actor_for_email(database, DEMO_ADMIN.email)
    except (NotFound, access.InvalidAccount):
        return None
    secret = access.create_sign_in_link(
        database, Actor.operator("carewatch serve"), DEMO_ADMIN.email
    )
    return f"/sign-in/link/{secret}"


def _offer_demo(database: Database, demo: bool | None) -> None:
    """On an empty database, load the worked example when asked (or when the user agrees)."""
    if list_trusts(db=database, limit=1).count == 0:
        if demo is None and sys.stdin.isatty():
            demo = typer.confirm(
                "The database is empty. Load the worked example (Norfolk and Suffolk NHS "
                "Foundation Trust)?",
                default=True,
            )
        if demo:
            summary = load_demo(db=database)
            typer.echo(f"Loaded the worked example: {summary.trusts} trusts.")
        else:
            typer.echo("The database is empty: `carewatch demo load` loads the worked example.")


serve_app = typer.Typer()
"""`carewatch serve` alone, as the root command loads it."""
serve_app.command("serve")(serve_command)
