"""`carewatch serve`: migrates, offers the worked example on an empty database, says where."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(*args: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Run `carewatch serve`; the dict gets its standard output once it has stopped."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "carewatch", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    output: dict[str, str] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/rules", timeout=1)
                break
            except httpx.HTTPError:
                assert process.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base, output
    finally:
        process.terminate()
        output["stdout"], output["stderr"] = process.communicate(timeout=20)


def test_serve_loads_the_worked_example_on_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with serving("--db", url, "--load-demo") as (base, output):
        page = httpx.get(f"{base}/trusts/RMY")
        assert page.status_code == 200
        assert "Norfolk and Suffolk NHS Foundation Trust" in page.text
    out = output["stdout"]
    assert "Loaded the worked example" in out
    assert f"carewatch is serving at {base}/" in out


def test_serve_without_the_demo_says_how_to_load_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with serving("--db", url, "--no-demo") as (base, output):
        listing = httpx.get(f"{base}/api/v1/trusts").json()
        assert listing == {"data": [], "count": 0}
    out = output["stdout"]
    assert "carewatch demo load" in out


def test_serve_prints_a_link_that_signs_in_the_demo_administrator(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with serving("--db", url, "--load-demo") as (base, output):
        pass
    printed = [
        line
        for line in output["stdout"].splitlines()
        if "Sign in as the demo administrator" in line
    ]
    assert len(printed) == 1
    link = printed[0].rsplit(" ", 1)[1]
    assert link.startswith(f"{base}/sign-in/link/")
    with (
        serving("--db", url, "--no-demo") as (base, _),
        httpx.Client(follow_redirects=True) as browser,
    ):
        path = link.split("/", 3)[3]
        page = browser.get(f"{base}/{path}")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        signed_in = browser.post(f"{base}/{path}", data={"csrf_token": token})
        assert signed_in.status_code == 200
        assert "Demo administrator (NSFT) (Admin, RMY)" in signed_in.text


def test_serve_on_a_network_address_needs_an_administrator_or_read_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    refused = subprocess.run(
        [sys.executable, "-m", "carewatch", "serve", "--host", "0.0.0.0", "--db", url, "--no-demo"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert refused.returncode == 2
    assert "needs a user who can administer it" in refused.stderr
    assert "--read-only" in refused.stderr


def test_serve_answers_only_its_hosts_and_each_allowed_host(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with serving("--db", url, "--no-demo", "--allowed-host", "carewatch.example.org") as (
        base,
        _,
    ):
        for host, status in [
            ("carewatch.example.org", 200),
            ("localhost", 200),
            ("127.0.0.1", 200),
            ("rebound.evil.example", 400),
        ]:
            response = httpx.get(f"{base}/rules", headers={"Host": host})
            assert response.status_code == status, host


def test_serve_refuses_an_allowed_host_that_is_not_a_host(tmp_path: Path) -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "carewatch", "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}",
         "--no-demo", "--allowed-host", "https://carewatch.example.org/"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "'https://carewatch.example.org/' is not a host name or address" in refused.stderr


def test_serve_help_documents_the_allowed_hosts() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "carewatch", "serve", "--help"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"},
    )  # fmt: skip
    text = " ".join(shown.stdout.split())
    assert "--allowed-host" in text
    assert "CAREWATCH_ALLOWED_HOSTS" in text
    assert "DNS rebinding" in text
