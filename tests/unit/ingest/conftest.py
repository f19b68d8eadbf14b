"""Where the ingest tests find real CQC data: <repo root>/../shared/data, never copied in."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
OLDHAM = REPO_ROOT.parent / "shared" / "data" / "cqc-api-oldham" / "location_details"


@pytest.fixture
def oldham() -> Path:
    """The folder of 16 real CQC API location records (Oldham, March 2025)."""
    if not OLDHAM.is_dir():
        pytest.skip("real CQC API data not found at ../shared/data/cqc-api-oldham/location_details")
    return OLDHAM
