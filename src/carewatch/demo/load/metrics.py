"""The worked example's metrics through the metrics service: the catalogue, the illustrative
series with their recalculation and annotations, and the trust's real series where the
shared data is there. Loading twice changes nothing: a file already stored is neither read
nor stored again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import PROVIDER_ID
from carewatch.demo.nsft.metrics import ANNOTATIONS, RECALCULATIONS, illustrative_batch
from carewatch.demo.nsft.shared_data import shared_data_folder, shared_files
from carewatch.ingest.records import IngestError
from carewatch.services.metrics import (
    import_metrics,
    is_imported,
    record_annotation,
    record_recalculation,
    seed_catalogue,
)
from carewatch.store.database import Database

__all__ = ["MetricsDemoSummary", "load_metrics"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MetricsDemoSummary:
    """What loading the metrics demo did: observations stored from each kind of source, and
    why the real series were skipped when they were."""

    illustrative_new: int
    real_files: int
    real_new: int
    skipped: str | None


def load_metrics(*, db: Database, shared_data: Path | None = None) -> MetricsDemoSummary:
    """Store the catalogue, the illustrative series with their recalculation and annotations,
    and the real series from `shared_data` (default: the shared data folder) when there."""
    seed_catalogue(db, actor=DEMO_OPERATOR)
    illustrative = import_metrics(db=db, batch=illustrative_batch(), actor=DEMO_OPERATOR)
    for r in RECALCULATIONS:
        record_recalculation(
            db=db,
            org_code=PROVIDER_ID,
            metric_code=r.metric_code,
            at=r.at,
            reason=r.reason,
            recorded_on=r.recorded_on,
            source=r.source,
            actor=DEMO_OPERATOR,
        )
    for a in ANNOTATIONS:
        record_annotation(
            db=db,
            org_code=PROVIDER_ID,
            metric_code=a.metric_code,
            on=a.on,
            label=a.label,
            source=a.source,
            actor=DEMO_OPERATOR,
        )
    files, new, skipped = _real_series(db, shared_data or shared_data_folder())
    if skipped:
        log.warning("demo.metrics.real_series_skipped", extra={"reason": skipped})
    return MetricsDemoSummary(
        illustrative_new=illustrative.new, real_files=files, real_new=new, skipped=skipped
    )


def _real_series(db: Database, folder: Path | None) -> tuple[int, int, str | None]:
    """Import the trust's rows of every real file (scoped to the trust, so importing a whole
    file later still adds every other provider): how many files, how many new observations,
    and why the series were skipped, if they were."""
    if folder is None:
        return 0, 0, "the shared data folder was not found"
    files = shared_files(folder)
    if not files:
        return 0, 0, "no MHSDS or OAPs files in the shared data folder"
    new = 0
    for file in files:
        if is_imported(db=db, sha256=file.sha256(), org_scope=PROVIDER_ID):
            continue
        try:
            batch = file.trust_rows()
        except IngestError as exc:
            return len(files), new, f"a file could not be read ({exc})"
        new += import_metrics(db=db, batch=batch, actor=DEMO_OPERATOR).new
    return len(files), new, None
