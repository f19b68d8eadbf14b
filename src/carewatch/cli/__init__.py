"""The `carewatch` command line: one Typer app with a sub-app per area."""

from carewatch.cli.app import app, main

__all__ = ["app", "main"]
