"""Classifying free-text feedback by theme and sentiment, on the CPU, with no network.

Trained here from the public labelled NHS comments (`carewatch feedback train`, `make model`);
the trained model is plain arrays and JSON (no pickle), applied with numpy. The model card is
docs/feedback-model-card.md.

    model = load_model()                      # ModelNotBuilt until `make model` has run
    [p] = model.classify(["The nurses were kind but I waited four hours"],
                         ["What could we do better?"])
    p.themes        # (ThemeScore("Timeliness of care", 0.93), ...), most probable first
    p.sentiment     # "negative", with p.sentiment_probability
"""

from carewatch.textmining.classifier import (
    BUILT_MODEL,
    Model,
    ModelNotBuilt,
    Prediction,
    ThemeScore,
    load_model,
)

__all__ = ["BUILT_MODEL", "Model", "ModelNotBuilt", "Prediction", "ThemeScore", "load_model"]
