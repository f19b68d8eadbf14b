"""`make bench`: measure what the issues set targets for, and write the figures.

    python -m bench [import|web|national|spc|audit|ratings_audit|board|classify]...  (default: all)

Results go to bench/results/<name>.json with the machine they were measured on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

from bench import audit, board, classify, national, ratings_audit, ratings_import, spc, web_load

RESULTS = Path(__file__).resolve().parent / "results"
SUITES = {
    "import": ratings_import.run,
    "web": web_load.run,
    "national": national.run,
    "spc": spc.run,
    "audit": audit.run,
    "ratings_audit": ratings_audit.run,
    "board": board.run,
    "classify": classify.run,
}


def machine() -> dict[str, object]:
    return {
        "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        # The machine may be shared: its load when the run began (1, 5 and 15 minutes).
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str]) -> int:
    names = argv or list(SUITES)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"bench: unknown suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
        return 2
    RESULTS.mkdir(exist_ok=True)
    for name in names:
        print(f"bench {name}:", flush=True)
        figures = {"machine": machine(), **SUITES[name]()}
        out = RESULTS / f"{name}.json"
        out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(figures, indent=2))
        print(
            f"  written to {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
