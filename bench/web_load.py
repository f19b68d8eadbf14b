"""Load the trust page and the grid API under 50 connections, beside a bare FastAPI ceiling.

Measured twice: as users meet them (repeat requests answered from the response cache while
the data is unchanged) and with the response cache switched off (CAREWATCH_RESPONSE_CACHE=off:
every request rendered from the database).

Starts `carewatch serve` twice (cache on, cache off) on a temporary SQLite database with the
worked example, and the
"hello" app of bench/hello.py with uvicorn the same way, then drives each with wrk (Debian's
package) for 20 s at 50 connections, on loopback only.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
UNLIMITED_RATE = "1000000000/minute"
UNLIMITED = {"CAREWATCH_RATE_LIMIT": UNLIMITED_RATE}
"""The load comes from one address: the per-client rate limit would answer most of it 429."""
CONNECTIONS = 50
DURATION_S = 20
WARM_UP_S = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Served:
    """A running server: its process and the file its stderr (its log) goes to."""

    pid: int
    log: Path


@contextmanager
def server(
    command: list[str], ready_url: str, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """Run `command` (with `env` added to the environment) until the block ends; yield its
    process id and its log's file.

    The log goes to a file, not a pipe: a server whose pipe nobody reads stops when the
    pipe is full, as soon as it logs a few dozen errors.
    """
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-log-") as folder:
        log = Path(folder) / "stderr.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=sink,
                env={**os.environ, **UNLIMITED, **(env or {})},
            )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(ready_url, timeout=2).status_code < 500:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    detail = log.read_text(errors="replace")
                    raise RuntimeError(f"server did not start: {' '.join(command)}\n{detail}")
                time.sleep(0.2)
            yield Served(process.pid, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


CACHE_OFF = {"CAREWATCH_RESPONSE_CACHE": "off"}
"""The environment of a server whose every request is rendered from the database."""


def wrk(url: str, duration: int, *, timeout: int = 10) -> dict[str, float]:
    script = HERE / "wrk_report.lua"
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            f"{timeout}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    seconds = report["duration_us"] / 1e6
    return {
        "url": url,
        "connections": CONNECTIONS,
        "seconds": round(seconds, 1),
        "requests": report["requests"],
        "requests_per_second": round(report["requests"] / seconds, 1),
        "errors": report["errors"],
        "non_2xx": report["non_2xx"],
        "p50_ms": round(report["p50_us"] / 1000, 2),
        "p95_ms": round(report["p95_us"] / 1000, 2),
        "p99_ms": round(report["p99_us"] / 1000, 2),
        "mean_ms": round(report["mean_us"] / 1000, 2),
    }


def run() -> dict[str, object]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is needed for the load test (apt-get install wrk)")
    carewatch = str(Path(sys.executable).with_name("carewatch"))
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-") as folder:
        url = f"sqlite:///{folder}/bench.db"
        subprocess.run([carewatch, "demo", "load", "--db", url], check=True, capture_output=True)
        app_port, off_port, hello_port = free_port(), free_port(), free_port()
        base = f"http://127.0.0.1:{app_port}"
        off = f"http://127.0.0.1:{off_port}"
        hello = f"http://127.0.0.1:{hello_port}/"
        targets = {
            "hello (bare FastAPI)": hello,
            "trust page /trusts/RMY": f"{base}/trusts/RMY",
            "grid API /api/v1/trusts/RMY/grid": f"{base}/api/v1/trusts/RMY/grid",
            "trust page, every request a cache miss": f"{off}/trusts/RMY",
            "grid API, every request a cache miss": f"{off}/api/v1/trusts/RMY/grid",
        }
        serve = [carewatch, "serve", "--db", url, "--no-demo", "--port"]
        hello_cmd = [sys.executable, "-m", "uvicorn", "bench.hello:app", "--port", str(hello_port)]
        results: dict[str, dict[str, float]] = {}
        with (
            server([*serve, str(app_port)], f"{base}/"),
            server([*serve, str(off_port)], f"{off}/", CACHE_OFF),
            server([*hello_cmd, "--log-level", "warning"], hello),
        ):
            for name, target in targets.items():
                wrk(target, WARM_UP_S)
                results[name] = wrk(target, DURATION_S)
    ceiling = results["hello (bare FastAPI)"]["requests_per_second"]
    page = results["trust page /trusts/RMY"]
    uncached = results["trust page, every request a cache miss"]
    return {
        "targets": results,
        "trust_page_share_of_hello_throughput": round(page["requests_per_second"] / ceiling, 3),
        "trust_page_p95_ms": page["p95_ms"],
        "uncached_trust_page_share_of_hello_throughput": round(
            uncached["requests_per_second"] / ceiling, 3
        ),
        "uncached_trust_page_p95_ms": uncached["p95_ms"],
        "targets_set": {"trust_page_p95_ms_below": 50, "share_of_hello_at_least": round(1 / 3, 3)},
    }
