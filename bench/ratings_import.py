"""Import a Latest ratings file of the national register's shape and re-aggregate every provider.

Each import runs in its own process (bench/import_once.py) so its peak memory is its own: the
file is streamed, so the peak should not grow with the file. Each format is imported into a
fresh SQLite database and then again (a re-import, which changes nothing); the CSV and ODS
files are also imported into PostgreSQL when a server is given. Generated files are kept in
bench/.cache so later runs skip the slow XLSX generation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.generate import generate_latest_ratings

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SCALE = 1.0  # the national register: bench/generate.py
FORMATS = ("csv", "ods", "xlsx")
TARGET = {"rows_per_second": 20_000, "peak_rss_mb": 400}
"""Issue 12: imports stream, flat in memory under 400 MB for the national file, at 20,000
rows a second or more on SQLite."""


def national_file(fmt: str) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"latest_ratings_national_{SCALE:g}.{fmt}"
    if not path.exists():
        start = time.perf_counter()
        generate_latest_ratings(path, scale=SCALE, fmt=fmt)
        print(f"  generated {path.name} in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def _child(module: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _postgres_database(base_url: str) -> tuple[str, str]:
    """Create an empty PostgreSQL database for the bench; return its URL and name."""
    from sqlalchemy import create_engine, text

    name = f"carewatch_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base_url.rsplit("/", 1)[0] + f"/{name}", name


def _drop_postgres_database(base_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def run() -> dict[str, object]:
    results: dict[str, object] = {"register_scale": SCALE, "target": TARGET}
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-") as folder:
        for fmt in FORMATS:
            path = national_file(fmt)
            url = f"sqlite:///{folder}/{fmt}.db"
            print(f"  importing {path.name} into SQLite", flush=True)
            first = _child("bench.import_once", str(path), url)
            again = _child("bench.import_once", str(path), url)
            entry: dict[str, object] = {"first_import": first, "re_import": again}
            if fmt == FORMATS[0]:
                entry["reaggregate_all"] = _child("bench.reaggregate_once", url)
            results[f"sqlite_{fmt}"] = entry
        pg = os.environ.get("CAREWATCH_BENCH_POSTGRES_URL") or os.environ.get(
            "CAREWATCH_TEST_POSTGRES_URL"
        )
        if pg:
            for fmt in ("csv", "ods"):
                url, name = _postgres_database(pg)
                try:
                    print(f"  importing the {fmt.upper()} file into PostgreSQL", flush=True)
                    path = national_file(fmt)
                    entry = {"first_import": _child("bench.import_once", str(path), url)}
                    if fmt == "csv":
                        entry["reaggregate_all"] = _child("bench.reaggregate_once", url)
                    results[f"postgresql_{fmt}"] = entry
                finally:
                    _drop_postgres_database(pg, name)
    return results
