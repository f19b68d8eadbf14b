"""The site's pages on a national register, with the response cache on and off.

Builds a database the size of the country once per engine: the generated national "Latest
ratings" file (bench/generate.py at scale 1: 229 trusts, about 75,000 locations and 584,000
ratings) imported with `carewatch import cqc-ratings`, then the worked example (`carewatch
demo load`: 7 more trusts, the plan and the performance report of /trusts/RMY). SQLite
always; PostgreSQL too when CAREWATCH_BENCH_POSTGRES_URL names a server (a database is
created there for the run and dropped after it).

For each page it records:

- one request: the time one request takes in-process, with nothing else running, as the
  median of three, each a cache miss, and the number of SQL statements it executes
  (counted by a SQLAlchemy `before_cursor_execute` listener);
- cache on: wrk at 50 connections for 10 s, the page answered from the response cache
  after the first request, as users meet it while the data is unchanged;
- cache off: wrk at 50 connections on a second server started with the response cache
  switched off (CAREWATCH_RESPONSE_CACHE=off), so each request is rendered from the
  database. The run lasts long enough for requests to finish under the load (50 times one
  request, 10 to 60 s), and the server is drained before the next page so that abandoned
  requests do not slow it.

and the bare FastAPI endpoint of bench/hello.py under the same wrk run, so that each page's
throughput is given as a share of it (the ratio the targets of issue 12 are set in).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.generate import national_register, shape
from bench.ratings_import import SCALE, _drop_postgres_database, _postgres_database, national_file
from bench.web_load import CACHE_OFF, CONNECTIONS, UNLIMITED_RATE, free_port, server, wrk

CACHED_S = 10
WARM_UP_S = 2
UNCACHED_MIN_S, UNCACHED_MAX_S = 10, 60
TRUST = "RMY"
PAGES: dict[str, str] = {
    "home /": "/",
    "oversight /oversight": "/oversight",
    f"trust page /trusts/{TRUST}": f"/trusts/{TRUST}",
    "improvement plan": f"/trusts/{TRUST}/improvement-plan",
    "performance report": f"/trusts/{TRUST}/performance",
}
HELLO = "hello (bare FastAPI)"
TARGETS: dict[str, dict[str, float]] = {
    # Issue 12: throughput as a share of the bare endpoint's, and one request's time.
    "home /": {"cache_off_share_at_least": 0.10, "one_request_ms_below": 100},
    "oversight /oversight": {"cache_off_share_at_least": 0.10, "one_request_ms_below": 100},
    f"trust page /trusts/{TRUST}": {"cache_off_share_at_least": 0.25},
    "improvement plan": {"cache_off_share_at_least": 0.25},
    "performance report": {"cache_off_share_at_least": 0.25},
}
CACHE_ON_SHARE_AT_LEAST = 1.0
_KEPT = ("requests_per_second", "p50_ms", "p95_ms", "requests", "errors", "non_2xx")


def _carewatch(*args: str) -> None:
    carewatch = str(Path(sys.executable).with_name("carewatch"))
    subprocess.run([carewatch, *args], check=True, capture_output=True, text=True)


def build(url: str, ratings_file: Path) -> dict[str, float]:
    """Import the national file and load the worked example into the database at `url`."""
    start = time.perf_counter()
    _carewatch("import", "cqc-ratings", str(ratings_file), "--db", url, "--quiet")
    imported = time.perf_counter()
    _carewatch("demo", "load", "--db", url)
    done = time.perf_counter()
    return {"import_seconds": round(imported - start, 1), "demo_seconds": round(done - imported, 1)}


def one_request(url: str) -> dict[str, Any]:
    """Each page's time for one request, in-process and alone, and the SQL it runs."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from carewatch.web.app import create_app
    from carewatch.web.settings import RateLimits, WebSettings

    # Each request is a cache miss: the response cache is switched off for this app, and no
    # request is refused for coming from the one address.
    settings = WebSettings(rate_limits=RateLimits(general=UNLIMITED_RATE), response_cache=False)
    app = create_app(database_url=url, settings=settings)
    statements = [0]

    def count(*_: object) -> None:
        statements[0] += 1

    figures: dict[str, Any] = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        engine = app.state.database.engine
        trusts = client.get("/api/v1/trusts", params={"limit": 1}).json()["count"]
        event.listen(engine, "before_cursor_execute", count)
        for name, path in PAGES.items():
            client.get(path)  # templates compiled, connections opened
            times, queries = [], []
            for _ in range(3):
                statements[0] = 0
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                queries.append(statements[0])
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
            figures[name] = {
                "one_request_ms": round(statistics.median(times), 1),
                "queries_per_request": max(queries),
                "response_bytes": len(response.content),
            }
        event.remove(engine, "before_cursor_execute", count)
    return {"trusts_counted": trusts, "pages": figures}


def _cpu_seconds(pid: int) -> float:
    """The processor time process `pid` has used (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _drain(base: str, pid: int, round_: int) -> None:
    """Wait until the server has finished the requests wrk abandoned when it stopped.

    One more request queues behind them; then the server's processor time must stop
    growing (under 5% of a core for a second), since up to 40 may still be running.
    """
    httpx.get(f"{base}/trusts/{TRUST}", params={"drain": str(round_)}, timeout=600)
    if not Path(f"/proc/{pid}/stat").exists():
        time.sleep(10)
        return
    deadline = time.monotonic() + 300
    used = _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = _cpu_seconds(pid)
        if now - used < 0.05:
            return
        used = now


def _errors(log: Path, offset: int) -> dict[str, int]:
    """The errors the server logged from `offset` on, by their event (which names no one)."""
    with log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    events: Counter[str] = Counter()
    for line in lines:
        if line.startswith("{") and '"level": "error"' in line:
            events[json.loads(line).get("event", "error")] += 1
    return dict(events)


def _uncached_seconds(one_request_ms: float) -> int:
    wanted = math.ceil(CONNECTIONS * one_request_ms / 1000 * 1.3) + 5
    return max(UNCACHED_MIN_S, min(UNCACHED_MAX_S, wanted))


def load(url: str, alone: dict[str, Any]) -> dict[str, Any]:
    """wrk on every page, cache on and off, beside the bare endpoint, on one database."""
    carewatch = str(Path(sys.executable).with_name("carewatch"))
    app_port, off_port, hello_port = free_port(), free_port(), free_port()
    base, hello = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{hello_port}/"
    off = f"http://127.0.0.1:{off_port}"
    serve = [carewatch, "serve", "--db", url, "--no-demo", "--port"]
    hello_cmd = [sys.executable, "-m", "uvicorn", "bench.hello:app", "--port", str(hello_port)]
    figures: dict[str, Any] = {}
    with (
        server([*serve, str(app_port)], f"{base}/") as app,
        server([*serve, str(off_port)], f"{off}/", CACHE_OFF) as app_off,
        server([*hello_cmd, "--log-level", "warning"], hello),
    ):
        wrk(hello, WARM_UP_S)
        figures[HELLO] = wrk(hello, CACHED_S)
        print(f"    {HELLO}: {figures[HELLO]['requests_per_second']} req/s", flush=True)
        for round_, (name, path) in enumerate(PAGES.items()):
            target = f"{base}{path}"
            logged = app.log.stat().st_size
            httpx.get(target, timeout=600)  # fills the cache
            wrk(target, WARM_UP_S)
            cached = wrk(target, CACHED_S)
            _drain(base, app.pid, round_)
            logged_off = app_off.log.stat().st_size
            httpx.get(f"{off}{path}", timeout=600)
            seconds = _uncached_seconds(alone[name]["one_request_ms"])
            uncached = wrk(f"{off}{path}", seconds, timeout=seconds + 60)
            _drain(off, app_off.pid, round_ + 100)
            figures[name] = {
                "cache_on": cached,
                "cache_off": uncached,
                "server_errors": {
                    "cache_on": _errors(app.log, logged),
                    "cache_off": _errors(app_off.log, logged_off),
                },
            }
            print(
                f"    {name}: cache on {cached['requests_per_second']} req/s, "
                f"cache off {uncached['requests_per_second']} req/s",
                flush=True,
            )
    return figures


def _summary(alone: dict[str, Any], loaded: dict[str, Any]) -> dict[str, Any]:
    ceiling = loaded[HELLO]["requests_per_second"]
    pages: dict[str, Any] = {}
    for name in PAGES:
        on, off = loaded[name]["cache_on"], loaded[name]["cache_off"]
        pages[name] = {
            "path": PAGES[name],
            **alone[name],
            "cache_on": {
                "share_of_hello": round(on["requests_per_second"] / ceiling, 3),
                **{k: on[k] for k in _KEPT},
            },
            "cache_off": {
                "share_of_hello": round(off["requests_per_second"] / ceiling, 3),
                **{k: off[k] for k in _KEPT},
            },
            "server_errors": loaded[name]["server_errors"],
            "targets": {**TARGETS[name], "cache_on_share_at_least": CACHE_ON_SHARE_AT_LEAST},
        }
    return {"hello_requests_per_second": ceiling, "pages": pages, "wrk": loaded}


def _measure(url: str, ratings_file: Path, engine: str) -> dict[str, Any]:
    print(f"  {engine}: building the national database", flush=True)
    built = build(url, ratings_file)
    print(f"  {engine}: one request per page", flush=True)
    alone = one_request(url)
    print(f"  {engine}: wrk at {CONNECTIONS} connections", flush=True)
    loaded = load(url, alone["pages"])
    return {
        "build": built,
        "trusts_counted": alone["trusts_counted"],
        **_summary(alone["pages"], loaded),
    }


def table(results: dict[str, Any]) -> str:
    """The figures as a table: one line per database and page."""
    head = (
        f"{'database':<11}{'page':<28}{'1 req ms':>9}{'queries':>8}"
        f"{'off req/s':>10}{'off x':>7}{'off p95':>9}{'on req/s':>10}{'on x':>7}"
    )
    lines = [head, "-" * len(head)]
    for engine, figures in results["databases"].items():
        lines.append(
            f"{engine:<11}{HELLO:<28}{'':>9}{'':>8}{'':>10}{'':>7}{'':>9}"
            f"{figures['hello_requests_per_second']:>10.0f}{1:>7.2f}"
        )
        for name, page in figures["pages"].items():
            off, on = page["cache_off"], page["cache_on"]
            lines.append(
                f"{engine:<11}{name:<28}{page['one_request_ms']:>9.1f}"
                f"{page['queries_per_request']:>8}{off['requests_per_second']:>10.1f}"
                f"{off['share_of_hello']:>7.3f}{off['p95_ms']:>9.0f}"
                f"{on['requests_per_second']:>10.0f}{on['share_of_hello']:>7.2f}"
            )
    return "\n".join(lines)


def run() -> dict[str, object]:
    started = time.perf_counter()
    ratings_file = national_file("ods")
    results: dict[str, Any] = {
        "register": {"scale": SCALE, **shape(national_register(SCALE))},
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-") as folder:
        url = f"sqlite:///{folder}/national.db"
        results["databases"]["sqlite"] = _measure(url, ratings_file, "sqlite")
    pg = os.environ.get("CAREWATCH_BENCH_POSTGRES_URL")
    if pg:
        url, name = _postgres_database(pg)
        try:
            results["databases"]["postgresql"] = _measure(url, ratings_file, "postgresql")
        finally:
            _drop_postgres_database(pg, name)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started)
    print(table(results))
    return results
