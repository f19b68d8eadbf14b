"""The fixed split: the same labels always split the same way, every comment in exactly one
part, and each label's share of the test part close to the share asked for."""

from __future__ import annotations

import numpy as np
import pytest

from carewatch.textmining.split import stratified_split


def labels() -> np.ndarray:
    rng = np.random.default_rng(7)
    # 1,000 comments, 12 labels from common (about 40 %) to rare (about 1 %).
    rates = np.geomspace(0.4, 0.01, 12)
    return rng.random((1000, 12)) < rates


def test_the_same_labels_and_seed_split_the_same_way() -> None:
    a_kept, a_test = stratified_split(labels(), 0.2, seed=3)
    b_kept, b_test = stratified_split(labels(), 0.2, seed=3)
    assert np.array_equal(a_kept, b_kept)
    assert np.array_equal(a_test, b_test)
    c_kept, _c_test = stratified_split(labels(), 0.2, seed=4)
    assert not np.array_equal(a_kept, c_kept)


def test_every_comment_is_in_exactly_one_part() -> None:
    kept, test = stratified_split(labels(), 0.2, seed=3)
    assert sorted([*kept, *test]) == list(range(1000))
    assert len(test) == 200


def test_each_label_keeps_its_share_in_the_test_part() -> None:
    y = labels()
    _kept, test = stratified_split(y, 0.2, seed=3)
    for j in range(y.shape[1]):
        expected = 0.2 * y[:, j].sum()
        assert abs(y[test, j].sum() - expected) <= 1.0, j


def test_a_share_outside_zero_and_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        stratified_split(labels(), 1.0)
