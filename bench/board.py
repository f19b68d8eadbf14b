"""The board report of a trust with sixty measures, 36 monthly points each, as a PDF (the
issue's target: under 5 s).

A synthetic trust is stored in a temporary SQLite database through the services, as any
trust's data would be: the provider, the catalogue's 18 measures and 42 of the trust's own
(60 definitions), and one data version of 60 × 36 observations (level shifts, trends and a
few suppressed months so every chart has signals to draw). The report is then made three
times; for each run the seconds of every step: reading through the services (`read`),
building the sections and rendering the HTML (`html`), and laying it out as a PDF with
WeasyPrint (`pdf`). `seconds` is the median run's total (wall clock), `cpu_seconds` that
run's own processor time (on a shared machine the wall clock includes waiting for a core),
and `pages` the PDF's page count read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from bench.actor import BENCH
from carewatch.domain.metrics import (
    CATALOGUE,
    DataKind,
    Level,
    MeasurementFrequency,
    MetricBatch,
    MetricDefinition,
    ObservationRecord,
    Target,
    TargetKind,
    Unit,
)
from carewatch.domain.spc import Improvement
from carewatch.reports.board import (
    ReportPeriod,
    board_html,
    board_inputs,
    build_board_report,
    html_to_pdf,
)
from carewatch.services.metrics import import_metrics, seed_catalogue
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate

MEASURES = 60
POINTS = 36
TARGET_SECONDS = 5.0
REPEATS = 3
TRUST = "SYNBR"
FIRST_MONTH = dt.date(2021, 4, 1)
AS_OF = dt.date(2024, 4, 30)


def own_measures(count: int) -> tuple[MetricDefinition, ...]:
    """`count` made-up measures of a trust's own, alternating which way is better, half of
    them with a target."""
    found = []
    for i in range(count):
        polarity = Improvement.INCREASE if i % 2 else Improvement.DECREASE
        found.append(
            MetricDefinition(
                code=f"own_measure_{i + 1:02d}",
                name=f"Synthetic measure {i + 1} (percentage of patients seen in time)",
                description="Made up for the board report's benchmark.",
                unit=Unit.PERCENT,
                polarity=polarity,
                frequency=MeasurementFrequency.MONTHLY,
                level=Level.TRUST,
                target=(
                    Target(
                        90.0 if polarity is Improvement.INCREASE else 40.0,
                        TargetKind.ILLUSTRATIVE,
                        "made up for the benchmark",
                    )
                    if i % 4 < 2
                    else None
                ),
                data_source="Synthetic, for the benchmark",
            )
        )
    return tuple(found)


def _month(index: int) -> tuple[dt.date, dt.date]:
    years, month0 = divmod(FIRST_MONTH.month - 1 + index, 12)
    start = dt.date(FIRST_MONTH.year + years, month0 + 1, 1)
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _value(measure: int, point: int) -> float:
    """A deterministic series around 60: a level shift after month 24 for a third of the
    measures, a rising trend for another third, and a seasonal wobble everywhere."""
    base = 55.0 + (measure % 7) * 2 + 6.0 * math.sin(point * 1.3 + measure)
    if measure % 3 == 0 and point >= 24:
        base += 18.0
    elif measure % 3 == 1:
        base += point * 0.6
    return round(min(max(base, 0.0), 100.0), 1)


def batch(codes: list[str]) -> MetricBatch:
    observations = []
    row = 1
    for m, code in enumerate(codes):
        for p in range(POINTS):
            start, end = _month(p)
            row += 1
            suppressed = (m + p) % 53 == 0
            observations.append(
                ObservationRecord(
                    TRUST, code, start, end, None if suppressed else _value(m, p), row,
                    org_name="Synthetic Board Report NHS Trust", suppressed=suppressed,
                    source="synthetic, for the benchmark",
                )
            )  # fmt: skip
    digest = hashlib.sha256(f"board-bench-{MEASURES}-{POINTS}".encode()).hexdigest()
    return MetricBatch(
        kind=DataKind.METRIC_CSV,
        file_name="board-bench.csv",
        sha256=digest,
        publication="Synthetic measures for the board report benchmark",
        published_on=AS_OF - dt.timedelta(days=20),
        rows_read=len(observations),
        observations=tuple(observations),
    )


def build(db: Database) -> None:
    """The synthetic trust with its 60 measures, through the services."""
    record_provider(
        db=db, actor=BENCH, provider_id=TRUST, name="Synthetic Board Report NHS Trust",
        provider_type="NHS Healthcare Organisation", synthetic=True,
    )  # fmt: skip
    own = own_measures(MEASURES - len(CATALOGUE))
    seed_catalogue(db, actor=BENCH, catalogue=(*CATALOGUE, *own))
    codes = [m.code for m in (*CATALOGUE, *own)]
    import_metrics(db=db, actor=BENCH, batch=batch(codes))


def render_once(db: Database) -> dict[str, float | int]:
    period = ReportPeriod.on(AS_OF)
    cpu = time.process_time()
    start = time.perf_counter()
    inputs = board_inputs(db=db, provider_id=TRUST, period=period)
    read = time.perf_counter()
    html = board_html(build_board_report(inputs))
    made = time.perf_counter()
    pdf = html_to_pdf(html)
    done = time.perf_counter()
    return {
        "read": round(read - start, 3),
        "html": round(made - read, 3),
        "pdf": round(done - made, 3),
        "seconds": round(done - start, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "measures": len(inputs.measures),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_bytes": len(pdf),
    }


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        db = connect(f"sqlite:///{Path(folder) / 'board.db'}")
        try:
            migrate(db)
            started = time.perf_counter()
            build(db)
            built = time.perf_counter() - started
            runs = [render_once(db) for _ in range(REPEATS)]
        finally:
            db.dispose()
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {
        "measures": median["measures"],
        "points_per_measure": POINTS,
        "seconds": median["seconds"],
        "pages": median["pages"],
        "pdf_bytes": median["pdf_bytes"],
        "steps": {k: median[k] for k in ("read", "html", "pdf")},
        "cpu_seconds": median["cpu_seconds"],
        "runs_seconds": [r["seconds"] for r in runs],
        "median_of_runs": statistics.median(r["seconds"] for r in runs),
        "build_seconds": round(built, 3),
        "target_seconds": TARGET_SECONDS,
        "meets_target": median["seconds"] < TARGET_SECONDS,
    }
