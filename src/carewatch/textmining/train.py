"""Training the classifier from labelled comments, the same way for the model that ships (all
of the public file) and for the one the evaluation measures (its 80 %).

Themes, for each theme with at least `MIN_EXAMPLES` comments:

1. a linear SVM (`LinearSVC(C=0.5)`) on the TF-IDF features and the question type, trained
   `FOLDS` times on three quarters of the comments and scored on the quarter left out, so
   every comment gets a score from a model that never saw it. No class weights: the tuned
   threshold does that work for a rare theme, and weighting measured worse and three times
   slower;
2. from those scores, the theme's sigmoid (Platt scaling: a logistic regression of the label
   on the score) and its threshold: halfway between the probability that maximises the
   theme's own F1 and the one common threshold that maximises the macro-F1 of all themes
   (a rare theme's own best is noisy; halfway measured best, docs/feedback-model-card.md);
3. the SVM trained again on every comment, keeping that sigmoid and threshold.

The thresholds are tuned only on the comments given to `train`: in the evaluation, on the
80 % part, never on the 20 % it reports on. A theme with fewer examples is not learnt and
never predicted.

Sentiment: a multinomial logistic regression (`C=0.5`, balanced classes) over the five-point
scale, on the comments that have one, with the features repeated once per question type.

Every step is seeded, and the SVMs run one at a time (see `_theme_models`), so the same data
gives the same model, version and all.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining.classifier import Model
from carewatch.textmining.data import LabelledComment, LabelledData
from carewatch.textmining.features import TextFeatures, fit_features
from carewatch.textmining.questions import QUESTION_TYPES
from carewatch.textmining.split import SEED

__all__ = [
    "FOLDS",
    "MIN_EXAMPLES",
    "SENTIMENT_C",
    "SVM_C",
    "best_threshold",
    "label_matrix",
    "question_matrix",
    "train",
]

MIN_EXAMPLES = 5
FOLDS = 4
SVM_C = 0.5
SENTIMENT_C = 0.5
_THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)

Progress = Callable[[str], None]


def label_matrix(comments: Sequence[LabelledComment]) -> npt.NDArray[np.bool_]:
    """Comments × the framework's themes (in `THEME_NAMES` order), True where labelled."""
    index = {name: j for j, name in enumerate(THEME_NAMES)}
    y = np.zeros((len(comments), len(THEME_NAMES)), dtype=bool)
    for i, c in enumerate(comments):
        for name in c.themes:
            y[i, index[name]] = True
    return y


def question_matrix(types: Sequence[str]) -> sp.csr_matrix:
    """One column a question type, 1 in the comment's."""
    index = {t: j for j, t in enumerate(QUESTION_TYPES)}
    rows = np.arange(len(types))
    cols = np.array([index[t] for t in types], dtype=np.intp)
    return sp.csr_matrix(
        (np.ones(len(types)), (rows, cols)), shape=(len(types), len(QUESTION_TYPES))
    )


def sentiment_design(x: sp.csr_matrix, types: Sequence[str]) -> sp.csr_matrix:
    """The features once as they are and once more for each question type (zero unless the
    comment answers a question of that type)."""
    blocks = [x]
    for t in QUESTION_TYPES:
        mask = np.array([q == t for q in types], dtype=np.float64)
        blocks.append(sp.diags(mask) @ x)
    return sp.hstack(blocks, format="csr")


def best_threshold(p: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> float:
    """The probability at or above which predicting the label gives the best F1 on these
    comments (the highest such cut on a tie); 0.5 when none is labelled.

    >>> best_threshold(np.array([0.9, 0.8, 0.3, 0.2]), np.array([True, True, False, True]))
    0.2
    >>> best_threshold(np.array([0.9, 0.8, 0.3, 0.2]), np.array([True, True, False, False]))
    0.8
    """
    if not y.any():
        return 0.5
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    predicted = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (predicted + ys.sum())
    last_of_run = np.r_[ps[1:] != ps[:-1], True]
    candidates = np.flatnonzero(last_of_run)
    best = candidates[np.argmax(f1[candidates])]
    return float(ps[best])


def _macro_f1_at(p: npt.NDArray[np.float64], y: npt.NDArray[np.bool_], cut: float) -> float:
    predicted = p >= cut
    tp = (predicted & y).sum(axis=0)
    denominator = predicted.sum(axis=0) + y.sum(axis=0)
    return float(np.mean(np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)))


def _svm(seed: int) -> LinearSVC:
    return LinearSVC(C=SVM_C, random_state=seed)


def _fit_svm(
    x: sp.csr_matrix, y: npt.NDArray[np.bool_], seed: int
) -> tuple[npt.NDArray[np.float64], float]:
    model = _svm(seed).fit(x, y)
    return model.coef_[0], float(model.intercept_[0])


def _platt(scores: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> tuple[float, float]:
    fit = LogisticRegression(C=100.0).fit(scores[:, None], y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def _theme_models(
    x: sp.csr_matrix, y: npt.NDArray[np.bool_], seed: int, say: Progress
) -> dict[str, npt.NDArray[np.float64]]:
    n, k = y.shape
    folds = list(KFold(FOLDS, shuffle=True, random_state=seed).split(np.arange(n)))
    say(f"themes: {FOLDS} folds of {k} themes")
    # One fit at a time: liblinear shuffles with the C library's one random generator, so
    # two fits side by side would draw from it in an order that changes from run to run.
    held_out = np.full((n, k), -1.0)
    for fit_rows, score_rows in folds:
        x_fit, y_fit, x_score = x[fit_rows], y[fit_rows], x[score_rows]
        for j in range(k):
            if y_fit[:, j].any():
                coef, intercept = _fit_svm(x_fit, y_fit[:, j], seed)
                held_out[score_rows, j] = x_score @ coef + intercept
    slopes, intercepts = np.zeros(k), np.zeros(k)
    for j in range(k):
        slopes[j], intercepts[j] = _platt(held_out[:, j], y[:, j])
    p = 1.0 / (1.0 + np.exp(-(slopes * held_out + intercepts)))
    common = float(max(_THRESHOLD_GRID, key=lambda c: _macro_f1_at(p, y, float(c))))
    thresholds = np.array([(best_threshold(p[:, j], y[:, j]) + common) / 2 for j in range(k)])
    say("themes: every comment")
    weights = np.zeros((k, x.shape[1]))
    bias = np.zeros(k)
    for j in range(k):
        weights[j], bias[j] = _fit_svm(x, y[:, j], seed)
    return {
        "weights": weights,
        "bias": bias,
        "slopes": slopes,
        "intercepts": intercepts,
        "thresholds": thresholds,
        "common_threshold": np.array([common]),
    }


def train(data: LabelledData, *, seed: int = SEED, progress: Progress | None = None) -> Model:
    """A model trained on every comment of `data` (see the module's docstring)."""
    say = progress or (lambda _message: None)
    comments = data.comments
    texts = [c.text for c in comments]
    types = [c.question_type for c in comments]
    say(f"features: {len(comments)} comments")
    features = fit_features(texts)
    x = features.transform(texts)
    y_all = label_matrix(comments)
    learnt = [j for j in range(len(THEME_NAMES)) if y_all[:, j].sum() >= MIN_EXAMPLES]
    x_themes = sp.hstack([x, question_matrix(types)], format="csr")
    with warnings.catch_warnings(), ThreadPoolExecutor(1) as beside:
        # The iteration caps are fixed, so a model that stops at one is still reproducible.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # The sentiment's logistic regression (no randomness in it) runs on a second thread
        # while the themes' SVMs run on this one: on two cores, training takes half as long.
        sentiment_fit = beside.submit(_sentiment_model, features, x, comments, types)
        t = _theme_models(x_themes, y_all[:, learnt], seed, say)
        say("sentiment")
        sentiment = sentiment_fit.result()
    f = features.size
    return Model(
        features=features,
        themes=[THEME_NAMES[j] for j in learnt],
        theme_weights=t["weights"][:, :f],
        theme_question_weights=t["weights"][:, f:],
        theme_intercepts=t["bias"],
        sigmoid_slopes=t["slopes"],
        sigmoid_intercepts=t["intercepts"],
        thresholds=t["thresholds"],
        sentiment_weights=sentiment["weights"],
        sentiment_intercepts=sentiment["intercepts"],
        data_sha256=data.sha256,
        trained=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        facts={
            "data_source": data.source,
            "comments": len(comments),
            "sentiment_comments": int(sentiment["rows"]),
            "seed": seed,
            "scikit_learn": sklearn.__version__,
            "method": {
                "features": "TF-IDF word 1-2-grams and char_wb 2-5-grams, min_df 2, sublinear",
                "themes": f"LinearSVC(C={SVM_C}) per theme, Platt scaling and "
                f"thresholds from {FOLDS}-fold held-out scores",
                "sentiment": f"multinomial LogisticRegression(C={SENTIMENT_C}, balanced), "
                "features repeated per question type",
                "min_examples": MIN_EXAMPLES,
                "common_threshold": float(t["common_threshold"][0]),
            },
            "not_learnt": [
                {"theme": THEME_NAMES[j], "examples": int(y_all[:, j].sum())}
                for j in range(len(THEME_NAMES))
                if j not in learnt
            ],
        },
    )


def _sentiment_model(
    features: TextFeatures,
    x: sp.csr_matrix,
    comments: Sequence[LabelledComment],
    types: Sequence[str],
) -> dict[str, Any]:
    rows = [i for i, c in enumerate(comments) if c.sentiment is not None]
    labels = np.array([comments[i].sentiment for i in rows])
    design = sentiment_design(x[rows], [types[i] for i in rows])
    fit = LogisticRegression(C=SENTIMENT_C, class_weight="balanced", max_iter=3000).fit(
        design, labels
    )
    if list(fit.classes_) != [1, 2, 3, 4, 5]:
        raise ValueError(f"the sentiment needs all five points, not {list(fit.classes_)}")
    blocks = 1 + len(QUESTION_TYPES)
    return {
        "weights": fit.coef_.reshape(5, blocks, features.size),
        "intercepts": fit.intercept_,
        "rows": len(rows),
    }
