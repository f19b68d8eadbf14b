"""Import one ratings file into one database in this process and report the figures as JSON.

    python -m bench.import_once FILE DATABASE_URL

Run in its own process by `python -m bench` so that its peak memory is its own. The file is
streamed: it is read as it is stored, so reading and storing are timed together
(`seconds`, with the aggregates proposed for the providers touched).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench.actor import BENCH
from carewatch.ingest.cqc_ratings import stream_cqc_ratings
from carewatch.services.ratings import import_batch
from carewatch.store.database import connect
from carewatch.store.migrate import migrate


def main(file: str, url: str) -> dict[str, object]:
    db = connect(url)
    migrate(db)
    path = Path(file)
    rows = 0

    def count(done: int, total: int | None) -> None:
        nonlocal rows
        rows = max(rows, done)

    start, cpu_start = time.perf_counter(), time.process_time()
    stream = stream_cqc_ratings(path, progress=count)
    summary = import_batch(db=db, batch=stream, actor=BENCH)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    db.dispose()
    # ru_maxrss is in kibibytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratings = summary.tables["ratings"]
    return {
        "format": path.suffix.lstrip(".").lower(),
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "rows": rows,
        "ratings": ratings.new + ratings.changed + ratings.unchanged,
        "new_ratings": ratings.new,
        "changed_ratings": ratings.changed,
        "aggregates_proposed": summary.aggregates,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        # This process's own CPU time: on a machine others share, the wall-clock figure
        # includes the time it waited for a core.
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_rss_mb": round(peak_mb, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
