"""API schemas, separate from tables and read models: a family per resource."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["ErrorPublic"]


class ErrorPublic(BaseModel):
    """Every API error: what went wrong and, where one field is to blame, its dotted path."""

    message: str = Field(examples=["unknown rating 'Fine'"])
    field: str | None = Field(default=None, examples=["key_questions.safe"])
