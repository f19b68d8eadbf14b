"""The keys the root command leaves in the command context for every sub-command."""

from __future__ import annotations

__all__ = ["AS_KEY"]

AS_KEY = "as_email"
"""The email `--as` names (or None): the user every command acts as."""
