"""The benchmark's national-scale file generator, at a small scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.generate import DOMAINS, generate_latest_ratings, main

from carewatch.ingest.cqc_ratings import read_cqc_ratings


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_generated_file_has_exactly_the_rows_asked_for(tmp_path: Path, fmt: str) -> None:
    path = generate_latest_ratings(tmp_path / f"national.{fmt}", rows=1_000, fmt=fmt)
    [batch] = read_cqc_ratings(path)
    assert len(batch.ratings) == 1_000
    assert {r.aspect.label for r in batch.ratings} == set(DOMAINS)
    assert len(batch.locations) > 10
    if fmt != "csv":
        assert any(r.location_id is None for r in batch.ratings)  # a Providers sheet too


def test_same_seed_same_ratings(tmp_path: Path) -> None:
    first = generate_latest_ratings(tmp_path / "a.csv", rows=500, fmt="csv")
    second = generate_latest_ratings(tmp_path / "b.csv", rows=500, fmt="csv")
    other = generate_latest_ratings(tmp_path / "c.csv", rows=500, fmt="csv", seed=1)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "n.csv"), "--rows", "60"]) == 0
    assert "wrote 60 rows" in capsys.readouterr().out
    with pytest.raises(ValueError, match="fmt must be one of"):
        generate_latest_ratings(tmp_path / "n.txt", rows=6, fmt="txt")
