"""Measuring the classifier on the fixed split of the labelled file, beside a plain baseline
measured in the same run.

The file is split once (`carewatch.textmining.split`: 80 % kept, 20 % test, stratified on the
themes and the sentiment). The model is trained on the 80 % exactly as `train` trains the
model that ships (its thresholds tuned within that 80 %), and measured on the 20 %. The
baseline, trained on the same 80 %, is the one the issue measured: TF-IDF word 1-2-grams
(min_df 2, sublinear) with a one-vs-rest `LinearSVC(C=0.5, class_weight="balanced")` for the
themes, and with `LogisticRegression(C=4, class_weight="balanced")` for the sentiment.

Figures:

- themes: F1 of each theme with support (its test comments) and its examples in the whole
  file; macro-F1 over the themes with any test support, and over those with at least
  `FREQUENT` examples in the file; micro-F1;
- sentiment, on the test comments that have one: macro-F1 of the five-point scale and of the
  three-way view (positive 1-2, mixed 3, negative 4-5), accuracy of each, and the recall of
  the most negative class (5).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support, recall_score
from sklearn.svm import LinearSVC

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining.classifier import SCALE_TO_SENTIMENT, Model, Prediction
from carewatch.textmining.data import LabelledComment, LabelledData
from carewatch.textmining.features import clean
from carewatch.textmining.split import SEED, TEST_SHARE, stratified_split
from carewatch.textmining.train import Progress, label_matrix, train

__all__ = ["FREQUENT", "Evaluation", "Figures", "ThemeResult", "evaluate", "split_labels"]

FREQUENT = 50


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    examples: int  # in the whole file
    support: int  # in the test part
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Figures:
    """One method's figures on the test part."""

    themes_macro_f1: float  # over themes with test support
    themes_macro_f1_frequent: float  # over those with >= FREQUENT examples in the file
    themes_micro_f1: float
    themes_with_support: int
    themes_frequent: int
    sentiment_macro_f1_five: float
    sentiment_macro_f1_three: float
    sentiment_accuracy_five: float
    sentiment_accuracy_three: float
    very_negative_recall: float
    train_seconds: float
    per_theme: tuple[ThemeResult, ...]


@dataclass(frozen=True)
class Evaluation:
    data_sha256: str
    comments: int
    train_comments: int
    test_comments: int
    sentiment_test_comments: int
    seed: int
    test_share: float
    model: Figures
    baseline: Figures
    model_version: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def split_labels(comments: Sequence[LabelledComment]) -> npt.NDArray[np.bool_]:
    """What the split stratifies on: the themes, and the five sentiment classes."""
    sentiment = np.zeros((len(comments), 5), dtype=bool)
    for i, c in enumerate(comments):
        if c.sentiment is not None:
            sentiment[i, c.sentiment - 1] = True
    return np.hstack([label_matrix(comments), sentiment])


def evaluate(data: LabelledData, *, progress: Progress | None = None) -> Evaluation:
    """Split `data`, train the model and the baseline on 80 %, measure both on 20 %."""
    say = progress or (lambda _message: None)
    kept, test = stratified_split(split_labels(data.comments), TEST_SHARE, SEED)
    train_part, test_part = data.subset(kept), data.subset(test)
    y_all = label_matrix(data.comments)
    examples = y_all.sum(axis=0)
    y_test = y_all[test]
    sentiment_test = np.array([c.sentiment or 0 for c in test_part.comments])

    started = time.perf_counter()
    model = train(train_part, progress=say)
    model_seconds = time.perf_counter() - started
    say("measuring the model on the test part")
    predictions = _classify_in_batches(model, test_part.comments)
    theme_index = {name: j for j, name in enumerate(THEME_NAMES)}
    predicted = np.zeros_like(y_test)
    for i, p in enumerate(predictions):
        for score in p.themes:
            predicted[i, theme_index[score.theme]] = True
    scale = np.array([p.sentiment_scale for p in predictions])
    model_figures = _figures(y_test, predicted, examples, sentiment_test, scale, model_seconds)

    say("baseline")
    started = time.perf_counter()
    base_themes, base_scale = _baseline(train_part.comments, test_part.comments)
    base_seconds = time.perf_counter() - started
    base_figures = _figures(y_test, base_themes, examples, sentiment_test, base_scale, base_seconds)
    return Evaluation(
        data_sha256=data.sha256,
        comments=len(data),
        train_comments=len(kept),
        test_comments=len(test),
        sentiment_test_comments=int((sentiment_test > 0).sum()),
        seed=SEED,
        test_share=TEST_SHARE,
        model=model_figures,
        baseline=base_figures,
        model_version=model.version,
    )


def _classify_in_batches(model: Model, comments: Sequence[LabelledComment]) -> list[Prediction]:
    return model.classify([c.text for c in comments], [c.question for c in comments])


def _baseline(
    train_comments: Sequence[LabelledComment], test_comments: Sequence[LabelledComment]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int_]]:
    def vectorizer() -> TfidfVectorizer:
        return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)

    train_text = [clean(c.text) for c in train_comments]
    test_text = [clean(c.text) for c in test_comments]
    y = label_matrix(train_comments)
    words = vectorizer().fit(train_text)
    x_train, x_test = words.transform(train_text), words.transform(test_text)
    themes = np.zeros((len(test_comments), len(THEME_NAMES)), dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for j in range(len(THEME_NAMES)):
            if y[:, j].any():
                svm = LinearSVC(C=0.5, class_weight="balanced", random_state=SEED)
                themes[:, j] = svm.fit(x_train, y[:, j]).decision_function(x_test) > 0
        rows = [i for i, c in enumerate(train_comments) if c.sentiment is not None]
        text = [train_text[i] for i in rows]
        sentiment_words = vectorizer().fit(text)
        logistic = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000)
        logistic.fit(sentiment_words.transform(text), [train_comments[i].sentiment for i in rows])
    return themes, logistic.predict(sentiment_words.transform(test_text))


def _figures(
    y: npt.NDArray[np.bool_],
    predicted: npt.NDArray[np.bool_],
    examples: npt.NDArray[np.int_],
    sentiment: npt.NDArray[np.int_],
    scale: npt.NDArray[np.int_],
    seconds: float,
) -> Figures:
    precision, recall, f1, support = precision_recall_fscore_support(
        y, predicted, average=None, zero_division=0
    )
    supported = support > 0
    frequent = supported & (examples >= FREQUENT)
    per_theme = tuple(
        ThemeResult(
            theme=THEME_NAMES[j],
            examples=int(examples[j]),
            support=int(support[j]),
            precision=round(float(precision[j]), 4),
            recall=round(float(recall[j]), 4),
            f1=round(float(f1[j]), 4),
        )
        for j in np.argsort(-support, kind="stable")
        if supported[j]
    )
    rated = sentiment > 0
    truth, guess = sentiment[rated], scale[rated]
    truth3 = np.array([SCALE_TO_SENTIMENT[int(s)] for s in truth])
    guess3 = np.array([SCALE_TO_SENTIMENT[int(s)] for s in guess])
    return Figures(
        themes_macro_f1=round(float(f1[supported].mean()), 4),
        themes_macro_f1_frequent=round(float(f1[frequent].mean()), 4),
        themes_micro_f1=round(float(f1_score(y, predicted, average="micro")), 4),
        themes_with_support=int(supported.sum()),
        themes_frequent=int(frequent.sum()),
        sentiment_macro_f1_five=round(float(f1_score(truth, guess, average="macro")), 4),
        sentiment_macro_f1_three=round(float(f1_score(truth3, guess3, average="macro")), 4),
        sentiment_accuracy_five=round(float(np.mean(truth == guess)), 4),
        sentiment_accuracy_three=round(float(np.mean(truth3 == guess3)), 4),
        very_negative_recall=round(
            float(recall_score(truth, guess, labels=[5], average=None)[0]), 4
        ),
        train_seconds=round(seconds, 1),
        per_theme=per_theme,
    )
