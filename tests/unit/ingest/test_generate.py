"""The benchmark's national-register file generator, at a small scale."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bench.actor import BENCH
from bench.generate import DOMAINS, generate_latest_ratings, main

from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.services.ratings import import_batch
from carewatch.services.ratings.queries import list_trusts
from carewatch.store.database import connect
from carewatch.store.migrate import migrate

GP_GROUP = "Older people"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_generated_file_has_the_register_shape(tmp_path: Path, fmt: str) -> None:
    path = generate_latest_ratings(tmp_path / f"national.{fmt}", scale=0.01, fmt=fmt)
    [batch] = read_cqc_ratings(path)
    categories = Counter(loc.primary_inspection_category for loc in batch.locations)
    # 1% of 40,200 care homes, 26,900 home care agencies and 6,400 GP practices
    assert categories["Residential social care"] == 402
    assert categories["Community based adult social care services"] == 269
    assert categories["GP Practices"] == 64
    assert {r.aspect.label for r in batch.ratings} == set(DOMAINS)
    # a GP practice's population groups are rated on effective and responsive, and overall
    group_aspects = {r.aspect.label for r in batch.ratings if r.service == GP_GROUP}
    assert group_aspects == {"Effective", "Responsive", "Overall"}
    trusts = {p.provider_id for p in batch.providers if p.trust_type is not None}
    if fmt == "csv":
        assert not trusts  # a CSV is the Locations sheet only: no provider's type
        assert all(r.location_id is not None for r in batch.ratings)
    else:  # one trust of each of the five types, rated on the Providers sheet
        assert len(trusts) == 5
        assert {p.trust_type for p in batch.providers if p.trust_type} == {
            "acute",
            "acute_specialist",
            "mental_health",
            "community",
            "ambulance",
        }
        assert any(r.location_id is None and r.service is not None for r in batch.ratings)


def test_imported_file_has_the_trusts_the_site_counts(tmp_path: Path) -> None:
    path = generate_latest_ratings(tmp_path / "national.ods", scale=0.01, fmt="ods")
    db = connect(f"sqlite:///{tmp_path / 'bench.db'}")
    migrate(db)
    [batch] = read_cqc_ratings(path)
    import_batch(db=db, batch=batch, actor=BENCH)
    assert list_trusts(db=db, limit=1).count == 5
    assert list_trusts(db=db, trust_type="acute", limit=1).count == 1
    db.dispose()


def test_same_seed_same_file(tmp_path: Path) -> None:
    first = generate_latest_ratings(tmp_path / "a.csv", scale=0.005, fmt="csv")
    second = generate_latest_ratings(tmp_path / "b.csv", scale=0.005, fmt="csv")
    other = generate_latest_ratings(tmp_path / "c.csv", scale=0.005, fmt="csv", seed=1)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "n.ods"), "--scale", "0.001"]) == 0
    out = capsys.readouterr().out
    assert "(5 NHS trusts, " in out
    [batch] = read_cqc_ratings(tmp_path / "n.ods")
    assert f"wrote {len(batch.ratings)} rows" in out
    with pytest.raises(ValueError, match="fmt must be one of"):
        generate_latest_ratings(tmp_path / "n.txt", scale=0.001, fmt="txt")
    with pytest.raises(ValueError, match="scale must be more than 0"):
        generate_latest_ratings(tmp_path / "n.csv", scale=0, fmt="csv")
