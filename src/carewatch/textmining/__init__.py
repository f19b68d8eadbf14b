"""Classifying free-text feedback by theme and sentiment, on the CPU, with no network.

Trained here from the public labelled NHS comments; the trained model is plain arrays and
JSON (no pickle), applied with numpy.
"""
