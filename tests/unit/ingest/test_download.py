"""Downloading the Latest-ratings file from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.ingest.download import DownloadError, download_latest_ratings
from tests.ingest_files import location_row, locations_sheet, write_file


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder; /slow/ waits, /named/ names the file, /truncated/ stops short."""

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return None

    def do_GET(self) -> None:
        if self.path.startswith("/slow/"):
            time.sleep(1.0)
            self.path = self.path.removeprefix("/slow")
        if self.path.startswith("/truncated/"):
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"PK" * 1000)
            self.close_connection = True
            return
        if self.path.startswith("/named/"):
            body = (Path(self.directory) / "ratings.xlsx").read_bytes()
            self.send_response(200)
            self.send_header(
                "Content-Disposition", 'attachment; filename="01_March_2025_Latest_ratings.xlsx"'
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    served = tmp_path / "served"
    served.mkdir()
    write_file(served / "ratings.xlsx", [locations_sheet([location_row()])])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(served)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_downloads_a_file_that_reads(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "downloads" / "new"
    path = download_latest_ratings(f"{server}/ratings.xlsx", dest)
    assert path == dest / "ratings.xlsx"
    assert path.read_bytes() == (tmp_path / "served" / "ratings.xlsx").read_bytes()
    [batch] = read_cqc_ratings(path)
    assert len(batch.ratings) == 1
    assert [p.name for p in dest.iterdir()] == ["ratings.xlsx"]  # no partial file left


def test_uses_the_servers_file_name(server: str, tmp_path: Path) -> None:
    path = download_latest_ratings(f"{server}/named/latest", tmp_path)
    assert path.name == "01_March_2025_Latest_ratings.xlsx"


def test_http_error(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="HTTP 404") as caught:
        download_latest_ratings(f"{server}/missing.ods", tmp_path / "d")
    assert caught.value.url == f"{server}/missing.ods"
    assert list((tmp_path / "d").iterdir()) == []


def test_timeout(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="timed out"):
        download_latest_ratings(f"{server}/slow/ratings.xlsx", tmp_path / "d", timeout=0.2)


def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadError, match="ConnectError"):
        download_latest_ratings(f"http://127.0.0.1:{port}/ratings.ods", tmp_path)


def test_a_broken_transfer_leaves_no_file(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "d"
    with pytest.raises(DownloadError, match="RemoteProtocolError"):
        download_latest_ratings(f"{server}/truncated/latest.ods", dest)
    assert list(dest.iterdir()) == []
