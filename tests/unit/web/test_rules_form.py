"""The "Try the rules" form turns submitted boxes into the engine's documents."""

from __future__ import annotations

from carewatch.web.pages.rules_form import MAX_RATINGS, blank_form, read_form


def test_blank_boxes_are_left_out_and_positions_remembered() -> None:
    form = read_form(
        {
            "framework": "legacy",
            "ruleset": "combined-2018",
            "rating_2": "Good",
            "rating_5": "Outstanding",
        }
    )
    assert form.document == {
        "framework": "legacy",
        "ruleset": "combined-2018",
        "ratings": ["Good", "Outstanding"],
    }
    assert form.rating_inputs == [1, 4]
    assert form.input_for("ratings[1]") == "rating_5"
    assert form.input_for("ratings") == "rating_1"
    assert form.input_for("ruleset") == "ruleset"


def test_breach_box_adds_breach() -> None:
    form = read_form({"rating_1": "Good", "breach": "yes"})
    assert form.document["breach"] is True
    assert form.breach


def test_saf_scores_grouped_by_key_question() -> None:
    form = read_form({"framework": "saf", "score_S1": "3", "score_W8": "1", "score_E1": ""})
    assert form.document == {
        "framework": "saf",
        "ruleset": "saf-2024",
        "scores": {"safe": {"S1": 3}, "well-led": {"W8": 1}},
    }
    assert form.input_for("scores.well-led.W8") == "score_W8"
    assert form.input_for(None) == "score_S1"


def test_non_numeric_score_is_passed_on_for_the_engine_to_name() -> None:
    form = read_form({"framework": "saf", "score_S1": "lots"})
    assert form.document["scores"] == {"safe": {"S1": "lots"}}


def test_blank_form_offers_every_box_empty() -> None:
    form = blank_form()
    assert form.ratings == [""] * MAX_RATINGS
    assert form.framework == "legacy"
