"""The trained classifier: what it predicts for a comment, and its artefact on disk.

A comment's themes: one linear score a theme (a linear SVM on the TF-IDF features and the FFT
question's type), made a probability by that theme's sigmoid (Platt scaling, fitted to scores
of comments the SVM had not seen), and predicted when the probability reaches that theme's
threshold. A blank comment gets the framework's "Labelling not possible" and nothing else,
as pxtextmining does.

Its sentiment: a multinomial logistic regression over the five-point scale (1 very positive ..
5 very negative, mixed 3), on the same TF-IDF features repeated once for each question type
(so "nothing" can weigh one way under "What could we do better?" and the other under "What
was good?"). The scale given is the likeliest point; the three-way view is that point's
(positive 1-2, mixed 3, negative 4-5), with the probability of its points together. (Choosing
the view first, by the summed probabilities, and the point within it measured worse on both
scales.)

The artefact is a folder of three files, none of them pickle (docs/adr/0013):
`model.json` (what was trained on what, each theme's sigmoid and threshold, the sha256 of the
other two files), `vocabulary.json` (the n-grams) and `weights.npz` (numpy arrays, read with
`allow_pickle=False`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from carewatch.domain.feedback.framework import LABELLING_NOT_POSSIBLE
from carewatch.textmining.features import TextFeatures
from carewatch.textmining.questions import QUESTION_TYPES, question_type

__all__ = [
    "ARTEFACT_FORMAT",
    "BUILT_MODEL",
    "SCALE_TO_SENTIMENT",
    "SENTIMENTS",
    "Model",
    "ModelNotBuilt",
    "Prediction",
    "ThemeScore",
    "load_model",
]

#: Where `make model` (`carewatch feedback train`) writes the artefact: inside the package.
BUILT_MODEL = Path(__file__).resolve().parent / "model"
ARTEFACT_FORMAT = 1
SENTIMENTS = ("positive", "mixed", "negative")
#: The three-way view of each point of the five-point scale.
SCALE_TO_SENTIMENT = {1: "positive", 2: "positive", 3: "mixed", 4: "negative", 5: "negative"}

_META = "model.json"
_VOCABULARY = "vocabulary.json"
_WEIGHTS = "weights.npz"
_GROUPS = np.array([0, 0, 1, 2, 2])  # scale index -> three-way index


class ModelNotBuilt(Exception):
    """The artefact is missing or unreadable; the message says how to build it."""


@dataclass(frozen=True)
class ThemeScore:
    """A theme predicted for a comment, with the probability the model gives it."""

    theme: str
    probability: float


@dataclass(frozen=True)
class Prediction:
    """What the model says of one comment."""

    themes: tuple[ThemeScore, ...]  # above each theme's tuned threshold, most probable first
    sentiment: str  # "positive" | "mixed" | "negative" (three-way view)
    sentiment_probability: float
    sentiment_scale: int  # 1 very positive .. 5 very negative (mixed = 3)
    sentiment_scale_probability: float


class Model:
    """A trained classifier. Build one with `carewatch.textmining.train.train`, keep it with
    `save`, get it back with `load_model`."""

    def __init__(
        self,
        *,
        features: TextFeatures,
        themes: Sequence[str],
        theme_weights: npt.NDArray[np.floating[Any]],
        theme_question_weights: npt.NDArray[np.floating[Any]],
        theme_intercepts: npt.NDArray[np.floating[Any]],
        sigmoid_slopes: npt.NDArray[np.floating[Any]],
        sigmoid_intercepts: npt.NDArray[np.floating[Any]],
        thresholds: npt.NDArray[np.floating[Any]],
        sentiment_weights: npt.NDArray[np.floating[Any]],
        sentiment_intercepts: npt.NDArray[np.floating[Any]],
        data_sha256: str,
        trained: str,
        facts: dict[str, Any],
    ) -> None:
        k, f = len(themes), features.size
        shapes = {
            "theme_weights": (theme_weights.shape, (k, f)),
            "theme_question_weights": (theme_question_weights.shape, (k, len(QUESTION_TYPES))),
            "theme_intercepts": (theme_intercepts.shape, (k,)),
            "sigmoid_slopes": (sigmoid_slopes.shape, (k,)),
            "sigmoid_intercepts": (sigmoid_intercepts.shape, (k,)),
            "thresholds": (thresholds.shape, (k,)),
            "sentiment_weights": (sentiment_weights.shape, (5, 1 + len(QUESTION_TYPES), f)),
            "sentiment_intercepts": (sentiment_intercepts.shape, (5,)),
        }
        for name, (got, wanted) in shapes.items():
            if got != wanted:
                raise ValueError(f"{name} has shape {got}, not {wanted}")
        self.features = features
        self.themes = tuple(themes)
        self.theme_weights = np.asarray(theme_weights, dtype=np.float32)
        self.theme_question_weights = np.asarray(theme_question_weights, dtype=np.float64)
        self.theme_intercepts = np.asarray(theme_intercepts, dtype=np.float64)
        self.sigmoid_slopes = np.asarray(sigmoid_slopes, dtype=np.float64)
        self.sigmoid_intercepts = np.asarray(sigmoid_intercepts, dtype=np.float64)
        self.thresholds = np.asarray(thresholds, dtype=np.float64)
        self.sentiment_weights = np.asarray(sentiment_weights, dtype=np.float32)
        self.sentiment_intercepts = np.asarray(sentiment_intercepts, dtype=np.float64)
        self.data_sha256 = data_sha256
        self.trained = trained
        self.facts = dict(facts)
        self.version = f"v{ARTEFACT_FORMAT}-{self._digest()[:12]}"

    def _digest(self) -> str:
        """A hash of everything that decides a prediction (not when it was trained): two
        models with the same version predict the same."""
        h = hashlib.sha256()
        h.update(json.dumps([self.themes, *self._vocabulary()]).encode())
        for array in self._arrays().values():
            h.update(np.ascontiguousarray(array).tobytes())
        return h.hexdigest()

    def _vocabulary(self) -> tuple[list[str], list[str]]:
        return list(self.features.word_terms), list(self.features.char_terms)

    def _arrays(self) -> dict[str, npt.NDArray[Any]]:
        return {
            "word_idf": self.features.word_idf,
            "char_idf": self.features.char_idf,
            "theme_weights": self.theme_weights,
            "theme_question_weights": self.theme_question_weights,
            "theme_intercepts": self.theme_intercepts,
            "sigmoid_slopes": self.sigmoid_slopes,
            "sigmoid_intercepts": self.sigmoid_intercepts,
            "thresholds": self.thresholds,
            "sentiment_weights": self.sentiment_weights,
            "sentiment_intercepts": self.sentiment_intercepts,
        }

    def theme_probabilities(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> npt.NDArray[np.float64]:
        """Each comment's probability for each theme the model knows (`self.themes`), before
        thresholds and before the rule for blank comments."""
        x = self.features.transform(texts)
        q = _question_indices(len(texts), questions)
        scores = np.asarray(x @ self.theme_weights.T, dtype=np.float64)
        scores += self.theme_question_weights[:, q].T + self.theme_intercepts
        return _sigmoid(self.sigmoid_slopes * scores + self.sigmoid_intercepts)

    def sentiment_probabilities(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> npt.NDArray[np.float64]:
        """Each comment's probability for each point of the five-point scale (columns 1..5)."""
        x = self.features.transform(texts)
        q = _question_indices(len(texts), questions)
        blocks = 1 + len(QUESTION_TYPES)
        flat = self.sentiment_weights.reshape(5 * blocks, -1)
        scores = np.asarray(x @ flat.T, dtype=np.float64).reshape(len(texts), 5, blocks)
        rows = np.arange(len(texts))
        logits = scores[:, :, 0] + scores[rows, :, 1 + q] + self.sentiment_intercepts
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)

    def classify(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        """A prediction for each comment, in their order. `questions`, when given, holds the
        FFT question each comment answers (None where unknown): the model reads its type.

        Never the FFT score: most comments come without one, and it is nearly the sentiment.
        """
        if questions is not None and len(questions) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(questions)} questions")
        if not texts:
            return []
        themes = self.theme_probabilities(texts, questions)
        scale = self.sentiment_probabilities(texts, questions)
        three = np.zeros((len(texts), len(SENTIMENTS)))
        np.add.at(three.T, _GROUPS, scale.T)
        point = scale.argmax(axis=1)
        view = _GROUPS[point]
        out = []
        for i, text in enumerate(texts):
            if not text.strip():
                chosen: tuple[ThemeScore, ...] = (ThemeScore(LABELLING_NOT_POSSIBLE, 1.0),)
            else:
                hits = np.flatnonzero(themes[i] >= self.thresholds)
                hits = hits[np.argsort(-themes[i, hits], kind="stable")]
                chosen = tuple(
                    ThemeScore(self.themes[j], round(float(themes[i, j]), 4)) for j in hits
                )
            out.append(
                Prediction(
                    themes=chosen,
                    sentiment=SENTIMENTS[view[i]],
                    sentiment_probability=round(float(three[i, view[i]]), 4),
                    sentiment_scale=int(point[i]) + 1,
                    sentiment_scale_probability=round(float(scale[i, point[i]]), 4),
                )
            )
        return out

    def save(self, folder: Path) -> None:
        """Write the artefact's three files into `folder` (made if missing). The weights and
        the vocabulary are written first and `model.json`, which names their hashes, last, so
        a folder half written is refused by `load_model` rather than misread."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _META).unlink(missing_ok=True)
        weights = folder / _WEIGHTS
        arrays: dict[str, Any] = self._arrays()
        with weights.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        vocabulary = folder / _VOCABULARY
        word, char = self._vocabulary()
        vocabulary.write_text(
            json.dumps({"word": word, "char": char}, ensure_ascii=False), encoding="utf-8"
        )
        meta = {
            "format": ARTEFACT_FORMAT,
            "version": self.version,
            "trained": self.trained,
            "data_sha256": self.data_sha256,
            "themes": list(self.themes),
            "question_types": list(QUESTION_TYPES),
            "files": {
                _WEIGHTS: _sha256(weights),
                _VOCABULARY: _sha256(vocabulary),
            },
            **self.facts,
        }
        tmp = folder / f".{_META}.{os.getpid()}"
        tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(folder / _META)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)


def _question_indices(n: int, questions: Sequence[str | None] | None) -> npt.NDArray[np.intp]:
    index = {t: i for i, t in enumerate(QUESTION_TYPES)}
    if questions is None:
        return np.full(n, index["nonspecific"], dtype=np.intp)
    return np.array([index[question_type(q)] for q in questions], dtype=np.intp)


_HOW_TO_BUILD = (
    "build it with `make model` (or `carewatch feedback train`), which needs the public "
    "labelled file"
)
_cache: dict[tuple[Path, int], Model] = {}


def load_model(path: Path | None = None) -> Model:
    """The model in the artefact folder `path`; None means the one built into the package.

    Raises ModelNotBuilt, saying how to build it, when the folder holds no artefact, or one
    whose files do not match the hashes `model.json` records, or of another format. A model
    read once is kept while its `model.json` is unchanged.
    """
    folder = (path or BUILT_MODEL).resolve()
    meta_path = folder / _META
    try:
        stamp = meta_path.stat().st_mtime_ns
    except OSError:
        raise ModelNotBuilt(f"no classifier model in {folder}: {_HOW_TO_BUILD}") from None
    cached = _cache.get((folder, stamp))
    if cached is not None:
        return cached
    model = _read(folder)
    _cache.clear()
    _cache[(folder, stamp)] = model
    return model


def _read(folder: Path) -> Model:
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        if meta.get("format") != ARTEFACT_FORMAT:
            raise ModelNotBuilt(
                f"the classifier model in {folder} is of format {meta.get('format')!r}, not "
                f"{ARTEFACT_FORMAT}: {_HOW_TO_BUILD}"
            )
        for name, digest in meta["files"].items():
            if _sha256(folder / name) != digest:
                raise ModelNotBuilt(
                    f"the classifier model in {folder} is damaged ({name} does not match "
                    f"its hash): {_HOW_TO_BUILD}"
                )
        vocabulary = json.loads((folder / _VOCABULARY).read_text(encoding="utf-8"))
        with np.load(folder / _WEIGHTS, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelNotBuilt(
            f"cannot read the classifier model in {folder} ({exc}): {_HOW_TO_BUILD}"
        ) from None
    features = TextFeatures(
        word_terms=vocabulary["word"],
        word_idf=arrays.pop("word_idf"),
        char_terms=vocabulary["char"],
        char_idf=arrays.pop("char_idf"),
    )
    reserved = {"format", "version", "trained", "data_sha256", "themes", "question_types", "files"}
    model = Model(
        features=features,
        themes=meta["themes"],
        data_sha256=meta["data_sha256"],
        trained=meta["trained"],
        facts={k: v for k, v in meta.items() if k not in reserved},
        **arrays,
    )
    if model.version != meta["version"]:
        raise ModelNotBuilt(
            f"the classifier model in {folder} does not give the version it records: "
            f"{_HOW_TO_BUILD}"
        )
    return model
