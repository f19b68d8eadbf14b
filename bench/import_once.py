"""Import one ratings file into one database in this process and report the figures as JSON.

    python -m bench.import_once FILE DATABASE_URL

Run in its own process by `python -m bench` so that its peak memory is its own.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench.actor import BENCH
from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.services.ratings import import_batch
from carewatch.store.database import connect
from carewatch.store.migrate import migrate


def main(file: str, url: str) -> dict[str, float | int]:
    db = connect(url)
    migrate(db)
    start = time.perf_counter()
    batches = read_cqc_ratings(Path(file))
    read_s = time.perf_counter() - start
    rows = sum(len(b.ratings) for b in batches)
    start = time.perf_counter()
    new = changed = aggregates = 0
    for batch in batches:
        summary = import_batch(db=db, batch=batch, actor=BENCH)
        new += summary.tables["ratings"].new
        changed += summary.tables["ratings"].changed
        aggregates += summary.aggregates
    store_s = time.perf_counter() - start
    db.dispose()
    # ru_maxrss is in kibibytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "new_ratings": new,
        "changed_ratings": changed,
        "aggregates_proposed": aggregates,
        "read_seconds": round(read_s, 3),
        "store_seconds": round(store_s, 3),
        "total_seconds": round(read_s + store_s, 3),
        "rows_per_second": round(rows / (read_s + store_s)),
        "peak_rss_mb": round(peak_mb, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
