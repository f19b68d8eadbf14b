"""`carewatch feedback ...`: patient, family, carer and staff feedback from the command line.

Classify comments by the qualitative framework's themes and sentiment, redact personal data,
train and evaluate the classifier, and import, list and correct a trust's feedback.
"""

from __future__ import annotations

import typer

from carewatch.cli import feedback_model

__all__ = ["app"]

HELP = (
    "Patient, family, carer and staff feedback: import and list a trust's comments, classify "
    "themes and sentiment on the CPU, redact personal data, train and evaluate the "
    "classifier, correct a label."
)
app = typer.Typer(help=HELP)
feedback_model.register(app)
