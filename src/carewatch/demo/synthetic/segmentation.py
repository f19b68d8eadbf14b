"""Made-up NHS Oversight Framework segmentation for the synthetic trusts, so the league table
can be seen. Nothing here is NHS England's: NSFT's own published segmentation is not part of
the worked example (it was not available from the sources the example is built on).

Two quarters of the 2025/26 framework for the six synthetic mental health trusts, in the
"Non-acute" peer group. One trust is published in segment 2 in Q1 while marked in deficit,
which the financial override forbids: the league table and the trust's page show the check.
"""

from __future__ import annotations

import hashlib

from carewatch.demo.synthetic.trusts import TRUSTS
from carewatch.domain.oversight.league import Quarter, SegmentationEntry
from carewatch.ingest.nof_segmentation import SegmentationFile

__all__ = ["FILE_NAME", "SEGMENTATION"]

FILE_NAME = "synthetic-nof-segmentation-2025-26.csv"
PEER_GROUP = "Non-acute"

# provider, quarter, segment, average metric score, financial override, published position
_ROWS = (
    ("SYN01", 1, 1, 1.85, False, 2),
    ("SYN02", 1, 2, 2.30, False, 4),
    ("SYN03", 1, 1, 1.70, False, 1),
    ("SYN04", 1, 3, 2.75, True, 5),
    ("SYN05", 1, 2, 2.25, True, 3),
    ("SYN06", 1, 4, 3.10, False, 6),
    ("SYN01", 2, 1, 1.80, False, 1),
    ("SYN02", 2, 2, 2.20, False, 3),
    ("SYN03", 2, 2, 2.05, False, 2),
    ("SYN04", 2, 3, 2.70, True, 5),
    ("SYN05", 2, 3, 2.40, True, 4),
    ("SYN06", 2, 4, 3.20, False, 6),
)


def _segmentation() -> SegmentationFile:
    names = {trust.provider_id: trust.name for trust in TRUSTS}
    entries = tuple(
        SegmentationEntry(
            provider_id=code,
            trust_name=names[code],
            peer_group=PEER_GROUP,
            quarter=Quarter(2025, quarter),
            segment=segment,
            average_metric_score=score,
            financial_override=override,
            published_position=position,
        )
        for code, quarter, segment, score, override, position in _ROWS
    )
    fingerprint = hashlib.sha256(repr(entries).encode()).hexdigest()
    return SegmentationFile(FILE_NAME, fingerprint, entries)


SEGMENTATION = _segmentation()
"""The synthetic file, as a segmentation reader would hand it to the import service."""
