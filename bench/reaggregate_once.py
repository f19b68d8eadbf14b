"""Re-aggregate every provider of a database in this process; report the figures as JSON.

python -m bench.reaggregate_once DATABASE_URL [REPEATS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from bench.actor import BENCH
from carewatch.services.ratings import reaggregate
from carewatch.store.database import connect


def main(url: str, repeats: int = 3) -> dict[str, float | int]:
    db = connect(url)
    times = []
    count = 0
    for _ in range(repeats):
        start = time.perf_counter()
        count = reaggregate(db=db, actor=BENCH)
        times.append(time.perf_counter() - start)
    db.dispose()
    median = statistics.median(times)
    return {
        "aggregates": count,
        "seconds_median": round(median, 3),
        "seconds_all": [round(t, 3) for t in times],
        "aggregates_per_second": round(count / median),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)))
