"""`carewatch sync cqc`: what it needs besides a key, and a sync from a CQC API served on
this machine's loopback address (never the real one)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database

runner = CliRunner()


def test_a_key_alone_says_what_else_is_needed_and_fetches_nothing(tmp_path: Path) -> None:
    database = tmp_path / "sync.db"
    result = runner.invoke(
        app,
        [
            "sync",
            "cqc",
            "--api-key",
            "KEY",
            "--base-url",
            "http://127.0.0.1:9",
            "--db",
            f"sqlite:///{database}",
        ],
    )
    assert result.exit_code == 2
    assert "--provider ID" in result.stderr
    assert "--location ID" in result.stderr
    assert "carewatch sync cqc --api-key KEY --provider RMY" in result.stderr
    assert not database.exists()


def test_no_key_names_the_option_and_its_variable() -> None:
    result = runner.invoke(app, ["sync", "cqc", "--provider", "RMY"], env={"CQC_API_KEY": None})
    assert result.exit_code == 2
    assert "--api-key" in result.output


@contextmanager
def cqc_api(records: dict[str, bytes]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A CQC API on a loopback port answering `records` by path; yields its address and the
    (path, subscription key) of every request."""
    asked: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append((self.path, self.headers.get("Ocp-Apim-Subscription-Key", "")))
            body = records.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/public/v1", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_location_is_fetched_with_the_key_and_imported(db: Database, shared_data: Path) -> None:
    record = shared_data / "cqc-api-oldham" / "location_details" / "location_RJXX6.json"
    url = db.engine.url.render_as_string(hide_password=False)
    with cqc_api({"/public/v1/locations/RJXX6": record.read_bytes()}) as (base, asked):
        result = runner.invoke(
            app,
            [
                "sync",
                "cqc",
                "--api-key",
                "KEY",
                "--base-url",
                base,
                "--location",
                "RJXX6",
                "--db",
                url,
            ],
        )
    assert result.exit_code == 0, result.stderr
    assert asked == [("/public/v1/locations/RJXX6", "KEY")]
    # Five key question ratings and the overall one (see the record).
    assert "ratings 6 new, 0 changed, 0 unchanged" in result.stdout
    with cqc_api({}) as (base, asked):
        missing = runner.invoke(
            app,
            [
                "sync",
                "cqc",
                "--api-key",
                "KEY",
                "--base-url",
                base,
                "--location",
                "NOPE",
                "--db",
                url,
            ],
        )
    assert missing.exit_code == 2
    assert "not found" in missing.stderr
