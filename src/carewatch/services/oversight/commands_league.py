"""The import of NHS Oversight Framework segmentation: what NHS England published each
quarter, one row per trust and quarter, with the file it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.oversight.league import Quarter, SegmentationEntry
from carewatch.ingest.nof_segmentation import SegmentationFile
from carewatch.services import audit
from carewatch.services._db import import_transaction, log_event, upsert
from carewatch.services.oversight.models import SegmentationImport
from carewatch.store.database import Database
from carewatch.store.tables.core import IMPORTS
from carewatch.store.tables.league import NOF_SEGMENTATION

__all__ = ["import_segmentation"]

_KEY = ("provider_id", "quarter_year", "quarter_number")

_COMPARED = (
    "trust_name",
    "peer_group",
    "segment",
    "average_metric_score",
    "financial_override",
    "published_position",
)


def import_segmentation(
    *, db: Database, actor: Actor, file: SegmentationFile, now: dt.datetime | None = None
) -> SegmentationImport:
    """Store a file's entries in one transaction, keyed by trust and quarter. The same file
    again changes nothing; a revised file replaces the entries it revises and says how many.

    Needs `import_statistics` (a national file: the permission in general). An import that
    stored something appends one `oversight.segmentation_import` audit event (the import's
    log id, its counts and the file's SHA-256); the same file again appends none."""
    require(actor, Permission.IMPORT_STATISTICS)
    stamp = now or dt.datetime.now(dt.UTC)
    new = changed = 0
    t = NOF_SEGMENTATION
    with import_transaction(db) as conn:
        existing = _existing(conn, file.entries)
        for entry in file.entries:
            values = _values(entry)
            stored = existing.get((entry.provider_id, entry.quarter))
            source = {"file_name": file.file_name, "file_sha256": file.sha256}
            if stored is None:
                new += 1
            elif any(stored[k] != values[k] for k in _COMPARED):
                changed += 1
            else:
                continue
            # A writer importing the same file at the same moment may have stored the row
            # since it was read: the upsert takes its place either way.
            upsert(
                conn,
                t,
                {k: values[k] for k in _KEY},
                {
                    **{k: v for k, v in values.items() if k not in _KEY},
                    **source,
                    "imported_at": stamp,
                },
                returning=None,
            )
        import_id = conn.execute(
            insert(IMPORTS)
            .returning(IMPORTS.c.id)
            .values(
                source=file.file_name[:500],
                kind="nof-segmentation",
                sha256=file.sha256,
                imported_at=stamp,
                rows_read=len(file.entries),
                rows_new=new,
                rows_changed=changed,
            )
        ).scalar_one()
        if new or changed:
            audit.append(
                conn, actor, "oversight.segmentation_import", "import", import_id,
                {"sha256": file.sha256, "rows": len(file.entries), "new": new,
                 "changed": changed},
            )  # fmt: skip
    log_event(
        "oversight.segmentation_import",
        file_sha256=file.sha256,
        rows=len(file.entries),
        new=new,
        changed=changed,
    )
    return SegmentationImport(
        file.file_name, len(file.entries), new, changed, len(file.entries) - new - changed
    )


def _values(entry: SegmentationEntry) -> dict[str, Any]:
    return {
        "provider_id": entry.provider_id,
        "trust_name": entry.trust_name,
        "peer_group": entry.peer_group,
        "quarter_year": entry.quarter.year,
        "quarter_number": entry.quarter.number,
        "segment": entry.segment,
        "average_metric_score": entry.average_metric_score,
        "financial_override": entry.financial_override,
        "published_position": entry.published_position,
    }


def _existing(
    conn: Connection, entries: Sequence[SegmentationEntry]
) -> dict[tuple[str, Quarter], dict[str, Any]]:
    t = NOF_SEGMENTATION
    quarters = {e.quarter for e in entries}
    found: dict[tuple[str, Quarter], dict[str, Any]] = {}
    for quarter in quarters:
        rows = conn.execute(
            select(t).where(t.c.quarter_year == quarter.year, t.c.quarter_number == quarter.number)
        ).mappings()
        for row in rows:
            found[(row["provider_id"], quarter)] = dict(row)
    return found
