"""The feedback classifier on the public labelled file (pxtextmining's v6framework_230831.csv):
its figures on the fixed 80/20 split held a little below those measured when the method was
chosen (docs/feedback-model-card.md), so a change that makes it worse fails the build; and
training is reproducible: the same comments give the same model, version and predictions.

Skipped, saying why, when the shared data is not beside the repository.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from carewatch.textmining.data import LabelledData, read_labelled
from carewatch.textmining.evaluate import Evaluation, evaluate
from carewatch.textmining.train import train

# Measured on the fixed split (docs/feedback-model-card.md), less a margin of about 0.02
# (0.05 for the very negative recall, which rests on 51 comments: one is 0.02).
FLOORS = {
    "themes_macro_f1": 0.52,
    "themes_macro_f1_frequent": 0.60,
    "themes_micro_f1": 0.72,
    "sentiment_macro_f1_five": 0.58,
    "sentiment_macro_f1_three": 0.69,
    "very_negative_recall": 0.44,
}


@pytest.fixture(scope="module")
def labelled_path() -> Path:
    path = (
        Path(__file__).resolve().parents[2].parent
        / "shared"
        / "data"
        / "pxtextmining"
        / "v6framework_230831.csv"
    )
    if not path.is_file():
        pytest.skip(f"the public labelled file is not beside the repository ({path.name})")
    return path


@pytest.fixture(scope="module")
def labelled(labelled_path: Path) -> LabelledData:
    return read_labelled(labelled_path)


@pytest.fixture(scope="module")
def evaluation(labelled: LabelledData) -> Evaluation:
    return evaluate(labelled)


def test_the_file_is_the_one_the_figures_were_measured_on(
    labelled: LabelledData, labelled_path: Path
) -> None:
    assert labelled.sha256 == hashlib.sha256(labelled_path.read_bytes()).hexdigest()
    assert len(labelled) == 7908
    assert sum(c.sentiment is not None for c in labelled.comments) == 6179


def test_the_split_is_the_fixed_one(evaluation: Evaluation) -> None:
    assert (evaluation.train_comments, evaluation.test_comments) == (6313, 1595)
    assert evaluation.model.themes_with_support == 44
    assert evaluation.model.themes_frequent == 26


@pytest.mark.parametrize(("figure", "floor"), FLOORS.items())
def test_the_model_holds_its_measured_figures(
    evaluation: Evaluation, figure: str, floor: float
) -> None:
    assert getattr(evaluation.model, figure) >= floor


def test_the_model_beats_the_baseline_measured_in_the_same_run(evaluation: Evaluation) -> None:
    model, baseline = evaluation.model, evaluation.baseline
    assert model.themes_macro_f1 >= baseline.themes_macro_f1 + 0.05
    assert model.themes_macro_f1_frequent >= baseline.themes_macro_f1_frequent + 0.03
    assert model.sentiment_macro_f1_three >= baseline.sentiment_macro_f1_three
    assert model.very_negative_recall >= baseline.very_negative_recall


def test_training_twice_gives_the_same_model(labelled: LabelledData) -> None:
    part = labelled.subset(range(1000))
    first, second = train(part), train(part)
    assert first.version == second.version
    assert first.data_sha256 == second.data_sha256 == labelled.sha256
    texts = [c.text for c in labelled.comments[1000:1500]]
    questions = [c.question for c in labelled.comments[1000:1500]]
    assert first.classify(texts, questions) == second.classify(texts, questions)
