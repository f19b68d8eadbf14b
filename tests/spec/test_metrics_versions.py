"""What a board sees when a national file is revised: every version of an observation is
kept; each period shows its latest version published on or before the chosen date, marked
"revised" when an earlier version said something else.
"""

from __future__ import annotations

import datetime as dt

from carewatch.domain.metrics import DataKind, DataVersionRef, StoredObservation, current_series

MAY = (dt.date(2024, 5, 1), dt.date(2024, 5, 31))
JUNE = (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
FIRST = DataVersionRef(1, DataKind.MHSDS_4WW, "MayPerf.csv", "May", dt.date(2024, 7, 11), "a")
REVISED = DataVersionRef(
    2, DataKind.MHSDS_4WW, "MayPerf_v2.csv", "May v2", dt.date(2024, 8, 8), "b"
)
JUNE_FILE = DataVersionRef(3, DataKind.MHSDS_4WW, "JunPerf.csv", "Jun", dt.date(2024, 8, 8), "c")


def obs(
    period: tuple[dt.date, dt.date], value: float | None, v: DataVersionRef
) -> StoredObservation:
    return StoredObservation(*period, value, value is None, None, None, "", v)


STORED = [
    obs(MAY, 14.0, FIRST),
    obs(MAY, 15.0, REVISED),  # the revised May file changed May
    obs(JUNE, None, JUNE_FILE),  # June suppressed
]


def test_the_latest_version_is_shown_and_marked_revised() -> None:
    may, june = current_series(STORED)
    assert (may.value, may.revised, may.current.version.id) == (15.0, True, 2)
    assert [e.value for e in may.earlier] == [14.0]
    assert (june.value, june.current.suppressed, june.revised) == (None, True, False)


def test_as_published_on_a_date_shows_what_was_out_then() -> None:
    (may,) = current_series(STORED, as_published_on=dt.date(2024, 7, 31))
    assert (may.value, may.revised, may.earlier) == (14.0, False, ())
    assert current_series(STORED, as_published_on=dt.date(2024, 7, 10)) == ()


def test_a_republished_identical_value_is_not_a_revision() -> None:
    same = [obs(MAY, 14.0, FIRST), obs(MAY, 14.0, REVISED)]
    (may,) = current_series(same)
    assert may.revised is False
    assert len(may.earlier) == 1


def test_versions_published_the_same_day_are_ordered_by_when_they_were_stored() -> None:
    later = DataVersionRef(9, DataKind.METRIC_CSV, "b.csv", "", FIRST.published_on, "d")
    (may,) = current_series([obs(MAY, 20.0, later), obs(MAY, 14.0, FIRST)])
    assert may.value == 20.0


def test_a_version_whose_publication_date_is_unknown_counts_from_the_day_it_was_imported() -> None:
    # Imported on 1 September 2024 from a file that did not say when it was published.
    undated = DataVersionRef(
        4, DataKind.MHSDS_4WW, "MayPerf_v3.csv", "May v3", None, "e", dt.date(2024, 9, 1)
    )
    stored = [*STORED, obs(MAY, 16.0, undated)]
    assert current_series(stored, as_published_on=dt.date(2024, 8, 31))[0].value == 15.0
    assert current_series(stored, as_published_on=dt.date(2024, 9, 1))[0].value == 16.0
    (may, _) = current_series(stored)
    assert (may.value, may.current.version.published_on) == (16.0, None)
