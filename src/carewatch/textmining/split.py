"""The fixed split of the labelled comments: which are learnt from and which are kept back.

A comment has several themes, so no split keeps every theme's share exactly; iterative
stratification (Sechidis, Tsoumakas and Vlahavas, "On the stratification of multi-label
data", ECML PKDD 2011) keeps each close. It deals out the comments of the rarest label still
to deal, one at a time, each to the part that most lacks that label (ties: the part that most
lacks comments, then a seeded coin), and repeats with the next rarest. The labels are a
comment's themes and its sentiment class, so the sentiment's five classes are stratified too.
Comments with no label at all go to whichever part most lacks comments.

The test part is `TEST_SHARE` of the file, drawn with `SEED`: the same file always splits
the same way, and the model that ships is trained on every comment.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["SEED", "TEST_SHARE", "stratified_split"]

SEED = 20230831
TEST_SHARE = 0.2


def stratified_split(
    labels: npt.NDArray[np.bool_], test_share: float = TEST_SHARE, seed: int = SEED
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The rows of `labels` (comments × labels, True where a comment has a label) split
    into (kept, test) index arrays, each ascending, by iterative stratification.

    >>> labels = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1]] * 4, dtype=bool)
    >>> kept, test = stratified_split(labels, 0.25, seed=1)
    >>> len(kept) + len(test), labels[test].sum(axis=0).tolist()
    (20, [3, 3])
    """
    if not 0.0 < test_share < 1.0:
        raise ValueError(f"test_share must be between 0 and 1, not {test_share}")
    rng = np.random.default_rng(seed)
    n = labels.shape[0]
    shares = np.array([1.0 - test_share, test_share])
    wanted_rows = shares * n
    wanted_labels = np.outer(shares, labels.sum(axis=0))
    part = np.full(n, -1)
    order = rng.permutation(n)
    left = np.ones(n, dtype=bool)
    while left.any():
        counts = labels[left].sum(axis=0).astype(float)
        if not counts.any():
            for i in order[left[order]]:
                p = int(np.argmax(wanted_rows))
                part[i] = p
                wanted_rows[p] -= 1
            break
        counts[counts == 0] = np.inf
        rarest = int(np.argmin(counts))
        for i in order[left[order] & labels[order, rarest]]:
            p = _neediest(wanted_labels[:, rarest], wanted_rows, rng)
            part[i] = p
            left[i] = False
            wanted_labels[p] -= labels[i]
            wanted_rows[p] -= 1
    return np.flatnonzero(part == 0), np.flatnonzero(part == 1)


def _neediest(
    label_need: npt.NDArray[np.float64],
    row_need: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> int:
    best = np.flatnonzero(label_need == label_need.max())
    if len(best) > 1:
        best = best[row_need[best] == row_need[best].max()]
    return int(best[0]) if len(best) == 1 else int(rng.choice(best))
