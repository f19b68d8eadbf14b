"""The model's predictions: one a comment in the comments' order, themes most probable first
and above their thresholds, a blank comment "Labelling not possible", the sentiment's two
views agreeing; and its artefact: read back it predicts the same, damaged or missing it is
refused with how to build it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining import Model, ModelNotBuilt, Prediction, ThemeScore, load_model
from carewatch.textmining.classifier import SCALE_TO_SENTIMENT

COMMENTS = [
    "I waited four hours for the ambulance",
    "The nurses were kind and caring",
    "",
    "The food was cold and tasteless",
]


def test_one_prediction_a_comment_in_their_order(small_model: Model) -> None:
    forward = small_model.classify(COMMENTS)
    backward = small_model.classify(COMMENTS[::-1])
    assert len(forward) == len(COMMENTS)
    assert forward == backward[::-1]
    assert all(isinstance(p, Prediction) for p in forward)


def test_the_phrases_the_model_learnt_get_their_themes(small_model: Model) -> None:
    wait, kind, _blank, food = small_model.classify(COMMENTS)
    assert wait.themes[0].theme == "Timeliness of care"
    assert kind.themes[0].theme == "Staff manner & personal attributes"
    assert food.themes[0].theme == "Food & drink provision & facilities"


def test_themes_are_above_their_thresholds_most_probable_first(small_model: Model) -> None:
    texts = ["Kind staff but a long wait", "Good food, rude porter", *COMMENTS]
    probabilities = small_model.theme_probabilities(texts)
    for i, p in enumerate(small_model.classify(texts)):
        if not texts[i]:
            continue
        expected = {
            small_model.themes[j]
            for j in np.flatnonzero(probabilities[i] >= small_model.thresholds)
        }
        assert {t.theme for t in p.themes} == expected
        scores = [t.probability for t in p.themes]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_comment_is_labelling_not_possible(small_model: Model, blank: str) -> None:
    [p] = small_model.classify([blank])
    assert p.themes == (ThemeScore("Labelling not possible", 1.0),)


def test_the_sentiments_two_views_agree(small_model: Model) -> None:
    texts = ["The doctor was rude to me", "Lovely meals and plenty of drinks", *COMMENTS]
    scale = small_model.sentiment_probabilities(texts)
    assert np.allclose(scale.sum(axis=1), 1.0)
    for i, p in enumerate(small_model.classify(texts)):
        assert p.sentiment_scale == int(scale[i].argmax()) + 1
        assert p.sentiment == SCALE_TO_SENTIMENT[p.sentiment_scale]
        group = [k for k in range(1, 6) if SCALE_TO_SENTIMENT[k] == p.sentiment]
        assert p.sentiment_probability == pytest.approx(
            scale[i, [k - 1 for k in group]].sum(), abs=1e-4
        )
        assert p.sentiment_scale_probability <= p.sentiment_probability


def test_the_question_is_read(small_model: Model) -> None:
    texts = ["Nothing"] * 3
    questions = ["What was good?", "What could we do better?", None]
    scale = small_model.sentiment_probabilities(texts, questions)
    assert not np.allclose(scale[0], scale[1])
    assert np.allclose(scale[2], small_model.sentiment_probabilities(["Nothing"])[0])


def test_questions_must_match_the_texts(small_model: Model) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 questions"):
        small_model.classify(["a", "b"], ["What was good?"])
    assert small_model.classify([]) == []


def test_themes_with_too_few_examples_are_not_learnt(small_model: Model) -> None:
    assert set(small_model.themes) == {
        "Timeliness of care",
        "Staff manner & personal attributes",
        "Food & drink provision & facilities",
        "Labelling not possible",
    }
    assert set(small_model.themes) <= set(THEME_NAMES)
    skipped = {s["theme"] for s in small_model.facts["not_learnt"]}
    assert skipped == set(THEME_NAMES) - set(small_model.themes)


def test_read_back_the_model_predicts_the_same(small_model: Model, small_model_dir: Path) -> None:
    loaded = load_model(small_model_dir)
    assert loaded.version == small_model.version
    assert loaded.data_sha256 == small_model.data_sha256
    assert loaded.trained == small_model.trained
    texts = [*COMMENTS, "Kind staff but a long wait"]
    assert loaded.classify(texts) == small_model.classify(texts)
    assert load_model(small_model_dir) is loaded  # read once while unchanged


def test_the_artefact_holds_no_pickle(small_model_dir: Path) -> None:
    assert sorted(p.name for p in small_model_dir.iterdir()) == [
        "model.json",
        "vocabulary.json",
        "weights.npz",
    ]
    with np.load(small_model_dir / "weights.npz", allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)


def test_a_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuilt, match="make model"):
        load_model(tmp_path / "nowhere")


def test_a_damaged_model_is_refused(small_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(small_model_dir, copy)
    vocabulary = json.loads((copy / "vocabulary.json").read_text(encoding="utf-8"))
    vocabulary["word"][0] = "tampered"
    (copy / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
    with pytest.raises(ModelNotBuilt, match=r"damaged \(vocabulary.json does not match"):
        load_model(copy)


def test_a_model_of_another_format_is_refused(small_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(small_model_dir, copy)
    meta = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    meta["format"] = 99
    (copy / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelNotBuilt, match="of format 99, not 1"):
        load_model(copy)
