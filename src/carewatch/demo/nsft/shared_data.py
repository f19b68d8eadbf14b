"""The worked example's real metrics: the trust's rows of public files in the shared data.

NHS England's community mental health four-week waits (MHSDS, April–September 2024) and NHS
Digital's out of area placements (October 2016 – February 2017), read with the same readers
as `carewatch import` and kept to the trust's rows (`carewatch import mhsds-4ww` adds every
other provider's). The files are found in `$CAREWATCH_SHARED_DATA`, else in `shared/data`
beside the repository; when they are absent the rest of the demo loads without them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import carewatch
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.domain.metrics import MetricBatch
from carewatch.ingest.mhsds_4ww import read_mhsds_4ww
from carewatch.ingest.oaps import read_oaps

__all__ = ["SHARED_DATA_ENV", "SharedFile", "shared_data_folder", "shared_files"]

SHARED_DATA_ENV = "CAREWATCH_SHARED_DATA"

READERS: dict[str, Callable[[Path], MetricBatch]] = {
    "mhsds-4ww": read_mhsds_4ww,
    "oaps": read_oaps,
}
"""Each kind of file by the folder it is found in, and its reader."""


def shared_data_folder() -> Path | None:
    """The shared data folder: `$CAREWATCH_SHARED_DATA`, else `shared/data` beside the
    repository; None when neither exists."""
    configured = os.environ.get(SHARED_DATA_ENV, "").strip()
    if configured:
        path = Path(configured)
        return path if path.is_dir() else None
    beside = Path(carewatch.__file__).resolve().parents[2].parent / "shared" / "data"
    return beside if beside.is_dir() else None


@dataclass(frozen=True)
class SharedFile:
    """One public file of a kind `READERS` can read."""

    path: Path
    kind: str

    def sha256(self) -> str:
        """The whole file's SHA-256, as the metrics service stores it."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def trust_rows(self) -> MetricBatch:
        """The trust's rows of the file; `IngestError` when the file cannot be read."""
        return READERS[self.kind](self.path).only(PROVIDER_ID)


def shared_files(folder: Path) -> list[SharedFile]:
    """Every file of each kind in the folder, by kind and then by name."""
    return [
        SharedFile(path, kind) for kind in READERS for path in sorted((folder / kind).glob("*.csv"))
    ]
