"""`carewatch ratings audit` on the national register (issue 12: under 10 s).

Builds a database the size of the country once per engine: the generated national "Latest
ratings" CSV (bench/generate.py at scale 1) imported with `carewatch import cqc-ratings`,
then the worked example (`carewatch demo load`), so that provider-level departures and
earlier ratings are there too. SQLite always; PostgreSQL too when
CAREWATCH_BENCH_POSTGRES_URL (or CAREWATCH_TEST_POSTGRES_URL) names a server (a database is
created there for the run and dropped after it).

Each way of running the command runs in its own process, as a user would run it, three
times; the figures are the median wall time, that run's processor time (user and system),
its peak memory and the size of what it printed. The whole audit is timed as text and as
JSON, each to a file and to a pipe; a trust's and a location's audit beside them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.ratings_import import _drop_postgres_database, _postgres_database, national_file

TARGET_SECONDS = 10.0
RUNS = 3
TRUST = "RMY"
MODES: dict[str, tuple[list[str], str]] = {
    # name: (arguments after `ratings audit`, where the output goes)
    "text to a file": ([], "file"),
    "text to a pipe": ([], "pipe"),
    "json to a file": (["--json"], "file"),
    "json to a pipe": (["--json"], "pipe"),
    f"one trust ({TRUST}), text": ([TRUST], "pipe"),
    f"one trust ({TRUST}), json": ([TRUST, "--json"], "pipe"),
}
NATIONAL = ("text to a file", "text to a pipe", "json to a file", "json to a pipe")


def _carewatch() -> str:
    return str(Path(sys.executable).with_name("carewatch"))


def build(url: str, ratings_file: Path) -> dict[str, float]:
    """Import the national file and load the worked example into the database at `url`."""
    start = time.perf_counter()
    run = [_carewatch(), "import", "cqc-ratings", str(ratings_file), "--db", url, "--quiet"]
    subprocess.run(run, check=True, capture_output=True, text=True)
    imported = time.perf_counter()
    demo = [_carewatch(), "demo", "load", "--db", url]
    subprocess.run(demo, check=True, capture_output=True, text=True)
    done = time.perf_counter()
    return {"import_seconds": round(imported - start, 1), "demo_seconds": round(done - imported, 1)}


def once(url: str, args: list[str], sink: str, folder: str) -> dict[str, Any]:
    """One run of the command in its own process, its output to a file or read off a pipe;
    its processor time and peak memory are its own (os.wait4)."""
    command = [_carewatch(), "ratings", "audit", *args, "--db", url]
    # As a script would run it: no terminal width handed down.
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    out, err = Path(folder) / "audit.out", Path(folder) / "audit.err"
    size = lines = 0
    with out.open("wb") as to_file, err.open("wb") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=to_file if sink == "file" else subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        if process.stdout is not None:
            while chunk := process.stdout.read(1 << 16):
                size += len(chunk)
                lines += chunk.count(b"\n")
            process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"ratings audit {' '.join(args)} failed: {err.read_text()}")
    if sink == "file":
        size = out.stat().st_size
        with out.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "output_mb": round(size / 1e6, 1),
        "output_lines": lines,
    }


def measure(url: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-") as folder:
        for name, (args, sink) in MODES.items():
            runs = [once(url, args, sink, folder) for _ in range(RUNS)]
            median = statistics.median(r["seconds"] for r in runs)
            chosen = next(r for r in runs if r["seconds"] == median)
            figures[name] = {**chosen, "runs_seconds": [r["seconds"] for r in runs]}
            print(f"    {name}: {median} s", flush=True)
    worst = max(figures[name]["seconds"] for name in NATIONAL)
    figures["national_worst_seconds"] = worst
    figures["meets_target"] = worst < TARGET_SECONDS
    return figures


def run() -> dict[str, object]:
    path = national_file("csv")
    results: dict[str, object] = {"target_seconds_below": TARGET_SECONDS, "runs": RUNS}
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-") as folder:
        url = f"sqlite:///{folder}/national.db"
        print(f"  building the national register from {path.name} in SQLite", flush=True)
        results["sqlite"] = {"build": build(url, path), **measure(url)}
    pg = os.environ.get("CAREWATCH_BENCH_POSTGRES_URL") or os.environ.get(
        "CAREWATCH_TEST_POSTGRES_URL"
    )
    if pg:
        url, name = _postgres_database(pg)
        try:
            print(f"  building the national register from {path.name} in PostgreSQL", flush=True)
            results["postgresql"] = {"build": build(url, path), **measure(url)}
        finally:
            _drop_postgres_database(pg, name)
    return results
